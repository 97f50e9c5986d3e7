"""Cells written for spreadsheets: text that Excel or LibreOffice would run as a formula is defused.

A value typed into an agency file, a heading, a sheet or file name may begin with `=`, `+`, `-` or
`@` (or a tab or carriage return, which some spreadsheets skip before reading a formula). Written as
it is into a CSV or XLSX that someone opens, `=HYPERLINK(...)` becomes a live link and `=cmd|...`
worse. Every table the workbench writes for people passes through `neutralise_frame`: such text gets
a leading apostrophe, which spreadsheets show as text and never evaluate. Numbers stay numbers.
"""

from __future__ import annotations

import pandas as pd

# What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """`value`, with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    # Spaces before the `=` too: some spreadsheets (and a CSV reader trimming cells) skip them.
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names are neutralised; numbers untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) if isinstance(c, str) else c for c in out.columns]
    return out
