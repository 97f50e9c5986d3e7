"""Writing figures to files: PNG (300 dpi), SVG and PDF, byte-identical for identical data and
filters, each with a sidecar JSON saying exactly what it shows and how it was made."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from importlib import metadata as package_metadata
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._disclosure import DEFAULT_K, refusal
from ._errors import (
    FigureError,
    StoreError,
    UnknownCodeError,
    unknown_value,
)
from ._figure import (
    drawn_tables,
    drew_exact,
    figure_of,
    footed_with,
    footer,
    mark_internal,
    marked_internal,
    set_footer,
)
from ._kinds import withheld_in_publish
from ._labels import LANGS, changed_columns, drawn_exact, is_published, shows_exact, text, withheld_columns
from ._private import check_files_free, make_owner_only, private_dir

FORMATS = ("png", "svg", "pdf")
# Names of files a figure is not written as (other images, documents, spreadsheets, web pages):
# given one, the figure was written under it with .png, .svg and .pdf added.
OTHER_FILES = frozenset(
    {
        *(".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".eps", ".emf", ".wmf"),
        *(".docx", ".doc", ".odt", ".rtf", ".txt", ".md", ".html", ".htm", ".pptx", ".ppt", ".odp"),
        *(".xlsx", ".xls", ".ods", ".csv", ".json"),
    }
)
DPI = 300
SOFTWARE = "workbench"
# rcParams that make output depend on the data alone: TrueType fonts in PDF (type 42: the
# Vietnamese glyphs embedded and the text extractable), fixed SVG ids, no per-run salt.
DETERMINISTIC_RC = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "pdf.compression": 6,
    "svg.hashsalt": "workbench",
    "svg.fonttype": "path",
}
# File metadata with no creation date: a date would make every export differ.
FILE_METADATA = {
    "png": {"Software": SOFTWARE},
    "svg": {"Date": None, "Creator": SOFTWARE},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": SOFTWARE, "Creator": SOFTWARE},
}
PACKAGES = ("workbench", "matplotlib", "duckdb", "pandas", "numpy")


@contextlib.contextmanager
def deterministic() -> Iterator[None]:
    """rcParams under which the same figure always writes the same bytes."""
    with mpl.rc_context(DETERMINISTIC_RC):  # type: ignore[arg-type]
        yield


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = package_metadata.version(name)
        except package_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def data_hash(data: pd.DataFrame | Iterable[pd.DataFrame]) -> str:
    """SHA-256 of the plotted tables' values, column names included, in a stable CSV form."""
    frames = [data] if isinstance(data, pd.DataFrame) else list(data)
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _jsonable(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def provenance(data: pd.DataFrame | Iterable[pd.DataFrame], meta: Mapping[str, str] | None) -> dict:
    """What a file shows and how it was made: the queries (SQL and parameters) and filters behind
    each table, the database's fingerprint, a hash of the plotted values, package versions."""
    frames = [data] if isinstance(data, pd.DataFrame) else list(data)
    meta = meta or {}
    queries = []
    for frame in frames:
        filters = frame.attrs.get("filters")
        queries.append(
            {
                "kind": frame.attrs.get("kind"),
                "sql": frame.attrs.get("sql"),
                "params": _jsonable(frame.attrs.get("params", {})),
                "filters": _jsonable(asdict(filters)) if filters is not None else None,
                # how places were counted across the 2025 reform, and the apportioning rule
                "geography": frame.attrs.get("geography"),
                "geography_note": frame.attrs.get("geography_note"),
                "territory_note": frame.attrs.get("territory_note"),
                # which statuses a victim count holds (identified victims unless asked): the filters
                # above list what was asked, and a victims query asked nothing counts only those
                "status_note": frame.attrs.get("status_note"),
                "columns": list(map(str, frame.columns)),
                "rows": len(frame),
            }
        )
    return {
        "queries": queries,
        "data_fingerprint": {"database": meta.get("fingerprint"), "plotted_data_sha256": data_hash(frames)},
        "data_version": meta.get("data_version"),
        "generated_on": meta.get("generated_on"),
        # imported batches of the city's records held, and the last day the data cover (the footer's)
        "imported_batches": meta.get("imported_batches"),
        "data_to": meta.get("data_to"),
        "synthetic": meta.get("synthetic"),
        "versions": package_versions(),
    }


def write_sidecar(path: Path, record: dict) -> Path:
    """`figure.png` -> `figure.png.json`, naming the file and its SHA-256 beside the provenance."""
    path = Path(path)
    sidecar = path.with_name(path.name + ".json")
    content = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), **record}
    sidecar.write_text(json.dumps(content, ensure_ascii=False, indent=2, sort_keys=False) + "\n", "utf-8")
    return sidecar


