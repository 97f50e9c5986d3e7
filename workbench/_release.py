"""The release register and the audit that protects every new release together with all earlier ones.

Every victim count that leaves publish mode is a *cell*: the victims of some places, some years and
(optionally) some categories of one breakdown — a `Box`. The register, a JSON-lines file beside the
database readable by its owner only and named by the database's identity (so a renamed pointer, a
rebuild or an import keeps it), lists every released cell with what was shown (the number, or how it
was withheld), the version of the victim data it was computed from, when, and into which files. A
new release is audited as one system with every earlier release still true of the data (those a
revision of the victim records contradicts stop the release, see `Register.standing`): an integer
programme (scipy's HiGHS; a reader knows counts are whole) over the pieces the released boxes cut
the records into finds, for every count below k — every piece, every withheld `<k` cell, every
difference of nested cells — whether a whole-number table a reader holding everything released
could take for true gives it 0, and one gives it k-1. The protection level: every whole number from
0 to k-1 must stay possible (nothing beyond "<k" is learnt, not even "at least one"). Unions of
pieces below k are searched for being pinned, or narrowed to one whole number (`_unions`), and
those two released cells mark out for being
narrowed more than the new release or the earlier ones narrow them alone (`_overlaps`). Cells of
the new release are withheld until that holds.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn, cast

import numpy as np
from filelock import FileLock

from ._disclosure import COMPLEMENTARY, PRIMARY, PUBLISHED
from ._errors import DisclosureError
from ._paths import REFERENCE_DIR
from ._private import create_private
from ._programmes import INFEASIBLE, OPTIMAL, LinearProgramme, refuse
from ._support_link import SupportBound, attach
from ._units import AREA_GROUPS, REFORM_DATE

REFORM_YEAR = REFORM_DATE.year

# A withheld cell whose mark carries no bound ('x' with no promise it is k or more): used when the
# marks of a fully withheld table would themselves narrow an earlier release.
HIDDEN = "hidden"
SUFFIX = ".releases.jsonl"
REGISTER_PREFIX = "releases-"
TOLERANCE = 1e-6
# A union of pieces is narrowed when its smallest value is above this (whole counts: above 0; the
# margin keeps a solver's rounding from reading as a count), confirmed by a plain linear programme.
UNION_MARGIN = 1e-4
# How many unions the earlier releases already narrowed (see `_unions`) are set aside per breakdown;
# one more is reported, whoever narrowed it (when in doubt, withhold).
EARLIER_LEAKS = 20
# The longest the search for pinned unions may take per breakdown and try before the release is
# refused (never published unaudited): the search is exponential in the worst case.
UNION_SECONDS = 60.0
# The longest the integer programmes that certify the counts below k of one audit (see `unsafe`)
# may take together before the release is refused (never published unaudited).
WHOLE_SECONDS = 60.0
# A linear programme's solution this close to whole numbers is a whole-number table (HiGHS returns
# vertices, which are whole wherever the released rows are totally unimodular).
WHOLE_TOLERANCE = 1e-6
# The longest the search for unions two released cells mark out may take (see `_overlaps`) before
# the release is refused: its work grows with the square of the register's cells.
OVERLAP_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Box:
    """Victims in `areas` x `years`, in `cats` of breakdown `family` (None: whatever the category).

    For a multi-valued breakdown (exploitation) a box counts mentions: a victim in two of its
    categories counts once in each."""

    family: str | None
    areas: frozenset[int]
    years: frozenset[int]
    cats: frozenset[str] | None = None
    # The trafficking statuses (Law 53/2024) counted: a third coordinate of every cell, as a person
    # has one status as they have one place; None where the data hold no statuses (tests' grids).
    statuses: frozenset[str] | None = None
    # What is counted: None for victims (people, by the year they were received); "supported" for
    # victims supported, one count per person and year of support (a person supported in two years
    # counts in each: person-years, so counts add up over years). Boxes of different measures are
    # different counts with different keys, audited each in its own system (see `unsafe`).
    measure: str | None = None

    def key(self) -> str:
        parts: list = [
            self.family,
            sorted(self.areas),
            sorted(self.years),
            sorted(self.cats) if self.cats else None,
        ]
        if self.statuses is not None or self.measure is not None:
            parts.append(sorted(self.statuses) if self.statuses is not None else None)
        if self.measure is not None:
            parts.append(self.measure)
        return json.dumps(parts, separators=(",", ":"))

    @classmethod
    def from_key(cls, key: str) -> Box:
        family, areas, years, cats, *rest = json.loads(key)
        statuses = rest[0] if rest else None
        return cls(
            family,
            frozenset(areas),
            frozenset(years),
            frozenset(cats) if cats is not None else None,
            frozenset(statuses) if statuses is not None else None,
            rest[1] if len(rest) > 1 else None,
        )

    def cells(self) -> set[tuple]:
        # An area group (a former province's part of the new city) holds no record before the
        # reform, and every reader knows it: those cells are no unknown to hide anything in.
        places = [
            (a, y) for a in self.areas for y in self.years if not (a in AREA_GROUPS and y < REFORM_YEAR)
        ]
        if self.statuses is None:
            return set(places)
        return {(a, y, s) for a, y in places for s in self.statuses}


@dataclass(frozen=True, slots=True)
class Released:
    """One released cell: its box, how it was shown, the number shown (None when withheld)."""

    box: Box
    status: str
    value: int | None
    release: int | None = None


def register_path(db_path: Path) -> Path:
    """Where the register of a database without an identity (built by an earlier workbench and
    never rebuilt since) is kept: beside its pointer, by the pointer's name."""
    return db_path.with_name(db_path.name + SUFFIX)


def register_for(db_path: Path, identity: str | None) -> Path:
    """The register of the database `identity` whose pointer is `db_path`: in the pointer's folder,
    named by the identity, so a renamed pointer finds it (and a backup carries it, see _backup)."""
    if identity is None:
        return register_path(db_path)
    return db_path.with_name(f"{REGISTER_PREFIX}{identity}.jsonl")


def check_found(db_path: Path, identity: str | None, register: Path) -> None:
    """A `DisclosureError` when the pointer `db_path` says the database has released counts but
    its register is not where it belongs: it was moved or copied without it. Publishing on with an
    empty register would audit nothing released before, so nothing is released until it is back."""
    if identity is None or register.exists():
        return
    from ._generations import released_mark

    if released_mark(db_path) != identity:
        return
    raise DisclosureError(
        f"The database {db_path} has released victim counts, recorded in its release register "
        f"{register.name}, which is not in {register.parent}: the database was copied or moved "
        "without it. Publish mode audits every new table with everything released before, so it "
        f"releases nothing without it. Copy {register.name} from the folder the database came "
        "from into this one (`workbench backup` copies it with the database; docs/releases.md). "
        "Only if it is lost for good: `workbench releases --new-edition` starts a new register, and a "
        "reader holding tables released before can then difference them with new ones. Internal mode "
        "works as usual."
    )


