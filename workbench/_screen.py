"""Drawing a figure for the screen, fast: a panel redraws on every click.

Two costs dominate a panel's redraw, neither of them the query. Matplotlib (3.11) shapes and
rasterises every string glyph by glyph in Python on every draw, so a figure's forty-odd labels
take most of the time; and Pillow filters every row of a PNG five ways to pick the smallest.
Labels repeat from one redraw to the next (years, round tick values, district names, titles), so
the screen renderer keeps the raster of each label it has drawn and stamps it in place the next
time; the picture is packed as a plain PNG (no row filters, fastest zlib level): a little larger,
twice as fast to write. Exported files never come through here: they are drawn by matplotlib's
own renderers (see _export.py).

The renderer leans on matplotlib's internals (Agg's `draw_text`, FreeType's glyph bitmaps, and the
private `_get_font_height_metrics` that `Text._get_layout` asks a renderer for). pyproject.toml pins
matplotlib to the versions it was tested with; should the internals still differ (another version
installed by hand, a change in a patch release), the picture comes from matplotlib's own PNG output
instead: slower, never wrong.
"""

from __future__ import annotations

import inspect
import io
import math
import re
import struct
import warnings
import weakref
import zlib
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import findfont, get_font
from matplotlib.text import Text

try:  # a helper of Agg's, not public API: it may go away
    from matplotlib.backends.backend_agg import get_hinting_flag
except ImportError:  # pragma: no cover - only on a matplotlib whose internals differ
    get_hinting_flag = None  # type: ignore[assignment]

# The matplotlib versions (major, minor) whose internals the screen renderer was tested with; the
# dependency in pyproject.toml is pinned to the same.
TESTED_MATPLOTLIB = ((3, 11),)
# What the renderer calls or overrides: Agg's text drawing, with this signature; FreeType's
# one-pass layout and bitmap; the font metrics hook text layout asks a renderer for.
AGG_DRAW_TEXT = ("self", "gc", "x", "y", "s", "prop", "angle", "ismath", "mtext")
FT2FONT_METHODS = (
    "clear", "set_size", "set_text", "draw_glyphs_to_bitmap", "get_image", "get_bitmap_offset",
    "get_descent", "get_char_index", "get_sfnt_table",
)  # fmt: skip
MAX_RASTERS = 1024  # labels kept per figure (a tick label is a few kB); all dropped when full
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_UNCACHED = np.empty((0, 0, 4), np.uint8)  # marks a label drawn by Agg itself on every draw


