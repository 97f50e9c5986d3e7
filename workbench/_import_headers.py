"""The header dictionary: column headings as agencies write them -> schema fields.

Headings are matched folded (no diacritics, any case, NFC or NFD, punctuation and anything in
brackets ignored), so 'Quận/Huyện', 'QUAN HUYEN' and 'Quận - Huyện (ghi rõ)' are one heading.
Extend it per import with `headers={"Tên cột": "field"}` (or `--header "Tên cột=field"`), or
permanently by adding a line below. The schema's own column names are always accepted.
"""

from __future__ import annotations

import re

from ._schema import RECORD_TABLES, Table
from ._text import fold

# Direct identifiers: read only to derive the pseudonymous key, never stored.
IDENTIFIER_FIELDS = ("full_name", "id_number", "phone", "address", "birth_date")
# Columns that are read and dropped without a warning.
IGNORED = "ignored"

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
    # identifiers (dropped after the key is derived)
    "full_name": ("Họ và tên", "Họ tên", "Tên nạn nhân", "Họ và tên nạn nhân"),
    "id_number": ("Số CCCD", "CCCD", "CMND/CCCD", "Số CMND", "Số định danh", "CMND"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "ĐT"),
    "address": ("Địa chỉ", "Địa chỉ thường trú", "Nơi ở", "Chỗ ở hiện nay", "Nơi cư trú"),
    "birth_date": ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh"),
    IGNORED: ("STT", "TT", "Số TT", "Ghi chú", "Ghi chu"),
}


def heading_key(text: str) -> str:
    """'Quận/Huyện (ghi rõ)' -> 'quan huyen'."""
    without_brackets = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text))
    return re.sub(r"[^0-9a-z]+", " ", fold(without_brackets)).strip()


def header_lookup(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded heading -> field, from the dictionary, the schema names and `extra`."""
    lookup: dict[str, str] = {}
    for table in RECORD_TABLES:
        for name in table.column_names:
            lookup[heading_key(name)] = name
    for field, headings in HEADER_ALIASES.items():
        lookup[heading_key(field)] = field
        for heading in headings:
            lookup[heading_key(heading)] = field
    for heading, field in (extra or {}).items():
        lookup[heading_key(heading)] = field
    return lookup


def map_headers(headings: list[str], lookup: dict[str, str]) -> list[str | None]:
    """The field each heading stands for, None for headings the dictionary does not know."""
    return [lookup.get(heading_key(h)) if str(h).strip() else None for h in headings]


def fields_of(table: Table) -> set[str]:
    return set(table.column_names)


def guess_table(fields: list[str | None]) -> Table | None:
    """The record table whose fields the headings match best (None when none matches two)."""
    present = {f for f in fields if f}
    best, best_score = None, 1
    for table in RECORD_TABLES:
        own = fields_of(table) - {"district_code", "unit_code"}
        score = len(present & own)
        if table.name == "victims" and present & set(IDENTIFIER_FIELDS):
            score += 2
        if score > best_score:
            best, best_score = table, score
    return best
