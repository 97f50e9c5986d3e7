"""The header dictionary: column headings as agencies write them -> schema fields.

Headings are matched folded (no diacritics, any case, NFC or NFD, punctuation and anything in
brackets ignored), so 'Quận/Huyện', 'QUAN HUYEN' and 'Quận - Huyện (ghi rõ)' are one heading.
Extend it per import with `headers={"Tên cột": "field"}` (or `--header "Tên cột=field"`), or
permanently by adding a line below. The schema's own column names are always accepted.
"""

from __future__ import annotations

import re

from .._errors import closest
from .._schema import RECORD_TABLES, Table
from .._text import fold
from .identifiers import PERSONAL, identifier_heading

# Direct identifiers: read only to derive the pseudonymous key, never stored. PERSONAL: any other
# identifier (e-mail, social account, birthplace, passport, someone else's name or number), which
# nothing is derived from. Headings are recognised by their words (`identifiers`), not only here.
IDENTIFIER_FIELDS = ("full_name", "id_number", "phone", "address", "birth_date", PERSONAL)
# The identifiers a victim's key is derived from (`check._key_sql`).
KEY_FIELDS = ("id_number", "full_name", "birth_date")
# Columns that are read and dropped without a warning (remarks with a note: a remark may change
# what a record means, and the workbench keeps no free text).
IGNORED = "ignored"
REMARKS = ("Ghi chú", "Ghi chu")

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    # events
    "event_id": ("Mã sự kiện", "Mã hoạt động", "Mã buổi", "Số hiệu"),
    "event_date": ("Ngày tổ chức", "Ngày thực hiện", "Thời gian tổ chức", "Ngày", "Thời gian"),
    "organiser": ("Đơn vị tổ chức", "Cơ quan tổ chức", "Đơn vị thực hiện", "Đơn vị chủ trì"),
    "event_type": ("Hình thức", "Hình thức tuyên truyền", "Loại hoạt động", "Loại hình"),
    "topic": ("Chủ đề", "Nội dung", "Nội dung tuyên truyền"),
    "attendees": (
        "Số người tham dự",
        "Số lượt người tham dự",
        "Số người tham gia",
        "Số lượt người tham gia",
        "Người tham dự",
        "Số người dự",
        "Tổng số người tham dự",
        "Tổng số lượt người tham dự",
        "Tổng số người tham gia",
    ),
    "leaflets": ("Số tờ rơi", "Tờ rơi", "Số tờ rơi phát", "Số tờ rơi đã phát", "Tờ rơi phát ra"),
    # both
    "district_code": ("Quận/Huyện", "Quận, huyện", "Địa bàn", "Quận huyện", "Mã quận/huyện", "Huyện"),
    "unit_code": ("Xã/Phường", "Phường/Xã", "Xã, phường, thị trấn", "Mã xã", "Đơn vị hành chính cấp xã"),
    # victims
    "victim_id": ("Mã nạn nhân", "Mã hồ sơ"),
    "reception_date": ("Ngày tiếp nhận", "Ngày trở về", "Ngày nhận"),
    "sex": ("Giới tính", "Nam/Nữ"),
    "age_band": ("Nhóm tuổi", "Độ tuổi"),
    "minor_status": ("Trẻ em/Người lớn", "Trẻ em"),
    "citizenship": ("Quốc tịch",),
    "destination": ("Nước bị đưa đến", "Quốc gia bị bóc lột", "Nơi bị bán đến", "Bị bán sang"),
    "exploitation": ("Hình thức bóc lột", "Mục đích mua bán"),
    "means_of_control": ("Thủ đoạn kiểm soát", "Hình thức kiểm soát"),
    "recruitment": ("Hình thức tuyển mộ", "Thủ đoạn dụ dỗ", "Cách thức dụ dỗ"),
    "recruiter_relation": ("Quan hệ với đối tượng", "Quan hệ với người môi giới"),
    "reception_channel": ("Hình thức tiếp nhận", "Kênh tiếp nhận", "Trường hợp trở về"),
    "referring_body": ("Cơ quan chuyển giao", "Đơn vị bàn giao"),
    "trafficking_status": ("Tình trạng xác định", "Kết quả xác minh"),
    "case_status": ("Tình trạng hồ sơ", "Trạng thái hồ sơ"),
    "workflow_stage": ("Giai đoạn", "Bước hỗ trợ"),
    "poor_household": ("Hộ nghèo", "Thuộc hộ nghèo"),
    "consent_data": ("Đồng ý xử lý dữ liệu", "Đồng ý cung cấp thông tin"),
    # hotline contacts (no identifier: a phone or name column is refused, see below)
    "contact_id": ("Mã cuộc gọi", "Mã liên hệ", "Số thứ tự cuộc gọi"),
    "contact_date": ("Ngày liên hệ", "Ngày gọi", "Ngày tiếp nhận cuộc gọi", "Ngày nhận cuộc gọi"),
    "line": ("Đường dây", "Tổng đài", "Số tổng đài", "Đường dây nóng"),
    "channel": ("Kênh liên hệ", "Hình thức liên hệ", "Phương thức liên hệ"),
    "referral": ("Kết quả chuyển gửi", "Chuyển gửi", "Kết quả xử lý", "Chuyển đến"),
    # online and media communication
    "item_id": ("Mã tin bài", "Mã tin, bài"),
    "item_date": ("Ngày đăng", "Ngày đăng tải", "Ngày phát sóng", "Ngày đăng phát"),
    "medium": ("Hình thức truyền thông", "Loại tin bài", "Kênh truyền thông", "Loại hình truyền thông"),
    "items": ("Số tin bài", "Số tin, bài", "Số lượng tin bài", "Số lượt đăng, chia sẻ", "Số lượng"),
    "reach": ("Lượt tiếp cận", "Lượt xem", "Số người tiếp cận", "Số lượt tiếp cận"),
    # identifiers (dropped after the key is derived)
    "full_name": ("Họ và tên", "Họ tên", "Tên nạn nhân", "Họ và tên nạn nhân"),
    "id_number": ("Số CCCD", "CCCD", "CMND/CCCD", "Số CMND", "Số định danh", "CMND"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "ĐT"),
    "address": ("Địa chỉ", "Địa chỉ thường trú", "Nơi ở", "Chỗ ở hiện nay", "Nơi cư trú"),
    "birth_date": ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh"),
    IGNORED: ("STT", "TT", "Số TT", *REMARKS),
    # criminal cases (the police's figures); exploitation and destination as for victims
    "case_id": ("Mã vụ án", "Mã vụ việc", "Case ID", "Case key"),
    "detected_date": ("Ngày phát hiện", "Ngày phát hiện vụ án", "Thời gian phát hiện", "Date detected"),
    "stage": ("Giai đoạn tố tụng", "Kết quả xử lý", "Tình trạng vụ án", "Stage of proceedings", "Case stage"),
    "suspects": ("Số đối tượng", "Số bị can", "Số đối tượng liên quan", "Suspects", "Number of suspects"),
    # the victim funnel's stage dates (_stages), as agencies' lists and donors' templates head them
    "verified_date": ("Ngày xác minh", "Ngày kết thúc xác minh", "Date verified", "Verification date"),
    "identified_date": (
        "Ngày xác định nạn nhân",
        "Ngày xác định là nạn nhân",
        "Date identified",
        "Identification date",
    ),
    "supported_date": ("Ngày hỗ trợ", "Ngày bắt đầu hỗ trợ", "Date supported", "Support start date"),
    "reintegrated_date": (
        "Ngày tái hòa nhập",
        "Ngày tái hoà nhập cộng đồng",
        "Date reintegrated",
        "Reintegration date",
    ),
}


