"""The audit's linear programmes (`workbench/_programmes.py`) give scipy's answers: the same optimum
for every objective asked of one kept model, rows and columns added for one objective leave the
model as it was, and infeasible and unbounded programmes say so."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from workbench._error_words import said
from workbench._programmes import INFEASIBLE, OPTIMAL, UNBOUNDED, LinearProgramme


def _random_system(seed: int, width: int = 8):
    """Rows a reader could hold: sums of some counts equal to their value in a true table, and
    '<5' and 'x' rows over others, so the truth is always feasible."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 7, width).astype(float)
    eq = (rng.random((3, width)) < 0.4).astype(float)
    ub = (rng.random((3, width)) < 0.4).astype(float)
    ub_bound = np.where(ub @ truth < 5, 4.0, -5.0)
    ub = np.where((ub_bound < 0)[:, None], -ub, ub)
    return csr_matrix(eq), eq @ truth, csr_matrix(ub), ub_bound, rng


@pytest.mark.parametrize("seed", range(12), ids=lambda s: f"seed-{s}")
def test_every_objective_asked_of_one_model_has_scipys_optimum(seed):
    a_eq, b_eq, a_ub, b_ub, rng = _random_system(seed)
    programme = LinearProgramme(a_eq, b_eq, a_ub, b_ub, 8)
    for _ in range(20):
        objective = rng.normal(size=8) * (rng.random(8) < 0.6)
        objective = np.abs(objective) if rng.random() < 0.5 else objective
        expected = linprog(
            objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs"
        )
        status, x = programme.minimise(objective)
        assert status == expected.status
        if status == OPTIMAL:
            assert objective @ x == pytest.approx(expected.fun, abs=1e-7)
            assert np.all(x >= -1e-9) and np.allclose(a_eq @ x, b_eq) and np.all(a_ub @ x <= b_ub + 1e-7)


@pytest.mark.parametrize("seed", range(6), ids=lambda s: f"seed-{s}")
def test_rows_and_columns_for_one_objective_leave_the_model_as_it_was(seed):
    """The audit's 'largest total of min(count, 4)': t <= count, 0 <= t <= 4, maximise t."""
    a_eq, b_eq, a_ub, b_ub, rng = _random_system(seed)
    programme = LinearProgramme(a_eq, b_eq, a_ub, b_ub, 8)
    plain = rng.random(8)
    before = programme.minimise(plain)
    count = {i: 1.0 for i in rng.choice(8, 3, replace=False).tolist()}
    row = ({8: 1.0, **{i: -c for i, c in count.items()}}, 0.0)
    objective = np.r_[np.zeros(8), -1.0]
    status, x = programme.minimise(objective, [row], [(0, 4)])
    a_ub_wide = np.vstack(
        [np.c_[a_ub.toarray(), np.zeros(3)], [[*(-np.array([count.get(i, 0.0) for i in range(8)])), 1.0]]]
    )
    expected = linprog(
        objective,
        A_eq=np.c_[a_eq.toarray(), np.zeros(3)],
        b_eq=b_eq,
        A_ub=a_ub_wide,
        b_ub=np.r_[b_ub, 0.0],
        bounds=[(0, None)] * 8 + [(0, 4)],
        method="highs",
    )
    assert status == expected.status == OPTIMAL
    assert x[8] == pytest.approx(-expected.fun, abs=1e-7)
    after = programme.minimise(plain)
    assert after[0] == before[0] and plain @ after[1] == pytest.approx(plain @ before[1], abs=1e-7)
    assert len(after[1]) == 8


