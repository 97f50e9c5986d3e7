"""The origin figures of Cần Thơ's 2016-2020 review come out of the public API exactly."""

import workbench as wb

ORIGIN = wb.Filters(years=(2016, 2020))


def test_integrated_sessions_by_the_department(db):
    got = db.events(ORIGIN, organisers="dolisa", event_types="integrated_session")
    assert got.loc[0, "events"] == 1134
    assert got.loc[0, "attendees"] == 54131


def test_community_sessions_by_volunteer_teams(db):
    got = db.events(ORIGIN, organisers="volunteer_sw_team", event_types="community_session")
    assert got.loc[0, "events"] == 124
    assert got.loc[0, "attendees"] == 4185


def test_leaflets_handed_out_by_the_department_exceed_40000(db):
    leaflets = db.events(ORIGIN, organisers="dolisa").loc[0, "leaflets"]
    assert leaflets > 40_000


def test_35_returned_victims(db):
    assert db.victims(ORIGIN).loc[0, "victims"] == 35
    by_year = db.victims(ORIGIN, by="year")
    assert list(by_year["year"]) == [2016, 2017, 2018, 2019, 2020]
    assert by_year["victims"].sum() == 35


def test_other_organisers_add_their_own_events(db):
    by_organiser = db.events(ORIGIN, by="organiser")
    assert {"womens_union", "police", "district_office", "school", "youth_union"} <= set(
        by_organiser["organiser"]
    )


def test_metadata_says_the_data_are_synthetic(db):
    meta = db.metadata
    assert meta["synthetic"] == "true"
    assert meta["generated_on"]
    assert meta["data_version"]
