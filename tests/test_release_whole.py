"""Whole numbers: a reader who knows counts are whole can narrow what linear bounds leave free.

The audit certifies every count below k it protects — each piece of the register, each withheld cell
below k, each released count less a released count inside it — with integer programmes, and searches
for unions whose linear interval is narrower than 1 (one whole number in it). These tests attack it
with a reader written independently of the audit: over small made-up grids of districts x years, it
enumerates **every whole-number table** consistent with what was released (the published numbers,
'<5' as at most 4, 'x' as at least 5) and reads off the values each count can take. A hand-made case
whose rows are not totally unimodular (three overlapping district sets) narrows a count to "at least
one" by parity, though its linear bounds are 0 and 9: with integer reasoning off (the linear audit
as it was) the attack succeeds, with it on it fails. Random releases of totals and tables over
overlapping district sets and periods then check every count the audit protects.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import workbench as wb
from tests.grids import MadeUpGrid
from workbench._disclosure import COMPLEMENTARY, PRIMARY, PUBLISHED
from workbench._error_words import said
from workbench._publish_tables import Table
from workbench._release import HIDDEN, Released
from workbench._withhold import settle

K = 5
# Each class of cells is enumerated up to this many people (or the largest published number, or its
# true count) unless a published number or a '<5' bounds it lower: searching further could only find
# more tables, so a pass is proof.
CAP = 14
WHOLE = [pytest.param(True, id="whole-numbers"), pytest.param(False, id="linear-only")]


@pytest.fixture
def set_whole(monkeypatch):
    """`set_whole(False)`: the audit's counts certified by linear bounds only, as before integer
    programmes (every linear solution is taken for a whole-number table)."""

    def switch(on: bool) -> None:
        if not on:
            monkeypatch.setattr("workbench._reader.WHOLE_TOLERANCE", float("inf"))

    return switch


class _Grid(MadeUpGrid):
    """Three districts x two years (or `years`) of made-up counts."""

    years = (2019, 2020)


def _release(engine: _Grid, asked) -> dict[str, Released]:
    """Each of `asked` ((districts, (first, last year), by)) released in turn, audited with those before."""
    released: dict[str, Released] = {}
    for districts, years, by in asked:
        table = Table.plan(engine, wb.Filters(years=years, districts=list(districts)), list(by), None, K)
        statuses = settle(engine, [table], released, K)
        for cell in table.cells:
            shown = cell.exact if statuses[cell.key] == PUBLISHED else None
            released.setdefault(cell.key, Released(cell.box, statuses[cell.key], shown))
    return released


class _Reader:
    """Every whole-number table a reader holding `released` could take for true, enumerated over the
    classes of cells no released cell tells apart (a cell alone can hold any part of its class)."""

    def __init__(self, engine: _Grid, released: dict[str, Released]) -> None:
        self.cells = list(released.values())
        signature: dict[tuple, list[int]] = {}
        for cell in sorted(engine.grid):
            inside = tuple(n for n, r in enumerate(self.cells) if cell in r.box.cells())
            if inside:
                signature.setdefault(inside, []).append(cell)
        self.classes = list(signature.values())
        self.truth = np.array([sum(engine.grid[c] for c in members) for members in self.classes])
        self.rows = [
            (np.array([r.box.cells() >= set(m) for m in self.classes]), r.status, r.value) for r in self.cells
        ]
        self.tables = self._enumerate()
        assert any((self.tables == self.truth).all(axis=1)), "the truth is always possible"

    def _enumerate(self) -> np.ndarray:
        caps = []
        largest = max([value for _, status, value in self.rows if status == PUBLISHED], default=0)
        for c in range(len(self.classes)):
            cap = max(CAP, largest, int(self.truth[c]))
            for inside, status, value in self.rows:
                if inside[c] and status == PUBLISHED:
                    cap = min(cap, value)
                elif inside[c] and status == PRIMARY:
                    cap = min(cap, K - 1)
            caps.append(cap)
        tables = np.zeros((1, 0), dtype=np.int16)
        for c, cap in enumerate(caps):
            values = np.arange(cap + 1, dtype=np.int16)
            tables = np.hstack(
                [np.repeat(tables, len(values), axis=0), np.tile(values, len(tables))[:, None]]
            )
            keep = np.ones(len(tables), dtype=bool)
            for inside, status, value in self.rows:
                done = not inside[c + 1 :].any()
                total = tables @ inside[: c + 1].astype(np.int16)
                if status == PUBLISHED:
                    keep &= (total == value) if done else (total <= value)
                elif status == PRIMARY:
                    keep &= total <= K - 1
                elif status != HIDDEN and done:
                    keep &= total >= K
            tables = tables[keep]
            assert len(tables) < 3_000_000, "too many tables to enumerate: a smaller case"
        return tables

    def values(self, vec: np.ndarray) -> set[int]:
        return set((self.tables @ vec.astype(np.int16)).tolist())

    def protected(self) -> list[tuple[str, np.ndarray]]:
        """The counts the audit protects (docs/releases.md, Limits): every class below k, every
        withheld cell below k, every released count less one released inside it below k."""
        found = [
            (f"piece {self.classes[c]}", np.eye(len(self.classes), dtype=bool)[c])
            for c in range(len(self.classes))
        ]
        for (inside, status, _), cell in zip(self.rows, self.cells, strict=True):
            if status != PUBLISHED:
                found.append((f"withheld {sorted(cell.box.cells())}", inside))
        for (outer, _, _), (inner, _, _) in itertools.permutations(self.rows, 2):
            if (inner <= outer).all() and (inner != outer).any():
                found.append(("difference", outer & ~inner))
        return [(name, vec) for name, vec in found if self.truth @ vec < K]

    def narrowed(self) -> list[tuple[str, list[int]]]:
        """Each protected count a reader can narrow past 0..k-1, with the values it can take."""
        found = []
        for name, vec in self.protected():
            seen = self.values(vec)
            if 0 not in seen or max(seen) < K - 1:
                found.append((name, sorted(seen)))
        return found

    def pinned(self) -> list[tuple[list, int]]:
        """Each union of classes below k whose linear interval holds one whole number: its values."""
        found = []
        for size in range(1, len(self.classes) + 1):
            for union in itertools.combinations(range(len(self.classes)), size):
                vec = np.isin(np.arange(len(self.classes)), union)
                if self.truth @ vec >= K:
                    continue
                seen = self.values(vec)
                if len(seen) == 1:
                    found.append(([self.classes[c] for c in union], seen.pop()))
        return found


# Hand-made cases: (counts by district then year, what is asked in turn, the statuses a whole-number
# audit gives them, the count a linear audit leaves narrowed).
PARITY = pytest.param(
    # 916 and 917 in 2019 (10), 917 and 918 in 2019 (10): 916 and 918 in 2019 hold as many people
    # as each other. Then 916 and 918 in 2019-2020 (9, odd): their 2020 holds 9 less twice that, an
    # odd number, at least 1 — though its linear bounds are 0 (at 4,5 people a year) and 9.
    [4, 1, 6, 0, 4, 0],
    [((916, 917), (2019, 2019), ()), ((917, 918), (2019, 2019), ()), ((916, 918), (2019, 2020), ())],
    [PUBLISHED, PUBLISHED, COMPLEMENTARY],
    "piece [(916, 2020), (918, 2020)]",
    id="parity-of-overlapping-districts",
)
PARITY_ASKED_FIRST = pytest.param(
    # The odd total asked first: the release that completes the parity (917 and 918) is withheld.
    [4, 1, 6, 0, 4, 0],
    [((916, 918), (2019, 2020), ()), ((916, 917), (2019, 2019), ()), ((917, 918), (2019, 2019), ())],
    [PUBLISHED, PUBLISHED, COMPLEMENTARY],
    "piece [(916, 2020), (918, 2020)]",
    id="parity-odd-total-asked-first",
)


@pytest.mark.parametrize("whole", WHOLE)
@pytest.mark.parametrize(("counts", "asked", "statuses", "target"), [PARITY, PARITY_ASKED_FIRST])
def test_parity_of_overlapping_releases_narrows_nothing(
    set_whole, protect_by_count, whole, counts, asked, statuses, target
):
    """The integer programmes on their own: the rest of the audit as it was (protecting the counts
    holding fewer than k), which lets the parity through to them. The full audit withholds earlier
    (next test)."""
    protect_by_count()
    set_whole(whole)
    released = _release(_Grid(counts), asked)
    reader = _Reader(_Grid(counts), released)
    narrowed = reader.narrowed()
    if whole:
        assert not narrowed, narrowed
        if statuses is not None:
            assert [cell.status for cell in released.values()] == statuses
    else:  # the attack is real: the linear audit publishes what parity narrows
        assert target in [name for name, _ in narrowed], narrowed
        assert all(cell.status == PUBLISHED for cell in released.values() if cell.value is not None)


FULL_AUDIT = [
    # the third total would complete the parity; withheld as at least k it would say that 918 in
    # 2019 with 916 and 918 in 2020 (5 people) hold at least 3, so it is shown with no bound
    pytest.param(*PARITY.values[:2], [PUBLISHED, PUBLISHED, HIDDEN], id="parity-of-overlapping-districts"),
    # 916 and 917 in 2019 (10) beside 916 and 918 in 2019-2020 (9) would say 917 in 2019 holds at
    # least 1: it holds 6, but a reader cannot rule out less than k, so the second is withheld
    pytest.param(
        *PARITY_ASKED_FIRST.values[:2], [PUBLISHED, COMPLEMENTARY, HIDDEN], id="parity-odd-total-asked-first"
    ),
]


@pytest.mark.parametrize(("counts", "asked", "statuses"), FULL_AUDIT)
def test_parity_under_the_full_audit_narrows_nothing(counts, asked, statuses):
    """The full audit protects every count a reader cannot rule out being below k, whatever it
    holds: it withholds before the parity forms, and a reader of whole numbers narrows nothing."""
    released = _release(_Grid(counts), asked)
    reader = _Reader(_Grid(counts), released)
    assert not reader.narrowed(), reader.narrowed()
    assert not reader.pinned(), reader.pinned()
    assert [cell.status for cell in released.values()] == statuses


@st.composite
def overlapping_releases(draw):
    """Two to four releases over a 3 x 2 grid: totals or tables by year or by district, over any
    district set and period (overlapping district sets: rows no longer totally unimodular)."""
    sets = [ds for n in (1, 2, 3) for ds in itertools.combinations(_Grid.districts, n)]
    spans = [(2019, 2019), (2020, 2020), (2019, 2020)]
    asked = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sets), st.sampled_from(spans), st.sampled_from([(), ("year",), ("district",)])
            ),
            min_size=2,
            max_size=4,
            unique=True,
        )
    )
    return asked


@pytest.mark.slow  # enumerates up to a million tables an example
@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 7]), min_size=6, max_size=6), overlapping_releases())
@example(PARITY.values[0], PARITY.values[1])
def test_random_overlapping_releases_narrow_no_count_by_whole_numbers(counts, asked):
    engine = _Grid(counts)
    reader = _Reader(engine, _release(engine, asked))
    assert not reader.narrowed(), (counts, asked, reader.narrowed())
    assert not reader.pinned(), (counts, asked, reader.pinned())


def test_integer_programmes_that_cannot_finish_release_nothing(monkeypatch):
    """The parity case needs an integer programme (its linear optimum is no whole-number table):
    with no time left for it, the release is refused, never published unaudited."""
    counts, asked = PARITY.values[0], PARITY.values[1]
    engine = _Grid(counts)
    released = _release(engine, asked[:2])
    monkeypatch.setattr("workbench._reader.WHOLE_SECONDS", -1.0)
    with pytest.raises(wb.DisclosureError) as refused:
        settle(engine, [_plan(engine, asked[2])], released, K)
    assert re.search(
        r"could not finish the integer programmes.*Nothing was released", said(refused.value, "en")
    )


def _plan(engine: _Grid, question) -> Table:
    districts, years, by = question
    return Table.plan(engine, wb.Filters(years=years, districts=list(districts)), list(by), None, K)


# A union's linear interval, made by hand: two pieces (4 and 3 people) that add up to 7, the first
# bounded by 5 x0 >= low and 5 x0 <= high. (low, high, the unions a rounding reader pins.)
INTERVALS = [
    pytest.param(17.0, 21.0, [{0: 1.0}, {1: 1.0}], id="3.4-to-4.2-holds-one-whole-number"),
    pytest.param(20.0, 20.0, [{0: 1.0}, {1: 1.0}], id="4-to-4-pinned"),
    pytest.param(15.0, 20.0, [], id="3-to-4-holds-two"),
    pytest.param(1.0, 20.0, [], id="0.2-to-4-holds-four"),
]


@pytest.mark.parametrize(("low", "high", "expected"), INTERVALS)
def test_a_union_whose_linear_interval_holds_one_whole_number_is_found(low, high, expected):
    from workbench._reader import System, pinned
    from workbench._unions import pinned_unions

    system = System(
        columns={(None, 0, None): 0, (None, 1, None): 1},
        truth=np.array([4.0, 3.0]),
        a_eq=[({0: 1.0, 1: 1.0}, 7.0)],
        a_ub=[({0: 5.0}, high), ({0: -5.0}, -low)],
        class_of={None: {(916, 2019): 0, (917, 2019): 1}},
        members={None: [[(916, 2019)], [(917, 2019)]]},
        eq_cell=[0],
        ub_cell=[1, 2],
    )
    found = pinned_unions(system, K, None, first=False)
    assert sorted(found, key=lambda vec: sorted(vec)) == expected
    assert [pinned(vec, system) for vec in ({0: 1.0}, {1: 1.0})] == [bool(expected)] * 2