@pytest.mark.parametrize(
    ("a_eq", "b_eq", "objective", "status"),
    [
        pytest.param([[1.0, 1.0]], [-1.0], [1.0, 1.0], INFEASIBLE, id="infeasible"),
        pytest.param([[1.0, -1.0]], [0.0], [-1.0, 0.0], UNBOUNDED, id="unbounded"),
        pytest.param([[1.0, 1.0]], [3.0], [1.0, 2.0], OPTIMAL, id="optimal"),
    ],
)
def test_infeasible_and_unbounded_programmes_say_so(a_eq, b_eq, objective, status):
    programme = LinearProgramme(csr_matrix(a_eq), np.array(b_eq), None, None, 2)
    got, x = programme.minimise(objective)
    assert got == status
    assert (x is not None) == (status == OPTIMAL)
    if status == OPTIMAL:
        assert x.tolist() == [3.0, 0.0]
    # asked again after it, the same model gives scipy's answer for another objective
    again = linprog([-1.0, 1.0], A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    got, x = programme.minimise([-1.0, 1.0])
    assert got == again.status
    if got == OPTIMAL:
        assert x == pytest.approx(again.x)


def test_a_row_highs_rejects_refuses_the_release_and_leaves_the_model_as_it_was():
    """HiGHS rejects a bad row by its return value, not an exception: a row left out would give a
    wrong optimum (here t would reach 4 with x0 held at 1), and the audit would pass a release."""
    from workbench import DisclosureError

    programme = LinearProgramme(
        csr_matrix([[1.0, 1.0]]), np.array([3.0]), csr_matrix([[1.0, 0.0]]), np.array([1.0]), 2
    )
    with pytest.raises(DisclosureError) as refused:
        programme.minimise([0.0, 0.0, -1.0], [({0: -1.0, 5: 1.0}, 0.0)], [(0, 4)])
    assert "Nothing was released" in said(refused.value, "en")
    with pytest.raises(DisclosureError) as refused:
        programme.minimise([1.0, float("nan")])
    assert "Nothing was released" in said(refused.value, "en")
    status, x = programme.minimise([-1.0, 0.0])
    assert status == OPTIMAL and x.tolist() == [1.0, 2.0]  # x0 <= 1 still holds


def test_solving_prints_nothing_to_the_terminal():
    """HiGHS prints a banner from C++ when a process makes its first instance, before any option
    can be set: a command's output (`workbench brief`, the dashboard's log) must not carry it."""
    import subprocess
    import sys

    code = (
        "import numpy as np; from scipy.sparse import csr_matrix;"
        "from workbench._programmes import LinearProgramme;"
        "p = LinearProgramme(csr_matrix([[1.0, 1.0]]), np.array([3.0]), None, None, 2);"
        "print(p.minimise([1.0, 2.0])[0])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "0\n"
    assert done.stderr == ""


def test_the_mip_solvers_debugging_line_is_kept_off_the_standard_output(monkeypatch, capfd):
    """HiGHS's MIP solver prints "HighsMipSolverData::transformNewIntegerFeasibleSolution
    tmpSolver.run();" with C's printf at random, whatever its options: `workbench brief` printed it
    among its own lines. Every integer programme goes through `_programmes.milp`, which keeps the
    descriptor's output away while it solves and gives it back after, also when it raises."""
    import os

    import scipy.optimize

    from workbench import _programmes

    def noisy(*args, **kwargs):
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\n")
        if kwargs.get("fail"):
            raise RuntimeError("solver failed")
        return "solved"

    monkeypatch.setattr(scipy.optimize, "milp", noisy)
    assert _programmes.milp(fail=False) == "solved"
    with pytest.raises(RuntimeError):
        _programmes.milp(fail=True)
    print("after", flush=True)
    os.write(1, b"written after\n")
    out = capfd.readouterr().out
    assert "HighsMipSolverData" not in out
    assert out == "after\nwritten after\n"


def _integer_problem(seed: int):
    """A whole-number programme over one of `_random_system`'s readers' rows: its parts, as
    `integer_programme` takes them."""
    from scipy.optimize import Bounds, LinearConstraint
    from scipy.sparse import vstack

    a_eq, b_eq, a_ub, b_ub, rng = _random_system(seed)
    rows = vstack([a_eq, a_ub]).tocsr()
    lower = np.r_[b_eq, np.full(len(b_ub), -np.inf)]
    upper = np.r_[b_eq, b_ub]
    return {
        "objective": rng.normal(size=8),
        "integrality": np.ones(8),
        "bounds": Bounds(np.zeros(8), np.full(8, 6.0)),
        "constraints": LinearConstraint(rows, lower, upper),
    }


def _changed(problem: dict, what: str) -> dict:
    from scipy.optimize import Bounds, LinearConstraint

    changed = dict(problem)
    constraint = problem["constraints"]
    if what == "objective":
        changed["objective"] = problem["objective"] + np.eye(8)[3]
    elif what == "integrality":
        changed["integrality"] = np.r_[np.ones(7), 0.0]
    elif what == "bounds":
        changed["bounds"] = Bounds(np.zeros(8), np.r_[np.full(7, 6.0), 5.0])
    elif what == "coefficient":
        rows = constraint.A.toarray()
        rows[0, 0] += 1.0
        changed["constraints"] = LinearConstraint(csr_matrix(rows), constraint.lb, constraint.ub)
    elif what == "row-end":
        changed["constraints"] = LinearConstraint(
            constraint.A, constraint.lb, constraint.ub + np.eye(len(constraint.ub))[-1]
        )
    return changed


@pytest.fixture
def counted_solves(monkeypatch):
    """`_programmes.milp` counting its calls, with nothing remembered from earlier tests."""
    from workbench import _programmes

    calls = []
    solve = _programmes.milp

    def counted(*args, **kwargs):
        calls.append(1)
        return solve(*args, **kwargs)

    monkeypatch.setattr(_programmes, "milp", counted)
    monkeypatch.setattr(_programmes, "_SOLVED", type(_programmes._SOLVED)())
    return calls


@pytest.mark.parametrize("seed", range(6), ids=lambda s: f"seed-{s}")
def test_an_integer_programme_asked_again_is_answered_from_memory_with_scipys_answer(counted_solves, seed):
    from scipy.optimize import milp

    from workbench._programmes import integer_programme

    problem = _integer_problem(seed)
    expected = milp(
        problem["objective"],
        integrality=problem["integrality"],
        bounds=problem["bounds"],
        constraints=problem["constraints"],
    )
    first = integer_programme(**problem, seconds=60)
    first.x[:] = -1.0  # a caller changing its copy changes no later answer
    again = integer_programme(**problem, seconds=60)
    assert len(counted_solves) == 1
    assert again.status == expected.status == 0
    assert again.fun == pytest.approx(expected.fun)
    np.testing.assert_allclose(again.x, expected.x)
    assert again.x.flags.writeable


@pytest.mark.parametrize("what", ["objective", "integrality", "bounds", "coefficient", "row-end"])
def test_an_integer_programme_differing_in_one_number_is_solved_afresh(counted_solves, what):
    from scipy.optimize import milp

    from workbench._programmes import integer_programme

    problem = _integer_problem(2)
    integer_programme(**problem, seconds=60)
    changed = _changed(problem, what)
    answer = integer_programme(**changed, seconds=60)
    assert len(counted_solves) == 2
    expected = milp(
        changed["objective"],
        integrality=changed["integrality"],
        bounds=changed["bounds"],
        constraints=changed["constraints"],
    )
    assert answer.status == expected.status
    if expected.status == 0:
        assert answer.fun == pytest.approx(expected.fun)


def test_an_answer_cut_short_by_the_time_limit_is_never_remembered(counted_solves, monkeypatch):
    """Only facts of the problem are kept: a search stopped by its time limit, asked again with
    more time, is solved again."""
    from scipy.optimize import OptimizeResult

    from workbench import _programmes

    cut_short = OptimizeResult(status=1, x=None, message="Time limit reached", fun=None)

    def stopped(*args, **kwargs):
        counted_solves.append(1)
        return cut_short

    monkeypatch.setattr(_programmes, "milp", stopped)
    problem = _integer_problem(4)
    assert _programmes.integer_programme(**problem, seconds=0.001).status == 1
    assert _programmes.integer_programme(**problem, seconds=0.001).status == 1
    assert len(counted_solves) == 2
    assert len(_programmes._SOLVED) == 0


def test_the_memory_keeps_the_last_programmes_asked(counted_solves, monkeypatch):
    from workbench import _programmes

    monkeypatch.setattr(_programmes, "SOLVED_KEPT", 2)
    problems = [_integer_problem(seed) for seed in (0, 1, 2)]
    for problem in problems:
        _programmes.integer_programme(**problem, seconds=60)
    _programmes.integer_programme(**problems[2], seconds=60)  # remembered
    _programmes.integer_programme(**problems[0], seconds=60)  # forgotten: the oldest of three
    assert len(counted_solves) == 4
    assert len(_programmes._SOLVED) == 2
