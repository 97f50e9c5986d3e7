"""The `workbench` command: `workbench lab`, `workbench build`, `workbench generate`, ..."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from ._console import prepare_streams
from ._error_words import error_text, said
from ._errors import MissingDatabaseError, StoreError, UsageError, WorkbenchError
from ._kinds import IMPORTABLE_KINDS, VICTIM_RELEASES
from ._paths import DATA_DIR, PROJECT_ROOT, SAMPLE_DIR, database_path, default_db_path, figures_dir, out_dir
from ._text import format_number
from ._words import command_text, moment_text


def _served_db(args: argparse.Namespace) -> Path:
    """The database `workbench lab` and `workbench dashboard` open (--db, else `WORKBENCH_DB`, else
    the project's), built if needed; absolute, for kernels that run in another folder."""
    from ._build import ensure_built

    db_path = database_path(Path(args.db).absolute() if args.db else default_db_path())
    if ensure_built(db_path, DATA_DIR):
        print(command_text("built_default", args.lang, db=db_path))
    return db_path


def _lab(args: argparse.Namespace) -> int:
    db_path = _served_db(args)
    from ._lab import run_lab

    return run_lab(args.extra, db=db_path if args.db else None, lang=args.lang)


def _dashboard(args: argparse.Namespace) -> int:
    db_path = _served_db(args)
    from ._dashboard import serve

    return serve(
        args.notebook, args.extra, publish=args.publish, db=db_path if args.db else None, lang=args.lang
    )


def _build(args: argparse.Namespace) -> int:
    from ._build import build, build_lock, ensure_built
    from ._private import private_dir

    db_path = database_path(args.db or default_db_path())
    if args.force:
        private_dir(db_path.parent)
        with build_lock(db_path):
            build(db_path, DATA_DIR)
        print(command_text("built", args.lang, db=db_path))
    elif ensure_built(db_path, DATA_DIR, verify=True):  # read whole: a damaged block is rebuilt
        print(command_text("built", args.lang, db=db_path))
    elif _is_national(db_path):
        print(command_text("build_national", args.lang, db=db_path))
    else:
        print(command_text("build_up_to_date", args.lang, db=db_path, data=DATA_DIR))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from ._backup import backup

    source = database_path(args.db or default_db_path())
    from ._build import database_id
    from ._release import register_for

    generation, copied = backup(source, Path(args.target))
    print(
        command_text(
            "backup_copied",
            args.lang,
            source=source,
            target=args.target,
            generation=generation.name,
            batches=format_number(copied, lang=args.lang),
        )
    )
    identity = database_id(Path(args.target))
    register = register_for(Path(args.target), identity)
    if identity is not None and register.exists():
        print(command_text("backup_register", args.lang, name=register.name))
    return 0


def _is_national(db_path: Path) -> bool:
    from ._build import NATIONAL_FINGERPRINT_PREFIX, stored_fingerprint

    stored = stored_fingerprint(db_path, verify=False)
    return stored is not None and stored.startswith(NATIONAL_FINGERPRINT_PREFIX)


def _generate(args: argparse.Namespace) -> int:
    if args.national:
        return _generate_national(args)
    from ._generate import SEED, generate

    written = generate(Path(args.out) if args.out else SAMPLE_DIR, seed=args.seed or SEED)
    for path in written.values():
        print(command_text("generate_wrote", args.lang, path=path))
    return 0


def _generate_national(args: argparse.Namespace) -> int:
    import time

    from ._national import DEFAULT_EVENTS, DEFAULT_VICTIMS, SEED, generate_national
    from ._paths import STATE_DIR

    path = Path(args.db) if args.db else STATE_DIR / "national.duckdb"
    events = DEFAULT_EVENTS if args.events is None else args.events
    victims = DEFAULT_VICTIMS if args.victims is None else args.victims
    start = time.perf_counter()
    generate_national(path, events=events, victims=victims, seed=args.seed or SEED)
    lang = args.lang
    print(
        command_text(
            "generate_national",
            lang,
            path=path,
            events=format_number(events, lang=lang),
            victims=format_number(victims, lang=lang),
            seconds=format_number(time.perf_counter() - start, lang=lang, decimals=1),
        )
    )
    print(command_text("generate_open", lang, path=repr(str(path)), db=path))
    return 0


def _shown(path: str | Path) -> str:
    """A path as it can be printed: bytes of a name that are not UTF-8 shown as U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _problems_target(given: str) -> Path:
    """The --problems file, its folder created and checked writable BEFORE anything is imported:
    a table that cannot be written after the batch was committed would leave the user unsure."""
    from ._private import check_files_free

    path = Path(given)
    if path.is_dir():
        raise UsageError(f"--problems {_shown(path)!r} is a folder: give a file name such as problems.csv")
    try:  # written through a link, a victim file's problems went to its target, readable by all
        check_files_free([path])
    except StoreError as error:
        raise UsageError(f"--problems: {error}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"--problems: cannot create the folder {_shown(path.parent)!r} ({error.strerror or error})"
        ) from None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"--problems: {_shown(path)!r} cannot be written (permission denied)")
    return path


def _import(args: argparse.Namespace) -> int:
    from ._cellsafe import neutralise_frame
    from ._import_release import import_files
    from ._import_words import import_text
    from ._importer.run import check_fields
    from ._private import make_owner_only

    def pairs(items: list[str], what: str) -> dict[str, str]:
        found = {}
        for item in items or []:
            # A heading may hold '=' (even start with it); a field name never does.
            name, sep, value = item.rpartition("=") if what == "--header" else item.partition("=")
            if not sep:
                raise UsageError(f"{what} {item!r} is not NAME=VALUE")
            found[name.strip()] = value.strip()
        return found

    headers, defaults = pairs(args.header, "--header"), pairs(args.set, "--set")
    try:
        check_fields(defaults, headers, args.kind)
    except WorkbenchError as error:
        raise UsageError(str(error)) from None
    problems = _problems_target(args.problems) if args.problems else None
    result = import_files(
        args.files,
        db=_database_given(args.db),
        kind=args.kind,
        headers=headers,
        defaults=defaults,
        check_only=args.check,
        progress=sys.stderr.isatty(),
        key_file=args.key_file,
        lang=args.lang,
    )
    print(result.report(notes=args.notes))
    if problems is not None:
        make_owner_only([problems])  # a victim file's problems name its rows: owner-only, if there before too
        # Cells of agency files, headings, sheet and file names: never a live formula.
        # For Excel, where most analysts open it: UTF-8 with a BOM (else read in the legacy code
        # page, Vietnamese garbled) and CRLF line ends, as the dashboard's downloads.
        neutralise_frame(result.problems).to_csv(
            problems, index=False, encoding="utf-8-sig", lineterminator="\r\n"
        )
        print(import_text("wrote_problems", args.lang, path=_shown(problems)))
    return 0 if result.ok else 1


# ---------------------------------------------------------------- context sources and batches


def _import_profile(args: argparse.Namespace) -> int:
    """`workbench import --profile ctdc|htcds FILE`: a published dataset into the context tables."""
    from ._importer.context import check_k, import_context, parse_release_date

    if args.kind or args.header or args.set:
        raise UsageError(
            "--profile reads the standard's own columns: --kind, --header and --set do not apply"
        )
    if len(args.files) != 1:
        raise UsageError(f"--profile imports one file at a time ({len(args.files)} given)")
    try:  # options a command cannot run with: exit 2, as for a mistyped option
        check_k(args.k)
        if args.release_date is not None:
            parse_release_date(args.release_date)
    except WorkbenchError as error:
        raise UsageError(str(error)) from None
    result = import_context(
        args.files[0],
        profile=args.profile,
        db=_database_given(args.db),
        source=args.source_name,
        release_date=args.release_date,
        k=args.k,
        check_only=args.check,
    )
    print(result.report(notes=args.notes))
    return 0 if result.ok else 1


def _imports(args: argparse.Namespace) -> int:
    from ._importer.manage import list_batches, remove_batch, still_held
    from ._importer.store import read_manifest

    lang = args.lang
    _database_given(args.db)
    if args.action == "list":
        found = list_batches(args.db)
        if found.empty:
            print(command_text("imports_none", lang))
        for b in found.itertuples():
            # an agency file's batch has no profile (missing, not the text 'nan')
            what = (
                command_text("imports_source", lang, profile=b.profile, source=repr(b.source))
                if isinstance(b.profile, str) and b.profile
                else ""
            )
            # a file imported again adds no table: its batch only logs it
            added = format_number(b.rows_added, lang=lang)
            rows = (
                command_text("imports_rows", lang, tables=b.tables, rows=added)
                if b.tables
                else command_text("imports_nothing_added", lang)
            )
            # the batch's folder name, when (UTC), the file, what it added, a context source's profile
            print(f"{b.batch}  {moment_text(b.imported_at, lang)} UTC  {b.file}  {rows}{what}")
        return 0
    if not args.name:
        raise _usage("remove_needs_batch")
    kept = remove_batch(args.name, args.db)
    print(command_text("imports_removed", lang, name=kept.name, kept=_shown(kept)))
    db_option = f" --db {_shown(args.db)}" if args.db else ""  # the database the batch was taken from
    print(command_text("imports_restore", lang, store=_shown(kept.parent.parent), db=db_option))
    held, unsure = still_held(kept, args.db)
    # What left the database, said: a status updated by taking out the quarter that first held
    # the person took that quarter's other people out too, with only "Removed batch" printed.
    added = read_manifest(kept / "manifest.json").get("rows_added", {})
    tables = ", ".join(f"{name} {format_number(n, lang=lang)}" for name, n in sorted(added.items()) if n)
    print(
        command_text(
            "imports_left", lang, n=format_number(sum(added.values()) - held, lang=lang), tables=tables
        )
    )
    if held:
        print(command_text("imports_still_held", lang, n=format_number(held, lang=lang)))
    if unsure:
        print(command_text("imports_unsure", lang, batches="; ".join(unsure)))
    return 0


def _usage(key: str, **fields: object) -> UsageError:
    """A usage error with words (`_error_words`): said in the command's language by `main`."""
    from ._error_words import error_text

    return UsageError(error_text(key, fields, "en"), words=(key, fields))


def _context(args: argparse.Namespace) -> int:
    import pandas as pd

    from ._importer.manage import list_sources, remove_source
    from ._words import date_text

    lang = args.lang
    _database_given(args.db)
    if args.action == "list":
        found = list_sources(args.db)
        if found.empty:
            print(command_text("context_none", lang))
        for s in found.itertuples():
            k = (
                command_text("context_k_unknown", lang)
                if pd.isna(s.k)
                else command_text("context_k", lang, k=s.k)
            )
            line = command_text(
                "context_source",
                lang,
                source=s.source,
                profile=s.profile,
                released=date_text(s.release_date, lang),
                k=k,
                records=format_number(s.records, lang=lang),
                file=s.file,
                imported=moment_text(s.imported_at, lang),
                batch=s.batch,
            )
            print(line)
        return 0
    if not args.name:
        raise _usage("remove_needs_source")
    kept = remove_source(args.name, args.db)
    print(command_text("context_removed", lang, name=repr(args.name)))
    print(command_text("context_restore", lang, kept=_shown(kept), store=_shown(kept.parent.parent)))
    return 0


def _add_lang(command: argparse.ArgumentParser, help: str = "") -> None:
    """--lang vi|en: the language of what the command prints (Vietnamese by default)."""
    command.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help=help or "language of what the command prints (default: vi)",
    )


