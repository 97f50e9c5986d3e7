"""The link between victims supported and victims, given to the audit of victim counts.

A person supported in a year was received in that year or before, at the same place and with the
same trafficking status (a support record is a victim's: `_publish_engine.Engine.support_frame`). So a
count of person-years of support at a place, status and year is at most the victims received there
by that year, and a published number of victims supported tells a reader that some victims were
received: 6 person-years of support in Cái Răng over 2016-2026 say that its victims, shown `<5`,
number at least one (docs/releases.md, Limits 3).

The audit of victim counts is given every release of victims supported as part of its system
(`attach`): the support system's pieces and rows, and per place-year-status cell one variable for
the victims received there and one for the person-years of support, tied to their pieces and by
the link above. The victims a released support count speaks of — its places and statuses, from
the first year to its last — are protected as a withheld count would be (`regions`): a support
count is shown as a number, or as at least k, only where every reader knows those victims number k
or more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._disclosure import PUBLISHED
from ._release import HIDDEN, Box, Released

if TYPE_CHECKING:
    from ._reader import System


@dataclass(frozen=True)
class SupportBound:
    """The releases of victims supported that bound victim counts from below."""

    cells: tuple[Released, ...]
    truth_of: Callable  # the true person-years of support of a family's members
    links: dict | None  # the support system's own links (providers' dates)
    first_year: int  # the first year anyone can have been received (the records' and events')
    # the victims' breakdowns support counts can be broken down by (a victim's age band, sex,
    # destination...): a person supported in a category was received in it (not the support's own
    # breakdowns, its types and providers)
    shared: frozenset[str] = frozenset()

    def regions(self) -> list[Released]:
        """The victims each released support count speaks of, as cells shown with no bound: no row,
        but counts to protect, and lines that cut the victims' pieces. Of the people; and for a
        count of a victims' breakdown, of its categories too."""
        found: dict[str, Released] = {}
        for cell in self.cells:
            for region in self.region_boxes(cell.box):
                found.setdefault(region.key(), Released(region, HIDDEN, None))
        for rest in self._residuals():
            found.setdefault(rest.key(), Released(rest, HIDDEN, None))
        return list(found.values())

    def _residuals(self) -> list:
        """The victims the rest of a published support count speaks of, once the published counts
        inside it are taken away (the city's total less the districts published: the rest is the
        support of the districts withheld, together): its places, from the first year to the last
        year of the rest."""
        published = [c.box for c in self.cells if c.status == PUBLISHED]
        found = []
        for outer in published:
            inside = outer.cells()
            inner = [
                box
                for box in published
                if (box.family, box.cats, box.statuses) == (outer.family, outer.cats, outer.statuses)
                and box.cells() < inside
            ]
            if not inner:
                continue
            rest = inside - set().union(*(box.cells() for box in inner))
            if not rest:
                continue
            last = max(cell[1] for cell in rest)
            years = frozenset(range(min(self.first_year, *outer.years), last + 1))
            found.append(Box(None, frozenset(cell[0] for cell in rest), years, None, outer.statuses, None))
        return found

    def region_boxes(self, box) -> list:
        """The victims one support count speaks of: its places and statuses from the first year to
        its last (and its categories, for a victims' breakdown)."""
        years = frozenset(range(min(self.first_year, *box.years), max(box.years) + 1))
        regions = [Box(None, box.areas, years, None, box.statuses, None)]
        if self.speaks_of_categories(box):
            regions.append(Box(box.family, box.areas, years, box.cats, box.statuses, None))
        return regions

    def speaks_of_categories(self, box) -> bool:
        """Whether a support count's categories are the victims' (two grouped: both are)."""
        parts = box.family.split("+") if box.family else []
        return bool(parts) and all(part in self.shared for part in parts) and box.cats is not None

    def without(self, keys: frozenset[str]) -> SupportBound:
        """The same bound with the cells of `keys` (a new release) left out."""
        kept = tuple(c for c in self.cells if c.box.key() not in keys)
        return SupportBound(kept, self.truth_of, self.links, self.first_year, self.shared)


def place_of(cell: tuple) -> tuple:
    """A place-year(-status) cell without its year: where a person stays from reception on."""
    return (cell[0], *cell[2:])


def attach(system: System, bound: SupportBound, support: System, victims_truth: Callable) -> None:
    """Give `system` (the victims') the support system `support` and the link between them, in place.

    Variables added after the victims' pieces: the support pieces, then per place-year-status cell
    (and per category, for the breakdowns both count by) one for the victims received there (cells
    of the victims' pieces inside a region) and one for the person-years of support. Each cell
    variable adds up to its piece; each support cell is at most the victims received at its place
    and status (in its category) up to its year. A cell where the records break the rule (support
    before reception, imported so) gets no link row: the truth is a table every reader could hold,
    and a reader who assumes the rule is wrong about these data."""
    offset = len(system.truth)
    truth = [*system.truth, *support.truth]
    first = system.support_rows_from  # a support cell's rows are told apart from the victims'
    for (vec, bound_value), cell in zip(support.a_eq, support.eq_cell, strict=True):
        system.a_eq.append(({i + offset: c for i, c in vec.items()}, bound_value))
        system.eq_cell.append(None if cell is None else first + cell)
    for (vec, bound_value), cell in zip(support.a_ub, support.ub_cell, strict=True):
        system.a_ub.append(({i + offset: c for i, c in vec.items()}, bound_value))
        system.ub_cell.append(None if cell is None else first + cell)
    regions = bound.regions()
    families = [None, *sorted({r.box.family for r in regions if r.box.family is not None})]
    for family in families:
        inside = set().union(*(r.box.cells() for r in regions if r.box.family in (None, family)))
        received = _shares(system, family, 0, inside, victims_truth, truth)
        supported = _shares(support, family, offset, None, bound.truth_of, truth, system)
        by_place: dict[tuple, list[tuple[int, int]]] = {}
        for (cell, cat), j in received.items():
            by_place.setdefault((place_of(cell), cat), []).append((cell[1], j))
        for (cell, cat), j in supported.items():
            before = [i for year, i in by_place.get((place_of(cell), cat), []) if year <= cell[1]]
            if truth[j] > sum(truth[i] for i in before):
                continue  # the records break the rule here
            system.a_ub.append(({j: 1.0, **dict.fromkeys(before, -1.0)}, 0.0))
            system.ub_cell.append(None)
    system.truth = _array(truth)


def _shares(
    source: System,
    family: str | None,
    offset: int,
    inside: set | None,
    truth_of: Callable,
    truth: list,
    target: System | None = None,
) -> dict[tuple, int]:
    """One variable per cell (and category) of `source`'s pieces of `family` (those meeting
    `inside`, when given), each adding up to its piece, written into `target` (`source` itself when
    None) with `source`'s variables at `offset`: {(cell, category): variable}."""
    target = target if target is not None else source
    shares: dict[tuple, int] = {}
    if family not in source.members:
        return shares
    for (name, s, cat), column in source.columns.items():
        members = source.members[family][s] if name == family else None
        if members is None or (inside is not None and not inside.intersection(members)):
            continue
        row = {offset + column: -1.0}
        for cell in members:
            shares[(cell, cat)] = len(truth)
            row[len(truth)] = 1.0
            truth.append(truth_of(family, [cell], cat))
        target.a_eq.append((row, 0.0))
        target.eq_cell.append(None)
    return shares


def _array(values: Sequence[float]):
    import numpy as np

    return np.array(values, dtype=float)
