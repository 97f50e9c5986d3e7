"""What each record kind is, declared once: its measures and dimensions with their SQL, its filter
fields and the columns they filter, sensitivity, the views of its records, colours, the controls and
breakdowns of its panel, its dashboard tab, the statuses it counts by default and the columns an
import file must have. Every other module reads these declarations rather than restating them.

The SQL here is pieces over the aliases of the kind's FROM clause, written only from declared
identifiers; `_query` assembles them and binds every value. Adding a kind: docs/development.md,
"Checklist: add a record kind".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

REFERENCE_RELATIONS = ("districts", "codes", "metadata", "units", "unit_crosswalk", "harmonised_areas")


@dataclass(frozen=True, slots=True)
class Dimension:
    expression: str  # SQL over the aliases in the record kind's FROM clause
    codeset: str | None = None
    needs: str | None = None  # extra join the dimension requires


@dataclass(frozen=True)
class Kind:
    name: str
    source: str  # the FROM clause, with its aliases
    place: str  # alias whose place_code is the record's place as recorded
    measure_sql: tuple[tuple[str, str], ...]  # (output column, aggregate), the first drawn by default
    # The same measures over rows joined to their harmonisation shares (alias pw): fractional.
    harmonised_measures: tuple[tuple[str, str], ...]
    dimensions: Mapping[str, Dimension]
    # filter field -> (SQL expression, how: 'in' a scalar column, 'any' a list column, 'between',
    # 'place', 'province'), in the order of the Filters fields that narrow it
    filter_columns: Mapping[str, tuple[str, str]]
    relations: tuple[str, ...]  # the views of its records ad hoc SQL can name
    colours: str  # matplotlib colour map for its maps and heat maps
    joins: Mapping[str, str] = field(default_factory=dict)  # by Dimension.needs
    # Counts of people: withheld below k in publish mode, never readable through publish-mode SQL.
    protected_measure: str | None = None
    dropped_in_publish: tuple[str, ...] = ()  # measures publish mode does not release at all
    # Law 53/2024/QH15 counts victims, people being identified and people found not to be victims
    # separately: the statuses a count takes unless statuses are chosen or grouped by (none: no status).
    default_statuses: tuple[str, ...] = ()
    panel_fields: tuple[str, ...] = ()  # the filter controls of its explorer panel (none: no panel)
    breakdowns: tuple[str, ...] = ()  # what its panel's breakdown chart may be grouped by
    # A tab of its own on the dashboard, named in its links by this prefix (`e.years=2019-2020`); its
    # title in _words.TAB_TITLES. None: no tab.
    dashboard_prefix: str | None = None
    required_columns: tuple[str, ...] = ()  # an import file of this kind must have these
    # A kind that counts no people but whose small counts could still point at someone (a report
    # of a suspected case in one commune in one month): this measure is withheld below k in publish
    # mode as a count of people is, and its records are closed to publish-mode SQL.
    withheld_below_k: str | None = None

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.measure_sql)

    @property
    def filter_fields(self) -> tuple[str, ...]:
        return tuple(self.filter_columns)

    @property
    def importable(self) -> bool:
        return bool(self.required_columns)

    @property
    def sensitive(self) -> bool:
        return self.protected_measure is not None

    @property
    def withheld_measure(self) -> str | None:
        """The measure publish mode withholds below k: of people, or of contacts (withheld_below_k)."""
        return self.protected_measure or self.withheld_below_k


def _place_and_time(place: str, time: str) -> dict[str, Dimension]:
    return {
        "district": Dimension(f"{place}.place_code"),  # pw.district_code when harmonised
        "year": Dimension(f"{time}.year"),
        "month": Dimension(f"{time}.month"),
    }


def _place_filters(alias: str, years: str) -> dict[str, tuple[str, str]]:
    return {
        "provinces": (f"{alias}.place_code", "province"),
        "districts": (f"{alias}.place_code", "place"),
        "years": (f"{years}.year", "between"),
    }


_VICTIM_DIMENSIONS = {
    "sex": Dimension("v.sex", "sex"),
    "age_band": Dimension("v.age_band", "age_band"),
    "minor_status": Dimension("v.minor_status", "minor_status"),
    # The law's two lines, as yes/no/unknown: an under-18 whose side of 16 was not recorded is
    # 'unknown' for under_16; a record with no age at all is 'unknown' for both.
    "under_16": Dimension(
        "CASE WHEN v.minor_status = 'under_16' THEN 'yes' WHEN v.minor_status IN ('16_17', 'adult') "
        "THEN 'no' ELSE 'unknown' END",
        "yes_no",
    ),
    "under_18": Dimension(
        "CASE WHEN v.minor_status IN ('under_16', '16_17', 'minor') THEN 'yes' "
        "WHEN v.minor_status = 'adult' THEN 'no' ELSE 'unknown' END",
        "yes_no",
    ),
    "destination": Dimension("v.destination", "country"),
    "exploitation": Dimension("x.exploitation", "exploitation", needs="exploitation"),
    "means_of_control": Dimension("m.means_of_control", "means_of_control", needs="control"),
    "recruitment": Dimension("v.recruitment", "recruitment"),
    "recruiter_relation": Dimension("v.recruiter_relation", "recruiter_relation"),
    "reception_channel": Dimension("v.reception_channel", "reception_channel"),
    "referring_body": Dimension("v.referring_body", "referring_body"),
    "trafficking_status": Dimension("v.trafficking_status", "trafficking_status"),
    "case_status": Dimension("v.case_status", "case_status"),
    "workflow_stage": Dimension("v.workflow_stage", "workflow_stage"),
    "poor_household": Dimension("v.poor_household", "yes_no"),
}
_VICTIM_FILTERS = {
    "sexes": ("v.sex", "in"),
    "age_bands": ("v.age_band", "in"),
    "exploitation_forms": ("v.exploitation", "any"),
    "destinations": ("v.destination", "in"),
    "reception_channels": ("v.reception_channel", "in"),
    "trafficking_statuses": ("v.trafficking_status", "in"),
}
_VICTIM_JOINS = {
    "exploitation": "JOIN main.victim_exploitation x ON x.victim_id = v.victim_id",
    "control": "JOIN main.victim_means_of_control m ON m.victim_id = v.victim_id",
}

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="events",
            source="main.events r",
            place="r",
            measure_sql=(
                ("events", "count(*)"),
                ("attendees", "CAST(coalesce(sum(r.attendees), 0) AS BIGINT)"),
                ("leaflets", "CAST(coalesce(sum(r.leaflets), 0) AS BIGINT)"),
            ),
            harmonised_measures=(
                ("events", "sum(pw.weight)"),
                ("attendees", "coalesce(sum(r.attendees * pw.weight), 0)"),
                ("leaflets", "coalesce(sum(r.leaflets * pw.weight), 0)"),
            ),
            dimensions={
                **_place_and_time("r", "r"),
                "organiser": Dimension("r.organiser", "organiser"),
                "event_type": Dimension("r.event_type", "event_type"),
                "topic": Dimension("r.topic", "topic"),
            },
            filter_columns={
                **_place_filters("r", "r"),
                "organisers": ("r.organiser", "in"),
                "event_types": ("r.event_type", "in"),
                "topics": ("r.topic", "in"),
            },
            relations=("events",),
            colours="Blues",
            panel_fields=("districts", "years", "organisers", "event_types", "topics"),
            breakdowns=("district", "organiser", "event_type", "topic"),
            dashboard_prefix="e",
            required_columns=("event_date", "organiser", "event_type"),
        ),
        Kind(
            name="victims",
            source="main.victims v",
            place="v",
            measure_sql=(("victims", "count(DISTINCT v.victim_id)"),),
            # A victim is one row per harmonised area in a group (joins add rows only across groups).
            harmonised_measures=(("victims", "sum(pw.weight)"),),
            dimensions={**_place_and_time("v", "v"), **_VICTIM_DIMENSIONS},
            filter_columns={**_place_filters("v", "v"), **_VICTIM_FILTERS},
            joins=_VICTIM_JOINS,
            relations=("victims", "victim_exploitation", "victim_means_of_control"),
            colours="Oranges",
            protected_measure="victims",
            default_statuses=("actual",),  # identified victims
            panel_fields=(
                "districts",
                "years",
                "sexes",
                "age_bands",
                "exploitation_forms",
                "destinations",
                "reception_channels",
            ),
            breakdowns=("district", "exploitation", "destination", "sex", "age_band", "reception_channel"),
            dashboard_prefix="v",
            required_columns=("reception_date",),
        ),
        Kind(
            name="support",
            source="main.support_services r JOIN main.victims v ON v.victim_id = r.victim_id",
            place="v",
            measure_sql=(
                ("services", "count(DISTINCT r.service_id)"),
                ("victims_supported", "count(DISTINCT r.victim_id)"),
            ),
            harmonised_measures=(
                ("services", "sum(pw.weight)"),
                # A victim's share counts once per area however many services they had.
                (
                    "victims_supported",
                    "coalesce(list_sum([x.w for x in list_distinct(list(struct_pack("
                    "v := r.victim_id, d := pw.district_code, w := pw.weight)))]), 0)",
                ),
            ),
            dimensions={
                # A service counts in the victim's district and in the year it was delivered.
                **_place_and_time("v", "r"),
                **_VICTIM_DIMENSIONS,
                "support_type": Dimension("r.support_type", "support_type"),
                "provider": Dimension("r.provider", "provider"),
            },
            # For services, years are the years the service was delivered.
            filter_columns={
                **_place_filters("v", "r"),
                **_VICTIM_FILTERS,
                "support_types": ("r.support_type", "in"),
            },
            joins=_VICTIM_JOINS,
            relations=("support_services",),
            colours="Oranges",
            protected_measure="victims_supported",
            # How many services: a count of a victim's services, which can give the people by difference.
            dropped_in_publish=("services",),
            # Everyone the law entitles to support: victims and people being identified (art. 37).
            default_statuses=("actual", "possible"),
        ),
        # Criminal cases of trafficking (the police's figures): suspects and the victim records
        # linked are counts of people inside cases, so publish mode releases the cases only.
        Kind(
            name="cases",
            source="main.cases c",
            place="c",
            measure_sql=(
                ("cases", "count(DISTINCT c.case_id)"),
                ("suspects", "CAST(coalesce(sum(c.suspects), 0) AS BIGINT)"),
                ("victims_linked", "CAST(coalesce(sum(c.victims_linked), 0) AS BIGINT)"),
            ),
            harmonised_measures=(
                ("cases", "sum(pw.weight)"),
                ("suspects", "coalesce(sum(c.suspects * pw.weight), 0)"),
                ("victims_linked", "coalesce(sum(c.victims_linked * pw.weight), 0)"),
            ),
            dimensions={
                **_place_and_time("c", "c"),
                "stage": Dimension("c.stage", "case_stage"),
                "exploitation": Dimension("x.exploitation", "exploitation", needs="exploitation"),
                "destination": Dimension("c.destination", "country"),
            },
            filter_columns={
                **_place_filters("c", "c"),
                "exploitation_forms": ("c.exploitation", "any"),
                "destinations": ("c.destination", "in"),
                "case_stages": ("c.stage", "in"),
            },
            joins={
                "exploitation": "JOIN (SELECT case_id, unnest(exploitation) AS exploitation "
                "FROM main.cases) x ON x.case_id = c.case_id",
            },
            relations=("cases", "case_victims"),
            colours="Reds",
            protected_measure="cases",
            dropped_in_publish=("suspects", "victims_linked"),
            panel_fields=("districts", "years", "case_stages", "exploitation_forms", "destinations"),
            breakdowns=("district", "stage", "exploitation", "destination"),
            dashboard_prefix="c",
            required_columns=("detected_date", "stage"),
        ),
        Kind(
            name="hotline",
            source="main.hotline h",
            place="h",
            measure_sql=(("contacts", "count(*)"),),
            harmonised_measures=(("contacts", "sum(pw.weight)"),),
            dimensions={
                **_place_and_time("h", "h"),
                "line": Dimension("h.line", "hotline_line"),
                "channel": Dimension("h.channel", "contact_channel"),
                "topic": Dimension("h.topic", "hotline_topic"),
                "referral": Dimension("h.referral", "referral_outcome"),
            },
            filter_columns={
                **_place_filters("h", "h"),
                "lines": ("h.line", "in"),
                "hotline_topics": ("h.topic", "in"),
                "referrals": ("h.referral", "in"),
            },
            relations=("hotline",),
            colours="Purples",
            withheld_below_k="contacts",
            panel_fields=("districts", "years", "lines", "hotline_topics", "referrals"),
            breakdowns=("district", "topic", "line", "channel", "referral"),
            dashboard_prefix="h",
            required_columns=("contact_date", "line", "topic"),
        ),
        Kind(
            name="communication",
            source="main.communication c",
            place="c",
            measure_sql=(
                ("items", "CAST(coalesce(sum(c.items), 0) AS BIGINT)"),
                ("reach", "CAST(coalesce(sum(c.reach), 0) AS BIGINT)"),
            ),
            harmonised_measures=(
                ("items", "coalesce(sum(c.items * pw.weight), 0)"),
                ("reach", "coalesce(sum(c.reach * pw.weight), 0)"),
            ),
            dimensions={
                **_place_and_time("c", "c"),
                "organiser": Dimension("c.organiser", "organiser"),
                "medium": Dimension("c.medium", "medium"),
            },
            filter_columns={
                **_place_filters("c", "c"),
                "organisers": ("c.organiser", "in"),
                "media": ("c.medium", "in"),
            },
            relations=("communication",),
            colours="Greens",
            panel_fields=("districts", "years", "organisers", "media"),
            breakdowns=("medium", "organiser", "district"),
            dashboard_prefix="m",  # media: 'c' is the cases' tab
            required_columns=("item_date", "organiser", "medium", "items"),
        ),
    )
}

SENSITIVE_RELATIONS = tuple(r for kind in KINDS.values() if kind.sensitive for r in kind.relations)
# Records publish-mode SQL may not read though they count no people (hotline contacts).
WITHHELD_RELATIONS = tuple(
    r for kind in KINDS.values() if kind.withheld_below_k is not None for r in kind.relations
)


def counts_people(name: str | None) -> bool:
    """Whether a kind (or a view of records, or an import table) counts people: what publish mode
    protects, drawn in the victims' colour, never repeated in an import's messages."""
    if name in KINDS:
        return KINDS[name].sensitive
    return name in SENSITIVE_RELATIONS


# Kinds whose small counts publish mode withholds (victims, support, cases, hotline contacts).
WITHHELD_KINDS = frozenset(name for name, kind in KINDS.items() if kind.withheld_measure is not None)
# Their measures' names: a table with one of these columns and no kind (its attrs lost to a pandas
# rebuild) is taken for exact counts of them.
WITHHELD_MEASURE_NAMES = frozenset(m for name in WITHHELD_KINDS for m in KINDS[name].measures)


def withheld_in_publish(name: str | None) -> bool:
    """Whether publish mode withholds a kind's (or a view of records') counts below k: the people
    counted, and hotline contacts."""
    if name in KINDS:
        return name in WITHHELD_KINDS
    return name in SENSITIVE_RELATIONS or name in WITHHELD_RELATIONS


# The kinds whose counts are of victims (the people received, the people supported): a pack's cover
# and `workbench brief` name the releases of these. Cases are released too, and count people, but
# reports of suspected trafficking, not victims; hotline contacts count calls.
VICTIM_COUNT_KINDS = frozenset({"victims", "support"})
# What a register entry asked (the keys of its `what`) when its cells count victims: those kinds, a
# pack's victim tables and a funnel (its stages are victims).
VICTIM_RELEASES = VICTIM_COUNT_KINDS | {"pack", "funnel"}


IMPORTABLE_KINDS = tuple(name for name, kind in KINDS.items() if kind.importable)
PUBLIC_RECORD_RELATIONS = tuple(
    r for kind in KINDS.values() if kind.withheld_measure is None for r in kind.relations
)
