"""Publish mode: the connection analysts release from. Nothing exact leaves it.

`connect(mode="publish")` returns a `PublishedWorkbench`. It holds no connection to the records and
no exact count, and no attribute of it (or of anything it returns) leads to one: those live in a
private engine (an internal `Workbench`, and the events-only copy ad hoc SQL reads) kept in this
module's registry under an opaque token, reached only by this module's functions, which answer
victim and support questions as *releases*. Every such count it returns is a cell of the release
register (`_release`), protected together with everything released before that is still true of
the data (`_revisions`: releases a revision of the victim records contradicts refuse the release),
and the frames it returns carry only what was published.
"""

from __future__ import annotations

import functools
import secrets
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._build import IDENTITY_KEY
from ._connections import serialised
from ._disclosure import (
    DEFAULT_K,
    PUBLISHED,
    refusal,
)
from ._error_words import in_language
from ._errors import UnknownCodeError, unknown_value
from ._filters import Filters, filters_asked
from ._kinds import KINDS as DECLARED_KINDS
from ._labels import check_lang, note_as_given
from ._publish_engine import Engine
from ._publish_tables import Table
from ._publishable import MEASURES, RELEASED_KINDS, SUPPORTED
from ._release import PublicFigure, Register, Released, Releases, check_found, figures_digest, public_figures
from ._revisions import holds, refuse
from ._sqlguard import SQL_TIMEOUT
from ._withhold import settle

# The smallest k publish mode accepts: below it, a published count points at too few people.
MINIMUM_K = 5

# token -> engine. Kept here, not on the connection, so no attribute of the connection or of what it
# returns reaches the records (code running in the same process can still import this module, or
# open the database file: publish mode guards what is released, not the process; docs/privacy.md).
_ENGINES: dict[str, Engine] = {}


def sealed(method: Callable) -> Callable:
    """An error raised out of publish mode carries its message, not the frames it was raised in:
    their locals hold the engine (and through it the records), and a caught exception's
    `__traceback__` (or the `__context__` of one raised while handling another) would hand them to
    the caller. The error leaves with no traceback below this call and nothing chained to it, and
    said in the language the call asked for (`lang=`, else Vietnamese) where it has words for it. Put outside
    `serialised`: taking the lock of a closed connection is refused too, in that language."""

    @functools.wraps(method)
    def call(*args, **kwargs):
        try:
            return note_as_given(method(*args, **kwargs), published=True)
        except BaseException as error:  # every error (an interrupt too): re-raised below, frames dropped
            clean = _stripped(in_language(error, kwargs.get("lang", "vi")))  # every query's default
        raise clean

    return call


def _stripped(error: BaseException) -> BaseException:
    error.__traceback__ = None
    error.__cause__ = None
    error.__context__ = None
    error.__suppress_context__ = True
    return error


def check_k(k: int) -> int:
    """`k` as a plain int, refused below the floor. Only a plain int is taken as it is: an int
    subclass can compare as one number and count as another."""
    if not isinstance(k, int) or isinstance(k, bool):
        raise refusal("publish_k", {"minimum": MINIMUM_K, "given": repr(k)}, given=k)
    plain = int.__int__(k)
    if type(plain) is not int or plain < MINIMUM_K:
        raise refusal("publish_k", {"minimum": MINIMUM_K, "given": repr(plain)}, given=plain)
    return plain


@dataclass(frozen=True)
class _Fixed:
    """What a publish-mode connection is, fixed when it is made: kept beside the engines, so no
    attribute of the connection can change it. A connection's `k` was once a plain attribute, and
    `db.k = 1` after connecting published every count exactly (found by an attacker on 7 Dec 2026)."""

    path: Path
    k: int
    register: Releases
    national: bool


_FIXED: dict[str, _Fixed] = {}


