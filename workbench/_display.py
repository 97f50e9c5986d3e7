"""Figures and charts show as images in a notebook, with no `plt.show()` and no magic.

The charts are drawn on Figures made outside pyplot (so nothing piles up in pyplot's list), and
IPython knows how to show only pyplot's: left alone, a cell ending in a chart prints
`<Figure size 800x450 with 1 Axes>`. When the workbench is imported inside IPython (a notebook, a
Voilà page, the IPython shell), `register()` tells IPython's display formatters how to show any
matplotlib Figure or Axes: a PNG drawn at twice the figure's resolution and shown at its size (sharp
on high-density screens), and as plain text a one-line description naming the chart's title instead
of the bare repr. Nothing happens outside IPython, and IPython is never imported for it.
"""

from __future__ import annotations

import base64
import io
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

# What IPython shows as an image, named and not imported: matplotlib is imported by whatever draws,
# not by `import workbench` (IPython looks the names up along a shown object's classes).
SHOWN = (
    ("matplotlib.figure", "Figure"),
    ("matplotlib.figure", "SubFigure"),
    ("matplotlib.axes._axes", "Axes"),
)

SCALE = 2  # pixels per figure pixel in the PNG; shown at the figure's own size
# Formats a notebook gets: PNG always; SVG too when asked for (`wb.display_formats("png", "svg")`), as it
# is crisper but heavier (maps and text become paths) and the browser shows one or the other.
FORMATS = ("png", "svg")
_formats = ["png"]


def _figure(item: Figure | SubFigure | Axes) -> Figure:
    from matplotlib.axes import Axes
    from matplotlib.figure import SubFigure

    figure = item.figure if isinstance(item, Axes) else item
    return figure.get_figure(root=True) if isinstance(figure, SubFigure) else figure


def _saved(item, fmt: str, **options) -> bytes:
    figure = _figure(item)
    buffer = io.BytesIO()
    # metadata without a date or software version: the same chart gives the same output bytes
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    figure.savefig(buffer, format=fmt, facecolor="white", metadata=metadata, **options)
    return buffer.getvalue()


def png(item) -> tuple[str, dict] | None:
    """The chart as base64 PNG at SCALE x its resolution, with the width and height to show it at."""
    if "png" not in _formats:
        return None
    figure = _figure(item)
    data = _saved(figure, "png", dpi=figure.dpi * SCALE)
    width, height = (round(v) for v in figure.get_size_inches() * figure.dpi)
    return base64.b64encode(data).decode("ascii"), {"width": width, "height": height}


def svg(item) -> str | None:
    if "svg" not in _formats:
        return None
    return _saved(item, "svg").decode("utf-8")


def describe(item) -> str:
    """'Figure: Lượt người tham dự theo năm' — what a text-only view shows instead of `<Figure ...>`."""
    from matplotlib.axes import Axes

    figure = _figure(item)
    axes = [item] if isinstance(item, Axes) else figure.axes
    titles = [" · ".join(ax.get_title().split("\n")) for ax in axes if ax.get_title()]
    suptitle = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    names = [suptitle] if suptitle else titles
    kind = "Chart" if isinstance(item, Axes) else "Figure"
    return f"{kind}: {' | '.join(names)}" if names else f"{kind} (no title)"


def display_formats(*formats: str) -> None:
    """Which image formats charts are shown in: 'png' (default) and/or 'svg'."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        from ._errors import UnknownCodeError, unknown_value

        given = unknown[0] if unknown else ""
        raise unknown_value(UnknownCodeError, "display format", given, FORMATS)
    _formats[:] = list(dict.fromkeys(formats))


def register(shell=None) -> bool:
    """Teach the running IPython shell to show Figures and Axes as images; False outside IPython."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # a plain script never imports IPython for this
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    formatters = shell.display_formatter.formatters
    for module, name in SHOWN:
        formatters["image/png"].for_type_by_name(module, name, png)
        formatters["image/svg+xml"].for_type_by_name(module, name, svg)
        formatters["text/plain"].for_type_by_name(
            module, name, lambda item, printer, _cycle: printer.text(describe(item))
        )
    return True
