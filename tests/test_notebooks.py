"""Every notebook runs top to bottom headless, against a database built for the test run, and shows
what an analyst would see in JupyterLab: every cell that makes a chart, map or figure has an image
output (a real PNG, not blank), and no output anywhere is a bare `<Figure ...>` / `<Axes ...>` repr."""

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import workbench as wb

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]  # a kernel per notebook: minutes

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
# A cell makes a figure when it calls a chart helper, draws a map, makes a figure or shows one.
MAKES_FIGURE = re.compile(r"\b\w+_chart\(|\bdistrict_map\(|\bnew_figure\(|\.figure\b")
BARE_REPR = re.compile(r"<(?:matplotlib\.\S+ )?(?:Figure|Axes|SubFigure)\b[^>]*>")
# pandas cuts a long cell to its first characters and "..." (display.max_colwidth).
CUT_CELL = re.compile(r"<td[^>]*>[^<]*\w\.\.\.</td>")
# How many images a cell shows when it displays more than one (a loop over the briefing set).
IMAGES_EXPECTED = {("04_briefing_figures", 3): len(wb.STANDARD_FIGURES)}


def _executed(path: Path, db_path: Path, monkeypatch, tmp_path: Path, parameters: str = ""):
    # Imported here: they take seconds to import, which collecting the fast tier need not pay.
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells), "commit notebooks without outputs"
    if parameters:  # as papermill does: a cell after the parameters cell sets them
        at = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", ()))
        injected = nbformat.v4.new_code_cell(parameters, metadata={"tags": ["injected-parameters"]})
        notebook.cells.insert(at + 1, injected)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return notebook


def _texts(output) -> list[str]:
    if output.output_type == "stream":
        return [output.text]
    data = output.get("data", {})
    return [data[m] for m in ("text/plain", "text/html") if isinstance(data.get(m), str)]


def check_png(encoded: str, where: str) -> tuple[int, int]:
    """A decodable PNG of sensible size with something drawn on it (not one flat colour)."""
    image = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert image.format == "PNG", where
    width, height = image.size
    assert 300 <= width <= 6000 and 200 <= height <= 6000, f"{where}: image of {width}x{height}"
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 5, f"{where}: the image is blank"
    assert (pixels < 128).mean() > 0.002, f"{where}: hardly anything dark drawn on it"
    return width, height


