"""`Filters`: the frozen description of what an analyst is looking at.

Widgets produce one, query helpers consume it. Values are normalised on the way in (district names
to GSO codes, labels to codes) and checked against the declared value sets, so a Filters that
exists is a valid one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import numbers
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from ._codes import label
from ._codewords import code_of
from ._districts import (
    CAN_THO_PROVINCE_CODE,
    national_name,
    province_districts,
    provinces,
    resolve_national_district,
    resolve_province,
)
from ._error_words import error_text, said
from ._errors import (
    AmbiguousDistrictError,
    InvalidFilterError,
    UnknownDistrictError,
    UnknownFieldError,
    unknown_value,
)
from ._kinds import KINDS
from ._units import place_name, resolve_place
from ._words import FIELD_TITLES, TEXT


def _coded(codeset: str) -> Any:
    """A field whose values are codes of `codeset` (checked, and labelled from it)."""
    return field(default=(), metadata={"codeset": codeset})


def _as_tuple(value: object) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(value)
    return (value,)


# Years as an analyst types them: '2016-2020', '2016–2020', '2016 - 2020', '2019'.
_YEAR_FORMS = ["a year", "a (first, last) pair, first <= last", "'2016-2020'"]
_YEARS_TEXT = re.compile(r"\s*(\d{4})\s*(?:[-–—]\s*(\d{4})\s*)?")


def _whole_year(value: object) -> int:
    """A year given as a number: 2016.5 was read as 2016."""
    year = int(value)  # type: ignore[call-overload]
    if year != value and not isinstance(value, str):
        raise ValueError(value)
    return year


def _years(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, range) and value.step == 1 and len(value):
        value = (value.start, value.stop - 1)
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (int(value), int(value))
    elif isinstance(value, str) and (typed := _YEARS_TEXT.fullmatch(value)):
        value = (int(typed[1]), int(typed[2] or typed[1]))
    elif not isinstance(value, (tuple, str)) and isinstance(value, Iterable):
        # [2016, 2018] was read as 2016-2018 where an analyst meant those two years, and so were an
        # array, a Series, dict keys and range(2016, 2021, 2): only a (first, last) pair is a range.
        # The rest is refused, naming the range it would have been and the table by year.
        listed = [int(v) if isinstance(v, numbers.Integral) else v for v in value]
        whole = all(isinstance(v, int) for v in listed)
        pair = (int(min(listed)), int(max(listed))) if listed and whole else None
        raise _years_refused("years_listed", _shown(value, listed), _YEAR_FORMS[:2], pair or (2016, 2020))
    try:
        start, end = (_whole_year(v) for v in cast(Iterable, value))
    except (TypeError, ValueError):
        raise _years_refused("years_not_years", value, _YEAR_FORMS) from None
    if start > end:
        raise _years_refused("years_backwards", value, _YEAR_FORMS[1:2], (end, start))
    return (start, end)


def _shown(value: object, listed: list) -> object:
    """A refused collection of years as the message shows it: a list, or a range as written."""
    return value if isinstance(value, (range, list, set, frozenset)) else listed


def _years_refused(
    key: str, value: object, valid: list[str], closest: tuple[int, int] | None = None
) -> InvalidFilterError:
    """Years refused, said in English here and in a query's language where one asks (`words`)."""
    fields: dict[str, object] = {"given": repr(value), "closest": repr(closest)}
    return InvalidFilterError(
        error_text(key, fields, "en"), given=value, valid=valid, closest=closest, words=(key, fields)
    )


def year_text(years: tuple[int, int]) -> str:
    """'2016–2020', or '2021' for one year."""
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def nearest_years(asked: tuple[int, int], held: tuple[int, int]) -> tuple[int, int]:
    """The range of the years held closest to `asked`, as long as it (or all the years held):
    (2025, 2026) for (2030, 2031) when 2016–2026 are held, (2016, 2017) for (1990, 1991)."""
    (first, last), (low, high) = asked, held
    if first <= high and last >= low:  # overlapping: the years of it that are held
        return (max(first, low), min(last, high))
    span = min(last - first, high - low)
    return (low, low + span) if last < low else (high - span, high)


def span_held(held: Iterable[int]) -> tuple[int, int] | None:
    """The span of the years held: the first to the last of `held` (a year inside it holding no
    record is held, and counts 0); None when nothing is held (an empty database)."""
    years = [int(y) for y in held]
    return (min(years), max(years)) if years else None


def years_cut(years: tuple[int, int], held: Iterable[int]) -> tuple[int, int] | None:
    """The years of `years` inside the span held (2016-2026 of 2016-2030), for a briefing set drawn
    over the years the data cover; None when no year of it is held, it runs backwards or nothing is
    held: left to the filters' refusal, which names the years held."""
    span = span_held(held)
    first, last = years
    if span is None or first > last or last < span[0] or first > span[1]:
        return None
    return (max(first, span[0]), min(last, span[1]))