class PublishedWorkbench:
    """A publish-mode connection: events as they are, victim counts only as released. Its `path`,
    `k`, `register`, `national` and `mode` are read only."""

    @sealed
    def __init__(self, path: Path, *, k: int = DEFAULT_K, memory_limit: str | None = None) -> None:
        from ._workbench import Workbench

        k = check_k(k)
        path = Path(path)
        engine = Engine(Workbench(path, mode="internal", k=k, memory_limit=memory_limit))
        # The register belongs to the database's identity, whatever its pointer is called now.
        try:
            identity = engine.internal.metadata.get(IDENTITY_KEY)
            # written by this module's functions only: the connection shows it read only
            engine.register = Register(path, identity)
            check_found(path, identity, engine.register.path)
        except BaseException:
            engine.internal.close()
            raise
        self._token = secrets.token_hex(16)
        _ENGINES[self._token] = engine
        _FIXED[self._token] = _Fixed(path, k, Releases(engine.register.path), engine.national)
        weakref.finalize(self, _close_engine, self._token)
        weakref.finalize(self, _FIXED.pop, self._token, None)

    @property
    def mode(self) -> str:
        return "publish"

    @property
    def path(self) -> Path:
        return _FIXED[self._token].path

    @property
    def k(self) -> int:
        return _FIXED[self._token].k

    @property
    def register(self) -> Releases:
        """The release register, read only (`_release.Releases`)."""
        return _FIXED[self._token].register

    @property
    def national(self) -> bool:
        return _FIXED[self._token].national

    def __setattr__(self, name: str, value: object) -> None:
        # Nothing of a publish-mode connection is set after it is made: a query method replaced by
        # an internal connection's (`db.funnel = internal.funnel`) put an exact funnel into a
        # published pack (found by an attacker on 7 Dec 2026).
        if name == "_token" and "_token" not in self.__dict__:
            object.__setattr__(self, name, value)
            return
        raise AttributeError(f"A publish-mode connection cannot be changed (setting {name!r}).")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"A publish-mode connection cannot be changed (deleting {name!r}).")

    def __reduce__(self):
        raise TypeError("A publish-mode connection cannot be pickled; pickle the published frames instead.")

    def __repr__(self) -> str:
        return f"PublishedWorkbench({str(self.path)!r}, k={self.k})"

    def __enter__(self) -> PublishedWorkbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        _close_engine(self._token)

    @property
    @sealed
    def metadata(self) -> dict[str, str]:
        return dict(_engine_of(self).internal.metadata)

    @property
    def _lock(self):  # the internal connection's: every query of this file takes turns on it
        return _engine_of(self).internal._lock

    @property
    @sealed
    def row_cap(self) -> int:
        return int(_engine_of(self).internal.row_cap)

    @sealed
    @serialised
    def events(self, filters: Filters | None = None, by=(), **options) -> pd.DataFrame:
        """Events, attendees and leaflets: never suppressed, the same as in internal mode."""
        frame = _engine_of(self).internal.events(filters, by, **options)
        frame.attrs["mode"] = "publish"
        return frame

    @sealed
    @serialised
    def communication(self, filters: Filters | None = None, by=(), **options) -> pd.DataFrame:
        """Online and media communication items and reach: never suppressed, as events."""
        frame = _engine_of(self).internal.count("communication", filters, by, **options)
        frame.attrs["mode"] = "publish"
        return frame

    @sealed
    @serialised
    def hotline(
        self, filters: Filters | None = None, by=(), *, geography: str | None = None, **options
    ) -> pd.DataFrame:
        """Hotline contacts as released: below k or derivable from any earlier release (of any
        selection: all districts against all but one), withheld (docs/privacy.md, "Hotline contacts")."""
        lang = options.pop("lang", "vi")
        options.pop("complete", None)
        filters = filters_asked("hotline", filters, options)
        table = Table.plan(_engine_of(self), filters, by, geography, self.k, kind="hotline", lang=lang)
        [(frame, _)] = self._release([table], lang, what={"hotline": table.describe()})
        return frame

    @sealed
    @serialised
    def sql(self, query: str, /, timeout: float | None = SQL_TIMEOUT, **params: object) -> pd.DataFrame:
        """Ad hoc SQL over an in-memory copy holding events and reference tables only."""
        from ._kinds import WITHHELD_RELATIONS
        from ._sqlguard import check_query, public_connection, run_capped
        from ._workbench import VICTIM_RELATIONS

        check_query(query)
        engine = _engine_of(self)
        generation = engine.internal._generation
        engine.internal._connection()  # a swapped-in file renews the copy
        if engine.public is not None and generation != engine.internal._generation:
            engine.public.close()
            engine.public = None
        if engine.public is None:
            engine.public = public_connection(engine.internal._connection())
        import duckdb

        try:
            frame = run_capped(engine.public, query, params, self.row_cap, timeout=timeout)
        except duckdb.CatalogException as error:
            if any(name in str(error) for name in VICTIM_RELATIONS):
                raise refusal("publish_sql_victims", {"error": str(error)}) from None
            if any(name in str(error) for name in WITHHELD_RELATIONS):
                raise refusal("publish_sql_hotline", {"error": str(error)}) from None
            raise
        # Where the numbers come from, for a chart's title and footer and an export's sidecar.
        # Said to be publish mode's, and sealed (`sealed`): a kind given to it afterwards breaks the
        # seal, and it is then taken for exact counts (`_labels.shows_exact`).
        frame.attrs.update(
            sql=query, params=dict(params), data_about=engine.internal.data_about(), mode="publish"
        )
        return frame

    @sealed
    @serialised
    def support(
        self,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """Victims supported (no services count), released as victim counts are: every cell is a
        count of the release register (person-years of support), audited with everything released."""
        del complete
        filters = filters_asked("support", filters, fields)
        table = Table.plan(_engine_of(self), filters, by, geography, self.k, kind="support", lang=lang)
        [(frame, _)] = self._release([table], lang, what={"support": table.describe()})
        return frame

    @sealed
    @serialised
    def cases(
        self,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """Criminal cases as released: below k or derivable from any earlier release, withheld;
        no suspects or victims linked (counts of people inside the cases)."""
        del complete
        filters = filters_asked("cases", filters, fields)
        table = Table.plan(_engine_of(self), filters, by, geography, self.k, kind="cases", lang=lang)
        [(frame, _)] = self._release([table], lang, what={"cases": table.describe()})
        return frame

    @sealed
    @serialised
    def years(self, kind: str) -> list[int]:
        """The years a kind's tables list (the span its records cover, as every table shows it):
        for a panel's year slider, without releasing a count."""
        if kind not in RELEASED_KINDS:
            return [int(y) for y in self.count(kind, by="year")["year"]]
        table = Table.plan(_engine_of(self), Filters(), (), None, self.k, kind=kind)
        return [int(y) for y in table.extent["year"]]

    @sealed
    @serialised
    def counts(self, kind: str, filters: Filters | None, bys: Sequence, **options) -> list[pd.DataFrame]:
        """The counts of one record kind by each of `bys` (a trend by year and a breakdown, as a
        panel shows them), released as **one** release: the audit then takes what the tables
        narrow of each other as one table's own lines, as a briefing pack's tables are, where asked
        one after another the second could come back all withheld (docs/releases.md)."""
        if kind not in RELEASED_KINDS:
            return [self.count(kind, filters, by=by, **options) for by in bys]
        lang = options.pop("lang", "vi")
        geography = options.pop("geography", None)
        options.pop("complete", None)
        filters = filters_asked(kind, filters, options)
        engine = _engine_of(self)
        tables = [Table.plan(engine, filters, by, geography, self.k, kind=kind, lang=lang) for by in bys]
        released = self._release(tables, lang, what={kind: [table.describe() for table in tables]})
        return [frame for frame, _ in released]

    def count(self, kind: str, filters: Filters | None = None, by=(), **options) -> pd.DataFrame:
        """The counts of one record kind, as `events`, `victims` or `support` release them: for
        code that picks the kind (the panels, the dashboard, the briefing pack)."""
        if kind not in DECLARED_KINDS:
            raise unknown_value(UnknownCodeError, "record kind", kind, DECLARED_KINDS)
        return getattr(self, kind)(filters, by, **options)

    @sealed
    @serialised
    def victims(
        self,
        filters: Filters | None = None,
        by=(),
        *,
        lang: str = "vi",
        complete: bool = False,
        geography: str | None = None,
        **fields,
    ) -> pd.DataFrame:
        """Victim counts as released: below k or derivable from any earlier release, withheld."""
        del complete  # every cell is listed in publish mode: a missing one would read as zero
        filters = filters_asked("victims", filters, fields)
        table = Table.plan(_engine_of(self), filters, by, geography, self.k, lang=lang)
        [(frame, _)] = self._release([table], lang, what={"victims": table.describe()})
        return frame

    @sealed
    @serialised
    def funnel(
        self, filters: Filters | None = None, *, lang: str = "vi", geography: str | None = None, **fields
    ) -> pd.DataFrame:
        """The victim funnel as released: each stage's count a cell of the release register (below k,
        or narrowing the people who stopped at a stage below k, withheld), and a median of days over
        fewer than k people withheld (docs/privacy.md)."""
        from ._funnel import FunnelTable

        filters = filters_asked("victims", filters, fields)
        table = FunnelTable(_engine_of(self), filters, geography, self.k, lang)
        [(frame, _)] = self._release([table], lang, what={"funnel": table.describe()})  # type: ignore[list-item]
        return frame

    @sealed  # measured from released counts only: publish mode's table, sealed as such
    def targets(self, period=None, *, lang: str = "vi") -> pd.DataFrame:
        """The programme targets measured from released counts only (`funnel`, `events`): a share
        whose counts were withheld is withheld."""
        from ._targets import measure_targets

        return measure_targets(self, period, lang=lang)

    def _release(
        self, tables: Sequence[Table], lang: str, what: dict
    ) -> list[tuple[pd.DataFrame, int | None]]:
        """Protect `tables` as one release with everything already released; record it. Its own
        refusals are said in `lang`; the audit's and the register's are said again in it by the
        caller (`sealed`, the pack's `speaking`)."""
        check_lang(lang)  # before anything is recorded: 'de' was released, and labelled in English
        check_k(self.k)  # fixed when connecting (`_Fixed`); checked again where it decides what is shown
        engine = _engine_of(self)
        fingerprint = self.metadata.get("fingerprint")
        version = engine.version()
        register = engine.register
        with register.locked():
            # '<k' and 'x' of earlier releases mean what their k made them mean, so a register holds
            # releases of one k: read with another, '<10' would be taken for at most 4.
            used = register.k_used(DEFAULT_K, version) - {self.k}
            if used:
                fields = {"db": str(self.path), "used": min(used), "k": self.k}
                raise refusal("publish_k_used", fields, lang)
            figures = public_cells(engine, self.k)
            digest = figures_digest([figure for figure, _, _ in figures])
            about_victims = any(t.measure in (None, SUPPORTED) for t in tables)
            # Every table of the register stops, cases and hotline contacts too: theirs went on
            # refusing only where an import contradicted a release, which told anyone who knew how
            # many cases an import added whether a released '<5' plus them reached 5.
            _refuse_since_changed(register.accepted(), version, digest, self.path, lang)
            earlier, revised = register.standing(version, functools.partial(_holds, engine, self.k))
            # Figures published outside the workbench come before any register entry: every reader has them.
            held = [c for figure, c, matched in figures if matched and not figure.superseded]
            earlier.update({c.box.key(): c for c in held})
            refuse([r for r in revised if r.box.measure in {t.measure for t in tables}], self.path, lang)
            if about_victims and (problems := figure_problems(figures)):
                raise refusal("publish_figures", {"db": str(self.path), "problems": problems}, lang)
            statuses = settle(engine, tables, earlier, self.k)
            fresh = [
                Released(
                    cell.box, statuses[cell.key], cell.exact if statuses[cell.key] == PUBLISHED else None
                )
                for table in tables
                for cell in table.cells
                if cell.key not in earlier
            ]
            unique = list({c.box.key(): c for c in fresh}.values())
            number = None
            if unique:
                number = register.record(what, fingerprint, version, unique, self.k, digest, about_victims)
        results = []
        for table in tables:
            numbers = {earlier[c.key].release if c.key in earlier else number for c in table.cells}
            results.append(
                (table.frame(statuses, self.k, lang, self, sorted(n for n in numbers if n)), number)
            )
        return results


def _holds(engine: Engine, k: int, cell: Released) -> bool:
    return holds(cell, engine.count(cell.box), k)


def public_cells(engine: Engine, k: int) -> list[tuple[PublicFigure, Released, bool]]:
    """Each declared public figure (`_release.public_figures`) as the released cell of the table
    that counts it, and whether these data count that very number. Only a figure that matches is
    given to the audit: one that differs (real records imported) counts other people or otherwise,
    and is no statement about these data."""
    found: list[tuple[PublicFigure, Released, bool]] = []
    if engine.national:  # the city's figures; a national database is synthetic, for scale
        return found
    for figure in public_figures():
        kind = next((name for name, (column, _) in MEASURES.items() if column == figure.measure), None)
        if kind not in ("victims", "support"):
            continue
        filters = Filters(years=figure.years, trafficking_statuses=figure.statuses)
        [cell] = [c for c in Table.plan(engine, filters, (), None, k, kind=kind).cells]
        matched = engine.count(cell.box) == figure.value
        found.append((figure, Released(cell.box, PUBLISHED, figure.value, None), matched))
    return found


def _refuse_since_changed(
    accepted: tuple[str, str | None] | None, version: str, digest: str, db_path, lang: str = "vi"
) -> None:
    """No victim count released once the victim data or the declared public figures changed since
    the last release, edition or acceptance, whatever the change: a stop only where a change
    contradicts what was released (or a public figure) would tell whoever sees it which '<k' crossed
    k, or that a year the city said had nobody now holds someone (docs/releases.md, Revisions)."""
    if accepted is None:
        return
    data, figures = accepted
    if data != version or (figures is not None and figures != digest):
        raise refusal("publish_changed", {"db": str(db_path)}, lang)


def figure_problems(figures) -> list[tuple[str, dict[str, object]]]:
    """The declared public figures publication cannot go on beside: one in force the data do not
    count (a count beside it would tell every reader holding it that the records differ), and one
    marked superseded that the data do count (a reader holding it, true, would difference what the
    audit does not know of). Analyst-facing: named with their public values, never the records'.
    Each as the key of its words (`_publish_words`) and their fields, to be said in a language."""
    problems: list[tuple[str, dict[str, object]]] = []
    for figure, _, matched in figures:
        fields: dict[str, object] = {"name": figure.name, "value": figure.value}
        if not matched and not figure.superseded:
            problems.append(("figure_not_counted", fields))
        elif matched and figure.superseded:
            problems.append(("figure_superseded_counted", fields))
    return problems


def accept_changes(db: PublishedWorkbench) -> tuple[list[tuple[str, dict[str, object]]], bool]:
    """`workbench releases --accept`: the problems found with the public figures and whether earlier
    releases were revised; when neither, the data and figures now are accepted and victims can be
    published again."""
    problems, digest = figures_now(db)
    version, revised = revised_cells(db)
    if not problems and not revised:
        _engine_of(db).register.accept(version, digest)
    return problems, bool(revised)


def figures_now(db: PublishedWorkbench) -> tuple[list[tuple[str, dict[str, object]]], str]:
    """The declared figures as the data count them now: `figure_problems`, and their digest (which
    an acceptance or a new edition records); each figure counted once."""
    figures = public_cells(_engine_of(db), db.k)
    return figure_problems(figures), figures_digest([figure for figure, _, _ in figures])


def public_figures_now(db: PublishedWorkbench) -> list[tuple[PublicFigure, bool]]:
    """The declared public figures and whether each matches the data now (`workbench releases`)."""
    return [(figure, matched) for figure, _, matched in public_cells(_engine_of(db), db.k)]


def revised_cells(db: PublishedWorkbench) -> tuple[str, list[Released]]:
    """The victim-data version now, and the earlier cells it no longer agrees with (every measure)."""
    engine = _engine_of(db)
    version = engine.version()
    return version, engine.register.standing(version, functools.partial(_holds, engine, db.k))[1]


def start_edition(db: PublishedWorkbench, version: str, figures: str | None, dropped: Sequence[str]) -> int:
    """`workbench releases --new-edition`: a new edition of the connection's register
    (`Register.new_edition`)."""
    return _engine_of(db).register.new_edition(version, figures, dropped)


def _engine_of(db: PublishedWorkbench) -> Engine:
    """The engine of a publish-mode connection (for this module and the briefing pack's release)."""
    engine = _ENGINES.get(db._token)
    if engine is None:
        raise refusal("publish_closed", {"db": str(db.path)})
    return engine


def _close_engine(token: str) -> None:
    engine = _ENGINES.pop(token, None)
    if engine is not None:
        if engine.public is not None:
            engine.public.close()
            engine.public = None
        engine.internal.close()