# What a notebook is given to run as shipped but for where it writes (04's default is beside the
# repository's out/, shared by every test of the run).
WRITES_INTO = {"04_briefing_figures": "OUT_DIR = {out!r}"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_and_shows_its_figures(path, db_path, monkeypatch, tmp_path):
    out = tmp_path / "out"
    before = len(_released(db_path))
    parameters = WRITES_INTO.get(path.stem, "").format(out=str(out))
    notebook = _executed(path, db_path, monkeypatch, tmp_path, parameters)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    shipped = [c for c in notebook.cells if "injected-parameters" not in c.metadata.get("tags", ())]
    for index, cell in enumerate(shipped):  # numbered as the notebook is committed
        if cell.cell_type != "code":
            continue
        where = f"{path.stem} cell {index}"
        for output in cell.outputs:
            for shown in _texts(output):
                assert not BARE_REPR.search(shown), f"{where} shows {BARE_REPR.search(shown).group()!r}"
            # A table cell cut short by pandas ("Đội CTXH tình ngu..." in 01_overview's totals).
            html = output.get("data", {}).get("text/html", "")
            cut = CUT_CELL.search(html if isinstance(html, str) else "")
            assert not cut, f"{where} shows a table cell cut short: {cut.group()!r}"
        images = [o.data["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
        if MAKES_FIGURE.search(cell.source):
            assert images, f"{where} makes a figure but shows no image:\n{cell.source}"
        expected = IMAGES_EXPECTED.get((path.stem, index))
        if expected is not None:
            assert len(images) == expected, f"{where} shows {len(images)} images, not {expected}"
        for number, encoded in enumerate(images):
            check_png(encoded, f"{where} image {number}")
    if path.stem == "04_briefing_figures":
        _drew_internal_as_shipped(out, db_path, before, ["png", "svg", "pdf"])


def _drew_internal_as_shipped(out: Path, db_path: Path, before: int, formats: list[str]) -> None:
    """`04_briefing_figures` as shipped ran in publish mode: a newcomer's Run All was a release, and
    every later published table withheld more (2023's 5 and 2024's 7 victims shown `x`). As shipped
    it draws exact counts, exported apart from published figures (their folder and names never
    taken), and records nothing."""
    names = sorted(p.name for p in (out / "internal" / "figures" / "2016-2020_internal_vi").iterdir())
    assert names == sorted(
        f"{spec.name}_internal.{form}{json}"
        for spec in wb.STANDARD_FIGURES
        for form in formats
        for json in ("", ".json")
    )
    assert not (out / "figures").exists()
    assert len(_released(db_path)) == before


def test_every_figure_making_cell_is_found():
    """The pattern above is what decides which cells are checked: it must see the known ones."""
    import nbformat

    found = {
        p.stem: sum(
            1
            for c in nbformat.read(p, as_version=4).cells
            if c.cell_type == "code" and MAKES_FIGURE.search(c.source)
        )
        for p in NOTEBOOKS
    }
    assert found["01_overview"] >= 2
    assert found["04_briefing_figures"] >= 1
    assert found["05_ad_hoc_sql"] >= 1
    assert found["07_reform_and_maps"] >= 5


def test_there_are_notebooks():
    assert any(p.name == "01_overview.ipynb" for p in NOTEBOOKS)


VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)


def _shown_text(notebook) -> str:
    """Everything the executed notebook shows as text: printed lines, table cells and headings."""
    shown = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for text in _texts(output):
                shown.append(re.sub(r"<[^>]+>", "\n", text))  # an HTML table's cells, one a line
    return "\n".join(shown)


def test_the_overview_in_english_shows_english_words(db_path, monkeypatch, tmp_path):
    """Switched to English, every label the overview shows is English (the review's rows, the
    tables' headings, the data line); only the districts' names keep their diacritics."""
    path = next(p for p in NOTEBOOKS if p.stem == "01_overview")
    notebook = _executed(path, db_path, monkeypatch, tmp_path, 'LANG = "en"')
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    shown = _shown_text(notebook)
    names = {d.name_vi for d in wb.districts()}
    lines = [line.strip() for line in shown.splitlines() if line.strip()]
    vietnamese = [line for line in lines if VIETNAMESE.search(line) and line not in names]
    assert vietnamese == [], vietnamese
    for words in ("Integrated awareness sessions", "Returned victims identified and supported", "Attendees"):
        assert words in shown
    assert "54,131" in shown and "Data: sample-" in shown


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_overview_shows_counts_as_whole_numbers(db_path, monkeypatch, tmp_path, lang):
    """No count in the overview's output is written as a float (`108.0`); Vietnamese writes 54.131."""
    path = next(p for p in NOTEBOOKS if p.stem == "01_overview")
    notebook = _executed(path, db_path, monkeypatch, tmp_path, f'LANG = "{lang}"')
    shown = _shown_text(notebook)
    assert not re.search(r"(?<![\d.,])\d+\.0(?![\d])", shown), re.findall(r"\S*\d+\.0\S*", shown)
    assert {"vi": "54.131", "en": "54,131"}[lang] in shown
    assert {"vi": "20.185", "en": "20,185"}[lang] in shown  # Ninh Kiều's attendees, the district table


def _released(db_path: Path) -> list[dict]:
    from workbench._build import database_id
    from workbench._release import Register

    return [e for e in Register(db_path, database_id(db_path)).entries() if "cells" in e]


@pytest.mark.parametrize("mode", ["publish", "past-the-data"])
def test_the_briefing_notebook_publishes_when_told_and_cuts_years_past_the_data(
    mode, db_path, monkeypatch, tmp_path
):
    """With MODE = "publish" `04_briefing_figures` is a release; years past the data are cut to those
    held, and the folder says the years drawn. (As shipped it draws exact counts and records
    nothing: `test_notebook_executes_and_shows_its_figures`.)"""
    out = tmp_path / "out"
    parameters = (
        f'OUT_DIR = {str(out)!r}\nFORMATS = ["png"]'
        + {
            "publish": '\nMODE = "publish"',
            "past-the-data": "\nYEARS = (2024, 2030)",  # cut to those held: the folder says the years drawn
        }[mode]
    )
    before = len(_released(db_path))
    path = next(p for p in NOTEBOOKS if p.stem == "04_briefing_figures")
    notebook = _executed(path, db_path, monkeypatch, tmp_path, parameters)
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    if mode == "past-the-data":
        assert [p.name for p in (out / "internal" / "figures").iterdir()] == ["2024-2026_internal_vi"]
        warned = [o.text for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
        assert any("YearsCutWarning" in text and "2024–2026" in text for text in warned), warned
    else:
        names = sorted(p.name for p in (out / "figures" / "2016-2020_vi").iterdir())
        assert f"{wb.STANDARD_FIGURES[0].name}.png" in names
        assert not (out / "internal").exists()
        assert len(_released(db_path)) > before
