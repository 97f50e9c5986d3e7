"""Publish mode's refusals speak the analyst's language: Vietnamese by default, English with
`lang="en"` (a query helper's) or `--lang en` (a command's); an error raised where no language is
at hand is Vietnamese and carries its words, so it can be said again in English (`said`). Either
way a refusal gains nothing: no digit in it but those of what was asked (k, years, a code, a path)."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import workbench as wb
from workbench._cli import main
from workbench._codes import codes
from workbench._error_words import ERROR_WORDS, WORDS, said
from workbench._generations import current_file
from workbench._publish_words import PUBLISH_WORDS

CORPUS = Path(__file__).parent / "import_corpus" / "good"
VICTIMS = CORPUS / "victims_identified.csv"  # two people received on 14/06/2023 in Ninh Kiều
EVERYONE = tuple(codes("trafficking_status"))
# The fields of a refusal that hold what the analyst gave or where it is: their digits are no counts.
GIVEN_FIELDS = ("db", "error", "given", "path", "name", "folder", "lock", "message")


def _digits(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def _allowed(error: BaseException, declared: set[str]) -> set[str]:
    words = getattr(error, "words", None)
    fields = words[1] if words else {}
    return declared | {d for name in GIVEN_FIELDS if name in fields for d in _digits(str(fields[name]))}


def _check(error: BaseException, vi_text: str, en_text: str, vi: str, en: str, digits: set[str]) -> None:
    assert isinstance(error, wb.DisclosureError) and isinstance(error, PermissionError)
    assert vi in vi_text, vi_text
    assert en in en_text, en_text
    assert said(error, "vi") == vi_text and said(error, "en") == en_text  # the words it carries
    allowed = _allowed(error, digits)
    assert _digits(en_text) <= allowed, (en_text, allowed)
    assert _digits(vi_text) <= _digits(en_text), vi_text


def _refused(ask, **lang) -> wb.DisclosureError:
    with pytest.raises(wb.DisclosureError) as caught:
        ask(**lang)
    return caught.value


# ------------------------------------------------ the words


def test_every_key_has_both_languages_with_the_same_fields():
    fields = string.Formatter()
    for key, (vi, en) in WORDS.items():
        assert vi.strip() and en.strip() and vi != en, key
        named = [{name for _, name, _, _ in fields.parse(text) if name} for text in (vi, en)]
        assert named[0] == named[1], key
    assert set(PUBLISH_WORDS) <= set(WORDS) and not set(PUBLISH_WORDS) & set(ERROR_WORDS)


@pytest.mark.parametrize("key", [*PUBLISH_WORDS, "publish_k", "publish_units"])
def test_a_refusal_in_vietnamese_has_no_digit_the_english_lacks(key):
    vi, en = WORDS[key]
    assert _digits(vi) <= _digits(en), key
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", vi), key


# ------------------------------------------------ query helpers: `lang` (publish mode's own)

LANG_CASES = [
    pytest.param(
        lambda p, **lang: p.victims(by=["district", "year", "sex"], **lang),
        "chỉ bảo vệ bảng có tối đa hai cách nhóm; đã yêu cầu 3 (district, year, sex)",
        "Publish mode protects tables of at most two groupings; 3 were asked for (district, year, sex)",
        {"3"},
        id="three-groupings",
    ),
    pytest.param(
        lambda p, **lang: p.victims(by="month", **lang),
        "Chế độ công bố đếm nạn nhân theo district, year",
        "Publish mode counts victims by district, year",
        set(),
        id="victims-by-month",
    ),
    pytest.param(
        lambda p, **lang: p.support(by="month", **lang),
        "Chế độ công bố đếm nạn nhân được hỗ trợ theo district",
        "Publish mode counts victims_supported by district",
        set(),
        id="support-by-month",
    ),
    pytest.param(
        lambda p, **lang: p.victims(by="district", geography="recorded", **lang),
        "các đơn vị hành chính năm 2025 có quá ít nạn nhân để công bố",
        "the 2025 units hold too few victims to publish",
        {"2019", "2025"},
        id="recorded-units",
    ),
    pytest.param(
        lambda p, **lang: p.victims(districts=["Phường Cái Khế"], **lang),
        "(một xã/phường từ năm 2025 có quá ít nạn nhân để công bố)",
        "(a 2025 unit holds too few victims to publish)",
        {"2019", "2025"},
        id="a-2025-unit",
    ),
    pytest.param(
        lambda p, **lang: p.victims(destinations=("CO",), by="year", **lang),
        "CO được tính vào các nước khác",
        "CO is counted among the other countries",
        set(),
        id="a-country-among-the-others",
    ),
    pytest.param(
        lambda p, **lang: p.victims(sexes=["female"], by="destination", **lang),
        "mỗi lần một cách phân tổ khác",
        "one other breakdown at a time",
        set(),
        id="two-breakdowns",
    ),
    pytest.param(
        lambda p, **lang: p.count(
            "cases", exploitation_forms=["illicit_activities", "forced_labour"], **lang
        ),
        "mỗi lần chỉ lọc exploitation theo một nhóm",
        "narrows exploitation to one category at a time",
        set(),
        id="two-forms-ungrouped",
    ),
    pytest.param(
        lambda p, **lang: p.funnel(sexes=["female"], **lang),
        "không lọc quy trình tiếp nhận – hỗ trợ nạn nhân theo sexes",
        "does not narrow the funnel by sexes",
        set(),
        id="funnel-by-sex",
    ),
]


@pytest.mark.parametrize(("ask", "vi", "en", "digits"), LANG_CASES)
def test_a_query_refused_in_publish_mode_says_so_in_its_language(db_path, ask, vi, en, digits):
    with wb.connect(db_path, mode="publish", build=False) as public:
        default = _refused(lambda **lang: ask(public, **lang))
        english = _refused(lambda **lang: ask(public, **lang), lang="en")
        vietnamese = _refused(lambda **lang: ask(public, **lang), lang="vi")
    assert str(default) == str(vietnamese)
    _check(default, str(default), str(english), vi, en, digits)


def test_a_closed_connection_says_so_in_the_language_asked(db_path):
    public = wb.connect(db_path, mode="publish", build=False)
    public.close()
    default = _refused(public.victims)
    english = _refused(public.victims, lang="en")
    _check(default, str(default), str(english), "đã đóng", "is closed", set())


def test_a_published_map_of_an_internal_table_is_refused_in_the_language_asked(db_path):
    with wb.connect(db_path, build=False) as internal:
        table = internal.victims(by="district", years=(2016, 2020))
    try:
        default = _refused(lambda **lang: wb.district_map(table, publish=True, **lang))
        english = _refused(lambda **lang: wb.district_map(table, publish=True, **lang), lang="en")
    finally:
        plt.close("all")
    _check(
        default,
        str(default),
        str(english),
        "bản đồ công bố chỉ thể hiện những gì chế độ công bố cho ra",
        "a published map shows only what publish mode releases",
        set(),
    )


# ------------------------------------------------ no language at hand: Vietnamese, words to say it again


def _sql(path: Path, query: str) -> None:
    with wb.connect(path, mode="publish", build=False) as public:
        public.sql(query)


NO_LANG_CASES = [
    pytest.param(
        lambda path: wb.connect(path, mode="publish", build=False, k=3),
        "Chế độ công bố cần k từ 5 trở lên; đã cho k=3.",
        "Publish mode needs k of at least 5; k=3 was given.",
        {"3", "5"},
        id="k-below-five",
    ),
    pytest.param(
        lambda path: _sql(path, "SELECT * FROM victims"),
        "Ở chế độ công bố, truy vấn SQL tự do không đọc được hồ sơ nạn nhân",
        "In publish mode ad hoc SQL cannot read victim records",
        set(),
        id="sql-victims",
    ),
    pytest.param(
        lambda path: _sql(path, "SELECT * FROM hotline"),
        "không đọc được các lượt liên hệ đường dây nóng",
        "cannot read hotline contacts",
        set(),
        id="sql-hotline",
    ),
]


@pytest.mark.parametrize(("ask", "vi", "en", "digits"), NO_LANG_CASES)
def test_a_refusal_with_no_language_at_hand_is_vietnamese_and_said_again_in_english(
    db_path, ask, vi, en, digits
):
    error = _refused(lambda: ask(db_path))
    assert error.words is not None
    _check(error, str(error), said(error, "en"), vi, en, digits)


def test_an_export_of_exact_counts_is_refused_in_vietnamese_with_its_english(db_path, tmp_path):
    with wb.connect(db_path, build=False) as internal:
        table = internal.victims(by="year", years=(2016, 2020))
    figure = plt.figure()
    try:
        error = _refused(lambda: wb.export_figure(figure, tmp_path / "fig", data=table, meta=None))
    finally:
        plt.close(figure)
    _check(error, str(error), said(error, "en"), "được vẽ từ số chính xác", "drawn from exact counts", set())
    assert not any(tmp_path.iterdir())


# ------------------------------------------------ after an import: the stop, a revision, the register


def _publish(path: Path, **options):
    return wb.connect(path, build=False, mode="publish", **options)


STOP_VI = (
    "đã thay đổi kể từ lần công bố gần nhất. Việc công bố số liệu nạn nhân, nạn nhân được hỗ trợ và "
    "quy trình tiếp nhận – hỗ trợ (cùng số vụ việc và liên hệ đường dây nóng) tạm dừng"
)
STOP_EN = "changed since the last release. Publication of victims, victims supported and the funnel stops"


@pytest.mark.slow
def test_the_stop_after_an_import_speaks_the_language_asked(fresh, key, capsys):
    with _publish(fresh) as public:
        public.victims(years=(2016, 2018), trafficking_statuses=EVERYONE)
    assert wb.import_files(VICTIMS, db=fresh, progress=False).rows_added == 2
    seen = []
    with _publish(fresh) as public:
        for ask in (
            lambda **lang: public.victims(years=(2023, 2023), trafficking_statuses=EVERYONE, **lang),
            lambda **lang: public.support(by="year", **lang),
            lambda **lang: public.funnel(years=(2016, 2024), **lang),
            lambda **lang: public.counts("victims", None, ["year", "sex"], **lang),
        ):
            default, english = _refused(ask), _refused(ask, lang="en")
            _check(default, str(default), str(english), STOP_VI, STOP_EN, set())
            assert "`workbench releases --accept --db" in str(default)
            seen.append((str(default), str(english)))
    assert len(set(seen)) == 1, "the same stop whatever was asked"
    argv = ["figures", "--years", "2016", "2020", "--out", str(fresh.parent / "out"), "--db", str(fresh)]
    argv += ["--format", "svg"]
    assert main(argv) == 1
    assert STOP_VI in capsys.readouterr().err
    assert main([*argv, "--lang", "en"]) == 1
    assert STOP_EN in capsys.readouterr().err


@pytest.mark.slow
def test_a_register_of_another_k_is_refused_in_the_language_asked(fresh):
    with _publish(fresh, k=10) as public:
        public.victims(by="year")
    with _publish(fresh, k=5) as public:
        default = _refused(lambda **lang: public.victims(by="district", **lang))
        english = _refused(lambda **lang: public.victims(by="district", **lang), lang="en")
    _check(
        default,
        str(default),
        str(english),
        "dùng k=10; kết nối này dùng k=5",
        "were made with k=10; this connection has k=5",
        {"10", "5"},
    )


@pytest.mark.slow
def test_a_public_figure_the_records_contradict_is_refused_in_the_language_asked(
    fresh, tmp_path, monkeypatch
):
    declared = tmp_path / "public_figures.csv"
    declared.write_text(
        "figure,measure,places,year_from,year_to,statuses,value,source,superseded\n"
        "review,victims,all,2016,2020,actual,35,review,no longer ours\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("workbench._release.PUBLIC_FIGURES", declared)
    with _publish(fresh) as public:
        default = _refused(lambda **lang: public.victims(by="year", **lang))
        english = _refused(lambda **lang: public.victims(by="year", **lang), lang="en")
    _check(
        default,
        str(default),
        str(english),
        "review (35) được ghi là không còn đúng (superseded) nhưng dữ liệu vẫn đếm ra đúng số đó",
        "review (35) is marked superseded but the records count it",
        {"35"},
    )
    assert str(default).startswith("Không có số liệu nào được công bố từ")


CASES_HEAD = (
    "Mã vụ án,Ngày phát hiện,Quận/Huyện,Hình thức bóc lột,Nước bị đưa đến,Giai đoạn tố tụng,Số đối tượng\n"
)


@pytest.mark.slow
def test_a_revision_of_released_counts_is_refused_in_the_language_asked(fresh, key, tmp_path, capsys):
    """Cases by year released, then a 2024 case imported: cases stop as victims do (the same words),
    and the analyst's check says the change contradicts released counts, in the language asked. The
    revision refusal itself (a register whose releases the data contradict at the accepted version)
    is said in the language asked too."""
    from workbench._cli import main
    from workbench._revisions import refuse

    with _publish(fresh) as public:
        public.cases(by="year")
    more = tmp_path / "vu_an.csv"
    more.write_text(CASES_HEAD + "VA-2024-z9,15/03/2024,Ninh Kiều,Bóc lột tình dục,Campuchia,Khởi tố,3\n")
    assert wb.import_files(more, db=fresh, kind="cases", progress=False).rows_added == 1
    with _publish(fresh) as public:
        default = _refused(lambda **lang: public.cases(by="year", **lang))
        english = _refused(lambda **lang: public.cases(by="year", **lang), lang="en")
    _check(default, str(default), str(english), STOP_VI, STOP_EN, set())
    assert main(["releases", "--accept", "--db", str(fresh)]) == 1
    assert "Thay đổi này mâu thuẫn với những số đã công bố" in capsys.readouterr().err
    assert main(["releases", "--accept", "--db", str(fresh), "--lang", "en"]) == 1
    assert "The change contradicts counts released" in capsys.readouterr().err
    revision = _refused(lambda: refuse([object()], fresh))  # type: ignore[list-item]
    _check(
        revision,
        str(revision),
        said(revision, "en"),
        "đã thay đổi (do nhập thêm hoặc dựng lại) kể từ các lần công bố",
        "changed (an import or a rebuild) since releases of its register were made",
        set(),
    )
    assert "`workbench releases --new-edition --db" in str(revision)


@pytest.mark.slow
def test_a_database_moved_without_its_register_is_refused_in_the_language_asked(fresh, tmp_path, capsys):
    with _publish(fresh) as public:
        public.victims(years=(2016, 2018))
    moved = tmp_path / "moved" / fresh.name
    moved.parent.mkdir()
    for path in (fresh, current_file(fresh)):
        shutil.copy2(path, moved.parent / path.name)
    error = _refused(lambda: _publish(moved))
    _check(
        error,
        str(error),
        said(error, "en"),
        "đã bị sao chép hoặc di chuyển mà không kèm sổ",
        "the database was copied or moved without it",
        set(),
    )
    assert main(["releases", "--db", str(moved)]) == 1
    assert "đã bị sao chép hoặc di chuyển mà không kèm sổ" in capsys.readouterr().err
    assert main(["releases", "--db", str(moved), "--lang", "en"]) == 1
    assert "the database was copied or moved without it" in capsys.readouterr().err


RELEASES_SAID = [
    ("--new-edition", 1, "err", "không có sửa đổi nào", "there is no revision"),
    ("import", 0, "", "", ""),
    ("--accept", 1, "err", "Thay đổi này mâu thuẫn với những số đã công bố", "The change contradicts counts"),
    ("--new-edition", 0, "out", "Đã bắt đầu ấn bản 2 của sổ đăng ký", "Edition 2 of the register"),
    ("--accept", 0, "out", "đã được chấp nhận: việc công bố tiếp tục", "are accepted: publication goes on"),
]


@pytest.mark.slow
def test_workbench_releases_says_what_it_did_in_the_language_asked(fresh, key, capsys):
    """`--accept` and `--new-edition`, each said in Vietnamese; what refuses is said again with
    `--lang en` (saying it changes nothing). The edition is started once, in Vietnamese: its
    English is test_release_revisions'."""
    with _publish(fresh) as public:
        public.victims(years=(2016, 2024), trafficking_statuses=EVERYONE)
    for option, code, stream, vi, en in RELEASES_SAID:
        if option == "import":
            assert wb.import_files(VICTIMS, db=fresh, progress=False).rows_added == 2
            continue
        argv = ["releases", option, "--db", str(fresh)]
        langs = [("vi", []), ("en", ["--lang", "en"])] if code else [("vi", [])]
        for lang, extra in langs:
            assert main([*argv, *extra]) == code
            said_now = getattr(capsys.readouterr(), stream).replace(str(fresh), "DB")
            assert (vi if lang == "vi" else en) in said_now, said_now
            assert _digits(said_now) <= {"2"}, said_now  # the edition's number, no count
    assert main(["releases", "--accept", "--db", str(fresh), "--lang", "en"]) == 0
    assert "are accepted: publication goes on" in capsys.readouterr().out


