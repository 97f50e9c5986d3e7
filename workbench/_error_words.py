"""The words of the errors people are shown in either language, in Vietnamese and English (the
importer's are in `_import_words`, publish mode's refusals in `_publish_words`, chart and page words
in `_words`).

An error raised with one of these carries its key and fields (`WorkbenchError.words`), so a caller
that knows the language asked for (`workbench figures --lang en`) says it again in that language:
`error_text(*error.words, lang)`. Values given are filled in as given, never translated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import cast

from ._publish_words import MEASURE_WORDS, PUBLISH_WORDS
from ._text import format_number

# key -> (Vietnamese, English); `error_text` fills the {fields}.
ERROR_WORDS: dict[str, tuple[str, str]] = {
    # _filters.check_years_held: a query over years wholly outside the years held
    "year_outside": (
        "Năm {years} nằm ngoài các năm có số liệu {what} ({held}) — có phải ý bạn là years={closest}? "
        "Hợp lệ: các năm từ {low} đến {high}.",
        "Year {years} is outside the years held for {what} ({held}) — did you mean years={closest}? "
        "Valid: years from {low} to {high}.",
    ),
    "years_outside": (
        "Các năm {years} nằm ngoài các năm có số liệu {what} ({held}) — có phải ý bạn là "
        "years={closest}? Hợp lệ: các năm từ {low} đến {high}.",
        "Years {years} are outside the years held for {what} ({held}) — did you mean years={closest}? "
        "Valid: years from {low} to {high}.",
    ),
    # `workbench figures|brief|export --db PATH` where no database is: a path mistyped would
    # otherwise build a new one from the sample data and answer from it without a word
    "no_database_at": (
        "Không có cơ sở dữ liệu nào ở {path} — kiểm tra lại đường dẫn --db; để dựng một cơ sở dữ liệu "
        "mới từ data/ ở đó: workbench build --db {path}",
        "No workbench database at {path} — check the --db path; to build a new one from data/ there: "
        "workbench build --db {path}",
    ),
    # _filters: years given last year first
    "years_not_years": (
        "Không đọc được năm {given}: hãy cho một năm (2019), một cặp (năm đầu, năm cuối) như (2016, 2020), "
        "hoặc '2016-2020'.",
        "Cannot read years {given}: give a year (2019), a (first, last) pair such as (2016, 2020), or "
        "'2016-2020'.",
    ),
    "years_listed": (
        "years={given}: danh sách năm không được đọc, vì có thể là các năm ấy hoặc cả khoảng. Một khoảng "
        '(tính cả hai năm) viết là cặp {closest}; từng năm riêng: hỏi theo năm (by="year").',
        "years={given}: a list of years is not read, as it could mean those years or the whole range. A "
        'range (both years included) is the pair {closest}; each year apart: ask by year (by="year").',
    ),
    "years_backwards": (
        "các năm {given} bị ngược: năm đầu sau năm cuối. Có phải ý bạn là {closest}?",
        "years {given} run backwards: the first year is after the last. Did you mean {closest}?",
    ),
    # `workbench figures` / `workbench brief` over years the database holds nothing of
    "command_years_outside": (
        "--years {first} {last}: cơ sở dữ liệu không có bản ghi nào của các năm đó, chỉ có các năm "
        "{low}–{high}. Gần nhất: --years {near_first} {near_last}.",
        "--years {first} {last}: the database holds no record of those years; it holds {low}–{high}. "
        "Closest: --years {near_first} {near_last}.",
    ),
    # figures or a pack over years partly beyond those held: drawn over the years held, and said so
    "command_years_partly": (
        "--years {first} {last}: cơ sở dữ liệu chỉ có các năm {low}–{high} trong khoảng đó; các hình "
        "chỉ gồm các năm này.",
        "--years {first} {last}: of those years the database holds {low}–{high} only; the figures "
        "cover those years.",
    ),
    # districts=["Ninh Kiều, Cờ Đỏ"]: several places in one text
    "places_in_one_text": (
        "{given} là nhiều địa bàn trong một chuỗi: hãy cho từng tên riêng, districts={listed}",
        "{given} is several places in one text: give each name on its own, districts={listed}",
    ),
    # `--db README.md`: a file that is neither a database nor a pointer to one
    # `brief --out pack.docx`: the pack was written as pack.docx.pdf (pack.docx_internal.pdf)
    "brief_not_pdf": (
        "bộ tài liệu tóm tắt là một tệp PDF, còn {given} là tên của một tệp {suffix} — hãy đặt tên kết "
        "thúc bằng .pdf, chẳng hạn {pdf}",
        "the briefing pack is a PDF, and {given} names a {suffix} file — give a name ending in .pdf, such "
        "as {pdf}",
    ),
    # `figures --out` given a file, or a file's name: the figures are written into a folder
    "figures_out_file": (
        "--out {out} là một tệp: hãy cho một thư mục, chẳng hạn out/figures",
        "--out {out} is a file: give a folder, such as out/figures",
    ),
    "figures_out_named": (
        "--out {out} là tên một tệp {suffix}, còn bộ biểu đồ được ghi vào một thư mục: hãy cho một thư "
        "mục, chẳng hạn out/figures (một tệp PDF của cả bộ tài liệu: workbench brief --out {given})",
        "--out {out} names a {suffix} file, and figures are written into a folder: give one, such as "
        "out/figures (one PDF of the whole pack: workbench brief --out {given})",
    ),
    "not_a_database": (
        "{path} không phải là cơ sở dữ liệu của workbench (không phải cơ sở dữ liệu, cũng không phải con "
        "trỏ tới một cơ sở dữ liệu) — kiểm tra lại đường dẫn --db; tệp được để nguyên",
        "{path} is not a workbench database (neither a database nor a pointer to one) — check the --db "
        "path; the file is left as it is",
    ),
    # `--districts Ninh Kiều` unquoted: the shell gave 'Ninh' and 'Kiều' (suggested 'Xã An Ninh')
    "districts_split": (
        "--districts {given}: tên có hai chữ trở lên là một tham số, hãy đặt trong ngoặc kép: --districts "
        "{quoted}",
        "--districts {given}: a name of two words or more is one argument: put it in quotes, --districts "
        "{quoted}",
    ),
    # `--districts "Ninh Kiều,Cờ Đỏ"`: one argument holding several names
    "districts_commas": (
        "--districts {given}: các quận/huyện cách nhau bằng dấu cách, mỗi tên trong ngoặc kép: "
        "--districts {quoted}",
        "--districts {given}: districts are separated by spaces, each name in quotes: --districts {quoted}",
    ),
    "years_partly": (
        "years=({first}, {last}): cơ sở dữ liệu chỉ có các năm {low}–{high} trong khoảng đó; các hình "
        "chỉ gồm các năm này.",
        "years=({first}, {last}): of those years the database holds {low}–{high} only; the figures "
        "cover those years.",
    ),
    # a panel (or a dashboard link) asked for districts its list does not offer
    "panel_district_not_listed": (
        "Danh sách quận/huyện của bảng lọc không có {districts}. Hợp lệ: {listed}.",
        "The panel's list of districts does not offer {districts}. Valid: {listed}.",
    ),
    # a national panel (or a dashboard link) asked for districts it cannot list together
    "panel_one_province": (
        "Mỗi lần bảng lọc chỉ hiện các quận/huyện của một tỉnh, không phải tỉnh {provinces} với quận/huyện "
        "{districts}. Hợp lệ: một tỉnh và các quận/huyện của tỉnh đó.",
        "A panel shows one province's districts at a time, not provinces {provinces} with districts "
        "{districts}. Valid: one province, and districts of that province.",
    ),
    # _districts, _units: a place that is not one
    "place_not_a_value": (
        "Quận/huyện là mã GSO hoặc tên, không phải {type} {given}. Hợp lệ: {districts}.",
        "A district is a GSO code or a name, not {type} {given}. Valid: {districts}.",
    ),
    "unknown_district": (
        "Không có quận/huyện {given}{hint} Hợp lệ: {districts}.",
        "Unknown district {given}{hint} Valid: {districts}.",
    ),
    "unknown_place": (
        "Không có quận/huyện {given}{hint} Hợp lệ: {districts}. Cũng nhận: {areas} và các xã/phường "
        "từ ngày 01/07/2025 (wb.units_2025()).",
        "Unknown district {given}{hint} Valid: {districts}. Also accepted: the area groups {areas} and "
        "the communes/wards of 1 July 2025 (wb.units_2025()).",
    ),
    "unknown_place_in_part": (
        "Không có quận/huyện hay xã/phường {given} — có phải ý bạn là '{closest}' ({code})? Hợp lệ: "
        "9 quận/huyện ({districts}), {areas} và {units} xã/phường từ ngày 01/07/2025 "
        "(xem wb.units_2025()).",
        "Unknown district or unit {given} — did you mean '{closest}' ({code})? Valid: the nine "
        "districts ({districts}), the area groups {areas} and the {units} communes/wards of 1 July "
        "2025 (see wb.units_2025()).",
    ),
    "whole_city": (
        "{given} là cả thành phố, không phải một quận/huyện: bỏ trống bộ lọc quận/huyện để tính toàn "
        "thành phố. Hợp lệ: 9 quận/huyện ({districts}), {areas} và {units} xã/phường từ ngày "
        "01/07/2025 (xem wb.units_2025()).",
        "{given} is the whole city, not one of its districts: leave districts out (or empty) to count "
        "all of it. Valid: the nine districts ({districts}), the area groups {areas} and the {units} "
        "communes/wards of 1 July 2025 (see wb.units_2025()).",
    ),
    "did_you_mean": (" — có phải ý bạn là {match}?", " — did you mean {match}?"),
    # _codewords, _query, _filters: a code, a grouping or a filter's name that is not one
    "unknown_code": (
        "Không có {named} {given}{hint} Hợp lệ: {listed}.",
        "Unknown {named} {given}{hint} Valid: {listed}.",
    ),
    "unknown_grouping": (
        "Không nhóm được theo {given}{hint} Hợp lệ: {listed}.",
        "Cannot group by {given}{hint} Valid: {listed}.",
    ),
    "unknown_filter": (
        "Filters không có trường {given}{hint} Các trường: {listed}.",
        "Filters has no field {given}{hint} Fields: {listed}.",
    ),
    "filter_not_for_kind": (
        "Trường {given} không lọc {what}: kết quả sẽ đếm tất cả như thể không lọc. Các trường lọc {what}: "
        "{listed}.",
        "The field {given} does not narrow {what}: the answer would count them all as if it were not "
        "given. Fields that narrow {what}: {listed}.",
    ),
    # _publish: the threshold of publish mode
    "publish_k": (
        "Chế độ công bố cần k từ {minimum} trở lên; đã cho k={given}. k nhỏ hơn chỉ dùng cho phân tích "
        "nội bộ: wb.connect(mode='internal', k=...) (trên dòng lệnh: --mode internal --k ...), mọi kết quả "
        "được đánh dấu nội bộ.",
        "Publish mode needs k of at least {minimum}; k={given} was given. A smaller k is for internal "
        "analysis only: wb.connect(mode='internal', k=...) (on the command line: --mode internal --k ...), "
        "every output marked internal.",
    ),
    # _publish_tables: a 2025 unit in publish mode
    "publish_units": (
        "Chế độ công bố chỉ tính nạn nhân theo các quận/huyện năm 2019 và các khu vực tỉnh cũ; {given} "
        "không thuộc số đó (một xã/phường từ năm 2025 có quá ít nạn nhân để công bố). Hãy chọn "
        "quận/huyện chứa nó.",
        "Publish mode counts victims by the 2019 districts and area groups; {given} is not one (a 2025 "
        "unit holds too few victims to publish). Choose its district instead.",
    ),
    # `workbench imports remove` / `workbench context remove`: a batch or source not in the store
    "remove_needs_batch": (
        "imports remove cần tên lô: tên như `workbench imports list` liệt kê",
        "imports remove needs the batch: its name as `workbench imports list` shows it",
    ),
    "remove_needs_source": (
        "context remove cần tên nguồn: tên như `workbench context list` liệt kê",
        "context remove needs the source: its name as `workbench context list` shows it",
    ),
    "unknown_import_batch": (
        "Không có lô nhập {given}{hint} Hợp lệ: {listed}.",
        "Unknown import batch {given}{hint} Valid: {listed}.",
    ),
    "no_import_batch": (
        "Không có lô nhập {given}. Hợp lệ: không có (kho nhập chưa có lô nhập nào).",
        "Unknown import batch {given}. Valid: none (the import store holds no import batch).",
    ),
    "unknown_context_source": (
        "Không có nguồn bối cảnh {given}{hint} Hợp lệ: {listed}.",
        "Unknown context source {given}{hint} Valid: {listed}.",
    ),
    "no_context_source": (
        "Không có nguồn bối cảnh {given}. Hợp lệ: không có (kho nhập chưa có nguồn bối cảnh nào).",
        "Unknown context source {given}. Valid: none (the import store holds no context source).",
    ),
    "remove_national": (
        "{db} là cơ sở dữ liệu toàn quốc (do `workbench generate --national` ghi, không dựng từ data/ và "
        "các lần nhập): không gỡ được lô nào khỏi nó. Hãy tạo lại.",
        "{db} is a national database (written by `workbench generate --national`, not built from data/ "
        "and its imports): a batch cannot be taken out of it. Generate it again.",
    ),
    # `workbench export`: options and files refused
    "export_k_small": (
        "--k {k} quá nhỏ: bản xuất cần mỗi tổ hợp đặc điểm gần định danh có ít nhất {minimum} người (ngưỡng "
        "của chế độ công bố); CTDC dùng {default}.",
        "--k {k} is too small: an export needs every combination of quasi-identifiers shared by at least "
        "{minimum} people (publish mode's threshold); CTDC uses {default}.",
    ),
    "export_years_backwards": (
        "--years {first} {last}: năm đầu sau năm cuối; có phải ý bạn là --years {last} {first}?",
        "--years {first} {last}: the first year is after the last; did you mean --years {last} {first}?",
    ),
    "export_link": (
        "{path} là liên kết tượng trưng (tới {target}): bản xuất không bao giờ ghi qua liên kết; hãy đặt "
        "tên một tệp thường mới",
        "{path} is a symbolic link (to {target}): an export never writes through a link; name a new plain "
        "file",
    ),
    "export_exists": (
        "{path} đã có: bản xuất không bao giờ ghi đè một tệp; hãy đặt tên khác",
        "{path} exists: an export never overwrites a file; name another",
    ),
    "export_folder": ("{path} là một thư mục; hãy đặt tên một tệp", "{path} is a folder; name a file"),
    "export_cannot_create": ("Không tạo được {path}: {why}.", "Cannot create {path}: {why}."),
    # `workbench dashboard`
    "dashboard_publish_only": (
        "--publish chỉ phục vụ bảng điều khiển ({dashboard}), không phục vụ {notebook}: các sổ tay khác "
        "kết nối ở chế độ nội bộ.",
        "--publish serves the dashboard only ({dashboard}), not {notebook}: other notebooks connect in "
        "internal mode.",
    ),
    "unknown_notebook": (
        "Không có sổ tay {given}{hint} Hợp lệ: {listed}.",
        "Unknown notebook {given}{hint} Valid: {listed}.",
    ),
}

# What a record kind's years are held for, as the errors name it.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "events": ("hoạt động tuyên truyền", "events"),
    "victims": ("nạn nhân", "victims"),
    "support": ("hỗ trợ", "support"),
    "cases": ("vụ việc", "cases"),
    "hotline": ("đường dây nóng", "hotline"),
    "communication": ("truyền thông trên mạng, báo chí", "communication"),
    "records": ("bản ghi", "records"),
}


# Every key `error_text` knows: these and publish mode's refusals.
WORDS: dict[str, tuple[str, str]] = {**ERROR_WORDS, **PUBLISH_WORDS}


def error_text(key: str, fields: dict[str, object], lang: str = "vi") -> str:
    """An error's message (`WORDS`) in `lang` ('vi' or 'en'), its {fields} filled. A `match`
    field (the closest value, as shown, or None) fills {hint}: ' — did you mean ...?', else '.'; a
    `kind` field (a record kind) fills {what} with its words in the language, a `measure` field (a
    publish-mode table's measure column) too, a `named` pair (vi, en) {named} with one of them; a
    `problems` field (pairs of a key of words and its
    fields) fills {problems} with each said in the language, joined by '; '."""
    vi, en = WORDS[key]
    if "kind" in fields:  # a record kind, named in the language
        fields = {**fields, "what": kind_text(str(fields["kind"]), lang)}
    if "measure" in fields:  # what a publish-mode table counts, named in the language
        measure = str(fields["measure"])
        fields = {**fields, "what": MEASURE_WORDS.get(measure, (measure, measure))[lang != "vi"]}
    named = fields.get("named")
    if isinstance(named, tuple):  # a thing named in each language: (vi, en)
        fields = {**fields, "named": named[lang != "vi"]}
    if "match" in fields:
        match = fields["match"]
        if isinstance(match, tuple):  # the closest value as each language shows it: (vi, en)
            match = match[lang != "vi"]
        hint = "." if match is None else ERROR_WORDS["did_you_mean"][lang != "vi"].format(match=match)
        fields = {**fields, "hint": hint}
    if "problems" in fields:
        parts = cast("Iterable[tuple[str, dict[str, object]]]", fields["problems"])
        said_parts = [error_text(part, dict(values), lang) for part, values in parts]
        fields = {**fields, "problems": "; ".join(said_parts)}
    seconds = fields.get("seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        fields = {**fields, "seconds": _seconds(seconds, lang)}
    return (vi if lang == "vi" else en).format(**fields)


def _seconds(value: float, lang: str) -> str:
    """A time limit written the language's way ('60 giây', '300,5 giây'; never '60.0 giây')."""
    return format_number(value, lang=lang, decimals=0 if value == int(value) else 1)


def said(error: BaseException, lang: str = "vi") -> str:
    """An error's message in `lang` when it was raised with words of `WORDS` (its `words`:
    key and fields), else its message as it is."""
    words = getattr(error, "words", None)
    if words is None:
        return str(error)
    key, fields = words
    return error_text(key, fields, lang)


def in_language(error: BaseException, lang: str = "vi") -> BaseException:
    """`error` with its message said in `lang` where it has words (`said`); returned for `raise`."""
    if getattr(error, "words", None) is not None:
        error.args = (said(error, lang),)
    return error


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """An error with words raised inside leaves it said in `lang`: for a call that knows the
    language asked for (a publish-mode query's `lang`) around code that does not (the audit)."""
    try:
        yield
    except Exception as error:
        in_language(error, lang)
        raise


def kind_text(kind: str, lang: str = "vi") -> str:
    """What a kind's years are held for: 'nạn nhân' / 'victims'; an undeclared name as given."""
    vi, en = KIND_WORDS.get(kind, (kind, kind))
    return vi if lang == "vi" else en
