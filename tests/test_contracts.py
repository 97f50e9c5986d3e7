"""The package's structure holds: its annotations type-check and its imports keep to their layers.

Both tools read their settings from pyproject.toml ([tool.mypy], [tool.importlinter]), so
`uv run mypy` and `uv run lint-imports` say the same when run by hand.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _tool(name: str) -> str:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or name


@pytest.mark.slow  # half a minute on a cold cache
def test_the_package_type_checks():
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_keep_to_their_layers():
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_is_in_a_layer():
    """A module left out of the layers would be free to import anything: each has its place."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    placed = {name for layer in layers for name in re.split(r"[|:]", layer) for name in [name.strip()]}
    package = ROOT / "workbench"
    modules = {p.stem for p in package.glob("_*.py") if p.stem != "__init__"} | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()
    }
    assert modules - placed == set(), "modules in no layer"
    assert placed - modules == set(), "layers naming no module"
