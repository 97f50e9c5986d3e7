"""Text in the legacy TCVN3 (ABC, TCVN 5712:1993 VN3) encoding: detected and converted to Unicode.

Older provincial spreadsheets were typed with the ABC keyboard in the .VnTime font: the file holds
single-byte codes that only look Vietnamese in that font. Read as Windows-1252/Latin-1 they show as
'QuËn Ninh KiÒu' for 'Quận Ninh Kiều'. The table below is the published VN3 byte -> letter table
(lower case and the seven upper-case base letters; upper case with tone marks needs the separate
.VnTimeH font, which this table cannot tell apart and does not convert).
"""

from __future__ import annotations

import re

# byte (as the Latin-1 character it shows as) -> Unicode letter
_VN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TO_UNICODE = str.maketrans({chr(byte): letter for byte, letter in _VN3.items()})
_FROM_UNICODE = str.maketrans({letter: chr(byte) for byte, letter in _VN3.items()})

# Characters TCVN3 text is full of that Unicode Vietnamese never uses (not Vietnamese letters):
# one of them in a cell is a strong sign of TCVN3.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_SIGNATURE = frozenset(chr(b) for b in _VN3) - _VIETNAMESE_LATIN1
# Letters only Unicode Vietnamese has (beyond Latin-1): ă, đ, ơ, ư, ạ, ả, ... in NFC or as marks.
_UNICODE_VIETNAMESE = re.compile("[\u0100-\u01b0\u0300-\u0323\u1ea0-\u1ef9]")


def to_unicode(text: str) -> str:
    """'QuËn Ninh KiÒu' -> 'Quận Ninh Kiều'."""
    return text.translate(_TO_UNICODE)


def from_unicode(text: str) -> str:
    """'Quận Ninh Kiều' -> 'QuËn Ninh KiÒu' (for making test files)."""
    return text.translate(_FROM_UNICODE)


def encode(text: str) -> bytes:
    """Unicode text as the bytes a TCVN3 file holds."""
    return from_unicode(text).encode("latin-1")


def looks_tcvn3(text: str) -> bool:
    """True when a piece of text carries TCVN3 signature characters."""
    return not _SIGNATURE.isdisjoint(text)  # one pass in C, not a generator per character


def has_unicode_vietnamese(text: str) -> bool:
    return _UNICODE_VIETNAMESE.search(text) is not None


def signature_count(texts) -> int:
    return sum(1 for text in texts if looks_tcvn3(text))