def check_publishable(
    frames: list[pd.DataFrame], mode: str, figure: Figure | None = None, meta: Mapping[str, str] | None = None
) -> None:
    """In publish mode, refuse any table of exact counts that publish mode withholds below k
    (victims, people supported, hotline contacts; events are never suppressed), and a figure that
    carries the internal mark whatever `data` was passed: an internal hotline chart, and an
    internal victims chart given `data=[]`, were written as published files."""
    if mode not in ("publish", "internal"):
        raise unknown_value(UnknownCodeError, "mode", mode, ("publish", "internal"))
    if mode == "internal":
        return
    # said in the language the tables were asked in (Vietnamese for a table of one's own)
    lang = next((f.attrs["lang"] for f in frames if f.attrs.get("lang") in LANGS), "vi")
    exact = [
        _exact_name(f)
        for f in frames
        if shows_exact(f) or (not is_published(f) and not f.attrs.get("kind"))  # unknown: not trusted
    ]
    if exact:
        raise refusal("export_exact", {"kinds": ", ".join(dict.fromkeys(exact))}, lang)
    changed = [name for f in frames for name in changed_columns(f)]
    if changed:  # publish mode vouches for a table as it returned it, no more
        raise refusal("export_changed", {"columns": ", ".join(dict.fromkeys(changed))}, lang)
    release_files(frames, lang)  # what the files will be noted as holding, before one is written
    named = _check_drawn_from(frames, figure, lang) if figure is not None else (frames, None)
    for said in (meta, named[1]):  # the sidecar's meta, and the footer's
        _check_meta(named[0], said, lang)
    if figure is not None and (marked_internal(figure) or drew_exact(figure)):
        raise refusal("export_exact_figure", {}, lang)


def _check_meta(frames: list[pd.DataFrame], meta: Mapping[str, str] | None, lang: str) -> None:
    """`meta` as the published tables say of their database: the sidecar of a published file is
    written from it, and a `meta=` of one's own put another database, data version and date into
    it (found by an attacker on 7 Dec 2026)."""
    if meta is None:
        return
    differ = sorted(
        {
            key
            for frame in frames
            if is_published(frame) and isinstance(frame.attrs.get("data_about"), Mapping)
            for key, value in frame.attrs["data_about"].items()
            if key in meta and meta[key] != value
        }
    )
    if differ:
        raise refusal("export_meta_differs", {"keys": ", ".join(differ)}, lang)


def _releases(frames: Iterable[pd.DataFrame]) -> set[tuple[str, int]]:
    """The releases publish mode sealed on these tables, by register."""
    return {
        (str(f.attrs["release"].get("register")), n)
        for f in frames
        if is_published(f) and isinstance(f.attrs.get("release"), Mapping)
        for n in f.attrs["release"].get("releases") or ()
    }


def _check_drawn_from(
    frames: list[pd.DataFrame], figure: Figure, lang: str
) -> tuple[list[pd.DataFrame], Mapping[str, str] | None]:
    """The tables given as the figure's `data` are those its charts were drawn and its footer
    written from, as far as releases go: `data=` of another published table had a file noted in
    the register under a release it does not hold (and not under the one it does), `data=[]` let
    any `meta=` into its sidecar, and a footer written from another table or `meta=` gave it
    another period, data version and date (found by an attacker on 7 Dec 2026). Returns every
    table the file names and the meta its footer was written with, for `_check_meta`. A figure no
    chart helper drew is taken with the `data` given."""
    drawn = drawn_tables(figure)
    if not drawn:
        return frames, None
    footed, footer_meta = footed_with(figure)
    if _releases(frames) != _releases([*drawn, *footed]):
        raise refusal("export_data_differs", {}, lang)
    return [*frames, *drawn, *footed], footer_meta


def _exact_name(frame: pd.DataFrame) -> str:
    """What a refused table holds, for the message: its kind, or the columns that made it exact."""
    kind = frame.attrs.get("kind")
    if kind and withheld_in_publish(kind):
        return kind
    return ", ".join(withheld_columns(frame)) or "ad hoc SQL"


