"""A made-up engine for the audit's tests: counts of a few districts x years, what `settle` and
`Table.plan` read of an engine, small enough to enumerate every table a reader could hold."""

from __future__ import annotations

import itertools


class MadeUpGrid:
    """Districts x years of made-up counts, given district by district, each year in turn."""

    national = False
    districts: tuple[int, ...] = (916, 917, 918)
    years: tuple[int, ...] = (2019, 2020, 2021)

    def __init__(self, counts, districts=None, years=None) -> None:
        self.districts = tuple(districts or type(self).districts)
        self.years = tuple(years or type(self).years)
        cells = itertools.product(self.districts, self.years)
        self.grid = {cell: int(v) for cell, v in zip(cells, counts, strict=True)}

    def areas(self):
        return list(self.districts)

    def frame(self):
        return None

    def unknown_place(self):
        return False

    def count(self, box):
        return sum(self.grid.get(cell, 0) for cell in box.cells())

    def truth(self, family, members, cat):
        return sum(self.grid.get(cell, 0) for cell in members)
