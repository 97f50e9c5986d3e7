"""An attack on publish mode: the years a table of cases lists must not tell whether a year holds
a case.

A table by year with no years asked lists a span of years. It was the span of the kind's own
records for cases, victims supported and hotline contacts (the first to the last year holding one
record or more), where the victims' span was widened by the events'. So the first and the last year
listed held someone: on the sample data, cases by year (publish mode, a fresh register) listed
2016-2026 with 2026 shown `<5`, and 2026 held at least one case (internal: 2). Every kind's span
is now widened by the events' years (`Engine._span`), which are no secret.

The second world is the same database with its cases of 2026 left out (an import of 2026 not yet
made; the records cannot be removed by import, so the engine's case records are filtered): asked
the same, it must list the same years, and 2026 alone reads `<5` in both."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench import _publish_engine
from workbench._generations import copy_database

YEAR = 2026


def _seen(path: Path) -> tuple[list[int], list[tuple[int, str]], str]:
    with wb.connect(path, build=False, mode="publish") as db:
        slider = db.years("cases")
        table = db.cases(by="year")
        alone = db.cases(years=(YEAR, YEAR))["cases_display"].iloc[0]
    return slider, list(zip(table["year"].astype(int), table["cases_display"], strict=True)), alone


def _without_cases_of(year: int, monkeypatch) -> None:
    """The engine reads no case of `year`, as if none had been recorded."""
    original = _publish_engine.Engine.own_frame

    def own_frame(self, kind):
        frame = original(self, kind)
        if kind == "cases" and (frame["year"] == year).any():
            frame = frame[frame["year"] != year].reset_index(drop=True)
            self._atoms[kind] = frame
            self.own_years[kind] = self._span(frame["year"])
        return frame

    monkeypatch.setattr(_publish_engine.Engine, "own_frame", own_frame)


@pytest.mark.slow  # two fresh databases, three questions each
def test_the_years_listed_do_not_tell_whether_a_year_holds_a_case(template, tmp_path, monkeypatch):
    holding, empty = tmp_path / "holding" / "workbench.duckdb", tmp_path / "empty" / "workbench.duckdb"
    for path in (holding, empty):
        path.parent.mkdir()
        copy_database(template, path)
    with wb.connect(holding, build=False) as db:  # the ground truth: cases in the year, 1 to 4
        assert 0 < int(db.cases(years=(YEAR, YEAR))["cases"].iloc[0]) < 5
    seen_holding = _seen(holding)
    _without_cases_of(YEAR, monkeypatch)
    seen_empty = _seen(empty)
    assert seen_empty[2] == seen_holding[2] == "<5"  # asked alone, the year reads the same
    assert seen_empty[:2] == seen_holding[:2], (seen_empty, seen_holding)
