"""Text that a spreadsheet would run as a formula is written as text."""

import pandas as pd
import pytest

from workbench._cellsafe import neutralise, neutralise_frame


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ninh Kiều", "Ninh Kiều"),
        ("", ""),
        (5, 5),
        (-5, -5),
        (None, None),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "plain", "empty", "int", "negative-int", "none"],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_frame_keeps_numbers_and_defuses_text_and_headings():
    frame = pd.DataFrame({"=bad": ["=1+1", "ok"], "n": [-1, 2]})
    out = neutralise_frame(frame)
    assert list(out.columns) == ["'=bad", "n"]
    assert out["'=bad"].tolist() == ["'=1+1", "ok"]
    assert out["n"].tolist() == [-1, 2]
    assert frame["=bad"].tolist() == ["=1+1", "ok"]  # the input is not changed
