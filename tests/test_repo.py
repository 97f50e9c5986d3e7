"""The repository keeps its promises: lint is clean, the README documents what exists."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench._cli import parser

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ruff_passes():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "workbench", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_gives_the_two_commands():
    assert "uv run workbench lab" in README
    assert "uv run pytest" in README


def _commands():
    subparsers = next(a for a in parser()._actions if a.dest == "command")
    return sorted(subparsers.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command):
    assert re.search(rf"workbench {command}\b", README), f"`workbench {command}` is not in README.md"


def test_every_notebook_is_in_the_readme():
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert notebook.name in README, f"{notebook.name} is not in README.md"


def test_every_dependency_is_explained_in_the_readme():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [re.split(r"[<>=!\[ ]", dep)[0] for dep in project["project"]["dependencies"]]
    names += [re.split(r"[<>=!\[ ]", dep)[0] for dep in project["dependency-groups"]["dev"]]
    for name in names:
        assert f"`{name}`" in README, f"README.md does not say why {name} is a dependency"
