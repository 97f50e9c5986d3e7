"""`workbench figures` and `workbench brief`: the standard set, headless, reproducible."""

from __future__ import annotations

import json
import unicodedata

from pypdf import PdfReader

import workbench as wb
from workbench._cli import main


def test_every_briefing_figure_has_a_footer_with_the_filters(db):
    period = wb.Filters(years=(2019, 2020), districts=["Thới Lai"])
    figures = wb.briefing_figures(db, period, lang="en")
    assert [name for name, _, _ in figures] == [spec.name for spec in wb.STANDARD_FIGURES]
    for name, ax, frames in figures:
        text = wb.footer(ax.figure)
        assert "Districts: Thới Lai" in text and "Years: 2019–2020" in text, name
        assert db.metadata["data_version"] in text, name
        assert all(frame.attrs["filters"] == period for frame in frames), name


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
    assert f"wrote {2 * len(wb.STANDARD_FIGURES)} files" in capsys.readouterr().out


def test_brief_is_one_reproducible_pdf_with_extractable_vietnamese(db, db_path, tmp_path):
    path = tmp_path / "brief.pdf"
    assert main(["brief", "--years", "2016", "2020", "--out", str(path), "--db", str(db_path)]) == 0
    again = wb.write_brief(db, tmp_path / "again.pdf", wb.Filters(years=(2016, 2020)))
    assert path.read_bytes() == again.read_bytes()

    reader = PdfReader(path)
    assert len(reader.pages) == 1 + len(wb.STANDARD_FIGURES) + 3  # cover, figures, three tables
    pages = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    totals = db.events(years=(2016, 2020))
    cover = pages[0]
    assert "Tài liệu giao ban" in cover
    assert wb.format_number(int(totals.loc[0, "attendees"])) in cover
    assert wb.format_number(int(totals.loc[0, "events"])) in cover
    assert all("Nguồn:" in page and "Năm: 2016–2020" in page for page in pages)
    assert "Phong Điền" in pages[-1] and "Tổng" in pages[-1]
    record = json.loads((tmp_path / "brief.pdf.json").read_text(encoding="utf-8"))
    assert record["data_fingerprint"]["database"] == db.metadata["fingerprint"]
    assert len(record["queries"]) >= len(wb.STANDARD_FIGURES)


def test_a_misspelt_district_names_the_closest(db_path, tmp_path, capsys):
    argv = ["brief", "--years", "2016", "2020", "--districts", "Phong Dienn", "--db", str(db_path)]
    assert main([*argv, "--out", str(tmp_path / "b.pdf")]) == 1  # a user error: exit 1 (2 is for usage)
    assert "did you mean 'Phong Điền'" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()
