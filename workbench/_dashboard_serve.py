"""`workbench dashboard`: Voilà on the dashboard notebook, on this computer only.

The internal dashboard (exact victim counts) asks for a token: Voilà makes one at start and prints
the address with it, as JupyterLab does. `--publish` serves a publish-mode connection instead (only
published numbers; for screens shown to people outside the team) and no other notebook. Either
way: kernels are started ahead (a pool of two, so a page shows in seconds, and so does the next one
opened right after it), a closed tab's
kernel is shut down (Voilà does that on the page's unload), and kernels whose page went away
without saying so are culled when idle.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ._children import forwarded_signals, own_group, pass_stop, windows
from ._error_words import error_text
from ._errors import UnknownCodeError, UsageError, did_you_mean
from ._paths import NOTEBOOKS_DIR
from ._words import command_text

DASHBOARD_NOTEBOOK = "08_dashboard.ipynb"
# Voilà listens here unless told otherwise: the dashboard shows internal victim counts, so it is
# for the analyst's own computer, not the office network.
HOST = "127.0.0.1"
# How the served notebook's kernel knows the server was started with --publish.
MODE_ENV = "WORKBENCH_DASHBOARD_MODE"
# Where Voilà finds the workbench page template (share/voila/templates/workbench).
TEMPLATES = Path(__file__).parent / "share"
# Pre-started kernels per notebook: each has imported the workbench, connected and drawn the panels
# before anyone asks; the pool refills after each page. Two, so that pages opened close together
# (a second tab, a colleague) do not wait for the refill (a kernel takes 5-10 s to start); each
# idle kernel holds about 200 MB.
POOL_SIZE = 2
KERNEL_OPTIONS = (
    "--preheat_kernel=True",
    f"--pool_size={POOL_SIZE}",
    # Kernels of pages that went away without the unload request (a crashed browser, a lost
    # network) are shut down after 10 idle minutes with no tab connected; pooled ones are kept.
    "--MappingKernelManager.cull_idle_timeout=600",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
    "--MappingKernelManager.cull_busy=False",
    # a kernel socket in the legacy framing the page never uses could hang the server (see the module)
    "--Voila.kernel_websocket_connection_class=workbench._dashboard_socket.PageProtocolOnly",
)


def notebook_path(name: str | None = None) -> Path:
    """A notebook of notebooks/ by file name (with or without .ipynb); the dashboard by default."""
    name = name or DASHBOARD_NOTEBOOK
    if not name.endswith(".ipynb"):
        name += ".ipynb"
    path = NOTEBOOKS_DIR / Path(name).name
    if not path.is_file():
        known = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
        match, _ = did_you_mean(name, known)
        fields: dict[str, object] = {
            "given": repr(name),
            "listed": ", ".join(known),
            "match": repr(match) if match else None,
        }
        raise UnknownCodeError(
            error_text("unknown_notebook", fields, "en"),
            given=name,
            valid=known,
            closest=match,
            words=("unknown_notebook", fields),
        )
    return path


def voila_command(notebook: Path, extra: Sequence[str] = (), *, publish: bool = False) -> list[str]:
    """Voilà on one notebook, code hidden, on localhost, the workbench template; internal: with a
    token Voilà makes and prints. `extra` options come last and win."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--Voila.ip={HOST}",
        "--strip_sources=True",
        "--template=workbench",
        *KERNEL_OPTIONS,
        *(() if publish else ("--token",)),
        *extra,
    ]


def voila_env(publish: bool, db: Path | None = None) -> dict[str, str]:
    """Voilà's environment, which its kernels inherit: the workbench template found, the mode, and
    `WORKBENCH_DB` set to `db` when one was given (`workbench dashboard --db`)."""
    env = dict(os.environ)
    paths = [str(TEMPLATES), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env[MODE_ENV] = "publish" if publish else "internal"
    if db is not None:
        env["WORKBENCH_DB"] = str(db)
    return env


def serve(
    notebook: str | None = None,
    extra: Sequence[str] = (),
    *,
    publish: bool = False,
    db: Path | None = None,
    lang: str = "vi",
) -> int:
    """Run Voilà on the dashboard (or `notebook`) until interrupted; returns its exit status. Its
    kernels connect to `db` when one is given (else to `WORKBENCH_DB` or the project's). What it
    says before Voilà starts is in `lang`.

    A SIGTERM to this command is passed on, so Voilà shuts its kernels down instead of outliving it.
    """
    path = notebook_path(notebook)
    if publish and path.name != DASHBOARD_NOTEBOOK:
        fields: dict[str, object] = {"dashboard": DASHBOARD_NOTEBOOK, "notebook": path.name}
        raise UsageError(
            error_text("dashboard_publish_only", fields, "en"), words=("dashboard_publish_only", fields)
        )
    print(command_text("dashboard_publish" if publish else "dashboard_internal", lang), flush=True)
    command = voila_command(path, list(extra), publish=publish)
    process = subprocess.Popen(command, env=voila_env(publish, db), **own_group())  # noqa: S603 - our interpreter
    # POSIX: SIGTERM passed on (Ctrl-C reaches Voilà itself). Windows: Voilà has a process group of
    # its own, so Ctrl+C and Ctrl+Break are passed on to it, as CTRL_BREAK_EVENT.
    stops = forwarded_signals()[:2] if windows() else (signal.SIGTERM,)
    previous = {
        signum: signal.signal(signum, lambda signum, _frame: pass_stop(process, signum)) for signum in stops
    }
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl-C reached Voilà too; let it finish shutting down
        return process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