def heading_key(text: str) -> str:
    """'Quận/Huyện (ghi rõ)' -> 'quan huyen'."""
    without_brackets = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text))
    return re.sub(r"[^0-9a-z]+", " ", fold(without_brackets)).strip()


# Counts a heading can qualify away: 'Số người tham dự (nữ)' counts women, 'Số tờ rơi tồn' the
# leaflets left. Read as the count it is near, a total would be wrong without a word, so such a
# heading is said aloud (a warning), not in a note.
COUNT_FIELDS = frozenset({"attendees", "leaflets", "items", "reach", "suspects"})
# Words in brackets that only say the unit or ask for care ('(người)', '(lượt)', '(ghi rõ)'):
# left aside without a word. Any other ('(nữ)', '(trong đó nữ)', '(dự kiến)') qualifies the count.
PLAIN_BRACKETS = frozenset(
    {
        "nguoi", "luot", "luot nguoi", "nguoi luot", "to", "buoi", "cuoc", "lan", "so", "so luong",
        "tong", "tong so", "tong cong", "ghi ro", "neu co", "ca", "ban", "people", "persons",
        "number", "total", "count", "times", "sheets", "copies", "",
    }
)  # fmt: skip


class Lookup(dict[str, str]):
    """Folded heading -> field, and the headings given by the user (`--header`), folded whole
    with their brackets -> field: a heading mapped on purpose is never questioned, and one with
    words in brackets is that heading only ('Số người tham dự (trong đó nữ)=ignored' left the
    plain 'Số người tham dự' beside it ignored too, the file's total lost)."""

    given: dict[str, str]

    def __init__(self) -> None:
        super().__init__()
        self.given = {}


