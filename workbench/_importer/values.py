"""Cell values as people type them -> the values the schema stores.

Each parser takes one distinct cell text and returns the stored value as text (DuckDB casts it),
or raises `CellValueError(problem, suggestion)`. The importer runs a parser once per distinct text of a
column, not once per cell, so a million rows with a few thousand distinct dates cost a few
thousand calls.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache

from .._codes import CODESETS, iso_countries
from .._codewords import COUNTRY_SETS, clean, code_lookup, read_code
from .._codewords import code_key as _key
from .._districts import districts, resolve_district
from .._errors import CellValueError, UnknownDistrictError, did_you_mean
from .._import_words import CODESET_WORDS, import_text
from .._schema import Column
from .._words import TEXT

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
EXCEL_SERIALS = range(32874, 73051)  # 1990-01-01 .. 2099-12-31


def is_blank(text: str | None) -> bool:
    return text is None or clean(text) in {"", "-", "–", "—", "--"}


# ---------------------------------------------------------------- dates

_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def _bad(key: str, lang: str, /, **fields: object) -> CellValueError:
    """The cell problem `key` and its suggestion ('key.fix') in `lang`."""
    return CellValueError(import_text(key, lang, **fields), import_text(f"{key}.fix", lang, **fields))


def parse_date(text: str, lang: str = "vi") -> str:
    """'05/03/2024', '5/3/24', '2024-03-05', '45356' (Excel serial) -> '2024-03-05'."""
    value = clean(text)
    if match := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, lang).isoformat()
    if match := _DMY.fullmatch(value):
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        if month > 12 and day <= 12:
            raise _bad("date_order", lang, date=f"{month:02d}/{day:02d}/{year}")
        return _date(year, month, day, lang).isoformat()
    number = value.replace(",", ".")
    if re.fullmatch(r"\d{5}(\.0+)?", number) and int(float(number)) in EXCEL_SERIALS:
        return (EXCEL_EPOCH + dt.timedelta(days=int(float(number)))).isoformat()
    raise _bad("not_date", lang)


def _date(year: int, month: int, day: int, lang: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _bad("no_such_day", lang) from None


# ---------------------------------------------------------------- whole numbers

_GROUPED = re.compile(r"\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")


def parse_count(text: str, lang: str = "vi") -> str:
    """'1.234', '1,234', '1 234', '1234', '12.0' (from Excel) -> '1234'; '-3' -> '-3'."""
    value = clean(text).replace("\u202f", " ")
    sign = ""
    if value.startswith(("-", "−")) and len(value) > 1:
        sign, value = "-", value[1:].strip()
    if re.fullmatch(r"\d{10,}", value):
        raise _bad("too_large", lang)
    if re.fullmatch(r"\d+", value):
        return sign + str(int(value))
    if _GROUPED.fullmatch(value):
        return sign + re.sub(r"\D", "", value)
    if re.fullmatch(r"\d+\.0+", value):
        return sign + value.split(".")[0]
    if re.fullmatch(r"\d+[.,]\d+", value):
        raise _bad("not_whole", lang)
    raise _bad("not_number", lang)


# ---------------------------------------------------------------- coded values

# The words for codes (SYNONYMS) and their reading are `_codewords`', shared with Filters; a body
# named with its place and several codes in one cell are read here.


def _hint(key: str, names: dict, shown, lang: str) -> str:
    """'did you mean 'X' (code)? ' in `lang` for the name closest to `key`, or ''."""
    match, _ = did_you_mean(key, names)
    return import_text("did_you_mean", lang, match=shown(match)) + " " if match is not None else ""


def codeset_words(codeset: str, lang: str) -> str:
    """A value set as a message names it: its title in Vietnamese ('đơn vị tổ chức'), its name in
    English ('organiser')."""
    if lang == "vi" and codeset in CODESET_WORDS:
        return CODESET_WORDS[codeset]
    if lang == "vi" and codeset in TEXT:
        return TEXT[codeset][0][:1].lower() + TEXT[codeset][0][1:]
    return codeset.replace("_", " ")


def parse_code(codeset: str, text: str, lang: str = "vi") -> str:
    found = read_code(codeset, text)  # the words a filter reads too (_codewords)
    if found:
        return found
    key = _key(clean(text))
    lookup = code_lookup(codeset)
    placed = _without_place(lookup, key, lang)
    if placed is not None:
        return placed
    entries = CODESETS[codeset]
    if codeset in COUNTRY_SETS:
        return _unknown_country(codeset, text, key, lang)
    names = {_key(e.vi): e for e in entries} | {_key(e.code.replace("_", " ")): e for e in entries}
    hint = _hint(key, names, lambda k: f"'{names[k].vi}' ({names[k].code})", lang)
    valid = ", ".join(f"{e.vi} ({e.code})" for e in entries)
    suggestion = f"{hint}{import_text('valid', lang, valid=valid)}"
    raise CellValueError(import_text("unknown_code", lang, codeset=codeset_words(codeset, lang)), suggestion)


def _unknown_country(codeset: str, text: str, key: str, lang: str) -> str:
    """A country cell no code or name matched: a letter code is never 'corrected' to another code
    a letter away (CO is Colombia, not a misspelt CN); a name gets the closest country name."""
    what = import_text("citizenship" if codeset == "citizenship" else "country", lang)
    valid = import_text("country_valid", lang)
    if re.fullmatch(r"[a-z0-9]{2,3}", key):
        country = iso_countries().get(key.upper())
        if country is not None:  # an ISO code the set does not take here
            name = country.vi if lang == "vi" else country.en
            raise CellValueError(
                import_text("country_not_taken", lang, code=country.alpha2, name=name, what=what), valid
            )
        raise CellValueError(import_text("not_iso", lang, value=clean(text)), valid)
    everyone = iso_countries().values()
    names = {_key(c.vi): c for c in everyone} | {_key(c.en): c for c in everyone}
    hint = _hint(key, names, lambda k: f"'{names[k].vi}' ({names[k].alpha2})", lang)
    raise CellValueError(
        import_text("unknown_country", lang, what=what),
        f"{hint}{import_text('write_country', lang, valid=valid)}",
    )


class Noted(str):
    """A parsed value that says how it was read (for a note in the problem table)."""

    note: str = ""


# Words that start a place written after an organisation's name: 'Hội LHPN quận Ninh Kiều',
# 'Công an TP Cần Thơ', 'Đoàn TN phường An Hòa'.
PLACE_LEVELS = (
    "thanh pho", "tp", "tinh", "quan", "q", "huyen", "h", "thi xa", "tx", "phuong", "p", "xa",
    "thi tran", "tt", "khu vuc", "ap",
)  # fmt: skip
DISTRICT_LEVELS = ("quan", "q", "huyen", "h", "thi xa", "tx")
COMMUNE_LEVELS = ("phuong", "p", "xa", "thi tran", "tt")
# A body named with its district is the district-level body, which ended with the districts
# (30 June 2025; the labour offices on 28 February 2025): read as that body, so the date check
# refuses it after then and names the body that took its work (_codes). Named with its commune,
# the police are the commune police.
DISTRICT_LEVEL = {
    "police": "district_police",
    "commune_police": "district_police",
    "womens_union": "district_womens_union",
    "youth_union": "district_youth_union",
    "city_committee": "district_committee",
}
COMMUNE_LEVEL = {"police": "commune_police", "city_committee": "commune_committee"}


@cache
def _district_names() -> frozenset[str]:
    from .._districts import districts

    return frozenset(_key(d.name_vi) for d in districts())


def _level(tail: str) -> str | None:
    """'district', 'commune' or 'city' for the place written after a name; None if it is none."""
    if tail in _district_names() or any(tail.startswith(level + " ") for level in DISTRICT_LEVELS):
        return "district"
    if any(tail.startswith(level + " ") for level in COMMUNE_LEVELS):
        return "commune"
    if tail == "can tho" or any(tail.startswith(level + " ") for level in PLACE_LEVELS):
        return "city"
    return None


def _without_place(lookup: dict[str, str], key: str, lang: str) -> Noted | None:
    """The code of a name followed by its city, district or commune, read with a note: a body of
    the district or commune level where the set has one (DISTRICT_LEVEL)."""
    words = key.split()
    members = set(lookup.values())
    for i in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        level = _level(tail)
        if level is None:
            continue
        code = lookup.get(head) or lookup.get(head.replace(" ", ""))
        if code:
            levelled = {"district": DISTRICT_LEVEL, "commune": COMMUNE_LEVEL}.get(level, {}).get(code)
            found = Noted(levelled if levelled in members else code)
            where = import_text(f"level_{level}", lang) if level != "city" else ""
            found.note = import_text("read_as", lang, code=found, level=where)
            return found
    return None


def parse_codes(codeset: str, text: str, lang: str = "vi") -> str:
    """Several codes in one cell, separated by ';', ',', '+' or new lines -> 'a;b'. A problem with
    one item names that item (and where it stands in the list), not the whole cell."""
    parts = [p.strip() for p in re.split(r"[;,+\n]", clean(text)) if p.strip()]
    found = []
    for at, part in enumerate(parts, start=1):
        try:
            found.append(parse_code(codeset, part, lang))
        except CellValueError as bad:
            if len(parts) == 1:
                raise CellValueError(f"{bad.problem}: '{part}'", bad.suggestion) from None
            problem = import_text("item_of", lang, problem=bad.problem, item=part, at=at, count=len(parts))
            raise CellValueError(problem, bad.suggestion) from None
    return ";".join(dict.fromkeys(found))


def parse_district(text: str, lang: str = "vi") -> str:
    try:
        return str(resolve_district(clean(text)).code)
    except UnknownDistrictError as error:
        districts_by_name = {d.name_vi: d.code for d in districts()}
        code = districts_by_name.get(str(error.closest or ""))  # a district's name, or None
        hint = import_text("district_hint", lang, name=error.closest, code=code) if code else ""
        valid = ", ".join(f"{name} ({code})" for name, code in districts_by_name.items())
        raise _bad("unknown_district", lang, hint=hint, valid=valid) from None


def parse_text(text: str) -> str:
    return clean(text)


def parser_for(column: Column, lang: str = "vi") -> Callable[[str], str]:
    """The parser of one schema column; its problems in `lang` ('vi' or 'en')."""
    if column.name == "district_code":
        return lambda text: parse_district(text, lang)
    if column.name == "unit_code":
        return parse_text  # which unit a code or name is depends on the record's date
    codeset = column.codeset
    if codeset and column.multi:
        return lambda text: parse_codes(codeset, text, lang)
    if codeset:
        return lambda text: parse_code(codeset, text, lang)
    if column.sql_type == "DATE":
        return lambda text: parse_date(text, lang)
    if column.sql_type in ("INTEGER", "BIGINT", "SMALLINT"):
        return lambda text: parse_count(text, lang)
    return parse_text
