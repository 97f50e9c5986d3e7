"""Where the workbench finds its data files and keeps its built database."""

from __future__ import annotations

import os
from pathlib import Path

from ._settings import setting

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The committed data (records and reference tables) from which the database is built.
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"

# Built artefacts are derived, never committed: they live beside the repo's data, ignored by git.
STATE_DIR = PROJECT_ROOT / ".workbench"


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
