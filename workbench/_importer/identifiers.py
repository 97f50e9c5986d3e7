"""What a person's identifier looks like, in a column's heading and in a code's cell.

Headings are judged by their words (folded: no diacritics, any case), not matched exactly: 'Số
điện thoại người gọi', 'SĐT liên hệ', 'Họ, chữ đệm và tên', 'Số CMND/CCCD/Hộ chiếu', 'Nơi sinh',
'Facebook/Zalo', 'Họ tên người giám hộ' all name identifiers. A column of them is never stored and
never offered as a mapping to a field.

A free code (a victim's or a case's code, a contact's id) that looks like a Vietnamese ID-card
number, a phone number, an e-mail address or a person's name is refused: a code is the agency's
own case or file number.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .._text import fold

# The field of an identifier column nothing is derived from: dropped (or the file refused).
PERSONAL = "personal_data"


def _words(heading: str) -> list[str]:
    without_brackets = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(heading))
    return re.sub(r"[^0-9a-z]+", " ", fold(without_brackets)).split()


def _has(words: list[str], phrase: str) -> bool:
    """Whether `phrase` (folded words) stands in `words` as whole words."""
    want = phrase.split()
    return any(words[i : i + len(want)] == want for i in range(len(words) - len(want) + 1))


def _any(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(_has(words, p) for p in phrases)


# Someone other than the record's own person: their names and numbers are never a victim's key.
OTHERS = (
    "doi tuong", "bi can", "bi cao", "nghi pham", "giam ho", "nguoi giam ho", "cha", "me", "bo",
    "vo", "chong", "con", "than nhan", "nguoi than", "nguoi goi", "nguoi bao tin", "nguoi lien he",
    "nguoi bao cao", "nguoi nha", "chu ho", "lien he", "suspect", "guardian", "caller", "parent",
    "father", "mother", "relative", "contact", "reporter", "informant", "trafficker", "moi gioi",
)  # fmt: skip
NAME = (
    "ho ten", "ho va ten", "ho chu dem va ten", "ho chu lot va ten", "ho dem", "ten khai sinh",
    "ten goi khac", "bi danh", "full name", "first name", "last name", "given name", "surname",
    "family name", "middle name", "alias", "nickname",
)  # fmt: skip
# 'Tên' is a name when it is the whole heading or followed by whose name it is ('Tên nạn nhân');
# 'Tên đơn vị', 'Tên hoạt động' are not.
NAME_OF = (
    "nan nhan", "nguoi", "doi tuong", "bi can", "tre", "victim", "person", "nguoi goi", "cha", "me",
    "vo", "chong", "giam ho", "nguoi giam ho", "than nhan", "khai sinh",
)  # fmt: skip
ID_NUMBER = (
    "cmnd", "cccd", "can cuoc", "chung minh", "chung minh nhan dan", "dinh danh", "so dinh danh",
    "ma dinh danh", "id card", "id number", "national id", "identity card", "identity number",
    "giay to tuy than", "so giay to", "so the can cuoc",
)  # fmt: skip
PASSPORT = ("ho chieu", "passport")
PHONE = (
    "dien thoai", "sdt", "dt", "so dt", "dtdd", "di dong", "phone", "telephone", "tel", "mobile",
    "hotline ca nhan", "so may",
)  # fmt: skip
EMAIL = ("email", "e mail", "thu dien tu", "gmail", "mail")
SOCIAL = (
    "facebook", "fb", "zalo", "tiktok", "telegram", "viber", "messenger", "instagram", "twitter",
    "mang xa hoi", "tai khoan", "nick", "social", "account", "wechat", "line id",
)  # fmt: skip
ADDRESS = (
    "dia chi", "noi o", "cho o", "noi cu tru", "thuong tru", "tam tru", "que quan", "nguyen quan",
    "so nha", "address", "residence", "hometown", "ho khau",
)  # fmt: skip
BIRTHPLACE = ("noi sinh", "birthplace", "place of birth", "noi dang ky khai sinh")
BIRTH_DATE = (
    "ngay sinh", "nam sinh", "ngay thang nam sinh", "date of birth", "birth date", "dob", "birthday",
)  # fmt: skip


def identifier_kind(heading: str) -> str | None:
    """What kind of identifier a heading names, by its words: 'email', 'social', 'birthplace',
    'id_number', 'passport', 'phone', 'birth_date', 'full_name', 'given_name', 'address', 'person'
    (a column of people: 'Người báo cáo'); None for a heading that names none."""
    return _identifier_kind(str(heading))


# Headings are asked about many times over (each file's, and every heading of the dictionary it is
# matched against, about 180 a file): each answer, some hundred phrases looked for, is kept.
@lru_cache(maxsize=4096)
def _identifier_kind(heading: str) -> str | None:
    words = _words(heading)
    if not words:
        return None
    first: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("email", EMAIL),
        ("social", SOCIAL),
        ("birthplace", BIRTHPLACE),
    )
    for kind, phrases in first:
        if _any(words, phrases):
            return kind
    if _any(words, ID_NUMBER):
        return "id_number"
    then: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("passport", PASSPORT),
        ("phone", PHONE),
        ("birth_date", BIRTH_DATE),
    )
    for kind, phrases in then:
        if _any(words, phrases):
            return kind
    if words in (["ten"], ["name"]):
        return "given_name"  # 'Tên' alone is a given name, no full name
    if _any(words, NAME) or ((words[0] == "ten" or words[-1] == "name") and _any(words[1:], NAME_OF)):
        return "full_name"
    if _any(words, ADDRESS):
        return "address"
    if _any(words, OTHERS) and words[0] in ("nguoi", "ten") and len(words) <= 3:
        return "person"  # 'Người báo cáo', 'Người giám hộ'
    return None


# The kinds of identifier a victim's record may be keyed by (or, an address or phone, dropped as
# the dictionary's own identifier fields are): of the record's own person only.
OWN_FIELDS = ("id_number", "phone", "birth_date", "full_name", "address")


def identifier_heading(heading: str) -> str | None:
    """The identifier field a heading names ('full_name', 'id_number', 'phone', 'address',
    'birth_date', or PERSONAL for the rest: e-mail, social accounts, birthplace, passport, a given
    name alone, and any identifier of someone else than the record's person), None for a heading
    that names none."""
    kind = identifier_kind(heading)  # the phrases are looked for once per heading (cached there)
    if kind is None:
        return None
    if kind in OWN_FIELDS and not _any(_words(heading), OTHERS):
        return kind
    return PERSONAL


# ---------------------------------------------------------------- values

# Common Vietnamese family names, folded (Nguyễn, Trần, Lê, ...).
FAMILY_NAMES = frozenset((
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho",
    "ngo", "duong", "ly", "truong", "dinh", "mai", "trinh", "cao", "luong", "doan", "lam", "ta",
    "quach", "kieu", "luu", "trieu",
))  # fmt: skip
# Words that follow a family name's spelling in codes, not in names: 'HO-SO-01' (hồ sơ), 'VU-AN'
# (vụ án), 'DANG-KY' (đăng ký), 'HO-TRO' (hỗ trợ).
NOT_GIVEN_NAMES = frozenset(
    ("so", "an", "viec", "tro", "khau", "ngheo", "ky", "loai", "lich", "chieu", "tich", "tru")
)
_SEPARATORS = re.compile(r"[\s\-._/,]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_VOWEL = re.compile(r"[aeiouy]")


def identifier_value(text: str) -> str | None:
    """What a code's cell looks like when it is a person's identifier: 'id_number' (a CMND of 9
    digits or a CCCD of 12, spaces and dots allowed), 'phone' (10-11 digits from 0, or +84/84...),
    'email', 'full_name' (a common family name followed by another word); None for a code."""
    value = str(text).strip()
    if not value:
        return None
    if _EMAIL.search(value):
        return "email"
    compact = re.sub(r"[\s.\u00a0]", "", value)
    if re.fullmatch(r"\d{9}|\d{12}", compact):
        return "id_number"
    dialled = re.sub(r"[\s.\-()\u00a0]", "", value)
    if re.fullmatch(r"0\d{9,10}|\+?84\d{9,10}", dialled):
        return "phone"
    words = [w for w in _SEPARATORS.split(fold(value)) if w]
    for first, second in itertools.pairwise(words):
        if (
            first in FAMILY_NAMES
            and second.isalpha()
            and _VOWEL.search(second)
            and second not in NOT_GIVEN_NAMES
        ):
            return "full_name"
    return None