def years_drawn(filters: Filters, listed: tuple[int, int] | None) -> Filters:
    """`filters` with the years a table lists (`years_listed`): what its title and footer say. The
    same records either way (none lies outside the span held), but asked for 2010-2017 over data
    from 2016 a chart was titled 2010-2017 over two years' bars, the six before read as nothing."""
    if listed is None or filters.years is None or tuple(listed) == tuple(filters.years):
        return filters
    return filters.replace(years=tuple(listed))


def years_listed(years: tuple[int, int] | None, held: Iterable[int]) -> tuple[int, int] | None:
    """The years a table by year lists of `years` (a range `check_years_held` let through): those
    inside the span held. A year past the data would read 0, as if nobody had been counted; one
    inside the span with no record is a true 0. No year filter, or nothing held: `years` as given."""
    span = span_held(held)
    if years is None or span is None:
        return years
    return nearest_years(years, span)


def check_years_held(
    years: tuple[int, int] | None, held: Iterable[int], what: str = "records", lang: str = "vi"
) -> None:
    """Refuse years wholly outside the years held (`span_held`): a count over them would read 0, as
    if nobody had been counted. A range overlapping them is kept (it counts the years held); no
    year filter, or nothing held (an empty database), is never refused. The error, in `lang`, names
    the years given, the years held and the closest range: its `closest`, a (first, last) pair
    that can be given back as `years=`."""
    span = span_held(held)
    if years is None or span is None:
        return
    low, high = span
    first, last = years
    if last >= low and first <= high:
        return
    near = nearest_years(years, span)
    one = first == last
    key = "year_outside" if one else "years_outside"
    fields: dict[str, object] = {
        "years": year_text(years),
        "held": year_text(span),
        "closest": str(near[0]) if one else f"({near[0]}, {near[1]})",
        "low": low,
        "high": high,
        "kind": what,
    }
    raise InvalidFilterError(
        error_text(key, fields, lang),
        given=years,
        valid=[str(y) for y in range(low, high + 1)],
        closest=near,
        words=(key, fields),
    )


@contextlib.contextmanager
def _in_both_languages() -> Iterator[None]:
    """An error with words raised inside is said in Vietnamese, then English: a selection has no
    language of its own, and an analyst reads Vietnamese first (a query helper says it again in its
    `lang`)."""
    try:
        yield
    except Exception as error:
        if getattr(error, "words", None) is not None:
            error.args = (" / ".join(said(error, lang) for lang in ("vi", "en")),)
        raise


def _check_field_names(given: Iterable[str], names: list[str]) -> None:
    """Refuse a name that is no field of Filters, naming the closest (in a query's language too)."""
    for name in given:
        if name not in names:
            lead = f"Filters has no field {name!r}"
            error = unknown_value(UnknownFieldError, "field", name, names, lead=lead, listed="Fields")
            near = None if error.closest is None else repr(error.closest)
            error.words = ("unknown_filter", {"given": repr(name), "match": near, "listed": ", ".join(names)})
            raise error


def filters_asked(kind: str, filters: Filters | None, fields: dict[str, Any]) -> Filters:
    """What a query of `kind` counts: `filters` with the fields given as keywords beside it. A
    keyword field that does not narrow `kind` is refused: `db.events(sexes="female")` counted every
    event, as if the events were women's. A Filters given whole may hold any field (a panel's is
    shared by the kinds it shows, and each kind reads its own)."""
    asked = Filters(**fields) if filters is None else filters.replace(**fields) if fields else filters
    narrowing = KINDS[kind].filter_columns
    for name in fields:
        if name not in narrowing and getattr(asked, name) not in ((), None):
            words: dict[str, object] = {"given": name, "kind": kind, "listed": ", ".join(narrowing)}
            raise InvalidFilterError(
                error_text("filter_not_for_kind", words, "en"),
                given=name,
                valid=list(narrowing),
                words=("filter_not_for_kind", words),
            )
    return asked


