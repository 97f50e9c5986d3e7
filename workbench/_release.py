"""The release register: every victim count that has left publish mode, and the figures already public.

Every victim count that leaves publish mode is a *cell*: the victims of some places, some years and
(optionally) some categories of one breakdown — a `Box`. The register, a JSON-lines file beside the
database readable by its owner only and named by the database's identity (so a renamed pointer, a
rebuild or an import keeps it), lists every released cell with what was shown (the number, or how it
was withheld), the version of the victim data it was computed from, when, and into which files.
`Register.standing` gives the releases still true of the data, which `_audit` protects every new
release together with; `public_figures` the figures the city published itself, which every reader
holds.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from ._disclosure import refusal
from ._paths import REFERENCE_DIR
from ._private import create_private
from ._units import AREA_GROUPS, REFORM_DATE
from ._waiting import WAIT_REPORTER

REFORM_YEAR = REFORM_DATE.year

# A withheld cell whose mark carries no bound ('x' with no promise it is k or more): used when the
# marks of a fully withheld table would themselves narrow an earlier release.
HIDDEN = "hidden"
SUFFIX = ".releases.jsonl"
REGISTER_PREFIX = "releases-"
# How long a release waits for the register another process holds before it is refused.
LOCK_SECONDS = 600.0


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
    # different counts with different keys, audited each in its own system (see `_audit.unsafe`).
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
    fields = {"db": str(db_path), "name": register.name, "folder": str(register.parent)}
    raise refusal("register_missing", fields)


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
            raise refusal("register_unwritable", {"path": str(self.path), "error": error.strerror}) from None
        try:
            if os.name != "nt":  # Windows has no mode bits: the profile folder's ACL keeps it private
                os.fchmod(handle, 0o600)  # owner only, even if someone widened it
        finally:
            os.close(handle)
        # filelock: flock on POSIX, msvcrt locking on Windows (fcntl does not exist there).
        lock = FileLock(f"{self.path}.lock")
        self._acquire(lock)
        try:
            # While the lock is held nobody else appends: the register is read once per release
            # (the k check, the audit and the numbering all read it), not once per question.
            self._held = {}
            try:
                yield
            finally:
                self._held = None
        finally:
            lock.release()

    def _acquire(self, lock: FileLock) -> None:
        """Take the register's lock; when another process holds it, say so at once (`WAIT_REPORTER`)
        and again once it is taken, and refuse after `LOCK_SECONDS`."""
        try:
            lock.acquire(timeout=0)
            return
        except Timeout:
            pass
        report = WAIT_REPORTER.get()
        if report is not None:
            report("waiting", {"db": str(self.db_path)})
        started = time.monotonic()
        try:
            lock.acquire(timeout=LOCK_SECONDS)
        except Timeout:
            fields = {"db": str(self.db_path), "lock": lock.lock_file, "seconds": f"{LOCK_SECONDS:.0f}"}
            raise refusal("register_busy", fields) from None
        if report is not None:
            report("acquired", {"db": str(self.db_path), "seconds": round(time.monotonic() - started)})

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
        # cells an edition took out of the audit (revised then): out for good, not revised again
        # by a later change, which would take a new edition where an acceptance does
        dropped: dict[str, int] = {}
        for n, entry in enumerate(entries):
            for key in entry.get("dropped", ()) if "edition" in entry else ():
                dropped.setdefault(key, n)
        found: dict[str, Released] = {}
        revised: list[Released] = []
        for position, entry in enumerate(entries):
            same = entry.get("victim_data") == version
            for key, status, value in entry.get("cells", ()):
                cell = Released(Box.from_key(key), status, value, entry["release"])
                # every release of a cell is checked, not the first only: one released again in a
                # new edition, and the revision then undone, holds in its first release, not this
                if same or holds(cell):
                    found.setdefault(key, cell)
                elif dropped.get(key, -1) > position:
                    continue
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
        self,
        what: dict,
        fingerprint: str | None,
        version: str,
        cells: Sequence[Released],
        k: int,
        figures: str | None = None,
        about_victims: bool = True,
    ) -> int:
        """Append a release made with `k` (call under `locked`); returns its number. `figures`: the
        declared public figures' digest; `about_victims`: False for cases and hotline contacts,
        which do not lift a stop on victims (`accepted`)."""
        number = 1 + sum(1 for e in self.entries() if "cells" in e)
        self._append(
            {
                "release": number,
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": self.identity,
                "fingerprint": fingerprint,
                "victim_data": version,
                "figures": figures,
                "about_victims": about_victims,
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

    def new_edition(self, version: str, figures: str | None = None, dropped: Sequence[str] = ()) -> int:
        """Start a new edition on the victim data `version`: the cells `dropped` (the revised ones,
        by box key) no longer stop a release, now or after a later change (see `standing`). The
        register is kept beside the database and says which they were; the commands never print it
        (with the change known, it would say which earlier '<k' crossed k). Returns its number."""
        with self.locked():
            number = 2 + sum(1 for e in self.entries() if "edition" in e)
            self._append(
                {
                    "edition": number,
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": self.identity,
                    "victim_data": version,
                    "figures": figures,
                    "dropped": sorted(set(dropped)),
                }
            )
        return number

    def accept(self, version: str, figures: str | None) -> None:
        """The analyst's word that the victim data `version` and the declared public figures
        `figures` were checked against the register (`workbench releases --accept`)."""
        with self.locked():
            self._append(
                {
                    "accepted": True,
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": self.identity,
                    "victim_data": version,
                    "figures": figures,
                }
            )

    def accepted(self) -> tuple[str, str | None] | None:
        """The victim data and public figures the latest release, edition or acceptance was made
        on (None: nothing yet). Publication of victims stops whenever either differs now, whatever
        the change: a stop only where it contradicts a release would tell which (docs/releases.md,
        Revisions)."""
        made = [
            e
            for e in self.entries()
            if e.get("victim_data") is not None and ("cells" in e or "edition" in e or "accepted" in e)
        ]
        for entry in reversed(made):
            if entry.get("about_victims") is not False:  # not cases or hotline contacts, released
                return entry["victim_data"], entry.get("figures")  # while victims were stopped
        # only cases or hotline contacts released yet: the data as the first of them found them
        return (made[0]["victim_data"], made[0].get("figures")) if made else None

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


class Releases:
    """The release register as a publish-mode connection shows it: read only, and without what the
    commands never print. A publish-mode connection once held the `Register` itself, and code with
    no private name in it could write lines to it — forge a release of a guessed count, and read
    from whether the next question was refused as revised whether the guess was the count (found
    by an attacker on 7 Dec 2026); and an edition's `dropped` cells, with the import known, say
    which earlier `<k` crossed k (as the answers after the edition do: what an edition risks,
    docs/releases.md, Revisions). The register is written by publish mode's own functions only."""

    __slots__ = ("_path",)

    def __init__(self, path: Path) -> None:
        self._path = Path(path)

    @property
    def path(self) -> Path:
        """The register's file (named in every published file's sidecar)."""
        return self._path

    def __repr__(self) -> str:
        return f"Releases({str(self._path)!r})"

    def entries(self) -> list[dict]:
        """Each line of the register, as read now; an edition's revised cells left out."""
        return [
            {name: value for name, value in entry.items() if not ("edition" in entry and name == "dropped")}
            for entry in Register.at(self._path).entries()
        ]


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
    # Why the figure is no longer held to the data (empty: it is): a figure the data do not count
    # stops victim releases until the analyst says so here (docs/releases.md, "Figures already public").
    superseded: str = ""


def figures_digest(figures: Sequence[PublicFigure]) -> str:
    """What the declared figures say (not their sources' wording), to notice a declaration changed."""
    said = [[f.name, f.measure, list(f.years), list(f.statuses), f.value, f.superseded] for f in figures]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()[:16]


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
                    (row.get("superseded") or "").strip(),
                )
            )
        except (KeyError, ValueError, TypeError) as error:
            raise refusal(
                "figures_unreadable", {"path": str(path), "row": number, "error": str(error)}
            ) from None
    return figures