def release_files(frames: Iterable[pd.DataFrame], lang: str = "vi") -> dict[Path, list[int]]:
    """The release registers the frames came from and their releases they hold, as the registers
    themselves have them. A frame's `attrs` can be set by hand: one naming another file had the
    export create that file and write to it, and one naming releases never made had them noted as
    held in the file (found by an attacker on 7 Dec 2026). So each is checked, before anything is
    written: an existing register (named as registers are) holding every release named."""
    from ._release import REGISTER_PREFIX, SUFFIX, Register

    named: dict[str, set[int]] = {}
    wrong: list[str] = []
    for frame in frames:
        release = frame.attrs.get("release")
        if not release:
            continue
        if not is_published(frame):  # a release publish mode did not seal on this table: set by hand
            wrong.append(repr(release))
            continue
        path = release.get("register") if isinstance(release, Mapping) else None
        numbers = release.get("releases") if isinstance(release, Mapping) else None
        if not isinstance(path, str) or not isinstance(numbers, list) or not _whole(numbers):
            wrong.append(repr(release))
            continue
        named.setdefault(path, set()).update(numbers)
    found: dict[Path, list[int]] = {}
    for path, numbers in named.items():
        register = Path(path)
        is_one = register.name.startswith(REGISTER_PREFIX) and register.suffix == ".jsonl"
        if not (is_one or register.name.endswith(SUFFIX)) or not register.is_file():
            wrong.append(path)
            continue
        held = {e["release"] for e in Register.at(register).entries() if "release" in e}
        if not numbers <= held:
            wrong.append(f"{path}: {sorted(numbers - held)}")
            continue
        found[register] = sorted(numbers)
    if wrong:
        raise refusal("export_release_changed", {"register": "; ".join(wrong)}, lang)
    return found


def _whole(numbers: list) -> bool:
    return all(type(n) is int for n in numbers)


def record_release_files(frames: Iterable[pd.DataFrame], files: Iterable[Path]) -> None:
    """Note in each release register which files now hold the releases these frames came from."""
    from ._release import Register

    for path, numbers in release_files(frames).items():
        Register.at(path).record_files(numbers, list(files))


def _one_chart(ax: Axes) -> None:
    """One chart per file: an Axes that shares its figure with other charts is not exported alone
    (its neighbours would come along); say how to get it on its own."""
    others = [a for a in ax.figure.axes if a is not ax and a.get_visible() and a.axison and a.has_data()]
    if others:
        raise FigureError(
            f"This chart shares its figure with {len(others)} other chart(s), and a file holds one chart. "
            "Draw it on a figure of its own (the chart helper without ax=, e.g. wb.trend_chart(df)) and "
            "export that, or pass the Figure (ax.figure) to write all of its charts into one file."
        )


def _stem(path: str | Path) -> Path:
    path = Path(path)
    return path.with_suffix("") if path.suffix.lstrip(".").lower() in FORMATS else path


def internal_name(path: Path) -> Path:
    """`path` with `_internal` at the end of its stem unless its name already says internal: a file
    of exact counts always says so in its name, wherever it was asked to go (an internal pack
    given the donor pack's name replaced it, nothing in the name or the sidecar saying so)."""
    words = path.name.lower().replace("-", "_").replace(".", "_").split("_")
    if "internal" in words:
        return path
    suffix = path.suffix if path.suffix.lstrip(".").lower() in (*FORMATS, "json") else ""
    return path.with_name(f"{path.name.removesuffix(suffix)}_internal{suffix}")


def selection_name(filters, lang: str, mode: str, k: int | None = None) -> str:
    """What a pack or a set of figures covers, as a name: its years, its districts' codes when it
    is not the whole city, its k when it is not the default, `internal` for exact counts, and its
    language (`2019-2020_916_internal_vi`). The figures of Ninh Kiều replaced the city's of the
    same years in out/figures/, the register still naming those files as the city's release."""
    years = filters.years
    span = f"{years[0]}-{years[1]}" if years else "all-years"
    places = "".join(f"_{code}" for code in filters.districts)
    level = f"_k{k}" if k not in (None, DEFAULT_K) else ""
    internal = "_internal" if mode == "internal" else ""
    return f"{span}{places}{level}{internal}_{lang}"


def ready_folder(folder: Path, mode: str) -> None:
    """The folder a file is written into: made owner-only for internal files; a file in its place
    is a `StoreError` naming it, in either mode (publish mode's was a bare FileExistsError)."""
    if mode == "internal":  # exact victim counts: owner-only files and new folders
        private_dir(folder)
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise StoreError(f"{folder} is a file; a folder is needed there.") from None


