"""`workbench lab`: JupyterLab on the analyst's working copies, never on the tracked notebooks.

The notebooks in `notebooks/` are templates, committed without outputs. JupyterLab saves (and
autosaves) outputs into whatever it opens, so it opens a working folder that git ignores
(`workspace/`, or `WORKBENCH_WORKSPACE`), filled from the templates by `prepare_workspace`:

- a template with no working copy is copied in (a new notebook, or one the analyst deleted to get
  a fresh copy back);
- when a template changes, a working copy the analyst never saved (still byte-identical to the
  template it was copied from) is replaced by the new version; one the analyst saved is never
  touched: the new version is written beside it as `NAME.template-<hash>.ipynb`, and the command
  says so;
- `.templates.json` in the working folder records which version of each template was copied, so a
  template is offered once per change, however often the lab is started.

The working copies sit one folder below the project, as the templates do, so paths in a notebook
relative to its folder (`../out/figures`) mean the same in both.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ._children import forwarded_signals, own_group, pass_stop
from ._paths import NOTEBOOKS_DIR, PROJECT_ROOT
from ._settings import setting
from ._words import command_text

TEMPLATES_DIR = NOTEBOOKS_DIR
MANIFEST = ".templates.json"


def workspace_dir() -> Path:
    """`WORKBENCH_WORKSPACE` when set, else `workspace/` beside `notebooks/` (ignored by git)."""
    env = setting("WORKBENCH_WORKSPACE")
    return Path(env).expanduser() if env else PROJECT_ROOT / "workspace"


@dataclass(frozen=True, slots=True)
class Change:
    """What preparing the working folder did with one template."""

    action: str  # "copied", "updated" (unsaved copy replaced) or "offered" (new version beside it)
    template: Path
    path: Path  # the working copy written

    def text(self, lang: str = "vi") -> str:
        """What was done, in `lang` ('vi' or 'en')."""
        if self.action == "offered":
            return command_text("lab_offered", lang, template=self.template.name, name=self.path.name)
        if self.action == "updated":
            return command_text("lab_updated", lang, name=self.path.name)
        return command_text("lab_copied", lang, name=self.path.name, folder=self.template.parent.name)

    def __str__(self) -> str:
        return self.text("en")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}


def _copy(template: Path, target: Path) -> None:
    """Copy under a temporary name and rename: a half-written notebook never appears."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(template, partial)
    partial.replace(target)


def prepare_workspace(
    workspace: str | Path | None = None, templates: str | Path = TEMPLATES_DIR
) -> list[Change]:
    """Bring the working folder up to date with the templates without losing an analyst's edits.

    Only ever writes inside `workspace`; reads `templates`. Returns what it did, one Change per
    template that needed something."""
    folder = Path(workspace) if workspace is not None else workspace_dir()
    templates = Path(templates)
    folder.mkdir(parents=True, exist_ok=True)
    recorded = _read_manifest(folder)
    changes: list[Change] = []
    for template in sorted(templates.glob("*.ipynb")):
        current, target = _digest(template), folder / template.name
        if not target.exists():
            _copy(template, target)
            changes.append(Change("copied", template, target))
        elif recorded.get(template.name) == current:
            continue  # this version was copied before: nothing new to offer
        elif _digest(target) in (current, recorded.get(template.name)):
            # Never saved since it was copied (or already the new version): nothing of theirs to lose.
            if _digest(target) != current:
                _copy(template, target)
                changes.append(Change("updated", template, target))
        else:
            beside = folder / f"{template.stem}.template-{current[:8]}.ipynb"
            if not beside.exists():
                _copy(template, beside)
            changes.append(Change("offered", template, beside))
        recorded[template.name] = current
    manifest = folder / MANIFEST
    partial = manifest.with_name(f".{manifest.name}.partial")
    partial.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(manifest)
    return changes


def run_forwarding(command: Sequence[str], **popen) -> int:
    """Run `command` until it ends, passing SIGTERM, SIGINT and SIGHUP sent to this process on to
    it (on Windows: Ctrl+C and Ctrl+Break, as CTRL_BREAK_EVENT); its exit status (128 + signal
    number when a signal ended it, as a shell reports it).

    A supervisor stopping `workbench lab` (SIGTERM) must stop JupyterLab, which then shuts its
    kernels down, rather than leave it running without a parent. Ctrl+C in a terminal reaches both
    processes, so JupyterLab sees it twice and stops at once instead of asking to confirm."""
    child = subprocess.Popen(list(command), **own_group(), **popen)  # noqa: S603 - our interpreter, arguments

    def forward(signum: int, _frame) -> None:
        pass_stop(child, signum)

    previous = {signum: signal.signal(signum, forward) for signum in forwarded_signals()}
    try:
        code = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 128 - code if code < 0 else code


def lab_command(workspace: Path, extra: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}", *extra]


def lab_env(db: Path | None = None) -> dict[str, str] | None:
    """The environment JupyterLab runs with, and its kernels inherit: this one, with `WORKBENCH_DB`
    set to `db` when one was given (`workbench lab --db`), so `wb.connect()` in a notebook opens it;
    None (inherited as it is) otherwise."""
    if db is None:
        return None
    return {**os.environ, "WORKBENCH_DB": str(db)}


def run_lab(extra: Sequence[str], *, db: Path | None = None, lang: str = "vi") -> int:
    """Prepare the working folder, say what changed (in `lang`), and run JupyterLab on it until it
    stops; its notebooks connect to `db` when one is given (else to `WORKBENCH_DB` or the
    project's)."""
    workspace = workspace_dir()
    for change in prepare_workspace(workspace):
        print(f"workbench lab: {change.text(lang)}")
    print(f"workbench lab: {command_text('lab_running', lang, workspace=workspace)}")
    sys.stdout.flush()
    return run_forwarding(lab_command(workspace, extra), env=lab_env(db))
