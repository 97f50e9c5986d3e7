"""Screen rendering: the panel's picture is Agg's picture, its labels kept between redraws."""

from __future__ import annotations

import io
import unicodedata

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from PIL import Image

import workbench as wb
from workbench import _screen
from workbench._screen import ScreenRenderer, encode_png, render_png, screen_renderer


def agg_pixels(figure) -> np.ndarray:
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def png_pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def text_area(figure, margin: int = 2) -> np.ndarray:
    """Pixels within `margin` of any visible label's box."""
    renderer, height = figure.canvas.get_renderer(), int(figure.bbox.height)
    mask = np.zeros((height, int(figure.bbox.width)), bool)
    for text in figure.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent")):
        if not (text.get_visible() and text.get_text()):
            continue
        box = text.get_window_extent(renderer)
        top, bottom = max(0, int(height - box.y1) - margin), int(height - box.y0) + margin + 1
        mask[top:bottom, max(0, int(box.x0) - margin) : int(box.x1) + margin + 1] = True
    return mask


@pytest.fixture
def panel(db, tmp_path):
    return wb.events_panel(db, wb.Filters(years=(2016, 2024)), export_dir=tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("rotation", [pytest.param(0, id="level"), pytest.param(45, id="slanted")])
def test_screen_picture_is_agg_with_labels_at_most_a_pixel_away(panel, rotation):
    panel.trend_ax.tick_params(axis="x", labelrotation=rotation)
    expected = agg_pixels(panel.figure)
    first, again = render_png(panel.figure), render_png(panel.figure)
    assert first == again  # drawn from kept labels, the picture is the same
    difference = np.abs(png_pixels(again).astype(int) - expected).max(axis=2)
    assert difference.any()  # snapped to whole pixels, so not identical...
    assert not (difference & ~text_area(panel.figure)).any()  # ...but only where labels are


def test_labels_are_kept_between_redraws_and_only_new_ones_drawn(panel):
    renderer = screen_renderer(panel.figure)
    misses = renderer.misses
    assert misses > 20  # the first picture drew every label
    panel.controls["organisers"].value = ("police",)
    assert renderer.misses - misses < misses / 2  # years, district names, the titles: kept
    assert screen_renderer(panel.figure) is renderer


def test_a_label_in_another_colour_is_drawn_anew(panel):
    render_png(panel.figure)
    panel.trend_ax.title.set_color("#ff0000")
    pixels = png_pixels(render_png(panel.figure))
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    assert red.sum() > 50


def test_text_layout_is_the_same_as_without_kept_font_metrics(panel):
    plain = RendererAgg(*panel.figure.bbox.size, panel.figure.dpi)
    screen = ScreenRenderer(*panel.figure.bbox.size, panel.figure.dpi)
    texts = [
        panel.trend_ax.title,
        *panel.breakdown_ax.get_yticklabels(),
        panel.figure.text(0.1, 0.1, "Nguồn: Sở LĐ-TB&XH\nPhiên bản dữ liệu 2024", fontsize=7),
        panel.figure.text(0.5, 0.5, "Thới Lai", fontsize=13, rotation=30, fontweight="bold"),
    ]
    for text in texts:
        assert text.get_window_extent(screen).bounds == text.get_window_extent(plain).bounds


@pytest.mark.slow
def test_kept_labels_are_bounded(panel, monkeypatch):
    monkeypatch.setattr(_screen, "MAX_RASTERS", 8)
    for i in range(30):
        panel.trend_ax.set_title(f"Tiêu đề {i}")
        render_png(panel.figure)
        assert len(screen_renderer(panel.figure).rasters) <= 8


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param((1, 1), id="one-pixel"),
        pytest.param((37, 53), id="odd"),
        pytest.param((480, 1100), id="panel"),
    ],
)
def test_png_encoding_round_trips(shape):
    pixels = np.random.default_rng(7).integers(0, 256, (*shape, 4), dtype=np.uint8)
    data = encode_png(pixels)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert np.array_equal(png_pixels(data), pixels)


