"""One home each: the error family (with the refused value as fields), the settings, the words."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import workbench as wb
from workbench import _errors

CASES = [
    pytest.param(
        lambda: wb.Filters(districts=["Ninh Kieu x"]),
        wb.UnknownDistrictError,
        "Ninh Kieu x",
        "Ninh Kiều",
        id="district",
    ),
    pytest.param(
        lambda: wb.Filters(districts=["Cờ Đ"]),
        wb.UnknownDistrictError,
        "Cờ Đ",
        "Cờ Đỏ",
        id="district-nfc-prefix",
    ),
    pytest.param(
        lambda: wb.Filters().replace(yeras=(2016, 2020)),
        wb.UnknownFieldError,
        "yeras",
        "years",
        id="filters-field",
    ),
    pytest.param(lambda: wb.Filters(sexes=["femal"]), wb.UnknownCodeError, "femal", "female", id="code"),
    pytest.param(
        lambda: wb.Filters(sexes=["'; DROP TABLE victims; --"]),
        wb.UnknownCodeError,
        "'; DROP TABLE victims; --",
        None,
        id="injection-no-guess",
    ),
]


@pytest.mark.parametrize(("call", "error", "given", "closest"), CASES)
def test_a_refused_value_is_in_the_error_as_fields(call, error, given, closest):
    with pytest.raises(error) as caught:
        call()
    raised = caught.value
    assert isinstance(raised, wb.WorkbenchError)
    assert raised.given == given or given in str(raised.given)
    assert raised.closest == closest
    assert raised.valid, "the valid values are listed"
    if closest is not None:
        assert closest in raised.valid and f"did you mean '{closest}'" in str(raised)
    else:
        assert "did you mean" not in str(raised)


def test_grouping_by_an_unknown_dimension_names_the_closest(db):
    with pytest.raises(wb.UnknownFieldError) as caught:
        db.events(by="distrct")
    assert (caught.value.given, caught.value.closest) == ("distrct", "district")
    assert "district" in caught.value.valid and "year" in caught.value.valid


def test_fields_survive_pickling():
    error = _errors.unknown_value(wb.UnknownCodeError, "sex", "femal", ["female", "male", "unknown"])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.given, copy.valid, copy.closest, str(copy)) == (
        error.given,
        error.valid,
        "female",
        str(error),
    )


def test_every_public_error_lives_in_the_errors_module():
    public = [getattr(wb, name) for name in wb.__all__]
    errors = [obj for obj in public if isinstance(obj, type) and issubclass(obj, BaseException)]
    assert wb.DisclosureError in errors and wb.SqlNotAllowedError in errors
    for error in errors:
        if issubclass(error, Warning):
            continue
        assert error.__module__ == "workbench._errors", error
        assert issubclass(error, wb.WorkbenchError), error


@pytest.mark.slow
def test_no_exception_class_is_declared_outside_the_errors_module():
    """Private errors too (the importer's signals, the store's): one family, one module."""
    import ast

    package = Path(wb.__file__).parent
    outside = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "_errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(base) for base in node.bases]
                if any(base.endswith(("Error", "Exception", "Warning")) for base in bases):
                    outside.append(f"{path.relative_to(package)}: {node.name}({', '.join(bases)})")
    assert outside == [], outside


def test_every_setting_is_read_in_one_place_and_documented():
    """`WORKBENCH_*` variables are declared in `_settings` and read through it; each is in the docs."""
    import re
    from pathlib import Path

    from workbench._settings import SETTINGS

    package = Path(wb.__file__).parent
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (package.parent / "docs").glob("*.md"))
    for name in SETTINGS:
        assert f"`{name}`" in docs, f"{name} is not documented"
    readers = {
        path.name
        for path in package.rglob("*.py")
        if re.search(
            r"environ(\.get)?\(\s*\"WORKBENCH_|environ\[\"WORKBENCH_", path.read_text(encoding="utf-8")
        )
    }
    assert readers <= {"_settings.py"}, readers


@pytest.mark.slow
def test_words_shown_to_people_are_kept_in_one_module():
    """A (Vietnamese, English) pair of words lives in `_words` (the importer's in `_import_words`,
    errors' in `_error_words`, publish mode's refusals in `_publish_words`); the others listed here
    are data:
    value-set labels, statutory recipient labels, place names, file headings, and the briefing
    pack's status rows (to move)."""
    import ast
    import re
    from pathlib import Path

    vietnamese = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)
    allowed = {
        "_words.py",
        "_import_words.py",
        "_error_words.py",
        "_publish_words.py",
        "_codes.py",
        "_support_rules.py",
        "_units.py",
        "headers.py",
        "_brief.py",
    }
    package = Path(wb.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        if path.name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple) and len(node.elts) == 2:
                texts = [
                    e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
                if len(texts) == 2 and vietnamese.search(texts[0]) and not vietnamese.search(texts[1]):
                    found.append(f"{path.name}:{node.lineno} {texts[0]!r}")
            # `say("Chỉ số", "Measure")`: a pair passed to a helper that picks one
            if isinstance(node, ast.Call):
                texts = [
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                if (
                    len(texts) == 2
                    and vietnamese.search(texts[0])
                    and texts[1]
                    and not vietnamese.search(texts[1])
                ):
                    found.append(f"{path.name}:{node.lineno} {texts[0]!r}")
            # `if lang == "vi": return "Tổng ..."`: Vietnamese words chosen by a statement
            if isinstance(node, ast.If) and "lang" in ast.unparse(node.test):
                words = [
                    c.value
                    for c in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                    if isinstance(c, ast.Constant) and isinstance(c.value, str) and vietnamese.search(c.value)
                ]
                if words:
                    found.append(f"{path.name}:{node.lineno} {words[0]!r}")
            # `"Không lọc" if lang == "vi" else "No filters"`: a pair written as a choice
            if isinstance(node, ast.IfExp) and "lang" in ast.unparse(node.test):
                branches = [node.body, node.orelse]
                texts = [
                    e.value for e in branches if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
                if len(texts) == 2 and any(vietnamese.search(t) for t in texts):
                    found.append(f"{path.name}:{node.lineno} {texts[0]!r}")
    assert not found, found


@pytest.mark.slow
def test_one_shape_for_a_problem_in_the_build_and_the_importer(tmp_path):
    from workbench import _load
    from workbench._importer import check, run
    from workbench._problem import Problem

    assert _load.Problem is Problem and check.Problem is Problem and run.Problem is Problem
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "event_date,district,organiser,event_type,attendees\n31/02/2020,Ninh Kiều,police,session,5\n"
    )
    result = wb.import_files(bad, db=tmp_path / "scratch.duckdb", check_only=True, progress=False)
    assert list(result.problems.columns) == list(Problem._fields)
    assert (result.problems["severity"] == "error").any()
