"""Linear programmes the release audit solves, many objectives over one set of rows.

The audit asks one reader's system (every published count, every `<k` and `x`, the links) for the
smallest and largest value of thousands of counts in a row. `scipy.optimize.linprog` builds and
checks the whole problem again for each, and HiGHS starts it cold: on the sample data nine support
tables in a row took minutes, most of it there. HiGHS's own bindings (`highspy`, the solver scipy
ships, exposed publicly) keep the model and the last optimal basis, so a new objective is one cost
change and a few simplex steps from the last answer. The answers are the same optima.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import numpy as np

# linprog's status codes, which the callers read: 0 optimal, 2 infeasible, 3 unbounded, 4 other
OPTIMAL, INFEASIBLE, UNBOUNDED, OTHER = 0, 2, 3, 4


def _quiet_highs():
    """A HiGHS instance that prints nothing. The first one a process makes prints HiGHS's banner
    from C++ before any option can be set, to the terminal of whoever runs a command: the standard
    output's file descriptor is pointed at the null device around it."""
    import highspy

    global _BANNER_SHOWN
    if not _BANNER_SHOWN:
        _BANNER_SHOWN = True
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    else:
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


_BANNER_SHOWN = False


class LinearProgramme:
    """`minimise(objective)` over rows `a_eq x = b_eq`, `a_ub x <= b_ub` and column ends `bounds`
    (one pair for every column, or a list of pairs; None: no end), sparse matrices as `_matrix`
    builds them (None when there are no rows of that kind). One HiGHS model, kept between calls."""

    def __init__(self, a_eq, b_eq, a_ub, b_ub, width: int, bounds=(0, None)) -> None:
        import highspy
        from scipy.sparse import csr_matrix, vstack

        self.width = width
        self._inf = highspy.kHighsInf
        blocks, lower, upper = [], [], []
        if a_eq is not None:
            blocks.append(a_eq)
            lower.append(np.asarray(b_eq, dtype=float))
            upper.append(np.asarray(b_eq, dtype=float))
        if a_ub is not None:
            blocks.append(a_ub)
            lower.append(np.full(a_ub.shape[0], -self._inf))
            upper.append(np.asarray(b_ub, dtype=float))
        rows = vstack(blocks).tocsr() if blocks else csr_matrix((0, width))
        rows.sort_indices()
        ends = [bounds] * width if isinstance(bounds, tuple) else list(bounds)
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = width, rows.shape[0]
        model.col_cost_ = np.zeros(width)
        model.col_lower_ = np.array([-self._inf if lo is None else float(lo) for lo, _ in ends])
        model.col_upper_ = np.array([self._inf if hi is None else float(hi) for _, hi in ends])
        model.row_lower_ = np.concatenate(lower) if lower else np.zeros(0)
        model.row_upper_ = np.concatenate(upper) if upper else np.zeros(0)
        model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        model.a_matrix_.start_ = rows.indptr.astype(np.int32)
        model.a_matrix_.index_ = rows.indices.astype(np.int32)
        model.a_matrix_.value_ = rows.data.astype(float)
        self._highs = _quiet_highs()
        self._highs.passModel(model)
        self._status = highspy.HighsModelStatus
        self._columns = np.arange(width, dtype=np.int32)

    def minimise(
        self,
        objective: Sequence[float] | np.ndarray,
        extra_rows: Sequence[tuple[dict[int, float], float]] = (),
        extra_ends: Sequence[tuple[float | None, float | None]] = (),
    ) -> tuple[int, np.ndarray | None]:
        """The status (linprog's codes) and, when optimal, the solution. `extra_ends`: columns
        added for this objective only, with their ends; `extra_rows`: rows `row . x <= bound`
        added for it only (over the columns and the added ones). The model is left as it was."""
        highs, width = self._highs, self.width
        objective = np.asarray(objective, dtype=float)
        added = len(extra_ends)
        if added:
            lower = np.array([-self._inf if lo is None else float(lo) for lo, _ in extra_ends])
            upper = np.array([self._inf if hi is None else float(hi) for _, hi in extra_ends])
            empty = np.zeros(added + 1, dtype=np.int32)
            highs.addCols(added, objective[width:], lower, upper, 0, empty, empty[:0], np.zeros(0))
        if extra_rows:
            starts: list[int] = []
            indices: list[int] = []
            values: list[float] = []
            for row, _ in extra_rows:
                starts.append(len(indices))
                for column, coefficient in sorted(row.items()):
                    indices.append(column)
                    values.append(coefficient)
            highs.addRows(
                len(extra_rows),
                np.full(len(extra_rows), -self._inf),
                np.array([bound for _, bound in extra_rows], dtype=float),
                len(indices),
                np.array(starts, dtype=np.int32),
                np.array(indices, dtype=np.int32),
                np.array(values, dtype=float),
            )
        try:
            highs.changeColsCost(width, self._columns, objective[:width])
            return self._run()
        finally:
            if extra_rows:
                rows = highs.getNumRow()
                highs.deleteRows(len(extra_rows), np.arange(rows - len(extra_rows), rows, dtype=np.int32))
            if added:
                highs.deleteCols(added, np.arange(width, width + added, dtype=np.int32))

    def _run(self) -> tuple[int, np.ndarray | None]:
        highs = self._highs
        highs.run()
        status = highs.getModelStatus()
        if status == self._status.kOptimal:
            return OPTIMAL, np.array(highs.getSolution().col_value)
        if status == self._status.kInfeasible:
            return INFEASIBLE, None
        if status in (self._status.kUnbounded, self._status.kUnboundedOrInfeasible):
            # a warm start may say "unbounded or infeasible"; the truth is always feasible, but
            # ask again from cold to tell which
            highs.clearSolver()
            highs.run()
            status = highs.getModelStatus()
            if status == self._status.kOptimal:
                return OPTIMAL, np.array(highs.getSolution().col_value)
            return (INFEASIBLE if status == self._status.kInfeasible else UNBOUNDED), None
        return OTHER, None
