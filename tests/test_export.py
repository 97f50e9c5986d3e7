"""Exported files: byte-identical for identical input, TrueType fonts with extractable Vietnamese,
300 dpi PNG, and a sidecar that says exactly what was drawn."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

import workbench as wb
from workbench._export import data_hash

PERIOD = wb.Filters(years=(2016, 2020), districts=["Phong Điền", "Cờ Đỏ", "Ô Môn"])


def draw(db, filters=PERIOD):
    frame = db.events(filters, by="district", complete=True)
    return wb.district_chart(frame, "attendees", meta=db.metadata), frame


@pytest.mark.slow
def test_identical_data_and_filters_give_identical_files(db, tmp_path):
    first = wb.export_figure(draw(db)[0], tmp_path / "a" / "districts", data=draw(db)[1], meta=db.metadata)
    second = wb.export_figure(draw(db)[0], tmp_path / "b" / "districts", data=draw(db)[1], meta=db.metadata)
    assert [p.name for p in first] == [
        "districts.png", "districts.png.json", "districts.svg", "districts.svg.json",
        "districts.pdf", "districts.pdf.json",
    ]  # fmt: skip
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_other_filters_give_other_files(db, tmp_path):
    ax, frame = draw(db)
    other_ax, other = draw(db, PERIOD.replace(years=(2021, 2024)))
    (one,) = wb.export_figure(ax, tmp_path / "x", data=frame, meta=db.metadata, formats=["svg"])[:1]
    (two,) = wb.export_figure(other_ax, tmp_path / "y", data=other, meta=db.metadata, formats=["svg"])[:1]
    assert one.read_bytes() != two.read_bytes()


@pytest.mark.slow
def test_pdf_embeds_truetype_fonts_and_vietnamese_text_extracts_intact(db, tmp_path):
    ax, frame = draw(db)
    written = wb.export_figure(ax, tmp_path / "f", data=frame, meta=db.metadata, formats=["pdf"])
    pdf = written[0]
    page = PdfReader(pdf).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/Type0"  # matplotlib's TrueType (fonttype 42) embedding
        (descendant,) = font["/DescendantFonts"]
        descendant = descendant.get_object()
        assert descendant["/Subtype"] == "/CIDFontType2"
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # the font program itself
    extracted = unicodedata.normalize("NFC", page.extract_text())
    for expected in ("Phong Điền", "Cờ Đỏ", "Ô Môn", "Lượt người tham dự theo quận/huyện", "Nguồn"):
        assert expected in extracted
    assert wb.format_number(int(frame["attendees"].iloc[0])) in extracted


@pytest.mark.slow
def test_png_is_300_dpi(db, tmp_path):
    ax, frame = draw(db)
    (png, _) = wb.export_figure(ax, tmp_path / "f.png", data=frame, meta=db.metadata, formats=["png"])
    with Image.open(png) as image:
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert image.size == (round(ax.figure.get_figwidth() * 300), round(ax.figure.get_figheight() * 300))


@pytest.mark.slow
def test_sidecar_records_sql_params_fingerprints_and_versions(db, tmp_path):
    ax, frame = draw(db)
    svg, sidecar = wb.export_figure(ax, tmp_path / "f", data=frame, meta=db.metadata, formats=["svg"])
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    assert record["file"] == "f.svg"
    assert record["sha256"] == hashlib.sha256(svg.read_bytes()).hexdigest()
    (query,) = record["queries"]
    assert query["sql"] == frame.attrs["sql"]
    assert query["params"] == json.loads(json.dumps(frame.attrs["params"]))
    assert query["filters"]["districts"] == [917, 925, 926]
    assert record["data_fingerprint"]["database"] == db.metadata["fingerprint"]
    assert record["data_fingerprint"]["plotted_data_sha256"] == data_hash(frame)
    assert {"python", "workbench", "matplotlib", "duckdb", "pandas"} <= set(record["versions"])


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        pytest.param({}, "Chỉ tính nạn nhân đã được xác định", id="identified-unless-asked"),
        pytest.param({"lang": "en"}, "Identified victims only", id="identified-in-english"),
        pytest.param({"trafficking_statuses": ["possible"]}, "đang trong quá trình xác định", id="possible"),
    ],
)
def test_a_victims_sidecar_says_which_statuses_it_counts(db_path, tmp_path, asked, said):
    """A victims chart's sidecar listed its filters with no status where its parameters held
    'actual': a reader of the file could not tell that people being identified were left out."""
    with wb.connect(db_path, mode="publish") as public:
        frame = public.victims(years=(2016, 2020), by="year", **asked)
    ax = wb.trend_chart(frame)
    _, sidecar = wb.export_figure(ax, tmp_path / "victims.svg", data=frame)
    (query,) = json.loads(sidecar.read_text(encoding="utf-8"))["queries"]
    assert said in query["status_note"], query["status_note"]
    assert query["status_note"] == frame.attrs["status_note"]


def test_unknown_format_names_the_valid_ones(db, tmp_path):
    ax, frame = draw(db)
    with pytest.raises(wb.UnknownCodeError, match=r"did you mean 'svg'.*Valid: png, svg, pdf"):
        wb.export_figure(ax, tmp_path / "f", data=frame, meta=db.metadata, formats=["svgz"])


@pytest.mark.slow
def test_a_file_holds_one_chart(db, tmp_path):
    """An Axes sharing its figure with another chart is refused with what to do; its own figure
    (or the whole Figure, asked for explicitly) is written."""
    frame = db.events(years=(2016, 2020), by="year", complete=True)
    figure, (left, right) = wb.new_figure((11, 4.8), ncols=2)
    wb.trend_chart(frame, "events", ax=left)
    wb.trend_chart(frame, "attendees", ax=right)
    with pytest.raises(wb.WorkbenchError, match=r"shares its figure with 1 other chart.*without ax="):
        wb.export_figure(left, tmp_path / "left", data=frame, meta=db.metadata, formats=["svg"])
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError):  # also the builtin a caller would expect
        wb.export_figure(left, tmp_path / "l", data=frame, meta=None)
    own = wb.trend_chart(frame, "events", meta=db.metadata)
    assert len(wb.export_figure(own, tmp_path / "own", data=frame, meta=db.metadata, formats=["svg"])) == 2
    assert (
        len(wb.export_figure(figure, tmp_path / "both", data=frame, meta=db.metadata, formats=["svg"])) == 2
    )


@pytest.mark.parametrize(
    ("given", "written"),
    [
        pytest.param("donor.pdf", "donor_internal.pdf", id="a-file-name"),
        pytest.param("03_victims_by_year", "03_victims_by_year_internal", id="a-stem"),
        pytest.param(
            "brief_2019-2020_internal_vi.pdf", "brief_2019-2020_internal_vi.pdf", id="already-named"
        ),
        pytest.param("chart-internal.png", "chart-internal.png", id="named-with-a-hyphen"),
        pytest.param("internals.svg", "internals_internal.svg", id="a-longer-word"),
        pytest.param("báo cáo.v2", "báo cáo.v2_internal", id="a-dot-not-a-format"),
    ],
)
def test_a_file_of_exact_counts_says_internal_in_its_name(given, written):
    from workbench._export import internal_name

    assert internal_name(Path("out") / given) == Path("out") / written


def test_an_internal_figure_given_a_published_figures_path_leaves_that_file_alone(db, tmp_path):
    """`wb.export_figure(ax, "out/figures/03_victims_by_year.png", mode="internal")` replaced a
    published figure the register lists, keeping its name and its permissions (0644)."""
    frame = db.victims(PERIOD, by="district", complete=True)
    ax = wb.district_chart(frame, "victims", meta=db.metadata)
    published = tmp_path / "03_victims_by_year.png"
    published.write_bytes(b"the published figure")
    written = wb.export_figure(ax, published, data=frame, meta=db.metadata, formats=["png"], mode="internal")
    assert [p.name for p in written] == [
        "03_victims_by_year_internal.png",
        "03_victims_by_year_internal.png.json",
    ]
    assert published.read_bytes() == b"the published figure"
    assert json.loads(written[1].read_text(encoding="utf-8"))["mode"] == "internal"
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in written)


def test_a_figure_asked_into_a_file_is_refused_naming_it(db, tmp_path):
    ax, frame = draw(db)
    taken = tmp_path / "brief.pdf"
    taken.write_bytes(b"%PDF")
    for mode in ("publish", "internal"):
        with pytest.raises(wb.StoreError, match=r"brief\.pdf is a file; a folder is needed there"):
            wb.export_figure(
                ax, taken / "districts", data=frame, meta=db.metadata, formats=["svg"], mode=mode
            )
    assert taken.read_bytes() == b"%PDF"


def test_a_folder_where_a_file_is_to_go_is_refused_before_anything_is_written(db, tmp_path):
    ax, frame = draw(db)
    (tmp_path / "districts.svg.json").mkdir()
    with pytest.raises(wb.StoreError, match=r"districts\.svg\.json is a folder; a file is needed there"):
        wb.export_figure(ax, tmp_path / "districts", data=frame, meta=db.metadata, formats=["png", "svg"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["districts.svg.json"]


@pytest.mark.parametrize(
    ("name", "written"),
    [
        pytest.param("f.png", ["f.png", "f.png.json"], id="a-png-name-a-png"),
        pytest.param("f.SVG", ["f.svg", "f.svg.json"], id="an-svg-name-an-svg"),
        pytest.param(
            "f", ["f.pdf", "f.pdf.json", "f.png", "f.png.json", "f.svg", "f.svg.json"], id="no-format-all"
        ),
    ],
)
def test_a_name_with_a_format_is_written_in_that_format_only(db, tmp_path, name, written):
    # 'chart.png' wrote chart.png, chart.svg and chart.pdf
    ax, frame = draw(db)
    wb.export_figure(ax, tmp_path / name, data=frame, meta=db.metadata)
    assert sorted(p.name for p in tmp_path.iterdir()) == written


@pytest.mark.parametrize(
    ("name", "kwargs", "error", "says"),
    [
        pytest.param("a.jpg", {}, wb.UnknownCodeError, "names a .jpg file", id="jpg"),
        pytest.param("a.TIFF", {}, wb.UnknownCodeError, "names a .tiff file", id="tiff"),
        pytest.param(
            "a.docx", {"mode": "internal"}, wb.UnknownCodeError, "PNG, SVG or PDF", id="docx-internal"
        ),
        pytest.param(
            "c.png",
            {"formats": ["svg", "pdf"]},
            wb.UnknownCodeError,
            "formats= asks for svg, pdf",
            id="png-not-asked",
        ),
    ],
)
def test_a_name_no_figure_is_written_as_is_refused_before_anything_is_written(
    db, tmp_path, name, kwargs, error, says
):
    # 'a.jpg' wrote a.jpg.png, a.jpg.svg, a.jpg.pdf; 'c.png' with formats=['svg', 'pdf'] wrote no PNG
    ax, frame = draw(db)
    with pytest.raises(error, match=re.escape(says)):
        wb.export_figure(ax, tmp_path / name, data=frame, meta=db.metadata, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_formats_given_as_one_word_is_that_format(db, tmp_path):
    # formats="png" was read letter by letter: "Unknown export format 'p'"
    ax, frame = draw(db)
    wb.export_figure(ax, tmp_path / "f", data=frame, meta=db.metadata, formats="png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.png", "f.png.json"]


@pytest.mark.parametrize(
    ("lang", "says"), [("vi", "Hình này được vẽ từ số chính xác"), ("en", "This figure is drawn")]
)
def test_a_refused_export_is_said_in_the_language_its_table_was_asked_in(db, tmp_path, lang, says):
    # an English chart's refusal was Vietnamese: export_figure takes no lang of its own
    victims = db.victims(PERIOD, by="year", complete=True, lang=lang)
    with pytest.raises(wb.DisclosureError, match=says):
        wb.export_figure(wb.trend_chart(victims), tmp_path / "v.png", data=victims, meta=db.metadata)
    assert list(tmp_path.iterdir()) == []


def test_a_chart_exports_with_no_data_or_meta_given_as_if_both_were(db, tmp_path):
    """`export_figure(ax, "chart.png")`, as an analyst first writes it, refused for a missing
    `data=` and `meta=` although the chart was drawn from one table of the database."""
    ax, frame = draw(db)
    _, given = wb.export_figure(ax, tmp_path / "given.png", data=frame, meta=db.metadata)
    _, taken = wb.export_figure(ax, tmp_path / "taken.png")
    assert json.loads(taken.read_text(encoding="utf-8")) == {
        **json.loads(given.read_text(encoding="utf-8")),
        "file": "taken.png",
        "sha256": json.loads(taken.read_text(encoding="utf-8"))["sha256"],
    }
    assert (tmp_path / "taken.png").read_bytes() == (tmp_path / "given.png").read_bytes()


def test_a_panel_exports_the_tables_of_each_of_its_charts(db, tmp_path):
    frame = db.events(PERIOD, by="district", complete=True)
    by_year = db.events(PERIOD, by="year", complete=True)
    figure, (left, right) = wb.new_figure(ncols=2)
    wb.district_chart(frame, "attendees", ax=left)
    wb.trend_chart(by_year, ax=right)
    _, sidecar = wb.export_figure(figure, tmp_path / "panel.png")
    queries = json.loads(sidecar.read_text(encoding="utf-8"))["queries"]
    assert [q["sql"] for q in queries] == [frame.attrs["sql"], by_year.attrs["sql"]]


def test_a_figure_drawn_by_hand_asks_for_its_data(db, tmp_path):
    import matplotlib.figure

    ax = matplotlib.figure.Figure().subplots()
    ax.bar(["a", "b"], [1, 2])
    with pytest.raises(wb.WorkbenchError, match="pass data="):
        wb.export_figure(ax, tmp_path / "hand.png")
    assert list(tmp_path.iterdir()) == []


def test_an_internal_victims_chart_with_no_data_given_is_still_refused_as_published(db, tmp_path):
    victims = db.victims(PERIOD, by="year", complete=True)
    with pytest.raises(wb.DisclosureError):
        wb.export_figure(wb.trend_chart(victims), tmp_path / "v.png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given", ["figs/", "folder"], ids=["trailing-slash", "existing-folder"])
def test_a_folder_given_as_the_name_is_refused_naming_a_file_in_it(db, tmp_path, given):
    ax, _ = draw(db)
    (tmp_path / "folder").mkdir()
    with pytest.raises(wb.WorkbenchError, match=r"is a folder: give the figure a file name in it"):
        wb.export_figure(ax, str(tmp_path) + "/" + given)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    assert list((tmp_path / "folder").iterdir()) == []


def test_an_export_refuses_a_table_whose_register_is_gone(fresh, tmp_path):
    """A published table whose register was moved or deleted since its query: nothing is written,
    and the refusal says why (`_export.release_files`), rather than a register made anew."""
    with wb.connect(fresh, build=False, mode="publish") as public:
        frame = public.victims(years=(2016, 2020), by="year")
        register = public.register.path
    register.rename(register.with_name("kept-aside.jsonl"))
    with pytest.raises(wb.DisclosureError, match="attrs\\['release'\\]"):
        wb.export_figure(wb.trend_chart(frame), tmp_path / "out" / "victims", data=frame)
    assert not register.exists() and not (tmp_path / "out").exists()
