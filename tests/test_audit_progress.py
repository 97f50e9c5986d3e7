"""A release whose audit takes more than a few seconds says so on the command line, then how long it
has run, then that it is done: elapsed time only, in the command's language."""

from __future__ import annotations

import argparse
import time

import pytest

from workbench import _cli, _settled, _waiting, _withhold


@pytest.fixture
def slow_audit(monkeypatch, settling):
    """Audits told after 0.05 s and every 0.2 s after, each taking at least 0.5 s."""
    monkeypatch.setattr(_waiting, "AUDIT_TELL_AFTER", 0.05)
    monkeypatch.setattr(_waiting, "AUDIT_TELL_EVERY", 0.2)
    settling.pause = 0.5


def _heard(public, **asked) -> list[tuple[str, dict]]:
    heard: list[tuple[str, dict]] = []
    token = _waiting.WAIT_REPORTER.set(lambda key, fields: heard.append((key, fields)))
    try:
        public.victims(**asked)
    finally:
        _waiting.WAIT_REPORTER.reset(token)
    return heard


def test_a_long_audit_says_it_works_then_how_long_then_that_it_is_done(public, slow_audit):
    heard = _heard(public, years=(2016, 2017), by="district")
    keys = [key for key, _ in heard]
    assert keys[0] == "auditing" and keys[-1] == "audited", keys
    assert set(keys[1:-1]) == {"still_auditing"}, keys
    assert len(keys) >= 3
    assert heard[0][1]["cells"] == 10  # nine districts and the city
    seconds = [fields["seconds"] for key, fields in heard if key != "auditing"]
    assert seconds == sorted(seconds)
    assert all(set(fields) <= {"cells", "seconds"} for _, fields in heard)  # nothing of the counts


def test_a_release_settled_before_or_asked_in_a_notebook_says_nothing(public, slow_audit, capsys):
    public.victims(years=(2016, 2017), by="district")  # no one listening: a notebook
    assert capsys.readouterr() == ("", "")
    assert _heard(public, years=(2016, 2017), by="district") == []  # released already


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "workbench figures: Đang kiểm tra lần công bố mới (1.234 ô)"),
        ("en", "workbench figures: Auditing the new release (1,234 cells)"),
    ],
)
def test_the_command_line_says_it_in_its_language_with_its_numbers(capsys, lang, expected):
    with _cli._telling_waits(argparse.Namespace(command="figures", lang=lang)):
        report = _waiting.WAIT_REPORTER.get()
        assert report is not None
        report("auditing", {"cells": 1234, "seconds": 6})
        report("audited", {"seconds": 1234})
    out, err = capsys.readouterr()
    assert out == ""
    first, done = err.splitlines()
    assert first.startswith(expected), first
    assert ("1.234 giây" if lang == "vi" else "1,234 s") in done
    assert _waiting.WAIT_REPORTER.get() is None  # reset after the command


def test_an_audit_shorter_than_the_threshold_says_nothing(public, monkeypatch):
    monkeypatch.setattr(_waiting, "AUDIT_TELL_AFTER", 3600.0)
    _settled.forget()
    assert _heard(public, years=(2016, 2016), by="sex") == []


def test_an_audit_refused_never_says_it_is_done(public, slow_audit, monkeypatch):
    """The refusal that follows says what happened: "done" before it told the analyst otherwise."""
    import workbench as wb
    from workbench._disclosure import refusal

    def refused(*args, **kwargs):
        time.sleep(0.5)
        raise refusal("audit_whole", {"seconds": 60.0, "message": "Time limit reached"})

    monkeypatch.setattr(_withhold, "_settle", refused)
    heard: list[str] = []
    token = _waiting.WAIT_REPORTER.set(lambda key, fields: heard.append(key))
    try:
        with pytest.raises(wb.WorkbenchError):
            public.victims(years=(2016, 2017), by="district")
    finally:
        _waiting.WAIT_REPORTER.reset(token)
    assert heard and heard[0] == "auditing", heard
    assert "audited" not in heard