class ScreenRenderer(RendererAgg):
    """The Agg renderer with a raster cache for text.

    A label is drawn once through Agg onto a small transparent canvas; the raster is kept under
    everything that decides its pixels (string, font, size, angle, colour, antialiasing, hinting,
    dpi) and composited at the nearest whole pixel on later draws: at most half a pixel from where
    Agg would put it, which is how matplotlib placed text until 3.11. Math text and clipped text
    (none of a chart's titles and tick labels) are drawn by Agg as usual.
    """

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self.rasters: dict[tuple, tuple[np.ndarray | None, int, int]] = {}
        self.hits = self.misses = 0
        self._heights: dict[tuple, tuple[float, float, float] | tuple[None, None, None]] = {}

    def _get_font_height_metrics(self, prop):
        """Ascent, descent and line gap of a font at its size, as `Text._get_layout` computes
        them when a renderer has no such method (it asks, when there is one): from the font's
        OS/2 or hhea table, kept here instead of read again for every label on every draw."""
        key = _font_key(prop)
        if key not in self._heights:
            self._heights[key] = _font_height_metrics(prop, self.dpi)
        return self._heights[key]

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or gc.get_clip_rectangle() is not None or gc.get_clip_path()[0] is not None:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = (
            s,
            *_font_key(prop),
            angle,
            tuple(gc.get_rgb()),
            gc.get_alpha(),
            gc.get_forced_alpha(),
            gc.get_antialiased(),
            getattr(mtext, "get_fontfeatures", lambda: None)(),
            getattr(mtext, "get_language", lambda: None)(),
            mpl.rcParams["text.hinting"],
            mpl.rcParams["text.hinting_factor"],
            mpl.rcParams["text.kerning_factor"],
            self.dpi,
        )
        raster = self.rasters.get(key)
        if raster is None:
            self.misses += 1
            if len(self.rasters) >= MAX_RASTERS:
                self.rasters.clear()
            raster = self._level_raster(gc, s, prop, angle, mtext) or self._raster(gc, s, prop, angle, mtext)
            self.rasters[key] = raster
        else:
            self.hits += 1
        image, left, top = raster
        if image is _UNCACHED:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        elif image is not None:  # y counts down from the top here, up from the bottom for images
            column, row = round(x) + left, round(y) + top
            self.draw_image(gc, column, self.height - row - image.shape[0], image)

    def _level_raster(self, gc, s, prop, angle, mtext) -> tuple[np.ndarray | None, int, int] | None:
        """A level one-line label laid out and rasterised by FreeType in one go (the way Agg drew
        text until matplotlib 3.11, three times as fast as glyph by glyph), placed as Agg placed
        it then; None where that does not apply (rotated text, font features or a language set,
        characters the font lacks), for `_raster` to draw."""
        features = getattr(mtext, "get_fontfeatures", lambda: None)()
        language = getattr(mtext, "get_language", lambda: None)()
        font = get_font(findfont(prop))
        if angle or "\n" in s or features or language or not all(font.get_char_index(ord(c)) for c in s):
            return None
        font.clear()
        font.set_size(prop.get_size_in_points(), self.dpi)
        font.set_text(s, 0.0, flags=get_hinting_flag())
        font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
        coverage = font.get_image()
        rows, columns = np.nonzero(coverage)
        if not len(rows):
            return None, 0, 0
        x_offset, y_offset = font.get_bitmap_offset()
        # The bitmap's bottom row sits one pixel below the descent, as Agg put it.
        top = round(y_offset / 64 + font.get_descent() / 64) + 1 - coverage.shape[0]
        r0, r1, c0, c1 = rows.min(), rows.max() + 1, columns.min(), columns.max() + 1
        red, green, blue, alpha = gc.get_rgb()
        pixels = np.empty((r1 - r0, c1 - c0, 4), np.uint8)
        pixels[..., :3] = np.floor(np.array([red, green, blue]) * 255 + 0.5)  # as Agg rounds colours
        pixels[..., 3] = np.floor(coverage[r0:r1, c0:c1] * alpha + 0.5)
        return pixels[::-1].copy(), round(x_offset / 64) + int(c0), top + int(r0)

    def _raster(self, gc, s, prop, angle, mtext) -> tuple[np.ndarray | None, int, int]:
        """The label drawn alone (rows bottom first, as draw_image takes them) and the offset of
        its top-left pixel from the text's anchor (the baseline's left end)."""
        width, height, descent = self.get_text_width_height_descent(s, prop, False)
        pad = math.ceil(prop.get_size_in_points() * self.dpi / 72 * 0.5) + 2
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        # The text's box around its anchor, rotated (y down, so an angle turns the other way).
        corners = [(cx * cos + cy * sin, -cx * sin + cy * cos)
                   for cx in (0, width) for cy in (descent - height, descent)]  # fmt: skip
        for _ in range(4):
            left = math.floor(min(c[0] for c in corners)) - pad
            top = math.floor(min(c[1] for c in corners)) - pad
            right = math.ceil(max(c[0] for c in corners)) + pad
            bottom = math.ceil(max(c[1] for c in corners)) + pad
            scratch = RendererAgg(right - left, bottom - top, self.dpi)
            scratch_gc = scratch.new_gc()
            scratch_gc.copy_properties(gc)
            RendererAgg.draw_text(scratch, scratch_gc, -left, -top, s, prop, angle, False, mtext)
            scratch_gc.restore()
            alpha = np.asarray(scratch.buffer_rgba())[..., 3]
            if not (alpha[0].any() or alpha[-1].any() or alpha[:, 0].any() or alpha[:, -1].any()):
                break
            pad *= 2  # a glyph reached past the margin: draw again with more room
        else:
            return _UNCACHED, 0, 0  # never fits: this one is drawn directly every time
        rows, columns = np.nonzero(alpha)
        if not len(rows):
            return None, 0, 0
        r0, r1, c0, c1 = rows.min(), rows.max() + 1, columns.min(), columns.max() + 1
        pixels = np.asarray(scratch.buffer_rgba())[r0:r1, c0:c1][::-1].copy()
        return pixels, int(c0) + left, int(r0) + top


