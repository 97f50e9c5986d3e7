"""The one declaration of how the workbench's fields and codes correspond to CTDC and HTCDS, the
full ISO 3166-1 list, the standards' labels read as the workbench's codes, and cell errors that name
the failing item of a list."""

from __future__ import annotations

import pytest

from workbench import _codes, _share, _standards
from workbench._errors import CellValueError
from workbench._importer.values import parse_code, parse_codes
from workbench._schema import VICTIMS

# The header of a CTDC global k-anonymised release (63 data columns), as published.
CTDC_HEADER = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfExploitConcatenated",
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
]


def test_ctdc_declaration_is_the_published_header_in_order():
    assert len(CTDC_HEADER) == 63
    assert [c.name for c in _standards.columns("ctdc")] == CTDC_HEADER


@pytest.mark.parametrize("standard", _standards.STANDARDS)
def test_every_column_names_a_field_and_a_value_set_that_exist(standard):
    victims = set(VICTIMS.column_names)
    for col in _standards.columns(standard):
        assert col.field in victims or col.field in _standards.DERIVED_FIELDS or col.how == "place", col
        if col.codeset is not None:
            assert col.codeset in _codes.CODESETS, col
        if col.how == "flag":
            for code in (*_standards.flag_codes(col), *col.also):
                assert code in _codes.codes(col.codeset), col
        if col.how == "place":
            assert col.level in ("district", "province", "country")


def test_every_means_of_control_flag_has_a_code():
    flags = [c for c in _standards.columns("ctdc") if c.name.startswith("meansOfControl") and c.how == "flag"]
    assert len(flags) == 18  # the issue: 8 of them had no code
    assert len({c.code for c in flags}) == 18


@pytest.mark.parametrize(
    "codeset",
    ["sex", "age_band", "majority_status", "data_source", "trafficking_status", "case_status",
     "recruiter_relation", "recruitment", "exploitation", "means_of_control", "labour_sector",
     "sex_exploitation_type", "country", "citizenship"],
)  # fmt: skip
def test_every_code_written_reads_back_as_itself(codeset):
    for standard in (None, *_standards.STANDARDS):
        for code in _codes.codes(codeset):
            written = _standards.write_label(codeset, code, standard)
            expected = _standards.WRITTEN_AS.get(codeset, {}).get(code, code)
            assert _standards.read_label(codeset, written) == expected, (standard, code, written)


def test_ctdc_recruiter_relations_are_written_as_its_codebook_spells_them():
    written = {
        _standards.write_label("recruiter_relation", c, "ctdc") for c in _codes.codes("recruiter_relation")
    }
    assert written == {"Family/Relative", "Intimate Partner", "Friend/Acquaintance", "Other", ""}


@pytest.mark.parametrize(
    "text",
    ["", "  ", "-99", "Not specified", "NOT  SPECIFIED", "ZZ", "zz", "00", "Unknown", None],
    ids=["empty", "spaces", "-99", "not-specified", "shouting", "ZZ", "zz", "00", "unknown", "none"],
)
def test_the_standards_unknowns_read_as_unknown(text):
    assert _standards.is_unknown(text)
    assert _standards.read_label("country", text) == "unknown"


def test_namibia_is_not_an_unknown():
    assert not _standards.is_unknown("NA")
    assert _standards.read_label("country", "NA") == "NA"


def test_full_iso_3166_list():
    countries = _codes.iso_countries()
    assert len(countries) == 249
    assert {"CO", "US", "UA", "PH", "NA", "SS", "XK"} - set(countries) == {"XK"}  # Kosovo: no ISO code
    assert all(c.vi and c.en and c.region in _codes.codes("world_region") for c in countries.values())
    # the city's usual destinations keep their place at the head of the set, and their labels
    assert _codes.codes("country")[:9] == _codes.LISTED_FIRST
    assert _codes.label("country", "KR", "vi") == "Hàn Quốc"
    assert "stateless" in _codes.codes("citizenship")


