"""The words people write for coded values, read as codes: one reading for the importer (a cell)
and for `Filters` (an analyst's argument), so a label a file may carry is a label a filter takes.

A text is read as a code when, folded (NFC or NFD, case, diacritics, punctuation and spacing
aside), it is a code, a code's Vietnamese or English label, a word listed here for it (the labels
a body carried before, abbreviations), a name another body set gives the same body, or a label
of the two standards (CTDC, HTCDS). The importer reads more than this (a body named with its
district, several codes in a cell); what it reads beyond it is its own (`_importer.values`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ._codes import CODESETS, UNKNOWN, codes, iso_countries, label
from ._errors import UnknownCodeError, closest
from ._standards import UNKNOWN_VALUES
from ._standards import synonyms as standard_synonyms
from ._text import fold
from ._words import TEXT


def clean(text: str) -> str:
    """NFC, no-break and zero-width spaces as spaces, outer space trimmed."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").replace("\u200b", "")
    return text.strip()


# Words people write for codes, beyond the codes and their Vietnamese and English labels.
SYNONYMS: dict[str, dict[str, str]] = {
    "organiser": {
        "so lao dong thuong binh va xa hoi": "dolisa",
        "so ldtbxh": "dolisa",
        "so ld tb xh": "dolisa",
        "doi ctxh": "volunteer_sw_team",
        "doi cong tac xa hoi tinh nguyen": "volunteer_sw_team",
        "hoi phu nu": "womens_union",
        "hoi lien hiep phu nu": "womens_union",
        "hoi lhpn": "womens_union",  # its label before it named the level ('Hội LHPN thành phố')
        "cong an thanh pho": "police",
        "cong an": "police",  # with no level: the city police (its label before it named the level)
        "cong an tp": "police",
        "phong ldtbxh": "district_office",
        "phong lao dong thuong binh va xa hoi": "district_office",
        "truong": "school",
        "doan thanh nien": "youth_union",
        "doan tn": "youth_union",
        "so y te": "doh_social",
        "phong dan so xa hoi": "doh_social",
        "so noi vu": "moha_dept",
        "phong noi vu": "district_home_affairs",
        "phong y te": "district_health",
        "phong van hoa xa hoi": "commune_culture_social",
        "phong vh xh": "commune_culture_social",
        "cong an xa": "commune_police",
        "cong an phuong": "commune_police",
        "cong an quan": "district_police",
        "cong an huyen": "district_police",
        "hoi phu nu quan": "district_womens_union",
        "hoi phu nu huyen": "district_womens_union",
        "hoi lhpn quan": "district_womens_union",
        "hoi lhpn huyen": "district_womens_union",
        "doan thanh nien quan": "district_youth_union",
        "doan thanh nien huyen": "district_youth_union",
        "doan tn quan": "district_youth_union",
        "doan tn huyen": "district_youth_union",
        # 'UBND' alone is the city's, as 'Công an' alone is the city police; named with a district
        # or commune, that level's committee (DISTRICT_LEVEL, COMMUNE_LEVEL).
        "ubnd": "city_committee",
        "uy ban nhan dan": "city_committee",
        "ubnd tp": "city_committee",
        "ubnd xa": "commune_committee",
        "ubnd phuong": "commune_committee",
        "ubnd thi tran": "commune_committee",
        "ubnd quan": "district_committee",
        "ubnd huyen": "district_committee",
        "uy ban nhan dan quan": "district_committee",
        "uy ban nhan dan huyen": "district_committee",
    },
    "sex": {"nu": "female", "f": "female", "nam": "male", "m": "male"},
    "yes_no": {"co": "yes", "x": "yes", "1": "yes", "y": "yes", "khong": "no", "0": "no", "n": "no"},
    "minor_status": {
        "tre em": "minor",
        "tre em duoi 18": "minor",
        "nguoi lon": "adult",
        "duoi 18": "minor",
        "duoi 16": "under_16",
        "tre em duoi 16": "under_16",
        "16 17": "16_17",
    },
    "trafficking_status": {
        "nan nhan": "actual",
        "da xac dinh": "actual",
        "nghi la nan nhan": "possible",
        "dang xac minh": "possible",
        "khong phai nan nhan": "not_victim",
        # the labels before Law 53/2024's terms were adopted
        "nan nhan da xac dinh": "actual",
        "nghi la nan nhan dang xac minh": "possible",
    },
    "country": {
        "viet nam": "VN",
        "trung quoc": "CN",
        "cam pu chia": "KH",
        "campuchia": "KH",
        "dai loan": "TW",
        "hong kong": "HK",
        "ma cao": "MO",
        "han quoc": "KR",
        "thai lan": "TH",
        "lao": "LA",
    },
    "event_type": {"tuyen truyen long ghep": "integrated_session", "to roi": "leaflet_drive"},
    # the label before it said it is a purpose (Law 53/2024 art. 2 khoản 1), not a form of exploitation
    "exploitation": {"nham nhan tien tai san loi ich vat chat": "money_or_property"},
    # the label before the statutory term (Law 53/2024 art. 37 khoản 1 điểm d) was adopted
    "support_type": {
        "cung cap thong tin phap luat": "legal_information",
        "legal information": "legal_information",
    },
    "topic": {"mua ban nguoi": "trafficking", "phong chong mua ban nguoi": "trafficking"},
}