def _font_key(prop) -> tuple:
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
    )


def _font_height_metrics(prop, dpi: float):
    font: Any = get_font(findfont(prop))  # the first font of the family: the one whose tables count
    head = font.get_sfnt_table("head")
    for table_name, gap, ascent, descent in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is not None and head is not None:
            scale = 1 / head["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None  # matplotlib then measures the font itself


_RENDERERS: weakref.WeakKeyDictionary[Figure, ScreenRenderer] = weakref.WeakKeyDictionary()


def screen_renderer(figure: Figure) -> ScreenRenderer:
    """The figure's screen renderer, kept (with its labels) for as long as the figure lives."""
    width, height = figure.bbox.size
    renderer = _RENDERERS.get(figure)
    if renderer is None or (renderer.width, renderer.height, renderer.dpi) != (width, height, figure.dpi):
        renderer = _RENDERERS[figure] = ScreenRenderer(width, height, figure.dpi)
    return renderer


def encode_png(rgba: np.ndarray) -> bytes:
    """RGBA pixels (rows top first) as a PNG: no row filters, zlib's fastest level."""
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + width * 4), np.uint8)  # each row: filter byte 0, then pixels
    rows[:, 1:] = rgba.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, not interlaced
    return b"".join(
        [
            PNG_SIGNATURE,
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            chunk(b"IEND", b""),
        ]
    )


def internals_differ() -> str | None:
    """Why the screen renderer cannot be trusted with the matplotlib installed (None: it can)."""
    version = tuple(int(part) for part in re.findall(r"\d+", mpl.__version__)[:2])
    if version not in TESTED_MATPLOTLIB:
        tested = ", ".join(f"{major}.{minor}" for major, minor in TESTED_MATPLOTLIB)
        return f"matplotlib {mpl.__version__} is not a version it was tested with ({tested})"
    if get_hinting_flag is None:
        return "matplotlib's Agg backend has no get_hinting_flag"
    if tuple(inspect.signature(RendererAgg.draw_text).parameters) != AGG_DRAW_TEXT:
        return "RendererAgg.draw_text takes other arguments"
    font = get_font(findfont(mpl.font_manager.FontProperties()))
    missing = [name for name in FT2FONT_METHODS if not hasattr(font, name)]
    if missing:
        return f"FT2Font lacks {', '.join(missing)}"
    layout = getattr(Text, "_get_layout", None)
    if "_get_font_height_metrics" not in getattr(getattr(layout, "__code__", None), "co_names", ()):
        return "text layout no longer asks the renderer for font height metrics"
    return None


_UNCHECKED = "unchecked"
_fallback: str | None = _UNCHECKED  # why the screen renderer is not used; None: it is


def fallback_reason() -> str | None:
    """Why panels are drawn by matplotlib's own PNG output instead of the screen renderer, or None."""
    if _fallback == _UNCHECKED:
        _fall_back(internals_differ())
    return _fallback


def _fall_back(reason: str | None) -> None:
    global _fallback
    _fallback = reason
    if reason is not None:
        warnings.warn(
            f"Panels are drawn with matplotlib's own PNG output (slower redraws): {reason}.",
            RuntimeWarning,
            stacklevel=3,
        )


def matplotlib_png(figure: Figure) -> bytes:
    """The figure as matplotlib's Agg draws and saves it: the same size as the screen picture."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return buffer.getvalue()


def render_png(figure: Figure) -> bytes:
    """The figure drawn for the screen, as PNG bytes."""
    if fallback_reason() is not None:
        return matplotlib_png(figure)
    try:
        renderer = screen_renderer(figure)
        renderer.clear()
        figure.draw(renderer)
        return encode_png(np.asarray(renderer.buffer_rgba()))
    except (AttributeError, TypeError, ValueError) as error:
        # The internals moved in a way the checks above did not see. If matplotlib's own output
        # fails too, the fault is the figure's, and its error is the one raised.
        picture = matplotlib_png(figure)
        _fall_back(f"the screen renderer failed ({type(error).__name__}: {error})")
        return picture
