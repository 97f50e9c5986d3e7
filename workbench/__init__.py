"""Analytical workbench for Cần Thơ's programme against human trafficking.

`import workbench as wb` is the whole surface a notebook needs:

    db = wb.connect()
    db.events(wb.Filters(years=(2016, 2020)), by="year")
"""

from ._codes import CODESETS, label
from ._districts import District, districts, resolve_district
from ._errors import (
    DataFileError,
    InvalidFilterError,
    ReadOnlyError,
    UnknownCodeError,
    UnknownDistrictError,
    UnknownFieldError,
    WorkbenchError,
)
from ._filters import Filters
from ._import import ImportResult, import_files
from ._text import format_number
from ._workbench import Workbench, connect, sql

__all__ = [
    "CODESETS",
    "DataFileError",
    "District",
    "Filters",
    "ImportResult",
    "InvalidFilterError",
    "ReadOnlyError",
    "UnknownCodeError",
    "UnknownDistrictError",
    "UnknownFieldError",
    "Workbench",
    "WorkbenchError",
    "connect",
    "districts",
    "format_number",
    "import_files",
    "label",
    "resolve_district",
    "sql",
]
