"""The link between victims supported and victims, given to the audit of victim counts.

A person supported in a year was received in that year or before, at the same place and with the
same trafficking status (a support record is a victim's: `_publish._Engine.support_frame`). So a
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

if TYPE_CHECKING:
    from ._release import Released, _System


@dataclass(frozen=True)
class SupportBound:
    """The releases of victims supported that bound victim counts from below."""

    cells: tuple[Released, ...]
    truth_of: Callable  # the true person-years of support of a family's members
    links: dict | None  # the support system's own links (providers' dates)
    first_year: int  # the first year anyone can have been received (the records' and events')

    def regions(self) -> list[Released]:
        """The victims each released support count speaks of, as cells shown with no bound: no row,
        but counts to protect, and lines that cut the victims' pieces."""
        from ._release import HIDDEN, Box, Released

        found: dict[str, Released] = {}
        for cell in self.cells:
            box = cell.box
            years = frozenset(range(min(self.first_year, *box.years), max(box.years) + 1))
            region = Box(None, box.areas, years, None, box.statuses, None)
            found.setdefault(region.key(), Released(region, HIDDEN, None))
        return list(found.values())

    def without(self, keys: frozenset[str]) -> SupportBound:
        """The same bound with the cells of `keys` (a new release) left out."""
        kept = tuple(c for c in self.cells if c.box.key() not in keys)
        return SupportBound(kept, self.truth_of, self.links, self.first_year)


def _place(cell: tuple) -> tuple:
    """A place-year(-status) cell without its year: where a person stays from reception on."""
    return (cell[0], *cell[2:])


def attach(system: _System, bound: SupportBound, support: _System, victims_truth: Callable) -> None:
    """Give `system` (the victims') the support system `support` and the link between them, in place.

    Variables added after the victims' pieces: the support pieces, then one per place-year-status
    cell for the victims received there (cells of the victims' pieces inside a region), then one
    per support cell for its person-years. Each cell variable adds up to its piece; each support
    cell is at most the victims received at its place and status up to its year. A cell where the
    records break the rule (support before reception, imported so) gets no link row: the truth is
    a table every reader could hold, and a reader who assumes the rule is wrong about these data."""
    offset = len(system.truth)
    truth = [*system.truth, *support.truth]
    for vec, bound_value in support.a_eq:
        system.a_eq.append(({i + offset: c for i, c in vec.items()}, bound_value))
        system.eq_cell.append(None)
    for vec, bound_value in support.a_ub:
        system.a_ub.append(({i + offset: c for i, c in vec.items()}, bound_value))
        system.ub_cell.append(None)
    inside = set().union(*(region.box.cells() for region in bound.regions()))
    received: dict[tuple, int] = {}
    for g, members in enumerate(system.members[None]):
        if not inside.intersection(members):
            continue
        row = {system.columns[(None, g, None)]: -1.0}
        for cell in members:
            received[cell] = len(truth)
            row[len(truth)] = 1.0
            truth.append(victims_truth(None, [cell], None))
        system.a_eq.append((row, 0.0))
        system.eq_cell.append(None)
    by_place: dict[tuple, list[tuple[int, int]]] = {}
    for cell, j in received.items():
        by_place.setdefault(_place(cell), []).append((cell[1], j))
    supported: dict[tuple, int] = {}
    for h, members in enumerate(support.members[None]):
        row = {offset + support.columns[(None, h, None)]: -1.0}
        for cell in members:
            supported[cell] = len(truth)
            row[len(truth)] = 1.0
            truth.append(bound.truth_of(None, [cell], None))
        system.a_eq.append((row, 0.0))
        system.eq_cell.append(None)
    for cell, j in supported.items():
        before = [i for year, i in by_place.get(_place(cell), []) if year <= cell[1]]
        if truth[j] > sum(truth[i] for i in before):
            continue  # the records break the rule here
        system.a_ub.append(({j: 1.0, **dict.fromkeys(before, -1.0)}, 0.0))
        system.ub_cell.append(None)
    system.truth = _array(truth)


def _array(values: Sequence[float]):
    import numpy as np

    return np.array(values, dtype=float)
