"""The repository keeps its promises: lint is clean, the README and docs/ document what exists.

The README is short and links to the pages under docs/ (and benchmarks/RESULTS.md); what must be
documented may be documented on any of them, and every link between them must lead somewhere.
"""

import re
import shlex
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from workbench._cli import parser

ROOT = Path(__file__).parent.parent
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOC_PAGES = sorted((ROOT / "docs").glob("*.md"))
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
PAGES = [README_PATH, *DOC_PAGES, RESULTS]
ALL_TEXT = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
README_MAX_LINES = 150  # two screens
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


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


def test_readme_fits_on_two_screens():
    lines = README.count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail to a page under docs/"


def _commands():
    subparsers = next(a for a in parser()._actions if a.dest == "command")
    return sorted(subparsers.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command):
    assert re.search(rf"workbench {command}\b", ALL_TEXT), (
        f"`workbench {command}` is in neither README.md nor a page under docs/"
    )


def test_every_notebook_is_in_the_readme():
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert notebook.name in README, f"{notebook.name} is not in README.md"


def _dependency_names():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [re.split(r"[<>=!\[ ]", dep)[0] for dep in project["project"]["dependencies"]]
    names += [re.split(r"[<>=!\[ ]", dep)[0] for dep in project["dependency-groups"]["dev"]]
    return names


@pytest.mark.parametrize("name", _dependency_names())
def test_every_dependency_is_explained(name):
    # A row of a "Dependencies and why" table: | `name` | why | or | `name` (dev) | why |
    row = re.compile(rf"^\| `{re.escape(name)}`( \(dev\))? \| \S", re.MULTILINE)
    assert row.search(ALL_TEXT), f"no page says why {name} is a dependency (docs/development.md)"


def test_every_docs_page_is_linked_from_the_readme():
    linked = {
        (README_PATH.parent / target.split("#")[0]).resolve()
        for target in LINK.findall(README)
        if not re.match(r"[a-z]+:", target)
    }
    for page in [*DOC_PAGES, RESULTS]:
        assert page.resolve() in linked, f"README.md does not link to {_page_id(page)}"


def _slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's rule) gives a heading."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)} | {
        m.lower() for m in re.findall(r'<a (?:name|id)="([^"]+)"', text)
    }


def _links():
    for page in PAGES:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
        for target in LINK.findall(text):
            if not re.match(r"[a-z]+:", target):  # http:, https:, mailto: are not checked
                yield pytest.param(page, target, id=f"{_page_id(page)}->{target}")


@pytest.mark.parametrize(("page", "target"), list(_links()))
def test_every_link_between_the_pages_resolves(page, target):
    path, _, anchor = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    assert destination.exists(), f"{_page_id(page)} links to {target}: no such file"
    if anchor:
        assert destination.suffix == ".md", f"{_page_id(page)} links to {target}: an anchor in a non-page"
        assert anchor in _anchors(destination), (
            f"{_page_id(page)} links to {target}: {_page_id(destination)} has no heading #{anchor}"
        )


def _documented_command_lines():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```bash\n(.*?)```", text, re.DOTALL):
            for line in block.splitlines():
                if line.startswith("uv run workbench "):
                    yield pytest.param(line, id=f"{_page_id(page)}:{line.split('#')[0].strip()}")


@pytest.mark.parametrize("line", list(_documented_command_lines()))
def test_every_documented_command_line_parses(line):
    """Every `uv run workbench ...` line shown in a page is a command line the command accepts."""
    argv = shlex.split(line, comments=True)[3:]
    args, extra = parser().parse_known_args(argv)
    assert not extra or args.command in ("lab", "dashboard"), f"{line!r}: unknown arguments {extra}"