# The labels the issue found refused by the workbench's own parsers, now read.
STANDARD_LABELS = [
    ("sex", "Woman", "female"),
    ("sex", "Man", "male"),
    ("sex", "Trans/Transgender/NonConforming", "transgender_nonconforming"),
    ("sex", "Transgender/NonConforming", "transgender_nonconforming"),
    ("sex", "Unknown", "unknown"),
    ("trafficking_status", "Possible victim", "possible"),
    ("trafficking_status", "NotAVictim", "not_victim"),
    ("recruiter_relation", "Friend/Acquaintance", "friend_neighbour"),
    ("recruiter_relation", "Family/Relative", "family"),
    ("recruiter_relation", "Intimate Partner", "intimate_partner"),
    ("recruitment", "Job offer/advertisement", "job_offer"),
    ("recruitment", "International Marriage Broker (IMB)", "marriage_broker"),
    ("recruitment", "Internet (social media, online advertisement)", "internet_other"),
    ("exploitation", "Organ removal", "organ_removal"),
    ("exploitation", "Forced military service", "other"),
    ("means_of_control", "DebtBondage", "debt_bondage"),
    ("means_of_control", "Restricts Financial Access", "restricts_financial_access"),
    ("means_of_control", "ThreatOfLawEnforcement", "threat_of_law_enforcement"),
    ("means_of_control", "Withholds Necessities", "withholds_necessities"),
    ("means_of_control", "Psychoactive Substances", "psychoactive_substances"),
    ("age_band", "09--17", "9-17"),
    ("age_band", "48+", "48+"),
    ("citizenship", "Not specified", "unknown"),
    ("citizenship", "-99", "unknown"),
    ("country", "ZZ", "unknown"),
    ("country", "CO", "CO"),
    ("country", "COL", "CO"),
    ("country", "ukr", "UA"),
    ("country", "Colombia", "CO"),
    ("country", "Cô-lôm-bi-a", "CO"),
    ("country", "Việt Nam", "VN"),  # the workbench's own words still win
]


@pytest.mark.parametrize(
    ("codeset", "text", "code"), STANDARD_LABELS, ids=[f"{s}-{t}" for s, t, _ in STANDARD_LABELS]
)
def test_standard_labels_are_synonyms_in_the_importer(codeset, text, code):
    assert parse_code(codeset, text) == code


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("XQ", "not an ISO 3166-1 code: 'XQ'"),
        ("C0", "not an ISO 3166-1 code"),  # a zero for an O: no code a letter away is offered
        ("=HYPERLINK(1)", "unknown country"),
    ],
    ids=["unassigned-code", "digit", "formula"],
)
def test_a_country_code_is_never_corrected_to_another_code(text, problem):
    with pytest.raises(CellValueError) as caught:
        parse_code("country", text, "en")
    assert problem in caught.value.problem
    assert "did you mean" not in caught.value.suggestion or len(text) > 3


def test_a_country_name_gets_the_closest_name():
    with pytest.raises(CellValueError) as caught:
        parse_code("country", "Colombiaa", "en")
    assert "did you mean 'Cô-lôm-bi-a' (CO)" in caught.value.suggestion


LIST_CELLS = [
    ("threats;debt bondage;flying carpet", "'flying carpet' (item 3 of 3)"),
    ("gán nợ, xyz", "'xyz' (item 2 of 2)"),
    ("bogus", "unknown means of control: 'bogus'"),
    ("Threats;'; DROP TABLE victims;--", "''' (item 2 of 4)"),
    ("Đe do\u0323a;nope", "'nope' (item 2 of 2)"),  # NFD text in the first item reads
]


@pytest.mark.parametrize(("text", "named"), LIST_CELLS, ids=["third", "comma", "single", "injection", "nfd"])
def test_a_problem_in_a_list_cell_names_the_item(text, named):
    with pytest.raises(CellValueError) as caught:
        parse_codes("means_of_control", text, "en")
    assert named in caught.value.problem
    if ";" in text:
        assert text not in caught.value.problem  # not the whole list


def test_a_list_cell_of_standard_labels_reads():
    assert parse_codes("means_of_control", "Debt Bondage;Threats;Uses Children") == (
        "debt_bondage;threats;uses_children"
    )


@pytest.mark.parametrize("standard", _standards.STANDARDS)
def test_every_code_is_written_as_a_value_the_standard_defines(standard):
    """One vocabulary per file: HTCDS's value names (`DebtBondage`, `FollowUp`), CTDC's codebook
    words (`Debt bondage`); every code of every value set written is one of them, or empty."""
    defined = _standards.HTCDS_PICKLISTS if standard == "htcds" else _standards.CTDC_VALUES
    checked = 0
    for col in _standards.columns(standard):
        if col.name not in defined or col.codeset is None:
            continue
        for code in _codes.codes(col.codeset):
            # a CTDC concatenated column says what its flags say (`Forced labour` for a scam compound)
            said = _share._flagged(standard, col.field, [code]) if col.how == "list" else None
            for item in [code] if said is None else said:
                written = _standards.write_label(col.codeset, item, standard)
                assert written == "" or written in defined[col.name], (col.name, code, written)
                checked += 1
    assert checked > 60


def test_htcds_means_of_control_and_sectors_are_value_names_not_labels():
    for codeset in ("means_of_control", "labour_sector"):
        for code in _codes.codes(codeset):
            written = _standards.write_label(codeset, code, "htcds")
            assert " " not in written, (
                codeset,
                code,
                written,
            )  # `WithholdsDocuments`, not `Withholds Documents`
    assert _standards.write_label("case_status", "follow_up", "htcds") == "FollowUp"
    assert _standards.write_label("means_of_control", "withholds_documents", "ctdc") == "Withholds documents"
    assert _standards.write_label("labour_sector", "domestic_work", "ctdc") == "Domestic work"