def _brackets(heading: str) -> list[str]:
    return [a or b for a, b in re.findall(r"\(([^)]*)\)|\[([^\]]*)\]", str(heading))]


def _whole_key(heading: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", fold(str(heading))).strip()


def header_lookup(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded heading -> field, from the dictionary, the schema names and `extra`."""
    lookup = Lookup()
    lookup.given = {_whole_key(h): field for h, field in (extra or {}).items()}
    for table in RECORD_TABLES:
        for name in table.column_names:
            lookup[heading_key(name)] = name
    for field, headings in HEADER_ALIASES.items():
        lookup[heading_key(field)] = field
        for heading in headings:
            lookup[heading_key(heading)] = field
    for heading, field in (extra or {}).items():
        if heading_key(heading) == _whole_key(heading):  # no words in brackets: any way written
            lookup[heading_key(heading)] = field
    return lookup


def map_headers(headings: list[str], lookup: dict[str, str]) -> list[str | None]:
    """The field each heading stands for, None for headings the dictionary does not know."""
    return match_headers(headings, lookup)[0]


_NEAR: dict[int, tuple[dict[str, str], dict[str, set[str]], dict[str, str]]] = {}


def _near_index(lookup: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Dictionary headings of three words or more with one word left out -> their fields (and
    the heading each came from): people add or drop a word ('Số tờ rơi phát', 'Hình thức bóc
    lột chính'). Both headings have three words at least: 'Nội dung khác' is not 'Nội dung'."""
    cached = _NEAR.get(id(lookup))
    if cached is not None and cached[0] is lookup:
        return cached[1], cached[2]
    index: dict[str, set[str]] = {}
    origin: dict[str, str] = {}
    for key, name in lookup.items():
        words = key.split()
        if len(words) < 3:
            continue
        for i in range(len(words)):
            shorter = " ".join(words[:i] + words[i + 1 :])
            index.setdefault(shorter, set()).add(name)
            origin.setdefault(shorter, key)
    _NEAR.clear()
    _NEAR[id(lookup)] = (lookup, index, origin)
    return index, origin


def written(key: str) -> str:
    """A folded dictionary heading as the dictionary writes it ('hinh thuc boc lot' ->
    'Hình thức bóc lột')."""
    for headings in HEADER_ALIASES.values():
        for heading in headings:
            if heading_key(heading) == key:
                return heading
    return key


def near_heading(key: str, lookup: dict[str, str]) -> tuple[str, str] | None:
    """(field, dictionary heading) for a folded heading one word longer or shorter than a
    dictionary heading of a single field; None when none or several fields are that near."""
    index, origin = _near_index(lookup)
    found: dict[str, str] = {}
    if key in index:
        for name in index[key]:
            found.setdefault(name, origin[key])
    words = key.split()
    if len(words) >= 4:  # a dictionary heading of three words or more, and one more word
        for i in range(len(words)):
            shorter = " ".join(words[:i] + words[i + 1 :])
            if shorter in lookup:
                found.setdefault(lookup[shorter], shorter)
    if len(found) != 1:
        return None
    name, heading = next(iter(found.items()))
    return name, written(heading)


def is_remarks(heading: str) -> bool:
    """'Ghi chú', 'GHI CHU', 'Ghi chú (nếu có)': a column of remarks."""
    return heading_key(heading) in {heading_key(h) for h in REMARKS}


def match_headers(headings: list[str], lookup: dict[str, str]) -> tuple[list[str | None], dict[int, str]]:
    """The field of each heading, and for those matched by a word added or dropped, the
    dictionary heading they were taken for (a near match never takes a field another heading
    of the row names exactly). A heading whose words name an identifier ('SĐT liên hệ', 'Nơi
    sinh') is that identifier whatever the dictionary or `--header` says: never a field stored."""
    keys = [heading_key(h) if str(h).strip() else "" for h in headings]
    given: dict[str, str] = getattr(lookup, "given", {})
    fields = [
        given.get(_whole_key(h), lookup.get(k)) if k else None for h, k in zip(headings, keys, strict=True)
    ]
    for i, k in enumerate(keys):
        named = identifier_heading(headings[i]) if k else None
        if named is not None and fields[i] not in IDENTIFIER_FIELDS:
            fields[i] = named
    qualified = [
        bool(k)
        and fields[i] in COUNT_FIELDS
        and _whole_key(headings[i]) not in given
        and any(heading_key(b) not in PLAIN_BRACKETS for b in _brackets(headings[i]))
        for i, k in enumerate(keys)
    ]
    exact = {f for i, f in enumerate(fields) if f and not qualified[i]}
    near: dict[int, str] = {}
    for i, k in enumerate(keys):  # a count qualified in brackets ('(trong đó nữ)'): said aloud
        if qualified[i] and fields[i] in exact:
            fields[i] = None  # beside the count itself, it is part of it: not read (a warning says)
        elif qualified[i]:
            near[i] = written(k)
    for i, k in enumerate(keys):
        if fields[i] is None and k:
            match = near_heading(k, lookup)
            if match and match[0] not in exact:
                fields[i], near[i] = match
    return fields, near


def suggest_field(heading: str, lookup: dict[str, str]) -> tuple[str, str] | None:
    """(field, dictionary heading) most like an unknown heading, or None when nothing is close."""
    key = heading_key(heading)
    if not key:
        return None
    if identifier_heading(heading) is not None:
        return None
    match = near_heading(key, lookup)
    if match and match[0] not in IDENTIFIER_FIELDS:
        return match
    # A heading is only suggested when very like one of the dictionary's (3 in 4 characters).
    # An identifier is never offered: a column of them is not imported under any field.
    offered = [k for k, f in lookup.items() if f != IGNORED and f not in IDENTIFIER_FIELDS]
    match_key = closest(key, offered, cutoff=0.75)
    return (lookup[match_key], written(match_key)) if match_key else None


def fields_of(table: Table) -> set[str]:
    return set(table.column_names)


def guess_table(fields: list[str | None]) -> Table | None:
    """The record table whose fields the headings match best (None when none matches two)."""
    present = {f for f in fields if f}
    best, best_score = None, 1
    for table in RECORD_TABLES:
        own = fields_of(table) - {"district_code", "unit_code"}
        score = len(present & own)
        # a person's own name or ID-card number: a victim list (a phone or an address alone is no
        # sign of one: callers' numbers are the hotline's)
        if table.name == "victims" and present & {"full_name", "id_number"}:
            score += 2
        if score > best_score:
            best, best_score = table, score
    return best
