"""Breakdowns where one person counts under several categories (means of control, exploitation,
support by type and by provider): the marks of a small selection's table say nothing of whether
anyone is in it. A total across such a breakdown adds mentions, not people; released, its sum told
an empty selection (all '<5') from one holding a person (all 'x'), even on a fresh register."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench._generations import copy_database

YEARS = range(2016, 2025)
SIZES = (1, 2, 3, 4)
# (kind, breakdown, the internal table's people column)
MULTI = [
    pytest.param("victims", "means_of_control", "victims", id="victims-by-means_of_control"),
    pytest.param("victims", "exploitation", "victims", id="victims-by-exploitation"),
    pytest.param("support", "support_type", "victims_supported", id="support-by-support_type"),
    pytest.param("support", "provider", "victims_supported", id="support-by-provider"),
]


@pytest.fixture(scope="module")
def selections(template: Path) -> dict[str, dict[int, tuple[str, int]]]:
    """For each kind, a district-year holding nobody, and one holding n people for each n of
    SIZES the data has (found through an internal connection)."""
    found: dict[str, dict[int, tuple[str, int]]] = {}
    with wb.connect(template, build=False) as db:
        districts = db.victims(wb.Filters(years=(YEARS[0], YEARS[-1])), by="district")["district"].tolist()
        for kind, column in (("victims", "victims"), ("support", "victims_supported")):
            frame = getattr(db, kind)(
                wb.Filters(years=(YEARS[0], YEARS[-1])), by=("district", "year"), geography="harmonised"
            )
            counts = {(row.district, int(row.year)): int(getattr(row, column)) for row in frame.itertuples()}
            chosen: dict[int, tuple[str, int]] = {}
            for district in districts:
                for year in YEARS:
                    chosen.setdefault(counts.get((district, year), 0), (district, year))
            found[kind] = {n: chosen[n] for n in (0, *SIZES) if n in chosen}
    return found


def _marks(template: Path, folder: Path, kind: str, by: str, column: str, place: tuple[str, int]):
    """The displayed marks of `kind` by `by` for one district-year, the first release of a fresh
    copy of the database, and how many cells the register recorded for it."""
    path = folder / "workbench.duckdb"
    folder.mkdir()
    copy_database(template, path)
    district, year = place
    with wb.connect(path, build=False, mode="publish") as db:
        frame = getattr(db, kind)(wb.Filters(years=(year, year), districts=[district]), by=by)
        recorded = len(db.register.entries()[-1]["cells"])  # the release this query made
    return frame[f"{column}_display"].tolist(), len(frame), recorded


@pytest.mark.parametrize(("kind", "by", "column"), MULTI)
def test_a_multi_breakdowns_marks_are_the_same_for_an_empty_and_a_small_selection(
    template, tmp_path, selections, kind, by, column
):
    chosen = selections[kind]
    assert 0 in chosen and len(chosen) >= 3, chosen  # an empty selection and small ones to compare
    shown = {n: _marks(template, tmp_path / f"n{n}", kind, by, column, place) for n, place in chosen.items()}
    empty, rows, _ = shown[0]
    # 'x' with no bound. Victims supported: a support count of a district-year whose victims may be
    # fewer than k is whatever it holds (docs/releases.md, Limits 3). Victims: a category read as at
    # least k would say the people without each other category shown '<5' number at least one, so
    # no category of a table with none published is shown '<5' (docs/releases.md, "Breakdowns a
    # person may be in several categories of"; Limits 9)
    assert set(empty) == {"x"}
    assert {n: marks for n, (marks, _, _) in shown.items()} == {n: empty for n in chosen}
    # the register records the cells shown, no total of mentions
    assert {n: recorded for n, (_, _, recorded) in shown.items()} == {n: rows for n in chosen}
