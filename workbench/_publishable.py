"""What publish mode releases: the record kinds it counts through the release register, their
breakdowns and value sets, the filters it honours, and what each kind's tables measure.

Read by the exact side (`_publish_engine`), the tables (`_publish_tables`) and the choice of what to
withhold (`_withhold`) alike, so all three speak of the same breakdowns.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._codes import age_band_conflicts, codes
from ._kinds import KINDS as DECLARED_KINDS
from ._schema import RECORD_TABLES

# Law 53/2024: the trafficking status is a coordinate of every count (like place and year), not a
# breakdown: a count takes the statuses _query.counted_statuses says, identified victims by default.
STATUS = "trafficking_status"
PLACE_AND_TIME = ("district", "year", "month")


def _breakdowns(kind: str, within: Mapping[str, str] | None = None) -> dict[str, str]:
    """A kind's coded breakdowns publish mode may release, with their value sets: its declared
    dimensions that are columns of the records (derived ones, such as under_16, are read from
    minor_status and released as it), less place, time and status; less those of `within`."""
    columns = {c.name for table in RECORD_TABLES for c in table.columns}
    return {
        name: dimension.codeset
        for name, dimension in DECLARED_KINDS[kind].dimensions.items()
        if dimension.codeset and name in columns and name != STATUS and name not in (within or {})
    }


def _category_filters(kind: str, breakdowns: Mapping[str, str]) -> dict[str, str]:
    """Filter fields that narrow a kind to categories of one of its breakdowns, and the breakdown:
    the field's column is the breakdown's (`v.sex` narrows `sex`)."""
    return {
        field: column.split(".")[-1]
        for field, (column, how) in DECLARED_KINDS[kind].filter_columns.items()
        if how in ("in", "any") and column.split(".")[-1] in breakdowns
    }


# Breakdowns of victims, and of support beside them (the support given in a year: a person can have
# several types and providers in a year, so these count mentions, as exploitation does).
CATEGORY_DIMENSIONS = _breakdowns("victims")
SUPPORT_DIMENSIONS = _breakdowns("support", within=CATEGORY_DIMENSIONS)
CATEGORY_FILTERS = _category_filters("victims", CATEGORY_DIMENSIONS)
SUPPORT_FILTERS = _category_filters("support", {**CATEGORY_DIMENSIONS, **SUPPORT_DIMENSIONS})
CODESETS = {**CATEGORY_DIMENSIONS, **SUPPORT_DIMENSIONS}
# Every filter publish mode honours; any other filter is refused (never dropped: the count would
# then be of more people than the footer says).
HONOURED_FILTERS = {"provinces", "districts", "years", "trafficking_statuses"}
# What each kind of table counts: its measure column and its boxes' measure (see _release.Box).
MEASURES = {"victims": ("victims", None), "support": ("victims_supported", "supported")}
# Breakdowns where one person can be in several categories.
MULTI_VALUED = frozenset(
    {c.name for table in RECORD_TABLES for c in table.columns if c.multi and c.name in CATEGORY_DIMENSIONS}
    | set(SUPPORT_DIMENSIONS)
)
# Breakdowns the code sets relate (_codes.age_band_conflicts: an age band of 0-8 is under 16), with
# the pairs no one can be in: the audit knows what every reader knows.
LINKED_BREAKDOWNS = {("age_band", "minor_status"): age_band_conflicts}
# Criminal cases (the police's figures): the number of cases is released as victim counts are, by
# place, year and one of stage, exploitation and destination, in a system of its own (measure
# "cases": no trafficking status); suspects and victims linked are not released (dropped_in_publish).
# Hotline contacts likewise, by place, year and one of line, channel, topic and referral (measure
# "contacts"): each table protected on its own let a reader difference selections (all districts
# against all but one) into each district's count; through the register no such difference is let out.
OWN_SYSTEMS = {"cases": "case_id", "hotline": "contact_id"}  # kind -> its records' key
OWN_DIMENSIONS = {kind: _breakdowns(kind) for kind in OWN_SYSTEMS}
OWN_FILTERS = {kind: _category_filters(kind, OWN_DIMENSIONS[kind]) for kind in OWN_SYSTEMS}
CASE_DIMENSIONS = OWN_DIMENSIONS["cases"]
MEASURES["cases"] = ("cases", "cases")
MEASURES["hotline"] = ("contacts", "contacts")
OWN_MEASURES = {MEASURES[kind][1]: kind for kind in OWN_SYSTEMS}  # box measure -> kind
SUPPORTED = MEASURES["support"][1]  # the box measure of victims supported
# The value set of every breakdown publish mode releases, of any kind. Countries are released as a
# fixed short list and "other countries" (_codes.PUBLISHED_COUNTRIES): the records are read folded so.
PUBLISHED_SETS = {"country": "published_country", "citizenship": "published_citizenship"}
FAMILIES = {
    name: PUBLISHED_SETS.get(codeset, codeset)
    for name, codeset in {
        **CODESETS,
        **{name: codeset for dims in OWN_DIMENSIONS.values() for name, codeset in dims.items()},
    }.items()
}
FOLDED = {name: codes(codeset) for name, codeset in FAMILIES.items() if codeset in PUBLISHED_SETS.values()}


# The record kinds publish mode releases through the register (`Table`), as `counts` releases them.
RELEASED_KINDS = ("victims", "support", "cases", "hotline")

UNKNOWN_PLACE = -1  # records with no place: in every all-places count, in no district's
