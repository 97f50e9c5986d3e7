"""Linear programmes the release audit solves, many objectives over one set of rows.

The audit asks one reader's system (every published count, every `<k` and `x`, the links) for the
smallest and largest value of thousands of counts in a row. `scipy.optimize.linprog` builds and
checks the whole problem again for each, and HiGHS starts it cold: on the sample data nine support
tables in a row took minutes, most of it there. HiGHS's own bindings (`highspy`, the solver scipy
ships, exposed publicly) keep the model and the last optimal basis, so a new objective is one cost
change and a few simplex steps from the last answer. The answers are the same optima.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

import numpy as np

from ._memory import Memory

# linprog's status codes, which the callers read: 0 optimal, 2 infeasible, 3 unbounded, 4 other
OPTIMAL, INFEASIBLE, UNBOUNDED, OTHER = 0, 2, 3, 4


@contextlib.contextmanager
def _hushed():
    """HiGHS's C++ writes some lines with `printf`, which no option turns off: the banner of the
    first instance a process makes, printed before any option can be set, and a debugging line
    ("HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();") that its MIP
    solver prints at random inside scipy's `milp`. They reached the terminal of whoever ran a
    command and, through the kernel's capture of its standard output, a notebook's output. Around
    a solve the standard output's file descriptor points at the null device (where there is one to
    point; Python's own `sys.stdout` is untouched). Nested and concurrent solves share one
    redirection: the first in points it away, the last out points it back."""
    global _HUSHED
    with _HUSH:
        if _HUSHED == 0:
            _HUSH_SAVED.clear()
            flush = getattr(sys.stdout, "flush", None)
            if flush is not None:
                flush()
            with contextlib.suppress(OSError):  # no standard output at all: nothing to keep it off
                saved = os.dup(1)
                with open(os.devnull, "w") as null:
                    os.dup2(null.fileno(), 1)
                _HUSH_SAVED.append(saved)
        _HUSHED += 1
    try:
        yield
    finally:
        with _HUSH:
            _HUSHED -= 1
            if _HUSHED == 0 and _HUSH_SAVED:
                saved = _HUSH_SAVED.pop()
                os.dup2(saved, 1)
                os.close(saved)


_HUSH = threading.Lock()
_HUSHED = 0  # solves under way in the process, all behind one redirection
_HUSH_SAVED: list[int] = []  # the standard output's descriptor while it points away


def milp(*args, **kwargs):
    """`scipy.optimize.milp`, with HiGHS's printed lines kept off the standard output (`_hushed`)."""
    from scipy.optimize import milp as scipy_milp

    with _hushed():
        return scipy_milp(*args, **kwargs)


def integer_programme(objective, *, integrality, bounds, constraints, seconds: float):
    """`milp` of the problem, answered from memory when this process has solved the very same one.

    A briefing pack asks some hundred integer programmes, and the same pack asked again (a notebook
    run twice, the pack in the other language, another pack sharing its tables) asks them all again:
    nearly half of a pack's audit went to programmes already solved. HiGHS starts every integer
    programme cold and is deterministic, so the same problem always gives the same answer, whatever
    time it is given; only answers that are facts of the problem are kept (optimal, or infeasible),
    never one cut short by the time limit. The key is a digest of every number in the problem."""
    key = _problem_key(objective, integrality, bounds, constraints)
    known = _SOLVED.recall(key)
    if known is None:
        result = milp(
            objective,
            integrality=integrality,
            bounds=bounds,
            constraints=constraints,
            options={"time_limit": seconds},
        )
        if result.status not in (0, 2):
            return result
        known = _frozen(result)
        _SOLVED.keep(key, known, SOLVED_KEPT)
    from scipy.optimize import OptimizeResult

    # a copy: a caller that changes its solution changes no later answer
    return OptimizeResult({**known, "x": None if known.x is None else known.x.copy()})


def _frozen(result):
    if result.x is not None:
        result.x = np.array(result.x, dtype=float)
        result.x.setflags(write=False)
    return result


def _problem_key(objective, integrality, bounds, constraints) -> bytes:
    from scipy.sparse import csr_matrix

    digest = hashlib.blake2b(digest_size=32)

    def add(tag: bytes, values, dtype=float) -> None:
        array = np.ascontiguousarray(values, dtype=dtype)
        digest.update(tag + repr(array.shape).encode())
        digest.update(array.tobytes())

    add(b"objective", objective)
    add(b"integrality", integrality)
    add(b"lower", bounds.lb)
    add(b"upper", bounds.ub)
    for constraint in [constraints] if not isinstance(constraints, (tuple, list)) else constraints:
        rows = csr_matrix(constraint.A, copy=True)  # put in order here, the caller's left as given
        rows.sum_duplicates()
        rows.sort_indices()
        add(b"rows", rows.shape, np.int64)
        add(b"starts", rows.indptr, np.int64)
        add(b"columns", rows.indices, np.int64)
        add(b"values", rows.data)
        add(b"row lower", np.broadcast_to(constraint.lb, rows.shape[:1]))
        add(b"row upper", np.broadcast_to(constraint.ub, rows.shape[:1]))
    return digest.digest()


