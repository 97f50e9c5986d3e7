"""Where the workbench finds its data files and keeps its built database."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import platformdirs

from ._settings import setting

PACKAGE_DIR = Path(__file__).resolve().parent
_CLONE = PACKAGE_DIR.parent
# A clone (or an editable install of one) has the project's data/ and notebooks/ beside the package;
# an installed wheel carries them inside it (pyproject.toml: force-include), and keeps what it
# builds and writes in the user's data folder and the folder it is run from.
IN_CLONE = (_CLONE / "pyproject.toml").is_file() and (_CLONE / "data").is_dir()

# Where the analyst's own files go (out/, workspace/): the clone, or the folder the command runs in.
PROJECT_ROOT = _CLONE if IN_CLONE else Path.cwd()

# The committed data (records and reference tables) from which the database is built.
DATA_DIR = _CLONE / "data" if IN_CLONE else PACKAGE_DIR / "_data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"
# The invented examples in the standards' layouts (not real data): a context source imported from
# one of them, whatever its file is called, is named and marked as invented on every figure.
INVENTED_EXAMPLES = ("ctdc_shaped_example.csv", "htcds_shaped_example.csv")
# The notebook templates the lab copies and the dashboard serves.
NOTEBOOKS_DIR = _CLONE / "notebooks" if IN_CLONE else PACKAGE_DIR / "_notebooks"


def out_dir(mode: str) -> Path:
    """Where files go unless told: out/, and internal ones (exact victim counts) in out/internal/
    beside the dashboard's internal exports. In out/figures/ an internal set of figures took the
    published figures' names: exact counts in the folder an analyst sends files out from."""
    return PROJECT_ROOT / "out" / ("internal" if mode == "internal" else "")


def figures_dir(mode: str) -> Path:
    """out/figures/, or out/internal/figures/ for internal figures."""
    return out_dir(mode) / "figures"


# Built artefacts are derived, never committed: beside the clone's data, ignored by git; for an
# installed wheel in the user's data folder.
USER_DATA_DIR = Path(platformdirs.user_data_dir("workbench", appauthor=False))
STATE_DIR = _CLONE / ".workbench" if IN_CLONE else USER_DATA_DIR


def default_db_path() -> Path:
    """`WORKBENCH_DB` when set, else the database built beside the repository's data."""
    env = setting("WORKBENCH_DB")
    return Path(env).expanduser() if env else STATE_DIR / "workbench.duckdb"


def database_path(path: str | os.PathLike) -> Path:
    """The database path as given, or, when it is a symbolic link, the file it links to: the
    generations, the lock and the import store are kept beside the pointer itself, and a build
    replaces that pointer (never the link with a file of its own)."""
    given = Path(path).expanduser()
    return Path(os.path.realpath(given)) if given.is_symlink() else given


@cache
def invented_hashes() -> frozenset[str]:
    """The SHA-256 of each invented example shipped in data/examples/ (`INVENTED_EXAMPLES`)."""
    found = set()
    for name in INVENTED_EXAMPLES:
        path = DATA_DIR / "examples" / name
        if path.is_file():
            found.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return frozenset(found)
