"""A linear reader of published answers, independent of the audit: the bounds any reader holding
them can give a count, by linear programming over whole counts at least 0."""

from __future__ import annotations

from scipy.optimize import linprog


def smallest(eq, ub, objective) -> float:
    """The smallest value of `objective` over the unknowns the rows `eq` ((row, value): equal) and
    `ub` ((row, value): at most) allow; -infinity when they bound it from nowhere."""
    result = linprog(
        objective,
        A_eq=[r for r, _ in eq] or None,
        b_eq=[b for _, b in eq] or None,
        A_ub=[r for r, _ in ub] or None,
        b_ub=[b for _, b in ub] or None,
        bounds=(0, None),
        method="highs",
    )
    return result.fun if result.status == 0 else -float("inf")


def answered(shown, rows, k: int = 5):
    """What a reader of the answers `shown` (name -> (status, number)) holds over the unknowns of
    `rows` (name -> the answer's row): a published number is that number, a `<k` at most k-1, an
    `x` tells nothing. As the (eq, ub) rows of `smallest`."""
    from workbench._disclosure import PRIMARY, PUBLISHED

    eq, ub = [], []
    for name, (status, value) in shown.items():
        if status == PUBLISHED:
            eq.append((rows[name], float(value)))
        elif status == PRIMARY:
            ub.append((rows[name], k - 1.0))
    return eq, ub


def assert_narrowed_only_without(low: float, searched: bool, detail: str) -> None:
    """With the audit's search on, a reader gives the count 0 as its smallest value; with it off,
    the attack narrows the count to at least 1 (the attack is real, the search is what stops it)."""
    if searched:
        assert low <= 1e-6, f"narrowed to at least {low}; {detail}"
    else:
        assert low >= 1 - 1e-6, f"without the search the attack narrows it: at least {low}"


def search_several_breakdowns(monkeypatch, on: bool) -> None:
    """The audit with (`on`) or without its searches over several breakdowns at once: for unions of
    several breakdowns' pieces (`_narrowed.MIXED`, since 5 Dec 2026) and for cells of a
    cross-classification no release cut (`_crossed.CROSSED`, since 5 Dec 2026). Either stops a count
    less two other breakdowns' counts inside it; without both, the union search per breakdown alone."""
    if not on:
        monkeypatch.setattr("workbench._narrowed.MIXED", False)
        monkeypatch.setattr("workbench._crossed.CROSSED", False)