@pytest.mark.slow
def test_screen_drawing_leaves_exported_files_as_they_were(db, tmp_path):
    data = db.events(wb.Filters(years=(2016, 2020)), by="year")
    # Each drawn once before export (a layout engine places the Axes on every draw): one by
    # matplotlib's Agg canvas, one for the screen.
    by_agg = wb.trend_chart(data, "events", meta=db.metadata).figure
    by_agg.canvas.draw()
    drawn = wb.trend_chart(data, "events", meta=db.metadata).figure
    render_png(drawn)
    options = {"data": data, "meta": db.metadata, "formats": ["png", "svg"]}
    files = wb.export_figure(drawn, tmp_path / "drawn" / "trend", **options)
    expected = wb.export_figure(by_agg, tmp_path / "by_agg" / "trend", **options)
    for mine, theirs in zip(files, expected, strict=True):
        if mine.suffix in (".png", ".svg"):
            assert mine.read_bytes() == theirs.read_bytes(), mine.name


def test_see_through_and_clipped_text_look_as_agg_draws_them():
    figure = Figure(figsize=(3, 2), dpi=100)
    FigureCanvasAgg(figure)
    figure.text(0.1, 0.8, "Thới Lai", fontsize=14, alpha=0.4, color="red")
    figure.text(0.55, 0.8, "Cờ Đỏ", fontsize=14, color=(0, 0, 1, 0.5))
    ax = figure.add_axes((0.2, 0.1, 0.6, 0.5))
    ax.set_axis_off()
    ax.text(0.8, 0.5, "Phong Điền", fontsize=16, clip_on=True)  # cut at the Axes' right edge
    expected = agg_pixels(figure)
    renderer = ScreenRenderer(*figure.bbox.size, figure.dpi)
    for _ in range(2):  # drawn, then drawn from what was kept
        renderer.clear()
        figure.draw(renderer)
    difference = np.abs(np.asarray(renderer.buffer_rgba()).astype(int) - expected).max(axis=2)
    assert not (difference & ~text_area(figure)).any()
    clipped = np.zeros_like(difference, bool)
    clipped[:, int(ax.bbox.x1) :] = True
    assert not (difference & clipped).any()  # nothing past the clip edge


@pytest.mark.parametrize(
    "label",
    [
        pytest.param("2016", id="year"),
        pytest.param("1.250", id="number"),
        pytest.param("Số hoạt động tuyên truyền theo quận/huyện", id="title"),
        pytest.param("Phía nước ngoài trao trả qua cửa khẩu", id="long"),
        pytest.param(unicodedata.normalize("NFD", "Thới Lai, Cờ Đỏ"), id="nfd"),
        pytest.param("gjpqy 'quoted' \"x\" <b>", id="descenders-quotes"),
    ],
)
@pytest.mark.parametrize("size", [7, 10, 12])
def test_a_level_label_drawn_in_one_go_matches_agg_within_a_pixel(label, size):
    renderer = ScreenRenderer(400, 100, 100)
    gc = renderer.new_gc()
    gc.set_foreground((0.2, 0.3, 0.4, 1.0), isRGBA=True)
    prop = FontProperties(size=size)
    quick, (agg, agg_left, agg_top) = (
        renderer._level_raster(gc, label, prop, 0, None),
        renderer._raster(gc, label, prop, 0, None),
    )
    image, left, top = quick
    assert abs(left - agg_left) <= 1 and abs(top - agg_top) <= 1
    assert abs(image.shape[0] - agg.shape[0]) <= 1 and abs(image.shape[1] - agg.shape[1]) <= 1
    colours = {tuple(pixel) for pixel in image[image[..., 3] > 0][:, :3]}
    assert colours == {tuple(pixel) for pixel in agg[agg[..., 3] > 0][:, :3]} == {(51, 77, 102)}
    assert abs(int(image[..., 3].sum()) - int(agg[..., 3].sum())) < 0.05 * agg[..., 3].sum()  # as much ink