class Register:
    """The release register of one database (see the module docstring)."""

    _held: dict | None = None  # what was read while `locked` is held

    def __init__(self, db_path: Path, identity: str | None = None) -> None:
        self.db_path = Path(db_path)
        self.identity = identity
        self.path = register_for(self.db_path, identity)
        if identity is not None:
            self._adopt_legacy()

    @classmethod
    def at(cls, path: str | Path) -> Register:
        """The register kept in the file `path`."""
        register = cls.__new__(cls)
        register.path = Path(path)
        register.db_path, register.identity = register.path, None
        return register

    def _adopt_legacy(self) -> None:
        """A register kept by the pointer's name (before identities) becomes this identity's, once:
        renamed, never copied, so it cannot be found twice."""
        legacy = register_path(self.db_path)
        if self.path.exists() or not legacy.exists():
            return
        with FileLock(f"{legacy}.lock", timeout=600):
            if legacy.exists() and not self.path.exists():
                owners = {e["database"] for e in Register.at(legacy).entries() if e.get("database")}
                if owners <= {self.identity}:
                    os.replace(legacy, self.path)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Held for a whole release: two sessions releasing at once are audited one after the other."""
        if self.identity is not None:
            check_found(self.db_path, self.identity, self.path)
        try:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as error:
            raise DisclosureError(
                f"Publish mode records every release in {self.path} and cannot write it ({error.strerror}). "
                "Make the database's folder writable, or work in internal mode."
            ) from None
        try:
            if os.name != "nt":  # Windows has no mode bits: the profile folder's ACL keeps it private
                os.fchmod(handle, 0o600)  # owner only, even if someone widened it
        finally:
            os.close(handle)
        # filelock: flock on POSIX, msvcrt locking on Windows (fcntl does not exist there).
        with FileLock(f"{self.path}.lock", timeout=600):
            # While the lock is held nobody else appends: the register is read once per release
            # (the k check, the audit and the numbering all read it), not once per question.
            self._held = {}
            try:
                yield
            finally:
                self._held = None

    def entries(self) -> list[dict]:
        held = self._held
        if held is not None:
            if "own" not in held:
                held["own"] = self._read()
            return held["own"]
        return self._read()

    def _read(self) -> list[dict]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def standing(
        self, version: str, holds: Callable[[Released], bool]
    ) -> tuple[dict[str, Released], list[Released]]:
        """The earlier cells a new release is audited with, by box key, and the revised ones.

        A cell released from this version of the victim data stands. One released from another
        version (before an import or a rebuild that changed victim or support records) stands when
        `holds`: what it said — its number, '<k', 'x' — is still true of the data now, so it is a
        statement about these data like any other. One that no longer holds is *revised*: a new
        release beside it could give the change away (the people an import added, by difference),
        so it is returned to be refused — unless a new edition of the register was started on this
        very version after it (`new_edition`), which takes that risk knowingly."""
        entries = self.entries()
        editions = [n for n, e in enumerate(entries) if "edition" in e and e.get("victim_data") == version]
        last_edition = max(editions, default=-1)
        found: dict[str, Released] = {}
        revised: list[Released] = []
        for position, entry in enumerate(entries):
            same = entry.get("victim_data") == version
            for key, status, value in entry.get("cells", ()):
                cell = Released(Box.from_key(key), status, value, entry["release"])
                if key in found:
                    continue
                if same or holds(cell):
                    found[key] = cell
                elif position > last_edition:
                    revised.append(cell)
        # Another database in this folder made from the same victim data (rebuilt after its
        # pointer was deleted, built again from the same files): its releases are of these very
        # counts, so a reader holding both could combine them. They join the audit.
        for entry in self.sibling_entries(version):
            for key, status, value in entry["cells"]:
                found.setdefault(key, Released(Box.from_key(key), status, value, None))
        return found, revised

    def sibling_entries(self, version: str) -> list[dict]:
        """The releases of the same victim data in the other registers of this folder."""
        held = self._held
        if held is not None and ("siblings", version) in held:
            return held[("siblings", version)]
        found = []
        for other in sorted(self.path.parent.glob(f"{REGISTER_PREFIX}*.jsonl")):
            if other == self.path:
                continue
            try:
                entries = Register.at(other).entries()
            except (OSError, ValueError):  # unreadable: not this database's, nothing to add
                continue
            found += [e for e in entries if "cells" in e and e.get("victim_data") == version]
        if held is not None:
            held[("siblings", version)] = found
        return found

    def _append(self, entry: dict) -> None:
        held = self._held
        if held is not None:
            held.pop("own", None)  # read again after this line is written
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        os.chmod(self.path, 0o600)

    def k_used(self, default: int, version: str) -> set[int]:
        """The k of every release in the register, and of the other registers' releases of the
        same victim data (see `standing`); a release recorded without one: `default`."""
        entries = [e for e in self.entries() if "cells" in e] + self.sibling_entries(version)
        return {int(e.get("k", default)) for e in entries}

    def record(
        self, what: dict, fingerprint: str | None, version: str, cells: Sequence[Released], k: int
    ) -> int:
        """Append a release made with `k` (call under `locked`); returns its number."""
        number = 1 + sum(1 for e in self.entries() if "cells" in e)
        self._append(
            {
                "release": number,
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": self.identity,
                "fingerprint": fingerprint,
                "victim_data": version,
                "k": k,
                "what": what,
                "cells": [[c.box.key(), c.status, c.value] for c in cells],
            }
        )
        self._mark()
        return number

    def _mark(self) -> None:
        """The pointer made to say this database has a register (see `check_found`)."""
        if self.identity is None:
            return
        from ._build import build_lock
        from ._generations import mark_released, released_mark

        if released_mark(self.db_path) == self.identity:
            return
        with build_lock(self.db_path):  # a build or import meanwhile would write the pointer without it
            mark_released(self.db_path, self.identity)

    def new_edition(self, version: str, revised: Sequence[Released]) -> int:
        """Start a new edition on the victim data `version`: the revised cells listed no longer
        stop a release (see `standing`). Returns the edition's number."""
        with self.locked():
            number = 2 + sum(1 for e in self.entries() if "edition" in e)
            self._append(
                {
                    "edition": number,
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": self.identity,
                    "victim_data": version,
                    "revised": sorted({c.release for c in revised if c.release is not None}),
                }
            )
        return number

    def start_lost(self) -> None:
        """A new register for a database whose register is lost for good (`check_found` refuses
        until one is there): its first line says so, for whoever reads it later."""
        create_private(self.path, 0o600)
        with self.locked():
            self._append(
                {
                    "edition": 2,
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": self.identity,
                    "register_lost": True,
                }
            )

    def record_files(self, releases: Sequence[int], files: Sequence[Path]) -> None:
        """Which files hold what earlier releases let out."""
        with self.locked():
            self._append(
                {
                    "files": [str(Path(f).resolve()) for f in files],
                    "releases": sorted(set(releases)),
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )


# ---------------------------------------------------------------- figures published outside

# Victim figures the city published outside the workbench (docs/releases.md, "Figures already
# public"): every reader holds them, so every audit holds them as released cells, before any
# register entry. Versioned with the repository; each row names its source.
PUBLIC_FIGURES = REFERENCE_DIR / "public_figures.csv"


@dataclass(frozen=True, slots=True)
class PublicFigure:
    """One published figure: `value` people of `measure` ("victims"), all places, `years`
    (first, last), counted in the trafficking `statuses` as the workbench counts them."""

    name: str
    measure: str
    years: tuple[int, int]
    statuses: tuple[str, ...]
    value: int
    source: str


def public_figures(path: Path | None = None) -> list[PublicFigure]:
    """The declared public figures (`PUBLIC_FIGURES`; a missing file declares none)."""
    path = path or PUBLIC_FIGURES
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    figures = []
    for number, row in enumerate(rows, start=2):
        try:
            if row["places"] != "all":
                raise ValueError(f"places {row['places']!r} (only 'all' is declared)")
            figures.append(
                PublicFigure(
                    row["figure"],
                    row["measure"],
                    (int(row["year_from"]), int(row["year_to"])),
                    tuple(s for s in row["statuses"].split("|") if s),
                    int(row["value"]),
                    row["source"],
                )
            )
        except (KeyError, ValueError, TypeError) as error:
            raise DisclosureError(
                f"{path}, row {number}: a public figure cannot be read ({error}); "
                "columns: figure, measure, places (all), year_from, year_to, statuses (a|b), value, source."
            ) from None
    return figures


# ---------------------------------------------------------------- the audit


@dataclass
class _System:
    """The linear system a reader holds. Variables are the counts of the pieces the released cells
    cut the records into: for the people, the classes of place-year cells no release tells apart;
    for a breakdown, per category, the classes no release *of that breakdown* tells apart (finer
    pieces of a breakdown can always be shared out consistently, so they add nothing)."""

    columns: dict[tuple, int]
    truth: np.ndarray
    a_eq: list[tuple[dict[int, float], float]]
    a_ub: list[tuple[dict[int, float], float]]
    class_of: dict[str | None, dict[tuple, int]]  # family -> place-year(-status) cell -> class
    members: dict[str | None, list[list[tuple]]]
    programme: LinearProgramme | None = None
    fixed: frozenset[int] = frozenset()  # pieces every reader knows hold nobody (see `links`)
    # which released cell (its index in the cells given) each row states; None: a row every reader
    # knows whatever was released (pieces add up, pairs the law rules out hold nobody)
    eq_cell: list[int | None] = dataclasses.field(default_factory=list)
    ub_cell: list[int | None] = dataclasses.field(default_factory=list)
    # counts protected though no cell of this measure was released over them: the victims the
    # released support counts speak of (`_support_link`); their variables follow the pieces'
    protect: list[dict[int, float]] = dataclasses.field(default_factory=list)
    # the number `eq_cell` and `ub_cell` give the first support cell's rows (`attach`)
    support_rows_from: int = 0

    def vector(self, box: Box, domains: dict[str, tuple[str, ...]]) -> dict[int, float]:
        lookup = self.class_of[box.family]
        classes = {lookup[cell] for cell in box.cells() if cell in lookup}
        if box.family is None:
            return {self.columns[(None, g, None)]: 1.0 for g in classes}
        cats = box.cats if box.cats is not None else domains[box.family]
        return {self.columns[(box.family, g, c)]: 1.0 for g in classes for c in cats}


def _classes(cells: Sequence[Released], tag: Callable[[tuple], object] | None = None) -> list[list[tuple]]:
    """The place-year(-status) cells the released cells do not tell apart; `tag`: cut them also
    where it differs (the years a dated category holds nobody, see `links`)."""
    signature: dict[tuple, set[int]] = {}
    for n, cell in enumerate(cells):
        for ay in cell.box.cells():
            signature.setdefault(ay, set()).add(n)
    groups: dict[tuple, list] = {}
    for ay, sig in signature.items():
        groups.setdefault((frozenset(sig), tag(ay) if tag else None), []).append(ay)
    return list(groups.values())


# A link of a breakdown with the year (a coordinate, not a breakdown): 'category|year' pairs, the
# years in which a category holds nobody (a provider before it began or after it ended).
YEAR_LINK = "year"


def _dated(links: dict | None, families: set) -> tuple[dict[str, dict[int, frozenset[str]]], Callable]:
    """For each breakdown linked with the year, the categories that hold nobody in each year; and
    the tag cutting the pieces of place-year cells at those years."""
    dated: dict[str, dict[int, frozenset[str]]] = {}
    for (first, second), pairs in (links or {}).items():
        if second == YEAR_LINK and first in families and pairs:
            by_year: dict[int, set[str]] = {}
            for pair in pairs:
                cat, year = pair.rsplit("|", 1)
                by_year.setdefault(int(year), set()).add(cat)
            dated[first] = {year: frozenset(cats) for year, cats in by_year.items()}

    def tag(ay: tuple) -> tuple:
        return tuple(nobody.get(ay[1], frozenset()) for _, nobody in sorted(dated.items()))

    return dated, tag


def _system(
    cells: Sequence[Released],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    links: dict | None = None,
    bound: SupportBound | None = None,
) -> _System:
    if bound is not None and not bound.cells:
        bound = None
    if bound is not None:  # the victims released support counts speak of cut the pieces too
        regions = bound.regions()
        cells = [*cells, *regions]
    families = {c.box.family for c in cells if c.box.family is not None}
    families |= {part for f in families if "+" in f for part in f.split("+")}
    # A breakdown every reader knows to hold nobody in some years in some categories (a provider
    # after it ended): its pieces and the people's are cut at those years, where it is fixed at 0.
    dated, tag = _dated(links, families)
    cut = tag if dated else None
    # Two breakdowns every reader knows to be related (an age band of 0-8 is under 16): released
    # both, they share their pieces through their cross-classification, whose impossible pairs hold
    # nobody. (Any pair of breakdowns cross-classifies; only known empty pairs make it a constraint.)
    empty: dict[str, frozenset[str]] = {}
    for (first, second), pairs in (links or {}).items():
        if second == YEAR_LINK:
            continue
        if first in families and second in families and pairs:
            empty[f"{first}+{second}"] = pairs
            families.add(f"{first}+{second}")
    # A breakdown shares its pieces with the breakdowns it is grouped with ('age_band+sex').
    group_of = {f: frozenset({f}) for f in families}
    for f in families:
        if "+" in f:
            joined = frozenset().union(group_of[f], *(group_of[p] for p in f.split("+")))
            for member in joined:
                group_of[member] = joined
    system = _System({}, np.array([]), [], [], {}, {})
    truth: list[int] = []
    people = _classes(cells, cut)
    system.members[None] = people
    system.class_of[None] = {ay: g for g, members in enumerate(people) for ay in members}
    for g, members in enumerate(people):
        system.columns[(None, g, None)] = len(truth)
        truth.append(truth_of(None, members, None))
    for group in set(group_of.values()):
        pieces = _classes([c for c in cells if c.box.family in group], cut)
        lookup = {ay: s for s, members in enumerate(pieces) for ay in members}
        for f in sorted(group):
            system.members[f], system.class_of[f] = pieces, lookup
            for s, members in enumerate(pieces):
                for c in domains[f]:
                    system.columns[(f, s, c)] = len(truth)
                    truth.append(truth_of(f, members, c))
        # each piece of the breakdown holds whole classes of people
        holds: dict = {}
        for g, members in enumerate(people):
            if members[0] in lookup:
                holds.setdefault(lookup[members[0]], []).append(g)
        for f in sorted(group):
            for s in range(len(pieces)):
                total = {system.columns[(None, g, None)]: -1.0 for g in holds.get(s, [])}
                if "+" in f:  # two breakdowns together add up to each of them
                    for position, part in enumerate(f.split("+")):
                        for c in domains[part]:
                            combos = [combo for combo in domains[f] if combo.split("|")[position] == c]
                            link = {system.columns[(f, s, combo)]: 1.0 for combo in combos}
                            system.a_eq.append(({**link, system.columns[(part, s, c)]: -1.0}, 0.0))
                elif f in multi:
                    system.a_ub += [({system.columns[(f, s, c)]: 1.0, **total}, 0.0) for c in domains[f]]
                else:
                    system.a_eq.append(
                        ({**{system.columns[(f, s, c)]: 1.0 for c in domains[f]}, **total}, 0.0)
                    )
    fixed = {
        system.columns[(joint, s, pair)]
        for joint, pairs in empty.items()
        for s in range(len(system.members[joint]))
        for pair in pairs
    }
    fixed |= {  # a piece lies within one side of each dated category's years (cut by `tag`)
        system.columns[(family, s, cat)]
        for family, nobody in dated.items()
        for s, members in enumerate(system.members[family])
        for cat in frozenset.intersection(*(nobody.get(ay[1], frozenset()) for ay in members))
        if (family, s, cat) in system.columns
    }
    # A count published as 0 (a figure public before any release: docs/releases.md, "Figures
    # already public"; the audit never publishes a new count below k) holds nobody in any of its
    # pieces, as every reader knows: they are no unknowns to protect.
    for cell in cells:
        if cell.status == PUBLISHED and cell.value == 0 and cell.box.family is None:
            inside = cell.box.cells()
            for family, pieces in system.members.items():
                for s, members in enumerate(pieces):
                    if members and set(members) <= inside:
                        fixed |= {i for key, i in system.columns.items() if key[:2] == (family, s)}
    system.a_eq += [({i: 1.0}, 0.0) for i in sorted(fixed)]
    system.fixed = frozenset(fixed)
    system.truth = np.array(truth, dtype=float)
    system.eq_cell, system.ub_cell = [None] * len(system.a_eq), [None] * len(system.a_ub)
    for n, cell in enumerate(cells):
        vec = system.vector(cell.box, domains)
        if cell.status == PUBLISHED:
            system.a_eq.append((vec, float(cast(int, cell.value))))  # a published cell has its value
            system.eq_cell.append(n)
        elif cell.status == PRIMARY:
            system.a_ub.append((vec, float(k - 1)))
            system.ub_cell.append(n)
        elif cell.status == COMPLEMENTARY:
            system.a_ub.append(({i: -v for i, v in vec.items()}, -float(k)))
            system.ub_cell.append(n)
    if bound is not None:
        support = _system(bound.cells, domains, multi, bound.truth_of, k, bound.links)
        system.support_rows_from = len(cells)  # the cells given, then the regions
        attach(system, bound, support, truth_of)
        system.protect = [system.vector(region.box, domains) for region in regions]
    return system


def _matrix(rows: list[tuple[dict[int, float], float]], width: int):
    from scipy.sparse import csr_matrix

    if not rows:
        return None, None
    data, ri, ci = [], [], []
    for r, (vec, _) in enumerate(rows):
        for c, v in vec.items():
            ri.append(r)
            ci.append(c)
            data.append(v)
    return csr_matrix((data, (ri, ci)), shape=(len(rows), width)), np.array([b for _, b in rows])


def _stack(vectors: Sequence[dict[int, float]], width: int):
    """Counts as the rows of one sparse matrix over the pieces: their values in a table `x` are
    one product, `matrix @ x`."""
    return _matrix([(vec, 0.0) for vec in vectors], width)[0] if vectors else None


def _solve(
    objective: np.ndarray,
    system: _System,
    extra_ub=(),
    extra_vars: int = 0,
    bounds=None,
    *,
    whole: _Whole | None = None,
):
    """A solution of the reader's linear programme minimising `objective` (None: none found, or
    unbounded). With `whole`, of the integer programme (the pieces whole numbers, `extra_vars`
    not): a solution returned is a whole-number table, optimal when `whole.optimal` says so."""
    n = len(system.truth)
    if system.programme is None:  # the same system is solved for many objectives: built once
        a_eq, b_eq = _matrix(system.a_eq, n)
        a_ub, b_ub = _matrix(system.a_ub, n)
        system.programme = LinearProgramme(a_eq, b_eq, a_ub, b_ub, n)
    ends = list(bounds or [(0, None)] * (n + extra_vars))
    if len(ends) != n + extra_vars or any(end != (0, None) for end in ends[:n]):
        refuse("was given ends other than 0 or more for the pieces, which are counts")
    ends = ends[n:]
    status, solution = system.programme.minimise(objective, extra_ub, ends)
    if whole is not None:
        whole.optimal = False
        if status == OPTIMAL and solution is not None:
            pieces = solution[:n]
            if np.abs(pieces - np.round(pieces)).max(initial=0.0) <= WHOLE_TOLERANCE:
                whole.optimal = True  # the linear optimum is a whole-number table: the integer one
                return solution
        elif status == INFEASIBLE:  # the truth never is (a numerical artefact)
            return None
        width = n + extra_vars
        matrices = (*_matrix(system.a_eq, width), *_matrix([*system.a_ub, *extra_ub], width))
        return whole.solve(objective, matrices, n, width, bounds)
    if status != OPTIMAL:  # the truth is always feasible; unbounded maxima are safe
        return None
    return solution


@dataclass
class _Whole:
    """The integer programmes of one audit (see `unsafe`): they share one time budget,
    `WHOLE_SECONDS`; past it the release is refused, never published unaudited."""

    started: float
    optimal: bool = False

    def solve(self, objective, matrices, n: int, width: int, bounds):
        import time

        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import vstack

        a_eq, b_eq, a_ub, b_ub = matrices
        rows, lower, upper = [], [], []
        if a_eq is not None:
            rows.append(a_eq)
            lower.append(b_eq)
            upper.append(b_eq)
        if a_ub is not None:
            rows.append(a_ub)
            lower.append(np.full(len(b_ub), -np.inf))
            upper.append(b_ub)
        ends = bounds or [(0, None)] * width
        left = WHOLE_SECONDS - (time.perf_counter() - self.started)
        result = None
        if left > 0:
            result = milp(
                objective,
                integrality=np.r_[np.ones(n), np.zeros(width - n)],
                bounds=Bounds([lo for lo, _ in ends], [np.inf if hi is None else hi for _, hi in ends]),
                constraints=LinearConstraint(
                    vstack(rows).tocsr(), np.concatenate(lower), np.concatenate(upper)
                )
                if rows
                else (),
                options={"time_limit": left},
            )
            if result.status == 0:
                self.optimal = True
                return result.x
            if result.x is not None:  # stopped with a whole-number table found: a witness, not a bound
                return result.x
            if result.status in (2, 3):  # infeasible (the truth never is) or unbounded
                return None
        self.refuse(result.message if result is not None else "Time limit reached", len(objective))

    def refuse(self, message: str = "Time limit reached", width: int | None = None) -> NoReturn:
        over = f"over the {width} pieces of this release and those before it, " if width else ""
        raise DisclosureError(
            f"The audit could not finish the integer programmes that check every count below k "
            f"{over}in {WHOLE_SECONDS} s ({message}). Nothing was released. Ask for fewer, larger tables "
            "(a pack releases them together), or work in internal mode (docs/releases.md, Limits)."
        )


def unsafe(
    cells: Sequence[Released],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    *,
    first: bool = False,
    fresh: frozenset[str] | None = None,
    links: dict[tuple[str, str], frozenset[str]] | None = None,
    bound: SupportBound | None = None,
) -> list[dict]:
    """The counts below k (pieces, withheld `<k` cells, differences of nested cells) a reader of
    `cells` can narrow to less than 0..k-1, as what they cover; [] when the release is safe.
    `first`: stop at the first found. `fresh`: the box keys of the new release (differences are
    formed between one of them and an earlier cell; None: between any two cells). `links`: pairs of
    breakdowns every reader knows are related, with the 'category|category' pairs no one can be in.
    `bound`: the releases of victims supported, which bound victim counts from below
    (`_support_link`)."""
    if not cells and (bound is None or not bound.cells):
        return []
    system = _system(cells, domains, multi, truth_of, k, links, bound)
    n = len(system.truth)
    # Which counts are protected is decided from what is published, never from the counts: a count
    # protected only when it *holds* fewer than k would be protected, or not, by whether a part of
    # it holds anyone, and the marks would tell (a year published as 5, one district of it asked
    # next: `<5` says the other districts hold at least one only when the district holds someone).
    # So every count a reader of the release cannot rule out being below k is protected, whatever it
    # holds: every piece, every withheld cell, every released count less one released inside it.
    vectors = [system.vector(cell.box, domains) for cell in cells]
    pieces = sorted(system.columns.values())  # any variables after them are no counts of this measure
    candidates: list[dict[int, float]] = [{i: 1.0} for i in pieces if i not in system.fixed]
    candidates += [vec for cell, vec in zip(cells, vectors, strict=True) if cell.status != PUBLISHED]
    candidates += system.protect
    candidates += _differences(cells, vectors, fresh)
    candidates += _region_differences(vectors, system.protect)
    candidates = [{i: c for i, c in v.items() if i not in system.fixed} for v in candidates]
    candidates = [dict(t) for t in dict.fromkeys(tuple(sorted(v.items())) for v in candidates if v)]
    small = _may_be_below(candidates, system, k)
    items = [vec for vec, below in zip(candidates, small, strict=True) if below]

    def value(vec, x):
        return sum(x[i] * c for i, c in vec.items())

    def top(chosen: list[dict[int, float]]):
        """The largest total of min(count, k-1) over `chosen` (auxiliary t <= count, t <= k-1)."""
        aux = [({n + m: 1.0, **{i: -c for i, c in vec.items()}}, 0.0) for m, vec in enumerate(chosen)]
        bounds = [(0, None)] * n + [(0, k - 1)] * len(chosen)
        objective = np.r_[np.zeros(n), -np.ones(len(chosen))]
        return _solve(objective, system, aux, len(chosen), bounds, whole=whole)

    # A reader knows counts are whole numbers: every bound is that of the integer programme (the
    # pieces whole), whose solutions are tables a reader could hold for true. A table found with a
    # count at 0 (at k-1 or more) shows that value possible, whether or not it is optimal; only a
    # verdict against a count needs an optimum. Programmes that certify many counts at once: the
    # smallest total of the uncertified ones, and the largest total of min(count, k-1), again on
    # what is left while each round certifies more; what is left is solved one count at a time.
    import time

    whole = _Whole(time.perf_counter())
    items_by_piece = _stack(items, n)
    low_pending = list(range(len(items)))
    while low_pending:
        x = _solve(np.asarray(items_by_piece[low_pending].sum(axis=0)).ravel(), system, whole=whole)
        if x is None:
            break
        values = items_by_piece @ x[:n]
        left = [j for j in low_pending if values[j] > TOLERANCE]
        if len(left) == len(low_pending):
            break
        low_pending = left
    high_pending = list(range(len(items)))
    while high_pending:
        x = top([items[j] for j in high_pending])
        if x is None:
            break
        left = [j for m, j in enumerate(high_pending) if x[n + m] < k - 1 - TOLERANCE]
        if len(left) == len(high_pending):
            break
        high_pending = left
    found = []
    for j in dict.fromkeys([*low_pending, *high_pending]):
        vec = items[j]
        objective = np.zeros(n)
        for i, c in vec.items():
            objective[i] = c
        ok = True
        if j in low_pending:
            x = _solve(objective, system, whole=whole)
            ok = x is not None and value(vec, x) <= TOLERANCE
            if not ok and x is not None and not whole.optimal:
                whole.refuse()  # stopped before it could tell: never published unaudited
        if ok and j in high_pending:
            x = top([vec])
            ok = x is not None and x[n] >= k - 1 - TOLERANCE
            if not ok and x is not None and not whole.optimal:
                whole.refuse()
        if not ok:
            found.append(_support(vec, system))
            if first:
                return found
    # Every other union of pieces: one pinned by three or more releases ((A+B) + (A+C) - (A+B+C)
    # is A, never released as one cell), searched for exactly (see `_unions`).
    earlier = None
    if fresh is not None:
        earlier = functools.partial(
            _system,
            [c for c in cells if c.box.key() not in fresh],
            domains,
            multi,
            truth_of,
            k,
            links,
            bound.without(fresh) if bound is not None else None,
        )
    for vec in _unions(system, k, earlier, first=first):
        support = _support(vec, system)
        if support not in found:
            found.append(support)
            if first:
                return found
    # Unions narrowed without being pinned: those two released cells mark out (their overlap, and
    # either less the overlap), when combining releases narrows them more than each part alone.
    if fresh is not None:
        released = [*cells, *(bound.cells if bound is not None else ())]
        # the support rows are numbered after the cells and the regions (`attach`)
        numbers = [
            *range(len(cells)),
            *(system.support_rows_from + j for j in range(len(released) - len(cells))),
        ]
        new = frozenset(n for n, c in zip(numbers, released, strict=True) if c.box.key() in fresh)
        parts = [new, frozenset(numbers) - new]
        for vec in _overlaps(system, vectors, k, parts, first=first):
            support = _support(vec, system)
            if support not in found:
                found.append(support)
    return found


def _overlaps(
    system: _System,
    vectors: Sequence[dict[int, float]],
    k: int,
    parts: Sequence[frozenset[int]],
    *,
    first: bool,
) -> list[dict[int, float]]:
    """The unions two released cells mark out — the pieces both hold, and the pieces one holds and
    the other not — that a reader could take for below k, that a reader of every release gives a smallest
    value above 0 (at least 1: counts are whole) and above what a reader of each part alone gives
    it. (A+B) + (A+C) - (A+B+C) is A, the overlap of two of them; with '<k' and 'x' marks among
    them A is narrowed without being pinned. A union one part narrows on its own as much is left
    to that part (one table's own lines: a row total of 6 beside three '<5' years says two of them
    hold at least 2, as cell suppression always has). Narrowing from above needs no check: a union's
    largest value is at least each of its pieces', which `unsafe` audits against the whole level."""
    import time

    started = time.perf_counter()

    def in_time() -> None:
        if time.perf_counter() - started > OVERLAP_SECONDS:
            raise DisclosureError(
                f"The audit could not finish its search for counts below k that two of the "
                f"{len(vectors)} cells released mark out, in {OVERLAP_SECONDS} s. Nothing was "
                "released. Ask for fewer, larger tables (a pack releases them together), or work in "
                "internal mode (docs/releases.md, Limits)."
            )

    sets = list(dict.fromkeys(frozenset(vec) for vec in vectors if vec))
    lower = _lower_bound(system, k)
    candidates: dict[frozenset[int], None] = {}
    for a, first_set in enumerate(sets):
        in_time()
        for second in sets[a + 1 :]:
            if first_set.isdisjoint(second):
                continue
            for union in (first_set & second, first_set - second, second - first_set):
                union = frozenset(j for j in union if j not in system.fixed)
                # whatever it holds (see `unsafe`): a union is left out only when every reader
                # knows it holds k or more
                if union and _may_hold_below(union, system, lower, k):
                    candidates[union] = None
    pending = [dict.fromkeys(sorted(union), 1.0) for union in candidates]
    n = len(system.truth)

    def value(vec, x):
        return sum(x[i] * c for i, c in vec.items())

    # one programme clears many at once: the smallest total of those left, each at 0 cleared
    tables: list[np.ndarray] = []  # tables a reader could hold: each union's value there is above its least
    while pending:
        in_time()
        objective = np.zeros(n)
        for vec in pending:
            objective[list(vec)] += 1.0
        x = _solve(objective, system)
        if x is None:
            break
        tables.append(x)
        left = [vec for vec in pending if value(vec, x) > TOLERANCE]
        if len(left) == len(pending):
            break
        pending = left
    if not pending:
        return []
    from scipy.optimize import linprog

    a_eq, b_eq = _matrix(system.a_eq, n)
    a_ub, b_ub = _matrix(system.a_ub, n)
    alone = []
    for part in parts:
        keep_eq = [i for i, cell in enumerate(system.eq_cell) if cell is None or cell in part]
        keep_ub = [i for i, cell in enumerate(system.ub_cell) if cell is None or cell in part]
        alone.append(
            (
                _lower_bound(system, k, (keep_eq, keep_ub)),
                a_eq[keep_eq] if keep_eq else None,
                b_eq[keep_eq] if keep_eq else None,
                a_ub[keep_ub] if keep_ub else None,
                b_ub[keep_ub] if keep_ub else None,
            )
        )
    found = []
    for vec in pending:
        in_time()
        union = frozenset(vec)
        most = min((value(vec, x) for x in tables), default=np.inf)
        if any(part[0](union) >= most - UNION_MARGIN for part in alone):
            continue  # a part alone narrows it as much as everything can, quick bounds show
        objective = np.zeros(n)
        objective[list(vec)] = 1.0
        x = _solve(objective, system)
        if x is None:
            continue
        together = float(objective @ x)
        if together <= TOLERANCE or together > k - 1 + TOLERANCE:
            continue  # it can hold nobody, or every reader knows it holds k or more
        for part_lower, p_eq, q_eq, p_ub, q_ub in alone:
            if part_lower(union) >= together - UNION_MARGIN:
                break  # this part alone narrows it as much, a quick bound shows
            result = linprog(
                objective, A_eq=p_eq, b_eq=q_eq, A_ub=p_ub, b_ub=q_ub, bounds=(0, None), method="highs"
            )
            if result.status == 0 and result.fun >= together - UNION_MARGIN:
                break  # this part alone narrows it as much
        else:
            found.append(vec)
            if first:
                return found
    return found


def _unions(
    system: _System, k: int, earlier: Callable[[], _System] | None, *, first: bool
) -> list[dict[int, float]]:
    """Unions of pieces whose true count is below k that a reader holding every release can work
    out exactly (pinned: its smallest and largest possible values are one number), as vectors.

    A union is of the people's pieces, or of one breakdown's pieces x categories (a count of
    people, or of people in some categories): (A+B) + (A+C) - (A+B+C) pins A, never released as
    one cell. By linear-programming duality, for a union S (indicator z) the smallest value a reader
    can give it is the largest b.y with A'y <= z (y >= 0 on '<k' and 'x' rows, as written below),
    and its largest the smallest b.u with A'u >= z. A reader who knows counts are whole rounds:
    a union whose smallest value is above 0 and whose largest is less than 1 above it ([3.4, 4.2])
    holds one whole number, its true count. So one mixed-integer programme per breakdown,

        find binary z, y, u:   A'y <= z,   A'u >= z,   b.u - b.y < 1,   b.y > 0,   truth.z <= k-1,

    (with a margin, `UNION_MARGIN`, on both strict inequalities) is feasible exactly when some union
    below k is pinned to one whole value of at least 1 (one pinned to 0 has every piece pinned to
    0, which `unsafe` checks piece by piece). What is found is confirmed by two plain linear
    programmes (`_pinned`). `earlier`: the system of the earlier releases alone; a union they
    already pinned (in a register written before unions were audited) is not this release's doing
    and is set aside, with every union holding it."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, hstack, vstack

    n = len(system.truth)
    if not system.a_eq:  # nothing published: nothing pinned above 0
        return []
    a_eq, b_eq = _matrix(system.a_eq, n)
    a_ub, b_ub = _matrix(system.a_ub, n)
    # y = (y_eq, w) and u = (u_eq, v): equality rows' multipliers free, inequality rows' w, v >= 0
    if a_ub is None:
        low_side, high_side, gains_low, gains_high = a_eq.T, a_eq.T, b_eq, b_eq
        ends = [(-np.inf, np.inf)] * a_eq.shape[0]
    else:
        low_side, high_side = hstack([a_eq.T, -a_ub.T]), hstack([a_eq.T, a_ub.T])
        gains_low, gains_high = np.r_[b_eq, -b_ub], np.r_[b_eq, b_ub]
        ends = [(-np.inf, np.inf)] * a_eq.shape[0] + [(0.0, np.inf)] * a_ub.shape[0]
    m = low_side.shape[1]
    by_family: dict[str | None, list[int]] = {}
    for (family, _, _), j in system.columns.items():
        if system.truth[j] < k and j not in system.fixed:
            by_family.setdefault(family, []).append(j)
    found: list[dict[int, float]] = []
    old: list[_System] = []
    zeros = csr_matrix((n, m))
    for candidates in by_family.values():
        c = len(candidates)
        pick = csr_matrix((np.ones(c), (candidates, range(c))), shape=(n, c))
        # variables: y (m), u (m), z (c)
        rows = [
            hstack([low_side, zeros, -pick]),  # A'y - z <= 0
            hstack([zeros, high_side, -pick]),  # A'u - z >= 0
            csr_matrix(np.r_[-gains_low, gains_high, np.zeros(c)]),  # b.u - b.y < 1
            csr_matrix(np.r_[gains_low, np.zeros(m), np.zeros(c)]),  # b.y > 0
            csr_matrix(np.r_[np.zeros(2 * m), system.truth[candidates]]),  # truth.z <= k-1
            # the truth is a table every reader could hold, so b.y <= truth.z <= b.u: implied, but
            # stated they cut the search short
            csr_matrix(np.r_[gains_low, np.zeros(m), -system.truth[candidates]]),  # b.y - truth.z <= 0
            csr_matrix(np.r_[np.zeros(m), gains_high, -system.truth[candidates]]),  # b.u - truth.z >= 0
        ]
        lower: list[np.ndarray] = [
            np.full(n, -np.inf),
            np.zeros(n),
            *np.array([[-np.inf], [UNION_MARGIN], [-np.inf], [-np.inf], [0.0]]),
        ]
        upper: list[np.ndarray] = [
            np.zeros(n),
            np.full(n, np.inf),
            *np.array([[1.0 - UNION_MARGIN], [np.inf], [k - 1.0], [0.0], [np.inf]]),
        ]
        bounds = Bounds(
            np.r_[[lo for lo, _ in ends] * 2, np.zeros(c)], np.r_[[hi for _, hi in ends] * 2, np.ones(c)]
        )
        attempt = artefacts = 0  # the unions confirmed so far, and the artefacts set aside
        while attempt <= EARLIER_LEAKS:
            result = milp(
                np.zeros(2 * m + c),
                integrality=np.r_[np.zeros(2 * m), np.ones(c)],
                bounds=bounds,
                constraints=LinearConstraint(
                    vstack(rows).tocsr(), np.concatenate(lower), np.concatenate(upper)
                ),
                options={"time_limit": UNION_SECONDS},
            )
            if result.x is None and result.status not in (0, 2):
                raise DisclosureError(
                    f"The audit could not finish its search for counts below k that this release "
                    f"and the {len(system.a_eq)} published counts and relations before it would pin "
                    f"(over {len(candidates)} pieces, in {UNION_SECONDS} s: {result.message}). "
                    "Nothing was released. Ask for fewer, larger tables (a pack releases them "
                    "together), or work in internal mode (docs/releases.md, Limits)."
                )
            if result.x is None:
                break  # infeasible: no union below k is pinned
            chosen = [candidates[t] for t in np.nonzero(result.x[2 * m :] > 0.5)[0]]
            vec = dict.fromkeys(chosen, 1.0)
            if not _pinned(vec, system):
                # not confirmed by the plain programmes (a numerical artefact): this union alone is
                # set aside, and the search goes on
                artefacts += 1
                if artefacts > EARLIER_LEAKS:
                    break
                exact = np.where(np.isin(candidates, chosen), 1.0, -1.0)
                rows.append(csr_matrix(np.r_[np.zeros(2 * m), exact]))
                lower.append(np.array([-np.inf]))
                upper.append(np.array([len(chosen) - 1.0]))
                continue
            # this union, and every union holding it, is set aside from here on
            rows.append(csr_matrix(np.r_[np.zeros(2 * m), np.isin(candidates, chosen).astype(float)]))
            lower.append(np.array([-np.inf]))
            upper.append(np.array([len(chosen) - 1.0]))
            attempt += 1
            if earlier is not None and attempt <= EARLIER_LEAKS:
                if not old:
                    old.append(earlier())
                if _pinned(_within_pieces(vec, system, old[0]), old[0]):
                    continue
            found.append(vec)
            if first:
                return found
    return found


def pinned_by(
    earlier: Sequence[Released],
    boxes: Sequence[Box],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    links: dict[tuple[str, str], frozenset[str]] | None = None,
) -> list[bool]:
    """Whether each of `boxes` (of one measure) has one possible value given the numbers published
    before (`earlier`; their '<k' and 'x' marks are left out, so what is found is pinned for every
    reader): publishing that value tells nobody anything (docs/releases.md, "Counts the register
    already gives")."""
    published = [c for c in earlier if c.status == PUBLISHED]
    if not published or not boxes:
        return [False] * len(boxes)
    # a box with a place-year no published cell covers holds pieces no published row bounds
    covered = set().union(*(c.box.cells() for c in published))
    found = [box.cells() <= covered for box in boxes]
    if not any(found):
        return found
    asked = [Released(box, HIDDEN, None) for box, ok in zip(boxes, found, strict=True) if ok]
    system = _system([*published, *asked], domains, multi, truth_of, k, links)
    for n, box in enumerate(boxes):
        if not found[n]:
            continue
        vec = system.vector(box, domains)
        objective = np.zeros(len(system.truth))
        objective[list(vec)] = 1.0
        low, high = _solve(objective, system), _solve(-objective, system)
        found[n] = (
            bool(vec)
            and low is not None
            and high is not None
            and float(objective @ high) - float(objective @ low) <= TOLERANCE
        )
    return found


def _pinned(vec: dict[int, float], system: _System) -> bool:
    """Whether the count `vec` has one possible whole value, and it is above 0: its linear smallest
    value is above 0 and its largest less than 1 above it (a reader who rounds reads one number)."""
    if not vec:
        return False
    objective = np.zeros(len(system.truth))
    objective[list(vec)] = 1.0
    low, high = _solve(objective, system), _solve(-objective, system)
    if low is None or high is None:
        return False
    least, most = float(objective @ low), float(objective @ high)
    return least > TOLERANCE and most - least < 1.0 - TOLERANCE


def _within_pieces(vec: dict[int, float], system: _System, before: _System) -> dict[int, float]:
    """The union `vec` of `system`'s pieces as `before` (the earlier releases' system, whose pieces
    are coarser) can count it: the pieces lying wholly inside it (a reader of the earlier releases
    alone can put a partly covered piece's people outside it)."""
    names = {i: name for name, i in system.columns.items()}
    inside = set()
    for i in vec:
        family, g, cat = names[i]
        inside |= {(family, cell, cat) for cell in system.members[family][g]}
    return {
        j: 1.0
        for (family, s, cat), j in before.columns.items()
        if all((family, cell, cat) in inside for cell in before.members[family][s])
    }


def _differences(cells, vectors, fresh) -> list[dict[int, float]]:
    """A released count less one released inside it (a district's all-years total less its count
    for some years) is a count every reader can form: each, as a count to audit if a reader could
    take it for below k. With `fresh`, the pairs of one new and one earlier cell: differencing
    across releases."""
    sets = [frozenset(vec) for vec in vectors]
    found = []
    for a, outer in enumerate(sets):
        for b, inner in enumerate(sets):
            if a == b or not inner < outer:
                continue
            if fresh is not None and (cells[a].box.key() in fresh) == (cells[b].box.key() in fresh):
                continue  # within one release, the tables' own cells are what is protected
            found.append(dict.fromkeys(outer - inner, 1.0))
    return found


def speaks_of_few(
    cells: Sequence[Released],
    bound: SupportBound,
    asked: Sequence[Box],
    domains,
    multi,
    truth_of: Callable,
    k: int,
    links: dict | None = None,
) -> list[bool]:
    """Whether a reader of the victim `cells` and of the support counts `bound` holds cannot rule
    out that the victims each support box of `asked` speaks of number fewer than k (the smallest
    value a reader gives one of them is k-1 or less). Read off what is released, never the counts."""
    if not asked:
        return []
    extra = tuple(Released(box, HIDDEN, None) for box in asked)
    bound = dataclasses.replace(bound, cells=(*bound.cells, *extra))
    system = _system(cells, domains, multi, truth_of, k, links, bound)
    found = []
    for box in asked:
        vectors = [system.vector(region, domains) for region in bound.region_boxes(box)]
        found.append(any(_may_be_below([v for v in vectors if v], system, k)))
    return found


def _region_differences(vectors, regions) -> list[dict[int, float]]:
    """The victims a support count speaks of less a victim count released inside them, and the
    reverse, and one region less another (the support of five districts in 2016 less the victims
    of four of them, `<5`, leaves the fifth's victims at least the rest): counts every reader of
    both measures can form (`_support_link`)."""
    region_sets = [frozenset(vec) for vec in regions]
    cell_sets = [frozenset(vec) for vec in vectors]
    return _less_inside(region_sets, [*cell_sets, *region_sets]) + _less_inside(cell_sets, region_sets)


def _less_inside(
    outers: Sequence[frozenset[int]], inners: Sequence[frozenset[int]]
) -> list[dict[int, float]]:
    """Each of `outers` less each of `inners` strictly inside it."""
    return [dict.fromkeys(outer - inner, 1.0) for outer in outers for inner in inners if inner < outer]


def _lower_bound(
    system: _System, k: int, keep: tuple[list[int], list[int]] | None = None
) -> Callable[[frozenset[int]], float]:
    """A quick lower bound on the smallest value a reader gives a union of pieces, from the
    released rows alone (never the counts): a published cell of value v holding some of it says it
    is at least v less the most the rest of that cell can hold (a released cell's value, k-1 under a
    '<k', else the sum of its pieces' most); an 'x' of at least k inside it, k. What it leaves below
    k, a linear programme decides. `keep`: of these equality and inequality rows only."""
    most: dict[int, float] = {}
    exact: dict[frozenset[int], float] = {}
    published: list[tuple[frozenset[int], float]] = []
    floors: list[frozenset[int]] = []
    eq_rows, ub_rows = keep if keep is not None else (range(len(system.a_eq)), range(len(system.a_ub)))
    rows = [(*system.a_eq[i], True) for i in eq_rows] + [(*system.a_ub[i], False) for i in ub_rows]
    for vec, bound, equal in rows:
        if all(c == -1.0 for c in vec.values()) and not equal and bound <= -k:
            floors.append(frozenset(vec))  # an 'x' that says at least k
        if not all(c == 1.0 for c in vec.values()):
            continue
        pieces = frozenset(vec)
        exact[pieces] = min(exact.get(pieces, np.inf), bound)
        for i in pieces:
            most[i] = min(most.get(i, np.inf), bound)
        if equal and bound >= k:
            published.append((pieces, bound))

    def lower(union: frozenset[int]) -> float:
        if any(floor <= union for floor in floors):
            return float(k)
        best = 0.0
        for cell, value in published:
            if cell.isdisjoint(union):
                continue
            rest = cell - union
            held = exact.get(rest, sum(most.get(i, np.inf) for i in rest)) if rest else 0.0
            best = max(best, value - held)
            if best >= k:
                break
        return best

    return lower


def _may_hold_below(union: frozenset[int], system: _System, lower: Callable, k: int) -> bool:
    """Whether a union may be one a reader could take for below k: it is when it holds fewer than
    k (the truth is a table a reader could hold), or when the quick bound (`_lower_bound`) leaves
    it below k; which of these a reader could, a linear programme decides (see `_overlaps`)."""
    return sum(system.truth[j] for j in union) < k or lower(union) < k


def _may_be_below(counts: Sequence[dict[int, float]], system: _System, k: int) -> list[bool]:
    """Whether a reader of `system` could take each count for one below k: its smallest value over
    the tables a reader could hold is at most k-1 (rounded up, as counts are whole). Read off the
    published rows only, never off the counts, so the answer is the same for every table a reader
    could take for true. A count holding all of a published cell of k or more, or of an 'x' that
    says at least k, is not (`_lower_bound`); one that is 0 or less than k in some table found is;
    the rest are solved one by one."""
    n = len(system.truth)
    result: list[bool | None] = [None] * len(counts)
    lower = _lower_bound(system, k)
    for j, vec in enumerate(counts):
        if all(c == 1.0 for c in vec.values()) and lower(frozenset(vec)) >= k:
            result[j] = False

    counts_by_piece = _stack(counts, n)
    pending = [j for j, known in enumerate(result) if known is None]
    while pending:  # one programme answers for many: the smallest total of those left
        x = _solve(np.asarray(counts_by_piece[pending].sum(axis=0)).ravel(), system)
        if x is None:
            break
        values = counts_by_piece @ x[:n]
        below = {j for j in pending if values[j] <= k - 1 + TOLERANCE}
        for j in below:
            result[j] = True
        if not below:
            break
        pending = [j for j in pending if j not in below]
    for j in pending:
        objective = counts_by_piece[j].toarray().ravel()
        x = _solve(objective, system)
        result[j] = x is None or float(objective @ x[:n]) <= k - 1 + TOLERANCE
    return [bool(r) for r in result]


def _support(vec: dict[int, float], system: _System) -> dict:
    """What an unsafe count covers: the place-year cells and categories, to pick what to withhold."""
    names = {i: name for name, i in system.columns.items()}
    cells, cats = set(), set()
    for i in vec:
        family, g, cat = names[i]
        cells |= set(system.members[family][g])
        cats.add((family, cat))
    return {"cells": cells, "cats": cats}
