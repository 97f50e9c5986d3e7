"""Cần Thơ's nine pre-2025 districts and the resolver that accepts them as people write them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from ._errors import UnknownDistrictError, closest
from ._paths import REFERENCE_DIR
from ._text import fold

# Administrative prefixes people put in front of a district name: full words and abbreviations,
# with or without diacritics (folded before matching).
_PREFIX = re.compile(r"^(quan|huyen|thi xa|q|h|tx)\s*[.\s]\s*")


@dataclass(frozen=True, slots=True)
class District:
    code: int
    name_vi: str
    name_ascii: str
    kind: str  # 'quan' (urban) or 'huyen' (rural)
    population: int
    population_year: int
    population_is_estimate: bool

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"


@cache
def districts() -> tuple[District, ...]:
    """The districts in GSO-code order, from `data/reference/districts.csv`."""
    with (REFERENCE_DIR / "districts.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            District(
                code=int(row["code"]),
                name_vi=row["name_vi"],
                name_ascii=row["name_ascii"],
                kind=row["kind"],
                population=int(row["population"]),
                population_year=int(row["population_year"]),
                population_is_estimate=row["population_is_estimate"] == "true",
            )
            for row in csv.DictReader(handle)
        )


@cache
def _by_key() -> dict[str, District]:
    keys: dict[str, District] = {}
    for district in districts():
        keys[str(district.code)] = district
        keys[fold(district.name_vi)] = district
    return keys


def _key(given: str) -> str:
    folded = fold(given)
    return _PREFIX.sub("", folded).strip()


def resolve_district(given: object) -> District:
    """A district from its GSO code (916 or '916') or its name, written any usual way.

    Accepted: with or without diacritics, any case, NFC or NFD, with or without the prefixes
    'Quận', 'Huyện', 'Q.', 'H.'. Anything else raises UnknownDistrictError naming the closest match.
    """
    if isinstance(given, District):
        return given
    if isinstance(given, bool) or not isinstance(given, (str, int)):
        raise UnknownDistrictError(
            f"A district is a GSO code or a name, not {type(given).__name__} {given!r}. "
            f"Valid: {_valid_list()}."
        )
    found = _by_key().get(_key(str(given)))
    if found is not None:
        return found
    names = {fold(d.name_vi): d for d in districts()}
    match = closest(_key(str(given)), names)
    hint = f" — did you mean '{names[match].name_vi}' ({names[match].code})?" if match else ""
    raise UnknownDistrictError(f"Unknown district {given!r}{hint} Valid: {_valid_list()}.")


def district_name(code: int, *, ascii_only: bool = False) -> str:
    district = resolve_district(code)
    return district.name_ascii if ascii_only else district.name_vi


def _valid_list() -> str:
    return ", ".join(f"{d.name_vi} ({d.code})" for d in districts())
