"""A part of a published total: whether it holds anyone must not show in its mark.

Known open leak (docs/releases.md, Limits item 11): with a year's total published as 5 (k) and one
district's count of that year asked next, the district's `<5` would tell that the other districts
hold at least 1 when the district holds someone (the rest is then below k, and the audit protects
it), so the audit shows `x`; when the district holds nobody the rest is 5, not protected, and `<5`
is shown. Marked as expected to fail until the audit decides which counts it protects from what is
published, not from the counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench._generations import copy_database

K = 5


@pytest.fixture(scope="module")
def year_and_districts(template: Path, tmp_path_factory) -> tuple[int, str, str]:
    """A year whose total is published as k to 2k-2 by the first release of a fresh database, a
    district holding nobody that year, and one holding someone with the rest of the year below k
    (found through an internal connection)."""
    path = tmp_path_factory.mktemp("years") / "workbench.duckdb"
    copy_database(template, path)
    with wb.connect(path, build=False, mode="publish") as db:
        years = db.victims(by="year")
    shown = zip(years["year"], years["victims_display"], strict=True)
    published = {int(year) for year, mark in shown if mark.isdigit()}
    with wb.connect(template, build=False) as db:
        by_year = db.victims(by="year")
        frame = db.victims(by=("district", "year"), geography="harmonised")
    totals = {int(row.year): int(row.victims) for row in by_year.itertuples()}
    counts = {(row.district, int(row.year)): int(row.victims) for row in frame.itertuples()}
    districts = sorted({d for d, _ in counts})
    for year, total in sorted(totals.items()):
        if year not in published or not K <= total <= 2 * K - 2:
            continue
        empty = [d for d in districts if counts.get((d, year), 0) == 0]
        holding = [d for d in districts if counts.get((d, year), 0) > 0 and total - counts[(d, year)] < K]
        if empty and holding:
            return year, empty[0], holding[0]
    pytest.skip("the data hold no year with a total of k to 2k-2 split so")


def _mark(template: Path, folder: Path, year: int, district: str) -> str:
    path = folder / "workbench.duckdb"
    folder.mkdir()
    copy_database(template, path)
    with wb.connect(path, build=False, mode="publish") as db:
        years = db.victims(by="year")
        shown = dict(zip(years["year"].astype(int), years["victims_display"], strict=True))
        assert shown[year] not in ("<5", "x"), shown  # the year's total is published
        return db.victims(wb.Filters(years=(year, year), districts=[district]))["victims_display"].iloc[0]


@pytest.mark.slow  # two fresh databases, two releases each
@pytest.mark.xfail(strict=True, reason="the audit protects a rest below k by its count (Limits item 11)")
def test_a_district_in_a_published_year_looks_the_same_empty_or_not(template, tmp_path, year_and_districts):
    year, empty, holding = year_and_districts
    seen_empty = _mark(template, tmp_path / "empty", year, empty)
    assert seen_empty == _mark(template, tmp_path / "holding", year, holding)
