"""Analytical workbench for Cần Thơ's programme against human trafficking.

`import workbench as wb` is the whole surface a notebook needs:

    db = wb.connect()
    db.events(wb.Filters(years=(2016, 2020)), by="year")
"""

import importlib

from . import _display
from ._brief import (
    STANDARD_FIGURES,
    briefing_figures,
    export_figures,
    legal_age_table,
    review_totals,
    write_brief,
    write_figures,
)
from ._charts import (
    breakdown_chart,
    district_chart,
    district_year_display,
    district_year_table,
    effort_chart,
    footer,
    heatmap_chart,
    new_figure,
    rate_chart,
    rates_per_100k,
    set_footer,
    stacked_chart,
    table_display,
    trend_chart,
)
from ._codes import CODESETS, label

# Context sources (CTDC, HTCDS) beside the city's records: docs/context.md.
from ._context import context_comparison, context_sources, context_victims
from ._context_charts import context_chart
from ._disclosure import ProtectedTable, PublishedTable, protect, protect_matrix
from ._display import display_formats
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
from ._export import export_figure, selection_name
from ._filters import Filters
from ._funnel_charts import funnel_chart, targets_chart
from ._labels import data_note
from ._maps import district_map, district_shapes
from ._publish import PublishedWorkbench
from ._support_rules import support_eligibility
from ._targets import programme_targets, targets_table
from ._text import format_number
from ._units import (
    REFORM_DATE,
    former_communes,
    harmonisation_rules,
    harmonisation_weights,
    resolve_place,
    unit_crosswalk,
    units_2025,
)
from ._workbench import Workbench, connect, sql

# In a notebook, every chart, map and figure a cell ends with shows as an image (see _display).
_display.register()

# Imported on first use (PEP 562): the panels and the dashboard bring ipywidgets, the importer its
# readers and validators, and a script that only queries and draws needs none of them.
_LAZY = {
    "Dashboard": "._dashboard",
    "dashboard": "._dashboard",
    "FilterPanel": "._panels",
    "events_panel": "._panels",
    "victims_panel": "._panels",
    "ImportResult": "._importer.run",
    "import_files": "._import_release",  # the importer, saying when publication of victims stopped
    "import_context": "._importer.context",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
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
