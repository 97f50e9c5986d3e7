"""One exception family. Each error is also the builtin a Python user would expect to catch."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class WorkbenchError(Exception):
    """Base of every error the workbench raises on purpose."""


class UnknownDistrictError(WorkbenchError, ValueError):
    """A district name or code that is not one of Cần Thơ's nine pre-2025 districts."""


class UnknownCodeError(WorkbenchError, ValueError):
    """A value outside a declared value set (organiser, sex, age band, ...)."""


class UnknownFieldError(WorkbenchError, KeyError):
    """A filter, dimension or column name that the schema does not declare."""

    def __str__(self) -> str:  # KeyError would repr() the message and add quotes
        return str(self.args[0]) if self.args else ""


class InvalidFilterError(WorkbenchError, ValueError):
    """A filter value of the right kind but impossible (year range reversed, ...)."""


class FigureError(WorkbenchError, ValueError):
    """A figure that cannot be written as asked (a chart sharing its figure, exported alone)."""


class DataFileError(WorkbenchError, ValueError):
    """A data file that cannot be loaded; the message names file, row, column and value."""


class ReadOnlyError(WorkbenchError, PermissionError):
    """An attempt to change the database through a read-only workbench connection."""


def closest(given: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `given`, or None when nothing is close enough to suggest."""
    matches = difflib.get_close_matches(given, list(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None


def unknown_value_message(what: str, given: object, valid: Iterable[str], suggestion: str | None) -> str:
    """`Unknown sex 'femal' - did you mean 'female'? Valid: female, male, ...`."""
    hint = f" — did you mean {suggestion}?" if suggestion else ""
    return f"Unknown {what} {given!r}{hint} Valid: {', '.join(valid)}."