LANG_ASKS = {
    "victims": lambda db: db.victims(by=["year"], lang="de"),
    "support": lambda db: db.support(by=["district"], lang="de"),
    "events": lambda db: db.events(by=["year"], lang="de"),
    "funnel": lambda db: db.funnel(lang="de"),
}


@pytest.mark.parametrize("mode", ["internal", "publish"])
@pytest.mark.parametrize("ask", LANG_ASKS.values(), ids=LANG_ASKS.keys())
def test_a_language_other_than_vi_or_en_is_refused_before_anything_is_released(fresh, mode, ask):
    # lang="de" was answered in English, and in publish mode recorded as a release
    with wb.connect(fresh, build=False, mode=mode) as db:
        register = getattr(db, "register", None)
        before = register.path.read_bytes() if register is not None and register.path.exists() else b""
        with pytest.raises(
            wb.UnknownCodeError, match=r"Unknown lang 'de' — did you mean 'en'\? Valid: vi, en"
        ) as error:
            ask(db)
        assert error.value.closest == "en"
        after = register.path.read_bytes() if register is not None and register.path.exists() else b""
        assert after == before


def test_a_chart_in_a_language_other_than_vi_or_en_is_refused(db):
    frame = db.events(by=["year"])
    with pytest.raises(wb.UnknownCodeError, match="Unknown lang 'xx'"):
        wb.trend_chart(frame, lang="xx")
    plt.close("all")


def test_a_language_in_capitals_is_refused_naming_it_in_small_letters(db):
    with pytest.raises(wb.UnknownCodeError, match=r"Unknown lang 'EN' — did you mean 'en'\?") as error:
        db.events(by="year", lang="EN")
    assert error.value.closest == "en"


@pytest.mark.parametrize(
    ("key", "seconds", "lang", "written"),
    [
        pytest.param("audit_whole", 60.0, "vi", "trong 60 giây", id="whole-vi"),
        pytest.param("audit_whole", 60.0, "en", "in 60 s", id="whole-en"),
        pytest.param("audit_overlaps", 1300.5, "vi", "1.300,5", id="overlaps-vi"),
        pytest.param("audit_overlaps", 1300.5, "en", "1,300.5", id="overlaps-en"),
    ],
)
def test_a_time_limit_in_a_refusal_is_written_the_languages_way(key, seconds, lang, written):
    """'60.0 giây' read as an English number in a Vietnamese sentence."""
    from workbench._error_words import error_text

    fields = {"seconds": seconds, "message": "Time limit reached", "cells": 3, "published": 3, "pieces": 4}
    said_it = error_text(key, fields, lang)
    assert written in said_it, said_it
    assert "60.0" not in said_it
