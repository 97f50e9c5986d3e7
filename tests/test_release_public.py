"""Figures the city published outside the workbench (data/reference/public_figures.csv) are held by
every reader, so every audit holds them as released cells (docs/releases.md, "Figures already
public").

The reader here is written independently of the workbench's audit: it holds the tables publish mode
returned ('<5' as at most 4, 'x' as at least 5) and the public figures, one whole unknown per year,
and solves integer programmes (scipy's milp) for the smallest and largest value of each year.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

import workbench as wb
from workbench._cli import main
from workbench._disclosure import COMPLEMENTARY, PRIMARY, PUBLISHED, TOTAL
from workbench._error_words import said
from workbench._publish import public_figures_now

K = 5
YEARS = list(range(2016, 2025))
# The city's own figures, as docs/privacy.md and the README state them.
REVIEW = (range(2016, 2021), 35)
NONE_IN_2021 = (range(2021, 2022), 0)


def _row(years) -> np.ndarray:
    return np.array([1.0 if y in years else 0.0 for y in YEARS])


def _reader(frames, public=(REVIEW, NONE_IN_2021)) -> tuple[list, list]:
    """What a reader holds: each year table's cells (and total), then the public figures."""
    rows, ranges = [], []
    for frame in frames:
        status = frame.attrs["protected"].status
        shown = frame.attrs["protected"].published()
        for column in status.columns:
            years = YEARS if column == TOTAL else [int(column)]
            state = status.iloc[0][column]
            if state == PUBLISHED:
                value = float(shown.iloc[0][column])
                rows.append(_row(years))
                ranges.append((value, value))
            elif state == PRIMARY:
                rows.append(_row(years))
                ranges.append((0.0, K - 1.0))
            elif state == COMPLEMENTARY:
                rows.append(_row(years))
                ranges.append((float(K), np.inf))
    for years, value in public:
        rows.append(_row(years))
        ranges.append((float(value), float(value)))
    return rows, ranges


def _narrowed(rows, ranges, truth: dict[int, int]) -> list[tuple]:
    """The years below k (not themselves public) whose possible whole values miss one of 0..k-1."""
    constraint = LinearConstraint(np.array(rows), [r[0] for r in ranges], [r[1] for r in ranges])
    found = []
    for year, value in truth.items():
        if value >= K or year == 2021:
            continue
        ends = []
        for sign in (1.0, -1.0):
            result = milp(
                sign * _row([year]),
                constraints=[constraint],
                integrality=np.ones(len(YEARS)),
                bounds=Bounds(0, np.inf),
            )
            assert result.status in (0, 3), result.message  # the truth is feasible
            ends.append(sign * result.fun if result.status == 0 else np.inf)
        if ends[0] > 1e-6 or ends[1] < K - 1 - 1e-6:
            found.append((year, value, ends[0], ends[1]))
    return found


def _truth(internal) -> dict[int, int]:
    table = internal.victims(years=(2016, 2024), by="year", complete=True)
    return {int(y): int(v) for y, v in zip(table["year"], table["victims"], strict=True)}


def test_public_figures_are_declared_and_match_the_sample(public, internal):
    figures = {figure.name: (figure, matched) for figure, matched in public_figures_now(public)}
    review, matched = figures["review_2016_2020_victims"]
    declared = (review.measure, review.years, review.statuses, review.value)
    assert declared == ("victims", (2016, 2020), ("actual",), 35)
    assert matched
    none, matched = figures["no_victim_2021"]
    assert (none.years, none.value, matched) == ((2021, 2021), 0, True)
    # the internal count the review's box counts (identified victims, every place)
    assert int(internal.victims(years=(2016, 2020))["victims"].iloc[0]) == 35
    assert "Báo Cần Thơ" in none.source


@pytest.mark.parametrize(
    "register",
    [pytest.param("fresh", id="fresh-register"), pytest.param("lost", id="register-started-again")],
)
def test_year_table_and_public_figures_narrow_no_year(public, internal, register):
    """The attack: 2016=14, 2017=9, 2018=6, 2023=5, 2024=7, total 50 with the review's 35 and 2021's
    0 gave 2019+2020 = 6 and 2022 = 3. Now no year below k is narrowed, in a fresh register and in
    one started again (`workbench releases --new-edition` on a lost register)."""
    if register == "lost":
        from workbench._publish import _engine_of

        _engine_of(public).register.start_lost()
    frame = public.victims(by="year", years=(2016, 2024))
    rows, ranges = _reader([frame])
    assert _narrowed(rows, ranges, _truth(internal)) == []
    # and the 2021 zero everyone knows is shown as what it is
    assert frame.attrs["protected"].published().iloc[0][2021] == 0


def test_without_the_audit_the_public_figures_pin_2022(public, internal, set_audit):
    """The attack is real: each table protected on its own lets the reader pin 2022 (true 3)."""
    set_audit(False)
    frame = public.victims(by="year", years=(2016, 2024))
    rows, ranges = _reader([frame])
    found = _narrowed(rows, ranges, _truth(internal))
    assert (2022, 3, 3.0, 3.0) in [(y, v, round(lo, 6), round(hi, 6)) for y, v, lo, hi in found]
    shown = frame.attrs["protected"].published().iloc[0]
    assert [shown[y] for y in (2016, 2017, 2018, 2023, 2024)] + [shown[TOTAL]] == [14, 9, 6, 5, 7, 50]


def test_review_total_is_published_after_the_year_table(public):
    public.victims(by="year", years=(2016, 2024))
    total = public.victims(years=(2016, 2020))
    assert total["victims_status"].tolist() == [PUBLISHED]
    assert total["victims"].tolist() == [35]