def _add_context_commands(commands) -> None:
    imports = commands.add_parser("imports", help="list the import batches, or remove one (database rebuilt)")
    imports.add_argument("action", choices=("list", "remove"))
    imports.add_argument("name", nargs="?", metavar="BATCH", help="with remove: the batch (as listed)")
    imports.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")
    _add_lang(imports)
    imports.set_defaults(run=_imports)
    context = commands.add_parser("context", help="list the context sources (CTDC, HTCDS), or remove one")
    context.add_argument("action", choices=("list", "remove"))
    context.add_argument("name", nargs="?", metavar="SOURCE", help="with remove: the source (as listed)")
    context.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")
    _add_lang(context)
    context.set_defaults(run=_context)


def _add_profile_options(imports: argparse.ArgumentParser) -> None:
    imports.add_argument(
        "--profile",
        choices=("ctdc", "htcds"),
        help="a published dataset (CTDC global dataset, HTCDS export) into the context tables, "
        "never the city's records",
    )
    imports.add_argument("--source-name", help="with --profile: the source's name (default: from the file)")
    imports.add_argument(
        "--release-date", help="with --profile: the release date, YYYY-MM-DD (default: from the file name)"
    )
    imports.add_argument(
        "--k",
        type=int,
        help="with --profile: the source's k-anonymity (default: 11 for ctdc, else not stated)",
    )


