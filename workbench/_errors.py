"""One exception family. Each error is also the builtin a Python user would expect to catch.

An error about a value carries it as fields (`given`, `valid`, `closest`), so code that handles it
reads those rather than the message's wording, which is for people and may change.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import TypeVar


class WorkbenchError(Exception):
    """Base of every error the workbench raises on purpose.

    given: the value that was refused (None when the error is not about one value);
    valid: what would have been accepted; closest: the valid value most like `given`, if any, as it
    can be given back (a name, or for years a (first, last) pair); words: the key of its message in
    `_error_words` and the fields that fill it, for a caller to say it in another language."""

    def __init__(
        self,
        *args: object,
        given: object = None,
        valid: Iterable[str] = (),
        closest: object = None,
        words: tuple[str, dict[str, object]] | None = None,
    ):
        super().__init__(*args)
        self.given = given
        self.valid = tuple(valid)
        self.closest = closest
        self.words = words


class UnknownDistrictError(WorkbenchError, ValueError):
    """A district name or code that is not one of Cần Thơ's nine pre-2025 districts."""


class AmbiguousDistrictError(UnknownDistrictError):
    """A district name several districts share (national scale): `valid` lists them."""


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


class NotATableError(FigureError, TypeError):
    """A chart given something other than a table (a list, a Series, a figure): it draws a DataFrame."""

    def __init__(self, chart: str, given: object) -> None:
        super().__init__(
            f"{chart} draws a pandas DataFrame (what db.events(...) and the other query helpers "
            f"return); it was given a {type(given).__name__}."
        )


class DataFileError(WorkbenchError, ValueError):
    """A data file that cannot be loaded; the message names file, row, column and value. `detail`
    is the message without the file's name, for a table that lists it in a column of its own."""

    # The message without the file's name as one of the importer's words (`_import_words`): its
    # key and fields, for a problem table in the import's language; None: `detail` as it is.
    words: tuple[str, dict[str, object]] | None = None

    def __init__(self, *args: object, detail: str | None = None, **fields) -> None:
        super().__init__(*args, **fields)
        self.detail = detail if detail is not None else (str(args[0]) if args else "")


class NotCsvError(DataFileError):
    """Text the CSV reader cannot parse (in the encoding being tried): the importer tries the next."""


class CellValueError(WorkbenchError, ValueError):
    """One cell's text that its column's parser refuses. `problem` says what is wrong, `suggestion`
    how to write it; the importer turns it into a row of the problem table (never raised to users)."""

    def __init__(self, problem: str, suggestion: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.suggestion = suggestion


class NeedsRowNumbers(WorkbenchError):
    """The importer's fast path met something it would have to point at by row: the file is read
    again the detailed way, keeping row numbers. A signal between its stages, never raised to users."""


class UsageError(WorkbenchError, ValueError):
    """Options a command cannot run with: the command exits 2, as for a mistyped option."""


class ReadOnlyError(WorkbenchError, PermissionError):
    """An attempt to change the database through a read-only workbench connection."""


def closest(
    given: str, candidates: Iterable[str], cutoff: float = 0.5, *, within: bool = False
) -> str | None:
    """The candidate most like `given`, or None when nothing is close enough to suggest (a
    similarity ratio under `cutoff`). With `within`, a name written in part comes first: the
    shortest candidate that holds `given` as whole words ('hau giang' in 'khu vuc hau giang cu',
    'department of labour' in 'department of labour invalids and social affairs'), which a
    similarity ratio ranks below a short unrelated name of like letters."""
    candidates = list(candidates)
    needle = given.strip()
    same = [c for c in candidates if c.casefold() == needle.casefold()]
    if same:  # 'EN' for 'en', 'Female' for 'female': a ratio of like letters missed them
        return same[0]
    if within and len(needle) >= 3:
        holds = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
        holding = [c for c in candidates if holds.search(c)]
        if holding:
            return min(holding, key=lambda c: (len(c), c))
    matches = difflib.get_close_matches(given, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(
    given: str, candidates: Iterable[str], shown: Callable[[str], str] = repr
) -> tuple[str | None, str]:
    """The candidate closest to `given` and the hint naming it (`" — did you mean 'x'?"`, or "")."""
    match = closest(given, candidates)
    return match, (f" — did you mean {shown(match)}?" if match is not None else "")


E = TypeVar("E", bound=WorkbenchError)


def unknown_value(
    error: type[E],
    what: str,
    given: object,
    valid: Iterable[str],
    *,
    lead: str | None = None,
    listed: str = "Valid",
) -> E:
    """`Unknown sex 'femal' — did you mean 'female'? Valid: female, male, ...` as `error`, with its
    fields set. `lead` replaces the opening words (`Cannot group by 'x'`), `listed` the "Valid"."""
    valid = [str(v) for v in valid]
    match, hint = did_you_mean(str(given), valid)
    opening = lead if lead is not None else f"Unknown {what} {given!r}"
    return error(
        f"{opening}{hint or '.'} {listed}: {', '.join(valid)}.", given=given, valid=valid, closest=match
    )


class StoreError(WorkbenchError, OSError):
    """A database, import store or key file that cannot be used as it is: a folder where a file
    should be, a folder nobody may write, a changed or incomplete batch. The message names it."""

    def __str__(self) -> str:  # OSError would prefix an errno when given two arguments
        return str(self.args[0]) if self.args else ""


class CorruptDatabaseError(StoreError):
    """A database file DuckDB cannot open or read through (a damaged block, a truncated file), or
    a pointer that is not one."""


class PointerBusyError(StoreError):
    """The pointer could not be replaced: another program held it open for longer than a reader
    ever does (Windows), or it is read-only. Nothing was switched in."""


class MissingDatabaseError(StoreError, FileNotFoundError):
    """No database where one was named and building it was not asked for."""


class KeyFileError(StoreError, PermissionError):
    """A pseudonym key file that is too short, unreadable, readable by others or kept where it
    would travel with the data (inside the repository or data/)."""


class SqlTimeoutError(WorkbenchError, TimeoutError):
    """Ad hoc SQL that ran past its time limit and was stopped."""


class SqlNotAllowedError(WorkbenchError, PermissionError):
    """A statement ad hoc SQL does not run: anything but a single SELECT / WITH query."""


class DisclosureError(WorkbenchError, PermissionError):
    """A request that would let victim-level or small-cell data out in publish mode."""


class RowCapWarning(UserWarning):
    """A query returned more rows than the cap; the result was cut."""


class YearsCutWarning(UserWarning):
    """Years asked run past the years the database holds: what is drawn covers those held, and
    its title says so (a set titled 2024–2030 over data of 2024–2026 claimed years it did not hold)."""


class RebuiltWarning(UserWarning):
    """A damaged database was moved aside and rebuilt."""


class UnknownBatchError(WorkbenchError, LookupError):
    """An import batch or context source named for listing or removal that the import store does
    not hold, or a name several of them share: `valid` lists what it holds, `closest` the nearest."""
