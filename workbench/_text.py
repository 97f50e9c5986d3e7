"""Text normalisation for matching Vietnamese names as people type them."""

from __future__ import annotations

import re
import unicodedata

# đ/Đ is a letter of its own, not d plus a mark, so NFD does not take it apart.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case ASCII skeleton: 'Quận  BÌNH THUỶ' and 'quan binh thuy' fold alike.

    Strips every diacritic, so old and new tone-mark placement (Thuỷ/Thủy, Hoà/Hòa) and
    NFC/NFD input all meet in one form.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


def to_ascii(text: str) -> str:
    """'Ninh Kiều' -> 'Ninh Kieu' (case kept)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def format_number(value: float | int | None, *, lang: str = "vi", decimals: int = 0) -> str:
    """54131 -> '54.131' in Vietnamese, '54,131' in English; None -> '–'."""
    if value is None or value != value:  # None or NaN
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.translate(str.maketrans(",.", ".,"))
    return text
