"""A release asked again of the same records, register and k is settled once per process
(`workbench._settled`); anything the key holds changed, it is settled afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench import _settled, _withhold
from workbench._generations import copy_database

ASKED = {"years": (2016, 2018), "by": "district"}
CORPUS = Path(__file__).parent / "import_corpus" / "good" / "victims_identified.csv"


def _copy(template: Path, folder: Path) -> Path:
    path = folder / "workbench.duckdb"
    path.parent.mkdir(parents=True)
    copy_database(template, path)
    return path


def _shown(path: Path, k: int = 5, **asked) -> list[str]:
    with wb.connect(path, build=False, mode="publish", k=k) as db:
        return db.victims(**(asked or ASKED))["victims_display"].tolist()


def test_the_same_release_on_a_fresh_copy_is_settled_once_with_the_same_marks(template, tmp_path, settling):
    first = _shown(_copy(template, tmp_path / "a"))
    again = _shown(_copy(template, tmp_path / "b"))
    assert settling.calls == 1
    assert again == first
    assert any(shown == "<5" for shown in first)  # the case protects something
    _settled.forget()
    afresh = _shown(_copy(template, tmp_path / "c"))
    assert settling.calls == 2
    assert afresh == first  # what was remembered is what the audit settles


def _released_before(path: Path) -> None:
    with wb.connect(path, build=False, mode="publish") as db:
        db.victims(years=(2016, 2017), by="year")


def _imported(path: Path) -> None:
    assert wb.import_files(CORPUS, db=path, progress=False).rows_added == 2


@pytest.mark.parametrize(
    ("change", "k"),
    [
        pytest.param(None, 6, id="another-k"),
        pytest.param(_released_before, 5, id="another-register"),
        pytest.param(_imported, 5, id="other-records"),
    ],
)
def test_a_release_differing_in_what_its_key_holds_is_settled_afresh(
    template, tmp_path, settling, key_file, change, k
):
    _shown(_copy(template, tmp_path / "a"))
    other = _copy(template, tmp_path / "b")
    if change is not None:
        change(other)
    calls = settling.calls
    shown = _shown(other, k=k)
    assert settling.calls == calls + 1
    # the same question of the same changed copy, the memory emptied, is answered the same
    again = _copy(template, tmp_path / "c")
    if change is not None:
        change(again)
    _settled.forget()
    assert _shown(again, k=k) == shown


def test_a_refused_release_is_never_remembered(template, tmp_path, monkeypatch):
    """A release refused (an audit past its time) is tried again the next time it is asked."""
    from workbench._disclosure import refusal

    _settled.forget()
    calls: list[int] = []
    settle = _withhold._settle

    def refused_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise refusal("audit_whole", {"seconds": 60.0, "message": "Time limit reached"})
        return settle(*args, **kwargs)

    monkeypatch.setattr(_withhold, "_settle", refused_once)
    path = _copy(template, tmp_path / "a")
    with pytest.raises(wb.WorkbenchError):
        _shown(path)
    assert len(_settled._SETTLED) == 0
    assert _shown(path) == _shown(_copy(template, tmp_path / "b"))
    assert len(calls) == 2


def test_the_memory_keeps_the_last_releases_asked(monkeypatch):
    monkeypatch.setattr(_settled, "SETTLED_KEPT", 2)
    _settled.forget()
    for n in range(3):
        _settled.remember(bytes([n]), {"cell": str(n)})
    assert _settled.recall(bytes([0])) is None  # the oldest of three
    kept = _settled.recall(bytes([2]))
    assert kept == {"cell": "2"}
    kept["cell"] = "changed"  # a copy: a caller changing it changes no later answer
    assert _settled.recall(bytes([2])) == {"cell": "2"}
    assert _settled.recall(None) is None