# ----------------------------------------------------------------


def _briefing_filters(args: argparse.Namespace):
    from ._filters import Filters

    with _districts_typed(args.districts):
        return Filters(years=tuple(args.years), districts=args.districts or ())


def _check_districts(args: argparse.Namespace) -> None:
    """District names typed wrong are refused before the database is opened: opening it (checked,
    and built when missing) took seconds before the message a typo deserves at once."""
    from ._filters import Filters

    if args.districts:
        with _districts_typed(args.districts):
            Filters(districts=args.districts)


@contextlib.contextmanager
def _districts_typed(names: list[str] | None):
    from ._errors import UnknownDistrictError

    try:
        yield
    except UnknownDistrictError as error:
        raise _districts_as_typed(names or []) or error from error


def _districts_as_typed(names: list[str]) -> UsageError | None:
    """What a shell did to names typed as they are written: `--districts Ninh Kiều` gave 'Ninh'
    and 'Kiều' (and 'Ninh' was taken for Xã An Ninh), `"Ninh Kiều,Cờ Đỏ"` one name with a comma.
    The way to type them, when that is what happened; None otherwise."""
    from ._units import resolves_place as known

    given = " ".join(names)
    quoted = " ".join(f'"{part.strip()}"' for part in given.split(","))
    if "," in given and all(known(part.strip()) for part in given.split(",")):
        return _usage("districts_commas", given=given, quoted=quoted)
    grouped, i = [], 0
    while i < len(names):  # the words of each name together, a name of one word to three
        width = next((w for w in (1, 2, 3) if known(" ".join(names[i : i + w]))), None)
        if width is None:
            return None
        grouped.append(" ".join(names[i : i + width]))
        i += width
    if grouped == names:
        return None
    return _usage("districts_split", given=given, quoted=" ".join(f'"{name}"' for name in grouped))


def _check_years_held(db, years: list[int], lang: str, command: str) -> list[int]:
    """The years a figures command draws: those asked that the database holds (the span of the
    events', as `_filters.span_held` takes it), said on stderr when some asked are beyond them
    (2016-2030 was drawn and titled 2016-2030 over 2016-2026 without a word). Years none of which
    are held would be pages of "Không có dữ liệu" (a year mistyped, 2062 for 2026): refused in
    `lang`, naming the years held and the closest range (`closest`, a pair)."""
    from ._error_words import error_text
    from ._errors import InvalidFilterError
    from ._filters import nearest_years, span_held, years_cut

    first, last = years
    held_years = db.years("events")
    span = span_held(held_years)
    if span is None or first > last:
        return [first, last]  # nothing held, or refused by the filters, naming the order
    held = years_cut((first, last), held_years)
    if held is not None:
        if held != (first, last):
            fields: dict[str, object] = {"first": first, "last": last, "low": held[0], "high": held[1]}
            print(f"workbench {command}: {error_text('command_years_partly', fields, lang)}", file=sys.stderr)
        return list(held)
    low, high = span
    near = nearest_years((first, last), span)
    refused: dict[str, object] = {
        "first": first,
        "last": last,
        "low": low,
        "high": high,
        "near_first": near[0],
        "near_last": near[1],
    }
    raise InvalidFilterError(
        error_text("command_years_outside", refused, lang),
        given=(first, last),
        valid=[str(y) for y in range(low, high + 1)],
        closest=near,
        words=("command_years_outside", refused),
    )


