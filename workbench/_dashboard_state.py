"""The dashboard's view as a query string, so a copied link reopens the same view.

`?lang=en&tab=victims&e.districts=916,925&e.years=2021-2022&e.measure=attendees&v.by=destination`:
the language, the open tab, and for each panel ('e.' events, 'v.' victims) the filters that narrow
anything, its measure and its breakdown; `map=` the map tab's measure. Only what differs from the
page as it opens is written. Reading a link never fails: a part that names nothing known is left
out and named in `ViewState.problems`, and the rest of the view opens.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from ._charts import MEASURES
from ._filters import Filters
from ._kinds import KINDS
from ._panels import BREAKDOWNS, PANEL_FIELDS
from ._words import say

# A tab per record kind that has one (its link prefix declared in _kinds), then the map.
PREFIXES = {name: kind.dashboard_prefix for name, kind in KINDS.items() if kind.dashboard_prefix}
TABS = (*PREFIXES, "map")
LANGS = ("vi", "en")
MAP_MEASURES = tuple(measure for name in PREFIXES for measure in MEASURES[name])
# A query string longer than this is not a link the dashboard wrote: read no further.
MAX_QUERY = 4000


@dataclass(frozen=True)
class ViewState:
    """What the page shows: language, tab, each panel's filters, measure and breakdown."""

    lang: str = "vi"
    tab: str = "events"
    filters: dict[str, Filters] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    breakdowns: dict[str, str] = field(default_factory=dict)
    map_measure: str = "events"
    problems: tuple[str, ...] = ()

    def to_query(self) -> str:
        """The query string (without '?') for this view."""
        pairs: list[tuple[str, str]] = []
        if self.lang != "vi":
            pairs.append(("lang", self.lang))
        if self.tab != "events":
            pairs.append(("tab", self.tab))
        for kind, prefix in PREFIXES.items():
            filters = self.filters.get(kind, Filters())
            for name, value in filters.active(PANEL_FIELDS[kind]).items():
                shown = f"{value[0]}-{value[1]}" if name == "years" else ",".join(map(str, value))
                pairs.append((f"{prefix}.{name}", shown))
            measure = self.measures.get(kind, MEASURES[kind][0])
            if measure != MEASURES[kind][0]:
                pairs.append((f"{prefix}.measure", measure))
            by = self.breakdowns.get(kind, BREAKDOWNS[kind][0])
            if by != BREAKDOWNS[kind][0]:
                pairs.append((f"{prefix}.by", by))
        if self.map_measure != "events":
            pairs.append(("map", self.map_measure))
        return urlencode(pairs, safe=",")


def _choice(
    value: str, allowed: tuple[str, ...], what: str, problems: list[str], lang: str = "vi"
) -> str | None:
    if value in allowed:
        return value
    problems.append(f"{what}={value[:40]!r} ({say('link_valid', lang)}: {', '.join(allowed)})")
    return None


def _query_lang(params: dict[str, str]) -> str:
    """The page's language as the address asks for it, to say its other problems in."""
    return params.get("lang") if params.get("lang") in LANGS else "vi"  # type: ignore[return-value]


def from_query(query: str | None) -> ViewState:
    """The view a query string describes; unknown or malformed parts are skipped and listed."""
    query = (query or "").lstrip("?")
    if len(query) > MAX_QUERY:
        return ViewState(problems=(say("link_too_long", "vi").format(n=len(query)),))
    params = {key: values[-1] for key, values in parse_qs(query, keep_blank_values=False).items()}
    problems: list[str] = []
    words = _query_lang(params)
    lang = _choice(params.pop("lang", "vi"), LANGS, "lang", problems, words) or "vi"
    tab = _choice(params.pop("tab", "events"), TABS, "tab", problems, lang) or "events"
    map_measure = _choice(params.pop("map", "events"), MAP_MEASURES, "map", problems, lang) or "events"
    filters, measures, breakdowns = {}, {}, {}
    for kind, prefix in PREFIXES.items():
        fields: dict[str, Any] = {}
        for name in PANEL_FIELDS[kind]:
            raw = params.pop(f"{prefix}.{name}", None)
            if raw is None:
                continue
            # a list (districts, codes) keeps what it names that is known, and says what it skipped
            parts = [raw] if name == "years" else raw.split(",")
            kept: list[object] = []
            for part in parts:
                try:
                    value: tuple = tuple(int(y) for y in part.split("-", 1)) if name == "years" else (part,)
                    Filters(**{name: value})  # checks the codes, districts and years
                except (ValueError, TypeError, LookupError) as error:
                    # In the page's language: the part, the value, and the closest valid one if any
                    # (the error's own text is in English, for code).
                    closest = getattr(error, "closest", None)
                    hint = f"; {say('link_did_you_mean', lang)} {closest!r}?" if closest else ""
                    problems.append(f"{prefix}.{name}={part[:40]!r} ({say('link_unknown', lang)}{hint})")
                    continue
                kept.extend(value)
            if kept:
                fields[name] = tuple(kept)
        filters[kind] = Filters(**fields)
        measure = params.pop(f"{prefix}.measure", None)
        if measure is not None and _choice(measure, MEASURES[kind], f"{prefix}.measure", problems, lang):
            measures[kind] = measure
        by = params.pop(f"{prefix}.by", None)
        if by is not None and _choice(by, BREAKDOWNS[kind], f"{prefix}.by", problems, lang):
            breakdowns[kind] = by
    params.pop("token", None)  # the login token, not part of the view
    problems += [f"{key[:40]!r} ({say('link_not_setting', lang)})" for key in params]
    return ViewState(lang, tab, filters, measures, breakdowns, map_measure, tuple(problems))


def replace(state: ViewState, **changes: Any) -> ViewState:
    return dataclasses.replace(state, **changes)
