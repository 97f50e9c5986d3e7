"""Analytical workbench for Cần Thơ's programme against human trafficking.

`import workbench as wb` is the whole surface a notebook needs:

    db = wb.connect()
    db.events(wb.Filters(years=(2016, 2020)), by="year")
"""

from importlib import import_module as _import_module
from types import MappingProxyType as _ReadOnly

from . import _display
from ._codes import CODESETS as _CODESETS
from ._codes import label
from ._districts import District, districts, resolve_district
from ._errors import (
    DataFileError,
    DisclosureError,
    InvalidFilterError,
    KeyFileError,
    ReadOnlyError,
    RowCapWarning,
    SqlNotAllowedError,
    SqlTimeoutError,
    StoreError,
    UnknownCodeError,
    UnknownDistrictError,
    UnknownFieldError,
    WorkbenchError,
    YearsCutWarning,
)
from ._filters import Filters
from ._text import format_number

# The code sets as publish mode reads them, read only: set from a notebook (`wb.CODESETS["sex"] =
# (male,)`), a table by sex came back with everyone counted as men and was published so (found by
# an attacker on 7 Dec 2026). Each set is a tuple of frozen codes.
CODESETS = _ReadOnly(_CODESETS)

# In a notebook, every chart, map and figure a cell ends with shows as an image (see _display).
_display.register()

# Imported on first use (PEP 562). Drawing brings matplotlib, querying pandas and DuckDB, the panels
# and the dashboard ipywidgets, the importer its readers and validators: imported all at once they
# took two seconds before `workbench build` or `workbench import` could start, every time, and a
# script that only queries needs none of the charts.
_LAZY = {
    **dict.fromkeys(
        (
            "STANDARD_FIGURES",
            "briefing_figures",
            "export_figures",
            "legal_age_table",
            "review_totals",
            "write_brief",
            "write_figures",
        ),
        "._brief",
    ),
    **dict.fromkeys(
        (
            "breakdown_chart",
            "district_chart",
            "district_year_display",
            "district_year_table",
            "effort_chart",
            "footer",
            "heatmap_chart",
            "new_figure",
            "rate_chart",
            "rates_per_100k",
            "set_footer",
            "stacked_chart",
            "table_display",
            "trend_chart",
        ),
        "._charts",
    ),
    # Context sources (CTDC, HTCDS) beside the city's records: docs/context.md.
    **dict.fromkeys(("context_comparison", "context_sources", "context_victims"), "._context"),
    "context_chart": "._context_charts",
    **dict.fromkeys(("ProtectedTable", "PublishedTable", "protect", "protect_matrix"), "._disclosure"),
    "display_formats": "._display",
    **dict.fromkeys(("export_figure", "selection_name"), "._export"),
    **dict.fromkeys(("funnel_chart", "targets_chart"), "._funnel_charts"),
    "data_note": "._labels",
    **dict.fromkeys(("district_map", "district_shapes"), "._maps"),
    "PublishedWorkbench": "._publish",
    "support_eligibility": "._support_rules",
    **dict.fromkeys(("programme_targets", "targets_table"), "._targets"),
    **dict.fromkeys(
        (
            "REFORM_DATE",
            "former_communes",
            "harmonisation_rules",
            "harmonisation_weights",
            "resolve_place",
            "unit_crosswalk",
            "units_2025",
        ),
        "._units",
    ),
    **dict.fromkeys(("Workbench", "connect", "sql"), "._workbench"),
    **dict.fromkeys(("Dashboard", "dashboard"), "._dashboard"),
    **dict.fromkeys(("FilterPanel", "events_panel", "victims_panel"), "._panels"),
    "ImportResult": "._importer.run",
    "import_files": "._import_release",  # the importer, saying when publication of victims stopped
    "import_context": "._importer.context",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # the next lookup finds it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CODESETS",
    "REFORM_DATE",
    "STANDARD_FIGURES",
    "Dashboard",
    "DataFileError",
    "DisclosureError",
    "District",
    "FilterPanel",
    "Filters",
    "ImportResult",
    "InvalidFilterError",
    "KeyFileError",
    "ProtectedTable",
    "PublishedTable",
    "PublishedWorkbench",
    "ReadOnlyError",
    "RowCapWarning",
    "SqlNotAllowedError",
    "SqlTimeoutError",
    "StoreError",
    "UnknownCodeError",
    "UnknownDistrictError",
    "UnknownFieldError",
    "Workbench",
    "WorkbenchError",
    "YearsCutWarning",
    "breakdown_chart",
    "briefing_figures",
    "connect",
    "context_chart",
    "context_comparison",
    "context_sources",
    "context_victims",
    "dashboard",
    "data_note",
    "display_formats",
    "district_chart",
    "district_map",
    "district_shapes",
    "district_year_display",
    "district_year_table",
    "districts",
    "effort_chart",
    "events_panel",
    "export_figure",
    "export_figures",
    "footer",
    "format_number",
    "former_communes",
    "funnel_chart",
    "harmonisation_rules",
    "harmonisation_weights",
    "heatmap_chart",
    "import_context",
    "import_files",
    "label",
    "legal_age_table",
    "new_figure",
    "programme_targets",
    "protect",
    "protect_matrix",
    "rate_chart",
    "rates_per_100k",
    "resolve_district",
    "resolve_place",
    "review_totals",
    "selection_name",
    "set_footer",
    "sql",
    "stacked_chart",
    "support_eligibility",
    "table_display",
    "targets_chart",
    "targets_table",
    "trend_chart",
    "unit_crosswalk",
    "units_2025",
    "victims_panel",
    "write_brief",
    "write_figures",
]
