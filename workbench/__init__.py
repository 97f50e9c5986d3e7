"""Analytical workbench for Cần Thơ's programme against human trafficking.

`import workbench as wb` is the whole surface a notebook needs:

    db = wb.connect()
    db.events(wb.Filters(years=(2016, 2020)), by="year")
"""

from ._brief import STANDARD_FIGURES, briefing_figures, write_brief, write_figures
from ._charts import (
    breakdown_chart,
    district_chart,
    district_year_table,
    effort_chart,
    footer,
    heatmap_chart,
    new_figure,
    rate_chart,
    rates_per_100k,
    set_footer,
    stacked_chart,
    trend_chart,
)
from ._codes import CODESETS, label
from ._dashboard import Dashboard, dashboard
from ._disclosure import DisclosureError, ProtectedTable, protect, protect_matrix
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
from ._export import export_figure
from ._filters import Filters
from ._import import ImportResult, import_files
from ._maps import district_map, district_shapes
from ._panels import FilterPanel, events_panel, victims_panel
from ._sqlguard import RowCapWarning, SqlNotAllowedError
from ._text import format_number
from ._units import (
    REFORM_DATE,
    former_communes,
    harmonisation_weights,
    resolve_place,
    unit_crosswalk,
    units_2025,
)
from ._workbench import Workbench, connect, sql

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
    "ProtectedTable",
    "ReadOnlyError",
    "RowCapWarning",
    "SqlNotAllowedError",
    "UnknownCodeError",
    "UnknownDistrictError",
    "UnknownFieldError",
    "Workbench",
    "WorkbenchError",
    "breakdown_chart",
    "briefing_figures",
    "connect",
    "dashboard",
    "district_chart",
    "district_map",
    "district_shapes",
    "district_year_table",
    "districts",
    "effort_chart",
    "events_panel",
    "export_figure",
    "footer",
    "format_number",
    "former_communes",
    "harmonisation_weights",
    "heatmap_chart",
    "import_files",
    "label",
    "new_figure",
    "protect",
    "protect_matrix",
    "rate_chart",
    "rates_per_100k",
    "resolve_district",
    "resolve_place",
    "set_footer",
    "sql",
    "stacked_chart",
    "trend_chart",
    "unit_crosswalk",
    "units_2025",
    "victims_panel",
    "write_brief",
    "write_figures",
]
