"""Charts show as images in IPython: the display formatters the workbench registers on import."""

import base64
import io

import pytest
from IPython.core.interactiveshell import InteractiveShell
from PIL import Image

import workbench as wb
from workbench import _display


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    assert _display.register(shell)
    yield shell
    wb.display_formats("png")


@pytest.fixture
def chart(db):
    return wb.trend_chart(db.events(years=(2016, 2020), by="year", complete=True), "events")


@pytest.mark.slow
@pytest.mark.parametrize("what", ["axes", "figure", "map"])
def test_a_chart_formats_as_a_png_at_its_size_and_a_description(shell, chart, db, what):
    item = {
        "axes": chart,
        "figure": chart.figure,
        "map": wb.district_map(db.events(years=(2016, 2020), by="district"), "attendees"),
    }[what]
    data, metadata = shell.display_formatter.format(item)
    assert set(data) == {"text/plain", "image/png"}
    assert not data["text/plain"].startswith("<"), data["text/plain"]
    figure = item if what == "figure" else item.figure
    image = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
    shown = metadata["image/png"]
    assert (shown["width"], shown["height"]) == tuple(round(v) for v in figure.get_size_inches() * figure.dpi)
    assert image.size == (shown["width"] * _display.SCALE, shown["height"] * _display.SCALE)


def test_svg_on_request(shell, chart):
    wb.display_formats("png", "svg")
    data, _ = shell.display_formatter.format(chart)
    assert data["image/svg+xml"].lstrip().startswith("<?xml")
    assert "image/png" in data


def test_the_description_names_the_title(shell, chart):
    data, _ = shell.display_formatter.format(chart)
    assert data["text/plain"] == "Chart: Số hoạt động tuyên truyền theo năm · 2016–2020 · toàn thành phố"


@pytest.mark.parametrize("formats", [(), ("jpeg",), ("png", "gif")], ids=["none", "jpeg", "gif"])
def test_unknown_display_formats_are_refused(formats):
    with pytest.raises(wb.WorkbenchError, match="Valid: png, svg"):
        wb.display_formats(*formats)


def test_nothing_is_registered_outside_ipython():
    class NoShell:
        pass

    assert _display.register(NoShell()) is False
