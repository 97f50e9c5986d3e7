"""The most a piece can hold in one part's tables, which the search for narrowed unions uses as its
big M (`workbench._narrowed.read_by_parts`): a published count of nonnegative terms bounds a piece;
one only a difference or a bound holds is given the largest value the part's rows let it take,
and one they leave unbounded a value above every count."""

from __future__ import annotations

import numpy as np
import pytest

K = 5
# pieces: 0 and 1 below k, 2 above; part A released cells 0 (x0 - x1 = 2) and 1 (x1 <= 4, a `<5`);
# part B cell 2 (x0 + x2 = 9). The truth (3, 1, 6) satisfies both.
TRUTH = np.array([3.0, 1.0, 6.0])
FALLBACK = 2.0 + 9.0 + 4.0 + K  # the released values' sum and k

CASES = [
    # part, tightened, the most of pieces 0 and 1 in the part's tables
    pytest.param(0, True, (6.0, 4.0), id="difference-and-bound-tightened"),
    pytest.param(0, False, (FALLBACK, FALLBACK), id="difference-and-bound-untightened"),
    pytest.param(1, True, (9.0, FALLBACK), id="published-count-bounds-whatever"),
    pytest.param(1, False, (9.0, FALLBACK), id="published-count-bounds-untightened"),
]


def _system(bounded: bool):
    from workbench._reader import System

    return System(
        columns={(None, 0, None): 0, (None, 1, None): 1, (None, 2, None): 2},
        truth=TRUTH,
        a_eq=[({0: 1.0, 1: -1.0}, 2.0), ({0: 1.0, 2: 1.0}, 9.0)],
        a_ub=[({1: 1.0}, K - 1.0)] if bounded else [({2: 1.0}, K - 1.0 + 5.0)],
        class_of={None: {(916, 2019): 0, (917, 2019): 1, (918, 2019): 2}},
        members={None: [[(916, 2019)], [(917, 2019)], [(918, 2019)]]},
        eq_cell=[0, 2],
        ub_cell=[1],
    )


@pytest.mark.parametrize(("part", "tightened", "expected"), CASES)
def test_a_piece_only_a_difference_holds_gets_the_most_the_part_lets_it_hold(
    monkeypatch, part, tightened, expected
):
    from workbench._narrowed import read_by_parts

    monkeypatch.setattr("workbench._narrowed.TIGHT_MOST", tightened)
    reading = read_by_parts(_system(bounded=True), K, [frozenset({0, 1}), frozenset({2})])
    assert reading is not None
    *_, held, most = reading.alone[part]
    got = tuple(float(most[j]) for j in (0, 1) if j in held)
    want = tuple(value for j, value in zip((0, 1), expected, strict=True) if j in held)
    assert got == pytest.approx(want, rel=1e-5)
    # never below what the piece holds: a bound under the truth would cut off a table a reader holds
    assert all(most[j] >= TRUTH[j] for j in held)


def test_a_piece_the_part_leaves_unbounded_keeps_a_value_above_every_count():
    """x0 - x1 = 2 with nothing bounding x1 in the part: x0 can be any size there."""
    from workbench._narrowed import read_by_parts

    system = _system(bounded=False)
    reading = read_by_parts(system, K, [frozenset({0}), frozenset({1, 2})])
    assert reading is not None
    *_, held, most = reading.alone[0]
    assert held == [0, 1]
    fallback = 2.0 + 9.0 + 9.0 + K
    assert (most[0], most[1]) == (fallback, fallback)
