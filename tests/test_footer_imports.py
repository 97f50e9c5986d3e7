"""The footer of every figure says what the database holds: the extract and, once files were
imported, how many batches and the last day the data cover. Derived from the database (the import
log, the records), never from the clock, and never from the date of a victim record."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import workbench as wb
from workbench._cli import main

CORPUS = Path(__file__).parent / "import_corpus" / "good"
PERIOD = wb.Filters(years=(2016, 2026))
EXTRACT = {
    "vi": "Dữ liệu: sample-2026.11 (mô phỏng), trích xuất ngày 28/11/2026",
    "en": "Data: sample-2026.11 (synthetic), extracted 28 November 2026",
}
PART_YEAR = {"vi": "Năm 2026 chưa trọn: số liệu đến ngày {}", "en": "2026 is a part year: data to {}"}


def _footers(path: Path, lang: str, published: bool = True) -> dict[str, str]:
    """The footers an analyst sees: an events chart, every standard briefing figure (internal: in
    publish mode the set takes minutes; its footers' first line is the same) and, `published`, a
    published victims chart (published before an import, it would stop publication after it)."""
    with wb.connect(path, build=False) as db:
        shown = {
            "events": wb.footer(wb.trend_chart(db.events(PERIOD, by="year", lang=lang), lang=lang).figure)
        }
        for name, ax, _ in wb.briefing_figures(db, PERIOD, lang=lang, mode="internal"):
            shown[name] = wb.footer(ax.figure)
    if published:
        with wb.connect(path, build=False, mode="publish") as public:
            victims = public.victims(PERIOD, by="year", lang=lang)
            shown["published victims"] = wb.footer(wb.trend_chart(victims, lang=lang).figure)
    return shown


def _imported_at(path: Path, times: list[str]) -> None:
    """The store's batches as if imported at these times (UTC, in the order they were imported)."""
    manifests = sorted((path.parent / "imports").glob("*/manifest.json"))
    assert len(manifests) == len(times)
    for manifest, at in zip(manifests, times, strict=True):
        content = json.loads(manifest.read_text(encoding="utf-8"))
        manifest.write_text(json.dumps({**content, "imported_at": at}), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_after_imports_every_footer_names_the_batches_and_the_day_the_data_reach(fresh, key_file, lang):
    before = _footers(fresh, lang, published=False)
    for name, footer in before.items():
        assert f"{EXTRACT[lang]} {'Lọc' if lang == 'vi' else 'Filters'}:" in footer, (name, footer)
        assert PART_YEAR[lang].format("28/11/2026" if lang == "vi" else "28 November 2026") in footer

    result = wb.import_files(
        [CORPUS / "events_utf8.csv", CORPUS / "victims_identified.csv"], db=fresh, progress=False, lang=lang
    )
    assert result.ok and list(result.files["status"]) == ["imported", "imported"]
    # Imported at some time today (the clock): the day the data reach is that day, or the extract's.
    batches = r" \+ 2 (?:đợt nhập, đến ngày|imported batches, to) (.+?) (?:Lọc|Filters):"
    shown = _footers(fresh, lang)
    imported = {name: re.search(re.escape(EXTRACT[lang]) + batches, footer) for name, footer in shown.items()}
    assert all(imported.values()), imported
    days = {found.group(1) for found in imported.values() if found}
    assert len(days) == 1, days
    (day,) = days
    assert all(PART_YEAR[lang].format(day) in footer for footer in shown.values())

    # As if imported on 2 December 2026, Cần Thơ time: 18:30 UTC on 1 December is 01:30 there.
    _imported_at(fresh, ["2026-12-01 10:00:00", "2026-12-01 18:30:00"])
    assert main(["build", "--db", str(fresh)]) == 0
    said, on = {
        "vi": ("+ 2 đợt nhập, đến ngày 02/12/2026", "02/12/2026"),
        "en": ("+ 2 imported batches, to 2 December 2026", "2 December 2026"),
    }[lang]
    for name, footer in _footers(fresh, lang).items():
        assert f"{EXTRACT[lang]} {said} " in footer, (name, footer)
        # The 2026 bars hold records imported after the extract: the part year reaches as far.
        assert PART_YEAR[lang].format(on) in footer, (name, footer)


@pytest.mark.slow
def test_the_same_data_give_the_same_footer_whenever_they_are_built(fresh, key_file):
    wb.import_files([CORPUS / "events_utf8.csv"], db=fresh, progress=False)
    # the import's new generation: a copy of the database with the batch appended
    appended = _footers(fresh, "vi", published=False)
    assert main(["build", "--force", "--db", str(fresh)]) == 0
    assert _footers(fresh, "vi", published=False) == appended
    assert main(["build", "--force", "--db", str(fresh)]) == 0
    assert _footers(fresh, "vi", published=False) == appended
    with wb.connect(fresh, build=False) as db:
        assert db.metadata["imported_batches"] == "1"


@pytest.mark.slow
def test_a_file_imported_again_adds_no_batch_to_the_footer(fresh, key_file):
    for _ in range(2):
        wb.import_files([CORPUS / "events_utf8.csv"], db=fresh, progress=False)
    with wb.connect(fresh, build=False) as db:
        footer = wb.footer(wb.trend_chart(db.events(PERIOD, by="year")).figure)
    assert "+ 1 đợt nhập, đến ngày" in footer, footer


VICTIM_LATER = (
    "Họ và tên,Ngày sinh,Số CCCD,Ngày tiếp nhận,Xã/Phường,Giới tính,Tình trạng xác định\n"
    "Lê Thị Mai,01/01/2000,092200001111,20/12/2026,31135,Nữ,Nạn nhân\n"
)
EVENT_LATER = (
    "Ngày tổ chức,Xã/Phường,Đơn vị tổ chức,Hình thức,Chủ đề,Số người tham dự,Số tờ rơi\n"
    '10/12/2026,31135,Hội LHPN,Truyền thông cộng đồng,"Phòng, chống mua bán người",40,10\n'
)


@pytest.mark.slow
def test_the_day_the_data_reach_follows_events_never_a_victim_record(fresh, key_file, tmp_path):
    """A victim received on 20 December, imported (as the date check allowed on a later day) in a
    batch of 2 December: the footer says 02/12/2026, never the reception date, which would tell
    readers of a published figure when the last victim was received. An event's date is public."""
    victims = tmp_path / "nan_nhan.csv"
    victims.write_text(VICTIM_LATER, encoding="utf-8")
    result = wb.import_files([victims], db=fresh, progress=False, today=dt.date(2026, 12, 31))
    assert result.ok, result.problems
    _imported_at(fresh, ["2026-12-02 02:00:00"])
    assert main(["build", "--db", str(fresh)]) == 0
    with wb.connect(fresh, build=False, mode="publish") as public:
        footer = wb.footer(wb.trend_chart(public.victims(PERIOD, by="year")).figure)
    assert "+ 1 đợt nhập, đến ngày 02/12/2026" in footer and "20/12/2026" not in footer, footer

    events = tmp_path / "su_kien.csv"
    events.write_text(EVENT_LATER, encoding="utf-8")
    result = wb.import_files([events], db=fresh, progress=False, today=dt.date(2026, 12, 31))
    assert result.ok, result.problems
    _imported_at(fresh, ["2026-12-02 02:00:00", "2026-12-02 03:00:00"])
    assert main(["build", "--db", str(fresh)]) == 0
    with wb.connect(fresh, build=False, mode="publish") as public:
        footer = wb.footer(wb.trend_chart(public.victims(PERIOD, by="year")).figure)
    assert "+ 2 đợt nhập, đến ngày 10/12/2026" in footer and "20/12/2026" not in footer, footer
    assert "Năm 2026 chưa trọn: số liệu đến ngày 10/12/2026" in footer, footer