# Citizenship reads every country word, and stateless people.
# The state legal-aid centre (Department of Justice) gives legal aid: a provider only, so its words
# are kept here, not with the organisers' (a set reads only its own members' words).
SYNONYMS["provider"] = {
    "trung tam tro giup phap ly": "legal_aid_centre",
    "trung tam tro giup phap ly nha nuoc": "legal_aid_centre",
    "trung tam tgpl": "legal_aid_centre",
    "tt tgpl": "legal_aid_centre",
}
SYNONYMS["citizenship"] = {**SYNONYMS["country"], "khong quoc tich": "stateless", "vo quoc tich": "stateless"}
# Stages of a criminal case as police reports write them: the furthest step reached ("truy tố",
# indictment, lies between proceedings instituted and trial: still before trial).
SYNONYMS["case_stage"] = {
    "đã phát hiện": "detected",
    "mới phát hiện": "detected",
    "đang xác minh": "detected",
    "đã khởi tố": "prosecuted",
    "khởi tố vụ án": "prosecuted",
    "đang điều tra": "prosecuted",
    "truy tố": "prosecuted",
    "đã truy tố": "prosecuted",
    "xét xử": "tried",
    "đã xét xử": "tried",
    "đã đưa ra xét xử": "tried",
    "đã kết án": "convicted",
    "có bản án": "convicted",
    "prosecuted": "prosecuted",
    "tried": "tried",
}


def code_key(text: str) -> str:
    """The folded form a text is looked up by: 'Hội  LHPN' and 'hoi lhpn' read alike."""
    return re.sub(r"[^0-9a-z]+", " ", fold(text)).strip()


def _spelt_out(label: str) -> list[str]:
    """An English label 'Dept. of Labour, Invalids and Social Affairs' as donors' reports write it:
    'Department of Labour, Invalids and Social Affairs', and short, 'Department of Labour'."""
    if not label.startswith("Dept. of "):
        return []
    full = "Department of " + label.removeprefix("Dept. of ")
    return [full, re.split(r"[,(]", full)[0].strip()]


# Bodies are one vocabulary: a name (label or word) that reads as a body in one of these sets reads
# as the same body in another set that has it ('Công an' is the police as an organiser and as a
# referring body). The words are kept once, under "organiser".
BODY_SETS = ("organiser", "referring_body", "provider")


@cache
def code_lookup(codeset: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for entry in CODESETS[codeset]:
        for name in (entry.code, entry.code.replace("_", " "), entry.vi, entry.en, *_spelt_out(entry.en)):
            lookup.setdefault(code_key(name), entry.code)
            lookup.setdefault(code_key(name).replace(" ", ""), entry.code)
    for word, code in SYNONYMS.get(codeset, {}).items():
        lookup[code_key(word)] = code
        lookup[code_key(word).replace(" ", "")] = code
    if codeset in BODY_SETS:  # the other sets' names of this set's bodies, where not taken
        members = {entry.code for entry in CODESETS[codeset]} - {UNKNOWN}
        for other in BODY_SETS:
            borrowed = [(e.vi, e.code) for e in CODESETS[other]] + list(SYNONYMS.get(other, {}).items())
            for word, code in borrowed:
                if code in members:
                    lookup.setdefault(code_key(word), code)
                    lookup.setdefault(code_key(word).replace(" ", ""), code)
    # CTDC's and HTCDS's labels (Friend/Acquaintance, Woman, DebtBondage, 09--17...), where free.
    for word, code in standard_synonyms(codeset).items():
        lookup.setdefault(code_key(word), code)
        lookup.setdefault(code_key(word).replace(" ", ""), code)
    if codeset in COUNTRY_SETS:  # ISO 3166-1 alpha-3 codes read as their alpha-2
        for country in iso_countries().values():
            lookup.setdefault(code_key(country.alpha3), country.alpha2)
    lookup[code_key("không rõ")] = UNKNOWN
    for word in UNKNOWN_VALUES - {""}:  # the standards' unknowns: -99, Not specified, ZZ
        lookup.setdefault(code_key(word) or word, UNKNOWN)
    return lookup


COUNTRY_SETS = ("country", "citizenship")
# What an unknown code of these sets is called in Vietnamese (the others by their column's title).
_SET_WORDS = {"country": "nước", "published_country": "nước", "citizenship": "quốc tịch"}


def read_code(codeset: str, text: object) -> str | None:
    """The code of `codeset` a text names ('Hội LHPN' -> 'womens_union'); None when it names none."""
    key = code_key(clean(str(text)))
    lookup = code_lookup(codeset)
    return lookup.get(key) or lookup.get(key.replace(" ", ""))


def code_of(codeset: str, given: object, *, what: str | None = None) -> str:
    """The code of `codeset` a value names, read as `read_code` reads it; else an UnknownCodeError
    naming the value given, the closest code (by the words for it) and the set's codes."""
    found = read_code(codeset, given)
    valid = codes(codeset)
    if found is not None and found in valid:
        return found
    lookup = code_lookup(codeset)
    near = closest(code_key(clean(str(given))), [k for k, c in lookup.items() if c in valid], within=True)
    match = lookup[near] if near is not None else None
    shown = f"{match!r} ({label(codeset, match)})" if match is not None else None
    hint = f" — did you mean {shown}?" if match is not None else ""
    named = what or codeset.replace("_", " ")
    message = f"Unknown {named} {given!r}{hint or '.'} Valid: {', '.join(valid)}."
    # Said again in a query's language (`_error_words`): the set named by its title, else as 'mã'.
    title_vi = TEXT[codeset][0].lower() if codeset in TEXT and what is None else _SET_WORDS.get(codeset, "mã")
    said = (
        None
        if match is None
        else tuple(f"{match!r} ({label(codeset, match, lang)})" for lang in ("vi", "en"))
    )
    fields: dict[str, object] = {"named": (title_vi, named), "given": repr(given), "match": said}
    fields["listed"] = ", ".join(valid)
    raise UnknownCodeError(message, given=given, valid=valid, closest=match, words=("unknown_code", fields))
