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


def assert_narrowed_only_without(low: float, searched: bool, detail: str) -> None:
    """With the audit's search on, a reader gives the count 0 as its smallest value; with it off,
    the attack narrows the count to at least 1 (the attack is real, the search is what stops it)."""
    if searched:
        assert low <= 1e-6, f"narrowed to at least {low}; {detail}"
    else:
        assert low >= 1 - 1e-6, f"without the search the attack narrows it: at least {low}"