@dataclass(frozen=True)
class Filters:
    """What to count. Empty fields mean 'all'. Years are inclusive: `years=(2016, 2020)`.

    A field is declared here once (a coded one with its value set); which record kinds it narrows,
    and the column it narrows, are in each kind's `filter_columns` (`_kinds`); its title in
    `_words.FIELD_TITLES`."""

    districts: tuple[int, ...] = ()
    years: tuple[int, int] | None = None
    organisers: tuple[str, ...] = _coded("organiser")
    event_types: tuple[str, ...] = _coded("event_type")
    topics: tuple[str, ...] = _coded("topic")
    sexes: tuple[str, ...] = _coded("sex")
    age_bands: tuple[str, ...] = _coded("age_band")
    exploitation_forms: tuple[str, ...] = _coded("exploitation")
    destinations: tuple[str, ...] = _coded("country")
    reception_channels: tuple[str, ...] = _coded("reception_channel")
    trafficking_statuses: tuple[str, ...] = _coded("trafficking_status")
    support_types: tuple[str, ...] = _coded("support_type")
    lines: tuple[str, ...] = _coded("hotline_line")
    hotline_topics: tuple[str, ...] = _coded("hotline_topic")
    referrals: tuple[str, ...] = _coded("referral_outcome")
    media: tuple[str, ...] = _coded("medium")
    # Provinces (GSO codes or names) for national-scale databases; districts then resolve among them.
    provinces: tuple[int, ...] = ()
    # The furthest stage of the proceedings a criminal case has reached (cases only).
    case_stages: tuple[str, ...] = _coded("case_stage")

    def __post_init__(self) -> None:
        with _in_both_languages():
            self._normalise()

    def _normalise(self) -> None:
        chosen = tuple(sorted({resolve_province(p) for p in _as_tuple(self.provinces)}))
        normalised: dict[str, Any] = {
            "provinces": chosen,
            # 2019 districts, former-province area groups (93, 94) or 2025 communes/wards; with
            # provinces, or a code or name Cần Thơ does not know, any pre-2025 district of Vietnam.
            "districts": tuple(sorted({_district_code(d, chosen) for d in _as_tuple(self.districts)})),
            "years": _years(self.years),
        }
        for name, codeset in _CODED_FIELDS.items():
            # read as the importer reads a cell: labels old and new, abbreviations (_codewords)
            values = {code_of(codeset, v) for v in _as_tuple(getattr(self, name))}
            normalised[name] = tuple(sorted(values))
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    def __new__(cls, *args: Any, **fields: Any) -> Filters:
        # `Filters(yeers=...)` was a TypeError naming no field: a misspelt one is named, its closest too
        with _in_both_languages():
            _check_field_names(fields, list(cls.__dataclass_fields__))
        return object.__new__(cls)

    def __copy__(self) -> Filters:
        return self

    def __deepcopy__(self, memo: dict) -> Filters:
        # Frozen, and every field a tuple of plain values: a copy would be the same object. pandas
        # deep-copies a result's .attrs (which hold its Filters) on every column access.
        return self

    def replace(self, **changes: Any) -> Filters:
        """A copy with some fields changed; an unknown field name is an error, not ignored."""
        _check_field_names(changes, [f.name for f in dataclasses.fields(self)])
        return dataclasses.replace(self, **changes)

    def active(self, applicable: Iterable[str] | None = None) -> dict[str, Any]:
        """The fields that narrow anything, optionally only those in `applicable`."""
        keep = set(applicable) if applicable is not None else None
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) and (keep is None or f.name in keep)
        }

    def describe(self, lang: str = "vi", applicable: Iterable[str] | None = None) -> str:
        """One line for a figure footer: 'Quận/huyện: Ninh Kiều; Năm: 2016–2020'."""
        parts = []
        for name, value in self.active(applicable).items():
            title = FIELD_TITLES[name][0 if lang == "vi" else 1]
            if name == "years":
                text = year_text(value)
            elif name == "districts":
                text = ", ".join(district_label(code, lang, self.provinces) for code in value)
            elif name == "provinces":
                text = ", ".join(provinces()[code] for code in value)
            else:
                text = ", ".join(label(_CODED_FIELDS[name], code, lang) for code in value)
            parts.append(f"{title}: {text}")
        if not parts:
            return TEXT["no_filters"][0 if lang == "vi" else 1]
        return "; ".join(parts)


# field -> value set, from the declarations above
_CODED_FIELDS = {
    f.name: f.metadata["codeset"] for f in dataclasses.fields(Filters) if "codeset" in f.metadata
}


def _district_code(given: object, within: tuple[int, ...]) -> int:
    """Cần Thơ's places first (unless other provinces are chosen), then the national reference."""
    if within and CAN_THO_PROVINCE_CODE not in within:
        return resolve_national_district(given, within).code
    try:
        return resolve_place(given)
    except UnknownDistrictError as error:
        try:
            return resolve_national_district(given, within).code
        except UnknownDistrictError as national_error:
            if within or isinstance(national_error, AmbiguousDistrictError):
                raise national_error from None
            raise error from None


def district_label(code: int, lang: str = "vi", within: tuple[int, ...] = ()) -> str:
    """A chosen place's name: a national district when it lies in the chosen provinces (codes 93 and
    94 are districts of Điện Biên there, Cần Thơ's former-province area groups otherwise)."""
    if within and code in province_districts(within):
        return national_name(code)
    try:
        return place_name(code, lang)
    except UnknownDistrictError:
        return national_name(code)