SOLVED_KEPT = 512  # integer programmes remembered per process, the least recently asked forgotten first
_SOLVED = Memory()  # digest of a problem -> scipy's OptimizeResult, frozen


def _quiet_highs():
    """A HiGHS instance that prints nothing: made where its banner is kept off the standard output
    (`_hushed`), then told to print nothing more."""
    import highspy

    with _hushed():
        highs = highspy.Highs()
    _check(highs.setOptionValue("output_flag", False), "setting its options")
    return highs


def _check(status, what: str) -> None:
    """HiGHS reports a rejected call by its return value, not an exception: a row it did not add
    would give a wrong optimum, and the audit would pass what it should refuse. So any error stops
    the audit, and nothing is released."""
    import highspy

    if status == highspy.HighsStatus.kError:
        refuse(f"failed while {what} (HiGHS returned an error)")


def refuse(what: str) -> NoReturn:
    """Stop the audit: a programme it cannot trust never lets a release through."""
    from ._disclosure import refusal

    raise refusal("audit_programme", {"what": what})


class LinearProgramme:
    """`minimise(objective)` over rows `a_eq x = b_eq`, `a_ub x <= b_ub` of `width` counts, each 0
    or more, sparse matrices as `_matrix` builds them (None when there are no rows of that kind).
    One HiGHS model, kept between calls."""

    def __init__(self, a_eq, b_eq, a_ub, b_ub, width: int) -> None:
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
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = width, rows.shape[0]
        model.col_cost_ = np.zeros(width)
        model.col_lower_, model.col_upper_ = np.zeros(width), np.full(width, self._inf)
        model.row_lower_ = np.concatenate(lower) if lower else np.zeros(0)
        model.row_upper_ = np.concatenate(upper) if upper else np.zeros(0)
        model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        model.a_matrix_.start_ = rows.indptr.astype(np.int32)
        model.a_matrix_.index_ = rows.indices.astype(np.int32)
        model.a_matrix_.value_ = rows.data.astype(float)
        self._highs = _quiet_highs()
        _check(self._highs.passModel(model), "reading the published rows")
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
        if objective.shape != (width + added,) or not np.all(np.isfinite(objective)):
            refuse(f"was given an objective of shape {objective.shape}, not {width + added} finite numbers")
        rows_before, columns_before = highs.getNumRow(), highs.getNumCol()
        try:
            if added:
                lower = np.array([-self._inf if lo is None else float(lo) for lo, _ in extra_ends])
                upper = np.array([self._inf if hi is None else float(hi) for _, hi in extra_ends])
                empty = np.zeros(added, dtype=np.int32)
                _check(
                    highs.addCols(added, objective[width:], lower, upper, 0, empty, empty[:0], np.zeros(0)),
                    "adding this objective's columns",
                )
            if extra_rows:
                starts: list[int] = []
                indices: list[int] = []
                values: list[float] = []
                for row, _ in extra_rows:
                    starts.append(len(indices))
                    for column, coefficient in sorted(row.items()):
                        indices.append(column)
                        values.append(coefficient)
                _check(
                    highs.addRows(
                        len(extra_rows),
                        np.full(len(extra_rows), -self._inf),
                        np.array([bound for _, bound in extra_rows], dtype=float),
                        len(indices),
                        np.array(starts, dtype=np.int32),
                        np.array(indices, dtype=np.int32),
                        np.array(values, dtype=float),
                    ),
                    "adding this objective's rows",
                )
            _check(highs.changeColsCost(width, self._columns, objective[:width]), "setting the objective")
            return self._run()
        finally:  # what was added, and only that, is taken away: the model is the published rows again
            rows = highs.getNumRow()
            if rows > rows_before:
                highs.deleteRows(rows - rows_before, np.arange(rows_before, rows, dtype=np.int32))
            columns = highs.getNumCol()
            if columns > columns_before:
                highs.deleteCols(columns - columns_before, np.arange(columns_before, columns, dtype=np.int32))
            if (highs.getNumRow(), highs.getNumCol()) != (rows_before, columns_before):
                refuse("could not be put back as it was")

    def _run(self) -> tuple[int, np.ndarray | None]:
        """Solve from the last basis; anything but an optimum is asked again from cold, as the
        truth is always a feasible table: a warm start's 'infeasible' would set a count aside."""
        highs = self._highs
        _check(highs.run(), "solving")
        if highs.getModelStatus() != self._status.kOptimal:
            highs.clearSolver()
            _check(highs.run(), "solving again from cold")
        status = highs.getModelStatus()
        if status == self._status.kOptimal:
            return OPTIMAL, np.array(highs.getSolution().col_value)
        if status == self._status.kInfeasible:
            return INFEASIBLE, None
        if status == self._status.kUnbounded:
            return UNBOUNDED, None
        return OTHER, None
