"""`workbench figures` and `workbench brief`: the standard set, headless, reproducible."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from pypdf import PdfReader

import workbench as wb
from workbench._cli import main


@pytest.mark.slow
def test_every_briefing_figure_has_a_footer_with_the_filters(db):
    period = wb.Filters(years=(2019, 2020), districts=["Thới Lai"])
    figures = wb.briefing_figures(db, period, lang="en")
    assert [name for name, _, _ in figures] == [spec.name for spec in wb.STANDARD_FIGURES]
    for name, ax, frames in figures:
        text = wb.footer(ax.figure)
        assert "Districts: Thới Lai" in text and "Years: 2019–2020" in text, name
        assert db.metadata["data_version"] in text, name
        assert all(frame.attrs["filters"] == period for frame in frames), name


@pytest.mark.slow
def test_figures_command_renders_the_set_into_a_folder(db_path, tmp_path, capsys):
    out = tmp_path / "figures"
    argv = ["figures", "--years", "2019", "2020", "--districts", "Ninh Kiều", "925"]
    assert main([*argv, "--format", "svg", "--out", str(out), "--db", str(db_path)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [f"{spec.name}.svg" for spec in wb.STANDARD_FIGURES]
        + [f"{spec.name}.svg.json" for spec in wb.STANDARD_FIGURES]
    )
    record = json.loads((out / "03_victims_by_year.svg.json").read_text(encoding="utf-8"))
    assert record["queries"][0]["filters"]["districts"] == [916, 925]
    assert record["queries"][0]["filters"]["years"] == [2019, 2020]
    written, released = capsys.readouterr().out.splitlines()  # and what its release published
    assert written == f"đã ghi {2 * len(wb.STANDARD_FIGURES)} tệp vào {out}"
    assert released.startswith("Lần công bố mới của bộ biểu đồ (số ")


@pytest.mark.slow
def test_internal_figures_never_replace_the_published_ones(db_path, tmp_path, monkeypatch, capsys):
    """`workbench figures --mode internal` wrote exact victim figures into out/figures/ under the
    published figures' names: the PNG an analyst sent out next was the internal one. Internal
    figures go to out/internal/figures/ (owner-only), their names ending `_internal`; written
    into a folder of published ones, they leave those as they were."""
    monkeypatch.setattr("workbench._paths.PROJECT_ROOT", tmp_path)
    argv = ["figures", "--years", "2019", "2020", "--districts", "Ninh Kiều", "--format", "pdf"]
    assert main([*argv, "--db", str(db_path)]) == 0
    # A folder per selection: the figures of Ninh Kiều replaced the city's of the same years.
    published = tmp_path / "out" / "figures" / "2019-2020_916_vi"
    before = {p.name: p.read_bytes() for p in published.iterdir()}
    assert sorted(before) == sorted(
        [f"{spec.name}.pdf" for spec in wb.STANDARD_FIGURES]
        + [f"{spec.name}.pdf.json" for spec in wb.STANDARD_FIGURES]
    )
    assert main([*argv, "--mode", "internal", "--db", str(db_path)]) == 0
    internal = tmp_path / "out" / "internal" / "figures" / "2019-2020_916_internal_vi"
    names = sorted(p.name for p in internal.iterdir())
    assert names == sorted(
        [f"{spec.name}_internal.pdf" for spec in wb.STANDARD_FIGURES]
        + [f"{spec.name}_internal.pdf.json" for spec in wb.STANDARD_FIGURES]
    )
    assert all(p.stat().st_mode & 0o777 == 0o700 for p in (internal, internal.parent.parent))
    sidecars = [json.loads(p.read_text(encoding="utf-8")) for p in internal.glob("*.json")]
    assert {record["mode"] for record in sidecars} == {"internal"}
    assert (
        json.loads((published / "03_victims_by_year.pdf.json").read_text(encoding="utf-8"))["mode"]
        == "publish"
    )
    marked = PdfReader(internal / "03_victims_by_year_internal.pdf").pages[0].extract_text()
    assert "Nội bộ – không công bố" in unicodedata.normalize("NFC", marked)
    assert {p.name: p.read_bytes() for p in published.iterdir()} == before
    lines = capsys.readouterr().out.splitlines()
    count = 2 * len(wb.STANDARD_FIGURES)
    assert lines[-1] == f"đã ghi {count} tệp vào {internal}"
    # Told to write into the published folder, the internal set still takes names of its own.
    assert main([*argv, "--mode", "internal", "--out", str(published), "--db", str(db_path)]) == 0
    after = {p.name: p.read_bytes() for p in published.iterdir()}
    assert {name: after[name] for name in before} == before
    assert sorted(set(after) - set(before)) == names


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        pytest.param(
            "vi",
            "--years 2016 2030: cơ sở dữ liệu chỉ có các năm 2016–2026 trong khoảng đó; các hình chỉ gồm "
            "các năm này.",
            id="vi",
        ),
        pytest.param(
            "en",
            "--years 2016 2030: of those years the database holds 2016–2026 only; the figures cover "
            "those years.",
            id="en",
        ),
    ],
)
def test_figures_over_years_partly_held_are_drawn_and_titled_over_the_years_held(
    db_path, tmp_path, capsys, lang, said
):
    """`workbench figures --years 2016 2030` drew 2016-2026 under titles saying 2016-2030, without a
    word about the four years the database does not hold."""
    out = tmp_path / "figures"
    # internal mode: the years are clamped before any mode's work (publish mode's audit of every
    # victim figure over eleven years took two minutes here and tells nothing more)
    argv = ["figures", "--years", "2016", "2030", "--format", "svg", "--lang", lang, "--mode", "internal"]
    assert main([*argv, "--out", str(out), "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert err == f"workbench figures: {said}\n"
    record = json.loads((out / "01_events_by_year_internal.svg.json").read_text(encoding="utf-8"))
    assert record["queries"][0]["filters"]["years"] == [2016, 2026]
    drawn = (out / "01_events_by_year_internal.svg").read_text(encoding="utf-8")
    assert "2016–2026" in drawn and "2030" not in drawn


def test_briefing_figures_over_years_past_the_data_are_cut_to_them_and_said(db):
    """YEARS = (2024, 2030) in the briefing notebook titled every figure and footer 2024–2030 over
    data of 2024–2026, with no word (the command cut them and said so)."""
    with pytest.warns(
        wb.YearsCutWarning, match=r"years=\(2024, 2030\): of those years the database holds 2024–2026"
    ):
        figures = wb.briefing_figures(db, wb.Filters(years=(2024, 2030)), lang="en", mode="internal")
    drawn = [ax.get_title() + wb.footer(ax.figure) for _, ax, _ in figures]
    assert all("2030" not in words for words in drawn)
    assert "2024–2026" in drawn[0]


def _victim_releases(db_path) -> str:
    """The releases of victim counts on the register (a set's or a pack's tables, its funnel, people
    supported; not its cases or hotline contacts), as the command names them: '1, 6'."""
    from workbench._build import database_id
    from workbench._release import Register

    victims = {"pack", "victims", "funnel", "support"}
    entries = Register(db_path, database_id(db_path)).entries()
    numbers = [e["release"] for e in entries if "cells" in e and victims & set(e["what"])]
    assert numbers[0] == 1, numbers
    return ", ".join(map(str, numbers))


@pytest.mark.slow
def test_figures_in_publish_mode_say_what_their_release_published(db_path, tmp_path, capfd):
    """`workbench figures` said only "wrote 34 files": an analyst whose earlier runs had spent the
    register saw 2023's 5 victims shown `x` and nothing said why. A set of figures is a release, as
    a pack is: it says how many victim cells it published and withheld, and, run again, that
    nothing new was released."""
    argv = ["figures", "--years", "2021", "2024", "--format", "svg", "--db", str(db_path), "--lang", "en"]
    assert main([*argv, "--out", str(tmp_path / "a")]) == 0
    written, released = capfd.readouterr().out.splitlines()
    assert written == f"wrote {len(wb.STANDARD_FIGURES) * 2} files into {tmp_path / 'a'}"
    assert re.fullmatch(
        rf"The figures' new release \(release no\. {_victim_releases(db_path)} in the register, as "
        rf"`workbench releases --db {re.escape(str(db_path))}` lists it\): "
        r"\d+ of \d+ victim cells published, \d+ withheld \(<5, x\); numbers shown from earlier "
        r"releases are not counted here\.",
        released,
    ), released
    assert main([*argv, "--out", str(tmp_path / "b")]) == 0
    assert capfd.readouterr().out.splitlines()[1].startswith("Nothing new was released: the figures'")


@pytest.mark.slow
def test_brief_is_one_reproducible_pdf_with_extractable_vietnamese(db, db_path, tmp_path, capfd):
    path = tmp_path / "brief.pdf"
    assert main(["brief", "--years", "2016", "2020", "--out", str(path), "--db", str(db_path)]) == 0
    # what the analyst's terminal shows: the file written and what its release published (the first
    # on this register: no advice on the order), no line of the audit's solvers
    written, released = capfd.readouterr().out.splitlines()
    assert written == f"đã ghi {path}"
    assert re.fullmatch(
        rf"Lần công bố mới của tài liệu \(số {_victim_releases(db_path)} trong sổ đăng ký, như lệnh "
        rf"`workbench releases --db {re.escape(str(db_path))}` liệt kê\): "
        r"\d+ trong \d+ ô số nạn nhân được công bố, \d+ ô bị ẩn \(<5, x\); những số tài liệu dùng lại từ "
        r"các lần công bố trước không tính ở đây\.",
        released,
    ), released
    again = wb.write_brief(db, tmp_path / "again.pdf", wb.Filters(years=(2016, 2020)))
    assert path.read_bytes() == again.read_bytes()

    reader = PdfReader(path)
    # cover, figures, three tables, the funnel (2016-2020 lies before the programmes' targets)
    assert len(reader.pages) == 1 + len(wb.STANDARD_FIGURES) + 3 + 1
    pages = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    totals = db.events(years=(2016, 2020))
    cover = pages[0]
    assert "Tài liệu giao ban" in cover
    assert wb.format_number(int(totals.loc[0, "attendees"])) in cover
    assert wb.format_number(int(totals.loc[0, "events"])) in cover
    assert all("Nguồn:" in page and "Năm: 2016–2020" in page for page in pages)
    assert "Phong Điền" in pages[-2] and "Tổng" in pages[-2]
    assert "Các bước tiếp nhận, xác minh, xác định và hỗ trợ nạn nhân" in pages[-1]
    record = json.loads((tmp_path / "brief.pdf.json").read_text(encoding="utf-8"))
    assert record["data_fingerprint"]["database"] == db.metadata["fingerprint"]
    assert len(record["queries"]) >= len(wb.STANDARD_FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        pytest.param(["--lang", "en"], "did you mean 'Phong Điền'", id="en"),
        pytest.param([], "— có phải ý bạn là 'Phong Điền' (926)? Hợp lệ: Ninh Kiều (916)", id="vi-default"),
    ],
)
def test_a_misspelt_district_names_the_closest(db_path, tmp_path, capsys, lang, said):
    argv = ["brief", "--years", "2016", "2020", "--districts", "Phong Dienn", "--db", str(db_path), *lang]
    assert main([*argv, "--out", str(tmp_path / "b.pdf")]) == 1  # a user error: exit 1 (2 is for usage)
    assert said in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.slow
@pytest.mark.parametrize("years", [(2016, 2026), (2022, 2026)], ids=["2016-2026", "2022-2026"])
def test_the_legal_age_table_counts_under_16_and_under_18_separately(db, years):
    """Under 16 (Criminal Code art. 151) and under 18 (Law 53/2024), each from `minor_status`:
    under 18 takes the under-16s, the 16-17s and the under-18s whose side of 16 is unknown."""
    period = wb.Filters(years=years)
    table = wb.legal_age_table(db, period)
    by_status = db.victims(period, by="minor_status", complete=True).set_index("minor_status")["victims"]
    got = table.set_index("group")
    assert list(table["group"]) == ["under_16", "under_18"]
    assert list(table["group_label"]) == ["Người dưới 16 tuổi", "Người dưới 18 tuổi"]
    assert got.loc["under_16", "victims"] == by_status["under_16"]
    assert got.loc["under_18", "victims"] == by_status[["under_16", "16_17", "minor"]].sum()
    assert got.loc["under_16", "not_known"] == by_status[["minor", "unknown"]].sum()
    assert got.loc["under_18", "not_known"] == by_status["unknown"]
    assert got.loc["under_18", "victims"] > got.loc["under_16", "victims"] > 0
    assert "Chỉ tính nạn nhân đã được xác định" in table.attrs["status_note"]
    english = wb.legal_age_table(db, period, lang="en")
    assert list(english["group_label"]) == ["Under 16", "Under 18"]
    assert not any("Trẻ em" in label for label in table["group_label"])


@pytest.mark.slow
def test_the_legal_age_table_is_not_published(public):
    """Publish mode does not count by the under-16/under-18 groupings (under 18 less under 16 would
    give the 16-17s by difference): the table is refused, saying what publish mode counts by."""
    with pytest.raises(wb.DisclosureError, match="not by 'under_16'"):
        wb.legal_age_table(public, wb.Filters(years=(2016, 2020)), lang="en")


YEARS_REFUSED = [
    pytest.param(
        "figures",
        ("2030", "2031"),
        "--years 2030 2031: the database holds no record of those years; it holds 2016–2026. "
        "Closest: --years 2025 2026.",
        "--years 2030 2031: cơ sở dữ liệu không có bản ghi nào của các năm đó, chỉ có các năm "
        "2016–2026. Gần nhất: --years 2025 2026.",
        id="figures-after",
    ),
    pytest.param(
        "figures",
        ("2062", "2062"),
        "it holds 2016–2026. Closest: --years 2026 2026.",
        "chỉ có các năm 2016–2026. Gần nhất: --years 2026 2026.",
        id="figures-mistyped-year",
    ),
    pytest.param(
        "brief",
        ("2010", "2012"),
        "--years 2010 2012: the database holds no record of those years; it holds 2016–2026. "
        "Closest: --years 2016 2018.",
        "--years 2010 2012: cơ sở dữ liệu không có bản ghi nào của các năm đó, chỉ có các năm "
        "2016–2026. Gần nhất: --years 2016 2018.",
        id="brief-before",
    ),
    pytest.param(
        "figures",
        ("2020", "2016"),
        "years (2020, 2016) run backwards: the first year is after the last. Did you mean (2016, 2020)?",
        "các năm (2020, 2016) bị ngược: năm đầu sau năm cuối. Có phải ý bạn là (2016, 2020)?",
        id="backwards",
    ),
]


@pytest.mark.parametrize(("command", "years", "said", "said_vi"), YEARS_REFUSED)
def test_figures_over_years_the_database_does_not_hold_are_refused(
    db_path, tmp_path, capsys, command, years, said, said_vi
):
    """`workbench figures --years 2030 2031` wrote 102 files of "Không có dữ liệu" and exited 0."""
    out = tmp_path / ("figures" if command == "figures" else "brief.pdf")
    argv = [command, "--years", *years, "--out", str(out), "--db", str(db_path)]
    assert main([*argv, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"workbench {command}: " in err and said in err, err
    assert not out.exists()


@pytest.mark.parametrize(("command", "years", "said", "said_vi"), YEARS_REFUSED)
@pytest.mark.parametrize("lang", [[], ["--lang", "vi"]], ids=["default", "vi"])
def test_the_years_refused_are_said_in_vietnamese_by_default(
    db_path, tmp_path, capsys, command, years, said, said_vi, lang
):
    """The commands' errors stayed in English while their figures, and the importer's messages,
    are in Vietnamese unless --lang en is given."""
    out = tmp_path / ("figures" if command == "figures" else "brief.pdf")
    argv = [command, "--years", *years, "--out", str(out), "--db", str(db_path), *lang]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workbench {command}: ") and said_vi in err, err
    assert err.count("\n") == 1, err  # one message
    assert not out.exists()


# What was given, what is valid and the closest, in each language: the same fields either way.
REFUSED = [
    pytest.param(
        ["--districts", "Hau Giang"],
        "Không có quận/huyện hay xã/phường 'Hau Giang' — có phải ý bạn là 'Khu vực Hậu Giang cũ' (93)? "
        "Hợp lệ: 9 quận/huyện (Ninh Kiều (916),",
        "Unknown district or unit 'Hau Giang' — did you mean 'Khu vực Hậu Giang cũ' (93)? Valid: the "
        "nine districts (Ninh Kiều (916),",
        id="place-in-part",
    ),
    pytest.param(
        ["--districts", "916", "Ninh Kieu x"],
        "Không có quận/huyện 'Ninh Kieu x' — có phải ý bạn là 'Ninh Kiều' (916)? Hợp lệ: Ninh Kiều (916),",
        "Unknown district 'Ninh Kieu x' — did you mean 'Ninh Kiều' (916)? Valid: Ninh Kiều (916),",
        id="misspelt-district",
    ),
    pytest.param(
        ["--districts", "99999"],
        "Không có quận/huyện '99999'. Hợp lệ: Ninh Kiều (916),",
        "Unknown district '99999'. Valid: Ninh Kiều (916),",
        id="unknown-code",
    ),
    pytest.param(
        ["--districts", "TP Cần Thơ"],
        "'TP Cần Thơ' là cả thành phố, không phải một quận/huyện: bỏ trống bộ lọc quận/huyện",
        "'TP Cần Thơ' is the whole city, not one of its districts: leave districts out",
        id="the-city",
    ),
    pytest.param(
        ["--k", "3"],
        "Chế độ công bố cần k từ 5 trở lên; đã cho k=3.",
        "Publish mode needs k of at least 5; k=3 was given.",
        id="publish-k",
    ),
]


@pytest.mark.parametrize(("options", "said_vi", "said_en"), REFUSED)
@pytest.mark.parametrize("command", ["figures", "brief"])
def test_the_commands_say_their_errors_in_the_language_asked(
    db_path, tmp_path, capsys, options, said_vi, said_en, command
):
    out = tmp_path / ("figures" if command == "figures" else "brief.pdf")
    argv = [command, "--years", "2016", "2020", *options, "--out", str(out), "--db", str(db_path)]
    for lang, said in ((["--lang", "en"], said_en), ([], said_vi), (["--lang", "vi"], said_vi)):
        assert main([*argv, *lang]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"workbench {command}: {said}"), (lang, err)
        assert err.count("\n") == 1, err  # one message
    assert not out.exists()


@pytest.mark.slow
def test_a_2025_unit_in_publish_mode_is_refused_in_the_language_asked(db_path, tmp_path, capsys):
    out = tmp_path / "figures"
    argv = ["figures", "--years", "2024", "2026", "--districts", "Phường Sóc Trăng", "--out", str(out)]
    argv += ["--db", str(db_path), "--format", "svg"]
    assert main(argv) == 1
    assert (
        "không thuộc số đó (một xã/phường từ năm 2025 có quá ít nạn nhân để công bố)"
        in capsys.readouterr().err
    )
    assert main([*argv, "--lang", "en"]) == 1
    assert "[31507] is not one (a 2025 unit holds too few victims to publish)" in capsys.readouterr().err


NAMES = [
    pytest.param((), "vi", "publish", "brief_2016-2026_vi.pdf", id="city"),
    pytest.param(("Ninh Kiều",), "vi", "publish", "brief_2016-2026_916_vi.pdf", id="a-district"),
    pytest.param(("Ninh Kieu",), "vi", "publish", "brief_2016-2026_916_vi.pdf", id="no-diacritics"),
    pytest.param(
        (unicodedata.normalize("NFD", "Ninh Kiều"),), "vi", "publish", "brief_2016-2026_916_vi.pdf", id="nfd"
    ),
    pytest.param(("917", "Ninh Kiều"), "en", "publish", "brief_2016-2026_916_917_en.pdf", id="two-districts"),
    pytest.param((), "vi", "internal", "brief_2016-2026_internal_vi.pdf", id="internal"),
    pytest.param((), "vi", "publish", "brief_2016-2026_k10_vi.pdf", id="k10"),
    pytest.param(("916",), "en", "internal", "brief_2016-2026_916_k10_internal_en.pdf", id="all-parts"),
]


@pytest.mark.parametrize(("districts", "lang", "mode", "expected"), NAMES)
def test_a_packs_default_name_says_its_districts_its_k_and_whether_it_is_internal(
    districts, lang, mode, expected
):
    """Named by years and language alone, a pack of Ninh Kiều replaced the city's donor pack of the
    same years, and an internal pack would replace the published one."""
    from workbench._cli import brief_name

    k = 10 if "_k10" in expected else 5
    assert brief_name(wb.Filters(years=(2016, 2026), districts=districts), lang, mode, k) == expected


@pytest.mark.slow  # an internal pack drawn
def test_brief_writes_to_its_default_name(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("workbench._paths.PROJECT_ROOT", tmp_path)
    argv = ["brief", "--years", "2019", "2020", "--districts", "Ninh Kieu", "--mode", "internal"]
    assert main([*argv, "--db", str(db_path)]) == 0
    path = tmp_path / "out" / "internal" / "brief_2019-2020_916_internal_vi.pdf"
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert capsys.readouterr().out.splitlines() == [f"đã ghi {path}"]
    assert path.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, f"{path.name}.json"]


@pytest.mark.slow  # an internal pack drawn per case
@pytest.mark.parametrize(
    ("out", "written"),
    [
        pytest.param("donor.pdf", "donor_internal.pdf", id="the-donor-packs-name"),
        pytest.param("packs", "packs/brief_2019-2020_916_internal_vi.pdf", id="a-folder"),
        pytest.param("new/", "new/brief_2019-2020_916_internal_vi.pdf", id="a-new-folder"),
        pytest.param("pack", "pack_internal.pdf", id="a-name-without-pdf"),
    ],
)
def test_an_internal_pack_never_takes_a_published_packs_place(db_path, tmp_path, capsys, out, written):
    """`brief --mode internal --out out/brief_2019-2020_en.pdf` replaced the donor pack with exact
    counts, keeping its name and its 0644; `--out out` failed with IsADirectoryError and `--out
    new/` wrote a PDF named `new`."""
    donor = tmp_path / "donor.pdf"
    donor.write_bytes(b"%PDF the published pack")
    (tmp_path / "packs").mkdir()
    argv = ["brief", "--years", "2019", "2020", "--districts", "Ninh Kiều", "--mode", "internal"]
    assert main([*argv, "--out", f"{tmp_path}/{out}", "--db", str(db_path)]) == 0  # "new/" kept
    path = tmp_path / written
    assert capsys.readouterr().out.splitlines() == [f"đã ghi {path}"]
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))["mode"] == "internal"
    assert donor.read_bytes() == b"%PDF the published pack"


@pytest.mark.parametrize(
    ("mode", "lang", "said"),
    [
        ("internal", "vi", "bộ tài liệu tóm tắt là một tệp PDF, còn {out} là tên của một tệp .docx"),
        (
            "publish",
            "en",
            "the briefing pack is a PDF, and {out} names a .docx file — give a name ending in .pdf",
        ),
    ],
)
def test_a_pack_asked_as_a_word_file_is_refused_before_anything_is_drawn(
    db_path, tmp_path, capsys, mode, lang, said
):
    """`brief --out pack.docx` wrote a PDF named pack.docx.pdf (pack.docx_internal.pdf)."""
    out = tmp_path / "pack.docx"
    argv = ["brief", "--years", "2019", "2020", "--mode", mode, "--lang", lang, "--out", str(out)]
    assert main([*argv, "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert said.format(out=out) in err
    assert str(tmp_path / "pack.pdf") in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("below", ["", "figures"], ids=["the-file", "a-folder-under-it"])
def test_figures_asked_into_a_file_are_refused_before_anything_is_drawn(db_path, tmp_path, capsys, below):
    """A publish-mode set asked into a file (or a folder under one) drew, released, then failed."""
    taken = tmp_path / "brief_2019-2020_vi.pdf"
    taken.write_bytes(b"%PDF the published pack")
    out = taken / below if below else taken
    argv = ["figures", "--years", "2019", "2020", "--out", str(out), "--db", str(db_path)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"workbench figures: --out {str(taken)!r} là một tệp: hãy cho một thư mục, chẳng hạn out/figures\n"
    )
    assert main([*argv, "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"workbench figures: --out {str(taken)!r} is a file: give a folder, such as out/figures\n"
    )
    assert taken.read_bytes() == b"%PDF the published pack"


@pytest.mark.parametrize("name", ["figs.pdf", "figs.PNG", "briefing.docx"])
def test_figures_asked_into_a_file_name_are_refused_not_made_a_folder_of_that_name(
    db_path, tmp_path, capsys, name
):
    """`figures --out figs.pdf` made a folder named figs.pdf holding a hundred files."""
    out = tmp_path / name
    asked = ["figures", "--years", "2019", "2020", "--mode", "internal"]
    assert main([*asked, "--out", str(out), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert f"--out {str(out)!r} là tên một tệp {out.suffix}, còn bộ biểu đồ được ghi vào một thư mục" in err
    assert main([*asked, "--out", str(out), "--db", str(db_path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"--out {str(out)!r} names a {out.suffix} file, and figures are written into a folder" in err
    assert f"workbench brief --out {out}" in err
    assert list(tmp_path.iterdir()) == []