def test_rotated_labels_and_missing_glyphs_are_left_to_agg():
    renderer = ScreenRenderer(400, 100, 100)
    gc = renderer.new_gc()
    assert renderer._level_raster(gc, "2016", FontProperties(size=10), 45, None) is None
    assert renderer._level_raster(gc, "人口 2016", FontProperties(size=10), 0, None) is None


# --- the fence: when matplotlib's internals differ, the panels fall back to matplotlib's own PNG ---


@pytest.fixture
def fresh_check(monkeypatch):
    """The internals checked anew in this test, and the result not kept for the next ones."""
    monkeypatch.setattr(_screen, "_fallback", _screen._UNCHECKED)


def test_the_matplotlib_installed_is_one_the_screen_renderer_was_tested_with(fresh_check):
    assert _screen.internals_differ() is None
    assert _screen.fallback_reason() is None


def _differ_by(monkeypatch, how: str) -> None:
    if how == "version":
        monkeypatch.setattr(_screen.mpl, "__version__", "3.12.0")
    elif how == "hinting-helper-gone":
        monkeypatch.setattr(_screen, "get_hinting_flag", None)
    elif how == "draw-text-signature":
        monkeypatch.setattr(RendererAgg, "draw_text", lambda self, gc, x, y, s, prop, angle, **kw: None)
    elif how == "layout-asks-no-metrics":
        monkeypatch.setattr(_screen.Text, "_get_layout", lambda self, renderer: None)


@pytest.mark.parametrize(
    "how", ["version", "hinting-helper-gone", "draw-text-signature", "layout-asks-no-metrics"]
)
def test_internals_that_differ_are_seen(fresh_check, monkeypatch, how):
    _differ_by(monkeypatch, how)
    assert _screen.internals_differ()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["version", "hinting-helper-gone"])
def test_with_other_internals_the_panel_still_shows_its_picture(panel, fresh_check, monkeypatch, how):
    """Forced to fall back, the panel's image is matplotlib's own drawing of the figure: the same
    pixels Agg draws, at the screen picture's size, redrawn when a filter changes."""
    _differ_by(monkeypatch, how)
    with pytest.warns(RuntimeWarning, match="matplotlib's own PNG output"):
        picture = render_png(panel.figure)
    assert _screen.fallback_reason()
    pixels = png_pixels(picture)
    width, height = (int(v) for v in panel.figure.bbox.size)
    assert pixels.shape == (height, width, 4)
    assert np.array_equal(pixels, agg_pixels(panel.figure))  # exactly what matplotlib draws
    assert len(np.unique(pixels.reshape(-1, 4), axis=0)) > 20  # bars, labels, text: not blank

    panel.controls["organisers"].value = ("police",)  # the panel redraws through the fallback
    redrawn = png_pixels(panel.image.value)
    assert redrawn.shape == pixels.shape
    assert not np.array_equal(redrawn, pixels)
    assert np.array_equal(redrawn, agg_pixels(panel.figure))


@pytest.mark.slow
def test_a_screen_renderer_that_fails_gives_way_to_matplotlib(panel, fresh_check, monkeypatch):
    """Internals that moved in a way the checks miss: the first failure switches to the fallback."""

    def moved(self, *args, **kwargs):
        raise AttributeError("'FT2Font' object has no attribute 'draw_glyphs_to_bitmap'")

    monkeypatch.setattr(ScreenRenderer, "draw_text", moved)
    with pytest.warns(RuntimeWarning, match="screen renderer failed"):
        picture = render_png(panel.figure)
    assert np.array_equal(png_pixels(picture), agg_pixels(panel.figure))
    assert "draw_glyphs_to_bitmap" in _screen.fallback_reason()


def test_a_fault_in_the_figure_itself_is_raised_not_hidden(fresh_check):
    figure = Figure(figsize=(2, 1), dpi=50)
    figure.add_artist(_Broken())
    with pytest.raises(TypeError, match="broken artist"):
        render_png(figure)
    assert _screen.fallback_reason() is None  # and the screen renderer stays in use


class _Broken(_screen.Text):
    def draw(self, renderer):
        raise TypeError("broken artist")
