"""What each record kind is, declared once: its measures, filter fields, sensitivity, the views of
its records, colours, the controls and breakdowns of its panel, its dashboard tab and the columns an
import file must have. Every other module reads these declarations rather than restating them.

The SQL of each measure and dimension is in `_query.KINDS`, keyed by the same names (a test checks
the two agree). Adding a kind: docs/development.md, "Checklist: add a record kind".
"""

from __future__ import annotations

from dataclasses import dataclass

REFERENCE_RELATIONS = ("districts", "codes", "metadata", "units", "unit_crosswalk", "harmonised_areas")


@dataclass(frozen=True)
class Kind:
    name: str
    measures: tuple[str, ...]  # output columns, the first the one drawn by default
    filter_fields: tuple[str, ...]  # the Filters fields that narrow it
    relations: tuple[str, ...]  # the views of its records ad hoc SQL can name
    colours: str  # matplotlib colour map for its maps and heat maps
    # Counts of people: withheld below k in publish mode, never readable through publish-mode SQL.
    protected_measure: str | None = None
    dropped_in_publish: tuple[str, ...] = ()  # measures publish mode does not release at all
    panel_fields: tuple[str, ...] = ()  # the filter controls of its explorer panel (none: no panel)
    breakdowns: tuple[str, ...] = ()  # what its panel's breakdown chart may be grouped by
    dashboard_tab: bool = False  # a tab of its own on the dashboard (its title in _words.TAB_TITLES)
    required_columns: tuple[str, ...] = ()  # an import file of this kind must have these

    @property
    def sensitive(self) -> bool:
        return self.protected_measure is not None


_PLACE_AND_TIME = ("provinces", "districts", "years")
_VICTIM_FILTERS = (
    *_PLACE_AND_TIME,
    "sexes",
    "age_bands",
    "exploitation_forms",
    "destinations",
    "reception_channels",
    "trafficking_statuses",
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="events",
            measures=("events", "attendees", "leaflets"),
            filter_fields=(*_PLACE_AND_TIME, "organisers", "event_types", "topics"),
            relations=("events",),
            colours="Blues",
            panel_fields=("districts", "years", "organisers", "event_types", "topics"),
            breakdowns=("district", "organiser", "event_type", "topic"),
            dashboard_tab=True,
            required_columns=("event_date", "organiser", "event_type"),
        ),
        Kind(
            name="victims",
            measures=("victims",),
            filter_fields=_VICTIM_FILTERS,
            relations=("victims", "victim_exploitation", "victim_means_of_control"),
            colours="Oranges",
            protected_measure="victims",
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
            dashboard_tab=True,
            required_columns=("reception_date",),
        ),
        Kind(
            name="support",
            measures=("services", "victims_supported"),
            filter_fields=(*_VICTIM_FILTERS, "support_types"),
            relations=("support_services",),
            colours="Oranges",
            protected_measure="victims_supported",
            # How many services: a count of a victim's services, which can give the people by difference.
            dropped_in_publish=("services",),
        ),
    )
}

SENSITIVE_RELATIONS = tuple(r for kind in KINDS.values() if kind.sensitive for r in kind.relations)
PUBLIC_RECORD_RELATIONS = tuple(r for kind in KINDS.values() if not kind.sensitive for r in kind.relations)
