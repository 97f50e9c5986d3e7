"""Vietnamese printed by the command reaches any console code page or redirected file without an
error: UTF-8 unless PYTHONIOENCODING chose another encoding, then the nearest that code page can
show (cp1258: exactly the same text). Checked on the bytes the command writes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from workbench._console import nearest_errors, prepare_streams

pytestmark = pytest.mark.slow  # the command run in fresh processes under other code pages

BAD = Path(__file__).parent / "import_corpus" / "bad" / "many_problems.csv"


def _command(fresh: Path, tmp_path: Path, stdout, **env: str) -> subprocess.CompletedProcess:
    """`workbench import` of a file with problems: a table full of Vietnamese headings and values."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "LC_", "LANG"))}
    base["WORKBENCH_KEY_FILE"] = str(tmp_path / "secret" / "pseudonym.key")
    return subprocess.run(
        [sys.executable, "-m", "workbench._cli", "import", str(BAD), "--db", str(fresh)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**base, **env},
        check=False,
    )


@pytest.fixture
def utf8_output(fresh, tmp_path) -> str:
    done = _command(fresh, tmp_path, subprocess.PIPE, PYTHONIOENCODING="utf-8")
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8")
    assert "Ngày tổ chức" in text and "Quận" in text  # Vietnamese the other runs must carry
    return text


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_a_legacy_code_page_chosen_gets_the_nearest_text_never_an_error(
    encoding, fresh, tmp_path, utf8_output
):
    done = _command(fresh, tmp_path, subprocess.PIPE, PYTHONIOENCODING=encoding)
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    assert done.stdout == utf8_output.encode(encoding, nearest_errors(encoding))
    shown = done.stdout.decode(encoding)
    if encoding == "cp1258":  # tones written as cp1258's combining marks: the very same text
        assert unicodedata.normalize("NFC", shown) == utf8_output
    else:  # letters cp1252 lacks lose marks, never the row
        assert "Ngày tô chúc" in shown and shown.count("\n") == utf8_output.count("\n")


def test_output_redirected_to_a_file_in_a_legacy_locale_is_utf8(fresh, tmp_path, utf8_output):
    """As a Windows pipe in the system code page: a locale Python does not take for UTF-8."""
    out = tmp_path / "out.txt"
    with out.open("wb") as handle:
        done = _command(fresh, tmp_path, handle, LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    assert out.read_bytes().decode("utf-8") == utf8_output


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258", "ascii"])
def test_streams_in_a_code_page_not_chosen_are_made_utf8(encoding, monkeypatch):
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding)
    monkeypatch.setattr(sys, "stdout", stream)
    prepare_streams()
    print("Quận Ninh Kiều: 54.131 sự kiện")
    stream.flush()
    assert raw.getvalue() == "Quận Ninh Kiều: 54.131 sự kiện\n".encode()


@pytest.mark.parametrize(
    ("encoding", "text", "written"),
    [
        pytest.param("cp1258", "Thốt Nốt", "Thô\u0301t Nô\u0301t", id="cp1258-tone-as-mark"),
        pytest.param("cp1258", "Cờ Đỏ", "Cơ\u0300 Đo\u0309", id="cp1258-horn-and-hook"),
        pytest.param("cp1258", "ệ", "ê\u0323", id="cp1258-two-marks"),
        pytest.param("cp1252", "Cờ Đỏ", "Cò Do", id="cp1252-what-it-holds"),
        pytest.param("ascii", "Phường", "Phuong", id="ascii-letters"),
        pytest.param("ascii", "—", "?", id="ascii-nothing-near"),
    ],
)
def test_the_nearest_text_a_code_page_holds(encoding, text, written):
    assert text.encode(encoding, nearest_errors(encoding)).decode(encoding) == written


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`workbench import --check big.csv | head -1`: the reader closes the pipe after one line;
    the command stops without a traceback."""
    import shutil

    if shutil.which("head") is None:
        pytest.skip("no `head` on this system")
    bad = tmp_path / "bad.csv"
    rows = "".join(f"31/02/2020,Ninh Kiều,police,training,{i}\n" for i in range(3000))
    bad.write_text("event_date,district,organiser,event_type,attendees\n" + rows, encoding="utf-8")
    command = f'"{sys.executable}" -m workbench._cli import --check --kind events "{bad}" | head -1'
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.stdout.count("\n") == 1