FIGURE_HEADER = "figure,measure,places,year_from,year_to,statuses,value,source"
# The city said nobody in 2022; the sample's records hold 3 victims there (as real records may,
# imported after the figure): shown '<5' beside that 0, a count would say the records hold 1-4.
SAID_NONE = "said_none_2022,victims,all,2022,2022,actual,0,\"a press report, 'quoted'; DROP TABLE x\""


@pytest.mark.parametrize(
    ("ask", "refused"),
    [
        pytest.param(lambda db: db.victims(by="year", years=(2016, 2024)), True, id="victims-by-year"),
        pytest.param(lambda db: db.victims(years=(2022, 2022)), True, id="the-figure's-own-box"),
        pytest.param(lambda db: db.support(by="year", years=(2016, 2024)), True, id="victims-supported"),
        pytest.param(lambda db: db.funnel(years=(2016, 2024)), True, id="funnel"),
        pytest.param(lambda db: db.cases(by="year", years=(2016, 2024)), False, id="cases-are-no-victims"),
        pytest.param(lambda db: db.events(by="year"), False, id="events"),
    ],
)
def test_a_figure_the_data_do_not_count_stops_victim_releases(
    fresh, tmp_path, monkeypatch, internal, ask, refused
):
    assert int(internal.victims(years=(2022, 2022))["victims"].sum()) in range(1, K)
    declared = tmp_path / "public_figures.csv"
    declared.write_text(f"{FIGURE_HEADER}\n{SAID_NONE}\n", encoding="utf-8")
    monkeypatch.setattr("workbench._release.PUBLIC_FIGURES", declared)
    with wb.connect(fresh, build=False, mode="publish") as db:
        [(figure, matched)] = public_figures_now(db)
        assert (figure.name, figure.value, matched) == ("said_none_2022", 0, False)
        if not refused:
            ask(db)
            return
        with pytest.raises(wb.DisclosureError) as caught:
            ask(db)
        message = str(caught.value)
        assert "said_none_2022 (0)" in message and "superseded" in message
        # what the records hold there is not said: no number but the figure's own
        assert not any(
            ch.isdigit() for ch in message.replace(str(fresh), "").replace("said_none_2022 (0)", "")
        )
        # nothing was recorded: the register is as it was
        assert [e for e in db.register.entries() if "release" in e] == []


def test_a_superseded_figure_is_not_audited_and_releases_go_on(fresh, tmp_path, monkeypatch, capsys):
    declared = tmp_path / "public_figures.csv"
    declared.write_text(
        f'{FIGURE_HEADER},superseded\n{SAID_NONE},"records imported later hold victims that year"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr("workbench._release.PUBLIC_FIGURES", declared)
    with wb.connect(fresh, build=False, mode="publish") as db:
        frame = db.victims(by="year", years=(2016, 2024))
        # not given to the audit: the year table is published as with no public figure
        assert frame.attrs["protected"].published().iloc[0][2016] == 14
        assert frame.attrs["protected"].status.iloc[0][2022] == PRIMARY
    assert main(["releases", "--db", str(fresh), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "said_none_2022" in out and "superseded: records imported later hold victims that year" in out


def test_a_figure_the_data_do_not_count_is_listed(fresh, tmp_path, monkeypatch, capsys):
    declared = tmp_path / "public_figures.csv"
    declared.write_text(
        f"{FIGURE_HEADER}\n"
        "review_2016_2020_victims,victims,all,2016,2020,actual,36,\"a review, 'quoted'; DROP TABLE x\"\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("workbench._release.PUBLIC_FIGURES", declared)
    assert main(["releases", "--db", str(fresh), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "review_2016_2020_victims" in out and ": 36" in out and "differs from the data" in out
    assert "victim releases refused" in out


def test_releases_lists_the_public_figures(fresh, capsys):
    assert main(["releases", "--db", str(fresh), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "review_2016_2020_victims  victims 2016–2020, all places, statuses Victims (identified): 35" in out
    assert "no_victim_2021  victims 2021, all places, statuses Victims (identified): 0" in out
    assert out.count("audited with every release") == 2


def test_a_broken_declaration_names_file_and_row(tmp_path, monkeypatch):
    declared = tmp_path / "public_figures.csv"
    declared.write_text(
        "figure,measure,places,year_from,year_to,statuses,value,source\nx,victims,all,2016,2020,actual,thirty,s\n",
        encoding="utf-8",
    )
    from workbench._release import public_figures

    with pytest.raises(wb.DisclosureError) as refused:
        public_figures(declared)
    assert re.search(r"public_figures.csv, row 2.*thirty", said(refused.value, "en"))


@pytest.mark.slow
def test_standard_pack_and_public_figures_narrow_no_year(public, internal):
    """The first briefing pack for 2016–2024 (every victim table), read with the public figures."""
    from benchmarks.release_attacks import PEOPLE_TABLES, Attacker, exposed, year_truth
    from workbench._brief import _Publication

    chosen = wb.Filters(years=(2016, 2024))
    pack = _Publication(public, chosen, "vi")
    attacker = Attacker()
    for by in PEOPLE_TABLES:
        attacker.read(pack.victims(chosen, by=by), by)
    areas = next(iter(year_truth(internal)))[0]
    for years, value in (REVIEW, NONE_IN_2021):
        attacker.eq.append((attacker._vector(areas, list(years), [None]), float(value)))
    truth = {key: v for key, v in year_truth(internal).items() if key[1] != (2021,)}
    assert exposed(attacker, truth) == []