def export_figure(
    figure: Figure | Axes,
    path: str | Path,
    *,
    data: pd.DataFrame | Iterable[pd.DataFrame] | None = None,
    meta: Mapping[str, str] | None = None,
    formats: Iterable[str] | str | None = None,
    dpi: int = DPI,
    mode: str = "publish",
) -> list[Path]:
    """Write the figure as `path` + .png/.svg/.pdf, each with a `.json` sidecar; returns the files.
    A `path` naming one of those formats (`out/attendees.png`) is written in that format only,
    unless `formats` are given.

    `data` are the query results the figure was drawn from (their SQL, parameters and filters go
    into the sidecars): by default the tables the workbench's chart helpers drew on it. `meta` is
    `db.metadata` (data version and the database's fingerprint): by default what those tables say
    of the database they came from.
    `mode` is "publish" by default: a figure drawn from exact victim counts (an internal-mode
    connection, or ad hoc SQL) is refused; pass mode="internal" to write it marked as internal.
    """
    if isinstance(figure, Axes):
        _one_chart(figure)
    figure = figure_of(figure) if isinstance(figure, Axes) else figure
    if str(path).endswith(("/", os.sep)) or Path(path).is_dir():
        # 'out/figs/' was written as out/figs.png, .svg and .pdf, beside the folder meant
        raise FigureError(
            f"{str(path)!r} is a folder: give the figure a file name in it, e.g. "
            f"{str(Path(path) / 'chart.png')!r} (or 'chart' for PNG, SVG and PDF).",
            given=str(path),
        )
    suffix = Path(path).suffix.lower()
    named = suffix.lstrip(".")  # the format the name gives, if any
    if suffix in OTHER_FILES:  # 'chart.jpg' was written as chart.jpg.png, .svg and .pdf
        lead = f"A figure is written as PNG, SVG or PDF, and {str(path)!r} names a {suffix} file"
        raise unknown_value(UnknownCodeError, "export format", named, FORMATS, lead=lead)
    if isinstance(formats, str):  # formats="png" was read letter by letter
        formats = [formats]
    if formats is None:  # 'chart.png' asked for a PNG, not three files
        formats = [named] if named in FORMATS else FORMATS
    formats = [f.lower() for f in formats]
    if named in FORMATS and named not in formats:
        lead = f"{str(path)!r} names a {suffix} file, and formats= asks for {', '.join(formats)}"
        raise unknown_value(UnknownCodeError, "export format", named, formats, lead=lead)
    for fmt in formats:
        if fmt not in FORMATS:
            raise unknown_value(UnknownCodeError, "export format", fmt, FORMATS)
    if data is None:
        frames = drawn_tables(figure)
        if not frames:
            raise FigureError(
                "export_figure was given no data=, and no chart helper of the workbench drew this "
                "figure: pass data= (the tables it was drawn from, for its sidecars)."
            )
    else:
        frames = [data] if isinstance(data, pd.DataFrame) else list(data)
    if meta is None:  # every query helper's table says which database it came from
        meta = next((f.attrs["data_about"] for f in frames if f.attrs.get("data_about")), None)
    check_publishable(frames, mode, figure, meta)
    internal = mode == "internal"
    stem = internal_name(_stem(path)) if internal else _stem(path)
    ready_folder(stem.parent, mode)
    targets = [stem.with_name(f"{stem.name}.{fmt}") for fmt in formats]
    check_files_free([*targets, *(t.with_name(t.name + ".json") for t in targets)])
    if internal and (drew_exact(figure) or drawn_exact(frames)):
        # Exact counts say so on the file whatever the figure was given before: a chart drawn with
        # ax= on a figure of one's own, or a footer set with internal=False, was written unmarked.
        if not footer(figure):
            set_footer(figure, frames, meta, internal=True)
        mark_internal(figure, "en" if footer(figure).startswith(f"{text('source', 'en')}:") else "vi")
    record = {"mode": mode, **provenance(frames, meta)}
    written = []
    with deterministic():
        for fmt in formats:
            target = stem.with_name(f"{stem.name}.{fmt}")
            if internal:
                make_owner_only((target, target.with_name(target.name + ".json")))
            figure.savefig(target, format=fmt, dpi=dpi, metadata=FILE_METADATA[fmt])
            written += [target, write_sidecar(target, record)]
    if mode == "publish":
        record_release_files(frames, written)
    return written