def _connect(given: str | os.PathLike | None, lang: str, **options):
    """`connect`, building the database first when it must be, and saying so in `lang` only (a
    connection alone says it in both languages)."""
    from ._workbench import build_and_say, connect

    path = database_path(given if given is not None else default_db_path())
    build_and_say(path, DATA_DIR, (lang,))
    return connect(path, **options)


def _database_given(given: str | None) -> str | None:
    """`--db` as given, refused when no database is there: the commands that read or change a
    database build the default one on first use, but a path mistyped would be built anew from
    data/ and answered from the sample records without a word (an analyst's imports nowhere in the
    figures), or given the imports nobody would read. `workbench build --db PATH` makes one."""
    from ._errors import CorruptDatabaseError
    from ._generations import current_file

    if given is None:
        return None
    path = database_path(given)
    if not path.is_dir() and not path.exists():
        raise MissingDatabaseError(
            error_text("no_database_at", {"path": str(path)}, "en"),
            given=given,
            words=("no_database_at", {"path": str(path)}),
        )
    try:
        current_file(path)
    except CorruptDatabaseError:
        # A file that is no database (README.md, an agency's spreadsheet): taken for a damaged
        # database, it was moved aside and a new one built in its place, answered from the sample.
        raise StoreError(
            error_text("not_a_database", {"path": str(path)}, "en"),
            words=("not_a_database", {"path": str(path)}),
        ) from None
    return given


def _figures(args: argparse.Namespace) -> int:
    _check_districts(args)
    from ._brief import OTHER_FORMATS, write_figures

    if args.out:
        # Before anything is drawn: a publish-mode set would be a release that no file holds.
        taken = next((p for p in (Path(args.out), *Path(args.out).parents) if p.exists()), None)
        if taken is not None and not taken.is_dir():
            raise _usage("figures_out_file", out=repr(_shown(str(taken))))
        named = Path(args.out)
        if not named.exists() and named.suffix.lower() in (".pdf", *OTHER_FORMATS):
            # `--out figs.pdf` made a folder named figs.pdf holding a hundred files
            raise _usage(
                "figures_out_named", out=repr(_shown(args.out)), suffix=named.suffix, given=_shown(args.out)
            )
    with _connect(_database_given(args.db), args.lang, mode=args.mode, k=args.k) as db:
        args.years = _check_years_held(db, args.years, args.lang, args.command)
        from ._export import selection_name

        selection = selection_name(_briefing_filters(args), args.lang, args.mode, args.k)
        out = args.out or figures_dir(args.mode) / selection
        register = getattr(db, "register", None)  # publish mode: the release register
        before = len(register.entries()) if register is not None else 0
        written = write_figures(
            db, out, _briefing_filters(args), lang=args.lang, formats=args.format, mode=args.mode
        )
    count = format_number(len(written), lang=args.lang)
    print(command_text("figures_wrote", args.lang, count=count, out=out))
    if register is not None:  # a set of figures is a release, as a pack is: said alike
        _say_pack_release(register.entries(), before, args.k, args.lang, db.path, said="figures")
    return 0


def _brief(args: argparse.Namespace) -> int:
    _check_districts(args)
    from ._brief import write_brief

    with _connect(_database_given(args.db), args.lang, mode=args.mode, k=args.k) as db:
        args.years = _check_years_held(db, args.years, args.lang, args.command)
        filters = _briefing_filters(args)
        name = brief_name(filters, args.lang, args.mode, args.k)
        out = _brief_path(args.out, name) if args.out else out_dir(args.mode) / name
        register = getattr(db, "register", None)  # publish mode: the release register
        db_path = db.path
        before = len(register.entries()) if register is not None else 0
        path = write_brief(db, out, filters, lang=args.lang, mode=args.mode)
    print(command_text("brief_wrote", args.lang, path=path))
    if register is not None:
        _say_pack_release(register.entries(), before, args.k, args.lang, db_path)
    return 0


def _brief_path(given: str, name: str) -> Path:
    """`--out`: a file, or a folder (one that exists, or a path ending in /) to write the pack
    into under its default name. `--out out` failed with IsADirectoryError, and `--out new/`
    wrote a PDF named `new` with no extension."""
    path = Path(given)
    return path / name if path.is_dir() or given.endswith(("/", os.sep)) else path


def brief_name(filters, lang: str, mode: str, k: int | None = None) -> str:
    """A pack's default file name: `brief_` and its selection's name. Named by years and language
    alone, a pack of Ninh Kiều replaced the city's donor pack of the same years without a word, and
    an internal pack (exact victim counts) would have replaced the published one an analyst sends
    out. A pack of another database (`--db`) is not told apart: give it `--out`."""
    from ._export import selection_name

    return f"brief_{selection_name(filters, lang, mode, k)}.pdf"


