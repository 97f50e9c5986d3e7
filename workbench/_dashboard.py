"""Dashboard mode: the explorers as a web page with the code hidden, for people who never edit a cell.

`dashboard(db)` puts the events and victims panels side by side in tabs, each with a line of
totals for exactly the filters on screen (asked of the query helpers, not summed from the chart),
and an Export button that writes into `WORKBENCH_EXPORT_DIR` when that is set. `workbench dashboard`
serves notebooks/08_dashboard.ipynb (or another notebook) through Voilà on this computer only.
"""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets

from ._charts import MEASURES
from ._errors import UnknownCodeError, closest, unknown_value_message
from ._filters import Filters
from ._labels import text
from ._panels import EXPORT_DIR, FilterPanel
from ._paths import PROJECT_ROOT
from ._text import format_number

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DASHBOARD_NOTEBOOK = "08_dashboard.ipynb"
EXPORT_DIR_ENV = "WORKBENCH_EXPORT_DIR"
# Voilà listens here unless told otherwise: the dashboard shows internal victim counts, so it is
# for the analyst's own computer, not the office network.
HOST = "127.0.0.1"
TOTALS_HTML = (
    '<div class="workbench-totals" data-kind="{kind}" style="font-size: 110%; margin: 0.5em 0">{}</div>'
)
TOTAL_HTML = '<span style="margin-right: 1.5em">{label}: <b data-measure="{measure}">{value}</b></span>'
INTERNAL_MARK = {
    "vi": "Nội bộ – không công bố: số nạn nhân theo quận/huyện và năm hầu hết dưới 5.",
    "en": "Internal – not for publication: nearly every district-year count is below 5.",
}
TAB_TITLES = {
    "events": ("Tuyên truyền", "Awareness events"),
    "victims": ("Nạn nhân (nội bộ)", "Victims (internal)"),
}


def dashboard_export_dir() -> Path:
    """Where the dashboard's Export button writes: `WORKBENCH_EXPORT_DIR`, else out/figures/."""
    configured = os.environ.get(EXPORT_DIR_ENV)
    return Path(configured).expanduser() if configured else EXPORT_DIR


class Totals:
    """One line of totals for a panel's current filters, e.g. 'Số hoạt động tuyên truyền: 1.134'.

    The numbers come from the same query helper as every other table (`db.events(filters)`), so
    what the page shows is what the API returns; harmonised counts after the 2025 reform can be
    fractional and are rounded for display only.
    """

    def __init__(self, panel: FilterPanel) -> None:
        self.panel = panel
        self.widget = widgets.HTML()
        self.frame = None
        panel.on_change(self.update)
        self.update(panel.filters)

    def update(self, filters: Filters) -> None:
        panel = self.panel
        self.frame = getattr(panel.db, panel.kind)(filters, lang=panel.lang)
        parts = [
            TOTAL_HTML.format(
                label=html.escape(text(measure, panel.lang)),
                measure=measure,
                value=format_number(self.frame[measure].iloc[0], lang=panel.lang),
            )
            for measure in MEASURES[panel.kind]
            if measure in self.frame.columns
        ]
        self.widget.value = TOTALS_HTML.format("".join(parts), kind=panel.kind)


class Dashboard:
    """The explorers in tabs, each with its totals; display it in a notebook or serve it with Voilà."""

    def __init__(
        self, db, filters: Filters | None = None, *, lang: str = "vi", export_dir: str | Path | None = None
    ) -> None:
        target = Path(export_dir) if export_dir is not None else dashboard_export_dir()
        self.panels = {
            kind: FilterPanel(db, kind, filters, lang=lang, export_dir=target) for kind in TAB_TITLES
        }
        self.totals = {kind: Totals(panel) for kind, panel in self.panels.items()}
        mark = widgets.HTML(f"<p><b>{html.escape(INTERNAL_MARK[lang])}</b></p>")
        pages = {
            kind: widgets.VBox(
                [*([mark] if kind == "victims" else []), self.totals[kind].widget, panel.widget]
            )
            for kind, panel in self.panels.items()
        }
        self.widget = widgets.Tab(
            children=list(pages.values()),
            titles=[TAB_TITLES[kind][0 if lang == "vi" else 1] for kind in pages],
        )

    def __repr__(self) -> str:
        return f"Dashboard({', '.join(repr(p) for p in self.panels.values())})"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def dashboard(db, filters: Filters | None = None, **options) -> Dashboard:
    """The events and victims explorers in tabs with their totals: the page `workbench dashboard`
    serves. Options: `lang="en"`, `export_dir=` (default `WORKBENCH_EXPORT_DIR` or out/figures/)."""
    return Dashboard(db, filters, **options)


def notebook_path(name: str | None = None) -> Path:
    """A notebook of notebooks/ by file name (with or without .ipynb); the dashboard by default."""
    name = name or DASHBOARD_NOTEBOOK
    if not name.endswith(".ipynb"):
        name += ".ipynb"
    path = NOTEBOOKS_DIR / Path(name).name
    if not path.is_file():
        known = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
        match = closest(name, known)
        raise UnknownCodeError(unknown_value_message("notebook", name, known, repr(match) if match else None))
    return path


def voila_command(notebook: Path, extra: list[str] = ()) -> list[str]:
    """Voilà on one notebook, code hidden, on localhost; `extra` options come last and win."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--Voila.ip={HOST}",
        "--strip_sources=True",
        *extra,
    ]


def serve(notebook: str | None = None, extra: list[str] = ()) -> int:
    """Run Voilà on the dashboard (or `notebook`) until interrupted; returns its exit status.

    A SIGTERM to this command is passed on, so Voilà shuts its kernels down instead of outliving it.
    """
    process = subprocess.Popen(voila_command(notebook_path(notebook), list(extra)))  # noqa: S603 - our interpreter
    previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl-C reached Voilà too; let it finish shutting down
        return process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