def _say_pack_release(
    entries: list[dict], before: int, k: int, lang: str, db: Path, said: str = "brief"
) -> None:
    """After a pack in publish mode: how many of its victim cells it published and withheld (its
    release's entry in the register), and, when earlier releases shaped what it withholds, that
    the order matters. An analyst who made four packs in a row saw the last three withhold every
    victim count, each command ending with only "wrote": nothing said why, or what to do. `said`:
    whose words ('brief', or 'figures' for a set of figures, which is a release too)."""
    from ._error_words import error_text

    def releases(of: list[dict]) -> list[dict]:
        return [entry for entry in of if "cells" in entry and "release" in entry]

    # a pack is several releases (its victim tables, its funnel and targets, its cases, its hotline
    # calls): those of victim counts, as its cover names them (the tables' alone left the funnel out)
    earlier = max((int(entry["release"]) for entry in releases(entries[:before])), default=0)
    made = releases(entries[before:])
    if not any("pack" in entry.get("what", {}) for entry in made):
        # built again with nothing new to release: its cells are those released before
        print(error_text(f"{said}_release_again", {"db": db}, lang))
        return
    victims = [entry for entry in made if VICTIM_RELEASES & set(entry.get("what", {}))]
    cells = [cell for entry in victims for cell in entry["cells"]]
    shown = sum(1 for _, status, _ in cells if status == "published")
    fields = {
        "release": ", ".join(str(entry["release"]) for entry in victims),
        "shown": format_number(shown, lang=lang),
        "cells": format_number(len(cells), lang=lang),
        "withheld": format_number(len(cells) - shown, lang=lang),
        "earlier": earlier,  # a release's number, as `workbench releases` lists it
        "k": k,
        "db": db,  # the register of this database, not the default one, when --db named another
    }
    print(error_text(f"{said}_release", fields, lang))
    if earlier and shown < len(cells):
        print(error_text(f"{said}_release_order", fields, lang))


def _releases(args: argparse.Namespace) -> int:
    from ._build import database_id
    from ._release import Register, check_found

    db_path = database_path(_database_given(args.db) or default_db_path())
    if args.new_edition:
        return _new_edition(db_path, args.lang)
    if args.accept:
        return _accept(db_path, args.lang)
    identity = database_id(db_path)
    register = Register(db_path, identity)
    check_found(db_path, identity, register.path)
    _public_figures(db_path, args.lang)
    _register_entries(db_path, register, args.lang)
    return 0


def _register_entries(db_path: Path, register, lang: str) -> None:
    """The register's entries, one line each (in `lang`), each release's files under it: what was
    released, when, how many cells were published and withheld, never a count they hold."""
    from ._error_words import error_text

    entries = register.entries()
    if not entries:
        print(error_text("releases_none", {"db": str(db_path), "register": str(register.path)}, lang))
        return
    files: dict[int, list[str]] = {}
    for entry in entries:
        for number in entry.get("releases", ()):
            files.setdefault(number, []).extend(entry["files"])
    for entry in entries:
        when = _register_moment(entry["when"], lang)
        if entry.get("register_lost"):
            print(error_text("releases_entry_lost", {"edition": entry["edition"], "when": when}, lang))
            continue
        if "accepted" in entry:
            print(error_text("releases_entry_accepted", {"when": when}, lang))
            continue
        if "edition" in entry:
            print(error_text("releases_entry_edition", {"edition": entry["edition"], "when": when}, lang))
            continue
        if "cells" not in entry:
            continue
        shown = sum(1 for _, status, _ in entry["cells"] if status == "published")
        withheld = len(entry["cells"]) - shown
        fields = {
            "release": entry["release"],
            "when": when,
            "shown": format_number(shown, lang=lang),
            "withheld": format_number(withheld, lang=lang),
            "asked": _asked_text(entry["what"], lang),
        }
        print(error_text("releases_entry_release", fields, lang))
        for name in dict.fromkeys(files.get(entry["release"], [])):
            print(error_text("releases_entry_file", {"name": name}, lang))


def _asked_text(what: dict, lang: str) -> str:
    """What a release asked, in words of `lang`: 'nạn nhân theo quận/huyện × năm — Năm: 2016–2020'
    (its tables, then its selection as a figure footer names it). A register written by another
    version, in a shape not known here, as it was written."""
    from ._error_words import error_text
    from ._filters import Filters
    from ._labels import text
    from ._words import FUNNEL_WORDS

    def table(kind: str, by: list[str]) -> str:
        if kind == "funnel":
            return FUNNEL_WORDS["title"][lang != "vi"]
        if not by:
            return error_text("releases_asked_total", {"kind": kind}, lang)
        across = " × ".join(text(b, lang).lower() for b in by)
        return error_text("releases_asked_table", {"kind": kind, "by": across}, lang)

    def selection(filters: dict) -> str:
        # the register writes a range as a JSON list: a pair again
        asked = {name: tuple(value) if name == "years" else value for name, value in filters.items()}
        return Filters(**asked).describe(lang)

    try:
        parts = []
        if "pack" in what:
            tables = ", ".join(table("victims", by) for by in what["pack"])
            pack = error_text("releases_asked_pack", {"tables": tables}, lang)
            parts.append(f"{pack} — {selection(what['filters'])}")
        else:
            for kind, asked in what.items():
                for one in asked if isinstance(asked, list) else [asked]:
                    name = "funnel" if one.get("funnel") else kind
                    parts.append(f"{table(name, one['by'])} — {selection(one['filters'])}")
        return " | ".join(parts)
    except (KeyError, TypeError, ValueError, AttributeError):
        return json.dumps(what, ensure_ascii=False)


def _register_moment(when: object, lang: str) -> str:
    """A register entry's time (ISO, UTC) as the language writes its date, 'UTC' after the time;
    one that is not such a time as it was written."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(str(when))
    except ValueError:
        return str(when)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment_text(f'{moment:%Y-%m-%d %H:%M:%S}', lang)} UTC"


def _public_figures(db_path: Path, lang: str = "vi") -> None:
    """The figures published outside the workbench that every audit holds (docs/releases.md,
    "Figures already public"), and whether each matches the data now, in `lang`."""
    from ._codes import label
    from ._error_words import error_text
    from ._filters import year_text
    from ._publish import PublishedWorkbench, public_figures_now
    from ._workbench import connect

    with connect(db_path, build=False, mode="publish") as db:
        assert isinstance(db, PublishedWorkbench)  # noqa: S101 - what connect() returns in publish mode
        figures = public_figures_now(db)
    for figure, matched in figures:
        years = year_text(figure.years)
        if figure.superseded:
            state = error_text("releases_public_superseded", {"reason": figure.superseded}, lang)
        elif matched:
            state = error_text("releases_public_audited", {}, lang)
        else:
            state = error_text("releases_public_differs", {}, lang)
        fields = {
            "name": figure.name,
            "measure": figure.measure,
            "years": years,
            # each status as the language names it ('actual' is "Nạn nhân", "Victims (identified)")
            "statuses": " | ".join(label("trafficking_status", status, lang) for status in figure.statuses),
            "value": format_number(figure.value, lang=lang),
            "state": state,
            "source": figure.source,
        }
        print(error_text("releases_public", fields, lang))


def _new_edition(db_path: Path, lang: str = "vi") -> int:
    """A new edition of the register, on the victim data as they are now: refused when nothing
    was revised (it would only drop earlier releases from the audit). For a database whose register
    is lost for good, a new register, recorded as started without it. Said in `lang`."""
    from ._build import database_id
    from ._error_words import error_text
    from ._generations import released_mark
    from ._publish import PublishedWorkbench, figures_now, revised_cells, start_edition
    from ._release import Register

    identity = database_id(db_path)
    register = Register(db_path, identity)
    if identity is not None and not register.path.exists() and released_mark(db_path) == identity:
        register.start_lost()
        fields = {"number": 2, "db": str(db_path), "name": register.path.name}
        print(error_text("releases_lost", fields, lang))
        return 0
    with _connect(db_path, lang, mode="publish") as db:
        assert isinstance(db, PublishedWorkbench)  # noqa: S101 - what connect() returns in publish mode
        version, revised = revised_cells(db)
        if not revised:
            print(error_text("releases_no_revision", {"db": str(db_path)}, lang), file=sys.stderr)
            return 1
        problems, digest = figures_now(db)
        if problems:
            print(_figures_first(db_path, problems, lang), file=sys.stderr)
            return 1
        number = start_edition(db, version, digest, [r.box.key() for r in revised])
    # Which releases, and how many counts, the revision contradicted is not said: with the change
    # known (one victim added in a district and year), it would tell which '<k' crossed k.
    print(error_text("releases_edition", {"number": number, "db": str(db_path)}, lang))
    return 0


def _figures_first(db_path: Path, problems: list[tuple[str, dict[str, object]]], lang: str) -> str:
    from ._error_words import error_text

    return error_text("releases_figures_first", {"db": str(db_path), "problems": problems}, lang)


def _accept(db_path: Path, lang: str = "vi") -> int:
    """After victim records or the declared public figures changed: check the change against the
    register, and when it contradicts nothing released, let victims be published again. Said in
    `lang`."""
    from ._error_words import error_text
    from ._publish import PublishedWorkbench, accept_changes

    with _connect(db_path, lang, mode="publish") as db:
        assert isinstance(db, PublishedWorkbench)  # noqa: S101 - what connect() returns in publish mode
        problems, revised = accept_changes(db)
    if problems:
        print(_figures_first(db_path, problems, lang), file=sys.stderr)
        return 1
    if revised:
        print(error_text("releases_contradicted", {"db": str(db_path)}, lang), file=sys.stderr)
        return 1
    print(error_text("releases_accepted", {"db": str(db_path)}, lang))
    return 0


def _add_briefing_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--mode",
        choices=("publish", "internal"),
        default="publish",
        help="publish (default): victim counts below k withheld; internal: exact, marked not for publication",
    )
    command.add_argument(
        "--k", type=int, default=5, help="disclosure threshold (default 5; publish mode refuses less than 5)"
    )
    command.add_argument(
        "--years", nargs=2, type=int, required=True, metavar=("FIRST", "LAST"), help="year range, inclusive"
    )
    command.add_argument(
        "--districts", nargs="+", metavar="DISTRICT", help="GSO codes or names (default: all)"
    )
    _add_lang(command, "language of the labels and of what the command prints (default: vi)")
    command.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="workbench",
        description="Cần Thơ anti-trafficking workbench: events and victim records by district and year.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lab = commands.add_parser(
        "lab", help="open JupyterLab on your working copies of the notebooks (workspace/), database ready"
    )
    lab.add_argument(
        "--db", help="database the notebooks open (default: WORKBENCH_DB or .workbench/); built if needed"
    )
    _add_lang(lab, "language of what the command prints before JupyterLab starts (default: vi)")
    lab.set_defaults(run=_lab)

    dashboard = commands.add_parser(
        "dashboard", help="serve the explorers as a web page with the code hidden (Voilà), on localhost"
    )
    dashboard.add_argument(
        "--notebook", help="a notebook of notebooks/ to serve instead (default: 08_dashboard.ipynb)"
    )
    dashboard.add_argument(
        "--publish",
        action="store_true",
        help="serve published numbers only (small victim counts withheld), no token: for screens shown "
        "outside the team; without it the page shows exact counts and asks for the printed token",
    )
    dashboard.add_argument(
        "--db", help="database the page opens (default: WORKBENCH_DB or .workbench/); built if needed"
    )
    _add_lang(dashboard, "language of what the command prints before Voilà starts (default: vi)")
    dashboard.set_defaults(run=_dashboard)

    build = commands.add_parser("build", help="build the database from data/ if it changed")
    build.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    _add_lang(build)
    build.set_defaults(run=_build)

    backup = commands.add_parser(
        "backup", help="copy the database whole (pointer, current generation, import store) to a new path"
    )
    backup.add_argument("target", metavar="TARGET", help="the new database file, e.g. D:/backup/wb.duckdb")
    backup.add_argument("--db", help="database to copy (default: WORKBENCH_DB or .workbench/)")
    _add_lang(backup)
    backup.set_defaults(run=_backup)

    generate = commands.add_parser("generate", help="write the synthetic sample records")
    generate.add_argument("--out", help="folder to write into (default: data/sample)")
    generate.add_argument("--seed", type=int, help="random seed (default: the committed one)")
    generate.add_argument(
        "--national", action="store_true", help="national-scale synthetic database (705 districts) instead"
    )
    generate.add_argument("--events", type=int, help="with --national: events (default 1,000,000)")
    generate.add_argument("--victims", type=int, help="with --national: victim records (default 100,000)")
    generate.add_argument("--db", help="with --national: database file (default .workbench/national.duckdb)")
    _add_lang(generate)
    generate.set_defaults(run=_generate)

    figures = commands.add_parser("figures", help="render the standard briefing figures into a folder")
    _add_briefing_options(figures)
    figures.add_argument(
        "--out",
        help="folder (default: out/figures/FIRST-LAST[_DISTRICT...][_kK]_LANG, districts by code; with "
        "--mode internal out/internal/figures/..._internal_LANG, each file's name ending in _internal)",
    )
    figures.add_argument(
        "--format",
        nargs="+",
        choices=("png", "svg", "pdf"),
        default=["png", "svg", "pdf"],
        help="file formats",
    )
    figures.set_defaults(run=_figures)

    brief = commands.add_parser("brief", help="write the multi-page PDF briefing pack for a year range")
    _add_briefing_options(brief)
    brief.add_argument(
        "--out",
        help="PDF file, or a folder to write it into under its default name (default: "
        "out/brief_FIRST-LAST[_DISTRICT...][_kK]_LANG.pdf, districts by code; with --mode internal "
        "out/internal/brief_..._internal_LANG.pdf, and any name given ends in _internal)",
    )
    brief.set_defaults(run=_brief)
    releases = commands.add_parser(
        "releases",
        help="list the release register: every victim count publish mode let out, when, in which files",
    )
    releases.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")
    releases.add_argument(
        "--new-edition",
        action="store_true",
        help="after an import revised victim records: let the revised data be published (docs/releases.md)",
    )
    releases.add_argument(
        "--accept",
        action="store_true",
        help="after victim records or the public figures changed: check the change and publish again",
    )
    releases.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of the listing, the refusals and of what --accept and --new-edition say (default: vi)",
    )
    releases.set_defaults(run=_releases)
    imports = commands.add_parser(
        "import", help="import event or victim files (CSV, XLSX): validated, each file whole or not at all"
    )
    imports.add_argument("files", nargs="+", metavar="FILE", help="CSV or XLSX files")
    imports.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")
    imports.add_argument("--kind", choices=IMPORTABLE_KINDS, help="what the files hold (default: guessed)")
    imports.add_argument(
        "--header", action="append", metavar="HEADING=FIELD", help="extra header dictionary entry"
    )
    imports.add_argument(
        "--set", action="append", metavar="FIELD=VALUE", help="a value for a field the file has no column for"
    )
    imports.add_argument("--check", action="store_true", help="validate only, write nothing")
    imports.add_argument("--problems", metavar="CSV", help="also write the problem table to this CSV file")
    imports.add_argument(
        "--notes", action="store_true", help="print the notes too (what was converted, skipped, read as)"
    )
    imports.add_argument(
        "--key-file", help="pseudonym key file (default: WORKBENCH_KEY_FILE, else the user config folder)"
    )
    imports.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of the problems and the report (default: vi)",
    )
    _add_profile_options(imports)
    imports.set_defaults(run=lambda args: _import_profile(args) if args.profile else _import(args))
    _add_context_commands(commands)
    _add_export(commands)
    return top


# ---- workbench export: victim records in a standard's layout, k-anonymised (internal-only) ----


def _export(args: argparse.Namespace) -> int:
    from ._share import DEFAULT_K, export

    fmt = args.format
    out = Path(args.out) if args.out else PROJECT_ROOT / "out" / "share" / f"victims_{fmt}.csv"
    report = export(
        database_path(_database_given(args.db) or default_db_path()),
        fmt,
        out,
        k=DEFAULT_K if args.k is None else args.k,
        place=args.place,
        years=tuple(args.years) if args.years else None,
    )
    print(report.text(args.lang))
    print(command_text("export_report", args.lang, path=_shown(str(out) + ".json")))
    return 0


def _add_export(commands) -> None:
    export = commands.add_parser(
        "export",
        help="internal: the city's victim records in the HTCDS or CTDC layout, k-anonymised, for a partner",
    )
    export.add_argument("--format", choices=("htcds", "ctdc"), required=True, help="the standard's layout")
    export.add_argument(
        "--k", type=int, help="every quasi-identifier combination shared by k rows (default 11)"
    )
    export.add_argument(
        "--place",
        choices=("district", "province", "country"),
        default="province",
        help="the finest place the recipient may have (default province; HTCDS only)",
    )
    export.add_argument("--years", nargs=2, type=int, metavar=("FIRST", "LAST"), help="years of reception")
    export.add_argument(
        "--out", help="the file to write (default out/share/victims_FORMAT.csv); never overwritten"
    )
    export.add_argument("--db", help="database file (default: WORKBENCH_DB or .workbench/)")
    _add_lang(export, "language of the report the command prints (default: vi)")
    export.set_defaults(run=_export)


@contextlib.contextmanager
def _telling_waits(args: argparse.Namespace) -> Iterator[None]:
    """A release waiting for the register another workbench process holds says so on stderr at once,
    and again when it goes on, in the command's language (`--lang`, else Vietnamese): a second
    `workbench figures` waited for the first in silence and was taken for hung. So does an audit
    that takes more than a few seconds (`_waiting.told_while_audited`)."""
    from ._waiting import WAIT_REPORTER
    from ._words import REGISTER_WAIT

    lang = getattr(args, "lang", None) or "vi"
    english = lang == "en"

    def tell(key: str, fields: dict) -> None:
        shown = {
            name: format_number(value, lang=lang) if isinstance(value, int) else value
            for name, value in fields.items()
        }
        print(
            f"workbench {args.command}: {REGISTER_WAIT[key][english].format(**shown)}",
            file=sys.stderr,
            flush=True,
        )

    token = WAIT_REPORTER.set(tell)
    try:
        yield
    finally:
        WAIT_REPORTER.reset(token)


def _years_as_two(argv: list[str]) -> list[str]:
    """`--years 2016-2020` (as a period is written) as `--years 2016 2020`: argparse said only
    "expected 2 arguments"."""
    out: list[str] = []
    for i, part in enumerate(argv):
        found = re.fullmatch(r"(\d{4})\s*[-–—]\s*(\d{4})", part) if i and argv[i - 1] == "--years" else None
        out += list(found.groups()) if found else [part]
    return out


def main(argv: list[str] | None = None) -> int:
    prepare_streams()  # Vietnamese reaches a legacy code page or a redirected file without an error
    top = parser()
    # Options `workbench lab` does not know are JupyterLab's (--no-browser, --port 8890, ...);
    # those `workbench dashboard` does not know are Voilà's (--no-browser, --port=8870, ...).
    args, extra = top.parse_known_args(_years_as_two(sys.argv[1:] if argv is None else argv))
    if args.command in ("imports", "context") and args.name is None and len(extra) == 1:
        # `imports remove --db PATH BATCH`: argparse takes the positionals before the option only
        args.name, extra = extra[0], []
    if extra and args.command not in ("lab", "dashboard"):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    with warnings.catch_warnings():
        # Warnings the workbench gives on purpose (a damaged database rebuilt, ...) are messages.
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, *_rest, **_kw: print(
            f"workbench {args.command}: {message}", file=sys.stderr
        )
        # Every command takes --lang and says its errors in that language (Vietnamese by default)
        # where the error has words for it (`_error_words`); the others as raised.
        lang = getattr(args, "lang", None)
        try:
            with _telling_waits(args):
                return args.run(args)
        except UsageError as error:
            print(f"workbench {args.command}: {said(error, lang) if lang else error}", file=sys.stderr)
            return 2
        except WorkbenchError as error:
            shown = said(error, lang) if lang else str(error)
            print(f"workbench {args.command}: {_shown(shown)}", file=sys.stderr)
            return 1
        except BrokenPipeError:
            # The reader went away (`workbench import --check big.csv | head`): stop quietly, as
            # command-line tools do, with nothing more written to the closed pipe.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1


if __name__ == "__main__":
    sys.exit(main())
