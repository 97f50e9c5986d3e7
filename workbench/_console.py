"""What the command prints reaches any console or file whole: UTF-8, or the nearest the chosen
code page can show, never a `UnicodeEncodeError`.

A Windows console shows Unicode whatever its code page, but output redirected to a file or a pipe
is encoded in the system's legacy code page (cp1252 on most laptops set up in English, cp1258 on
Vietnamese ones), which has no room for most Vietnamese letters: printing `Ninh Kiều` would stop
the command with a traceback. So the command writes UTF-8 unless the user chose an encoding
(`PYTHONIOENCODING`); in a chosen legacy code page each letter it lacks is written as it can be:
cp1258 writes Vietnamese tones as the combining marks it holds (`ề` as `ê` + grave, read back as the
same text), other code pages keep the letter with the marks they hold (`Kiều` -> `Kiêu`), and
anything else becomes `?`.
"""

from __future__ import annotations

import codecs
import itertools
import os
import sys
import unicodedata

ERRORS = "workbench-nearest"
_PLAIN = {"Đ": "D", "đ": "d"}  # letters with no decomposition, for code pages without them


def _nearest(char: str, encoding: str) -> str:
    """`char` as the code page `encoding` can write it: composed, as base letter and combining
    marks (cp1258's way), the base letter with fewer marks, or '?'."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[:1], decomposed[1:]
    # `ệ` is e + dot below + circumflex: cp1258 holds `ê` and a combining dot below, so compose
    # any of the marks with the letter and keep the others combining; then drop marks.
    split = [
        (unicodedata.normalize("NFC", base + "".join(kept)), "".join(m for m in marks if m not in kept))
        for n in range(len(marks), -1, -1)
        for kept in itertools.combinations(marks, n)
    ]
    candidates = [composed + rest for composed, rest in split] + [composed for composed, _ in split]
    candidates.append(_PLAIN.get(base, ""))
    for candidate in candidates:
        try:
            if not candidate:
                continue
            candidate.encode(encoding)
        except UnicodeEncodeError:
            continue
        return candidate
    return "?"


def nearest_errors(encoding: str) -> str:
    """The name of an error handler writing each letter `encoding` lacks as `_nearest` does
    (registered on first use; the codec reports itself as 'charmap', so one per code page)."""
    codec = codecs.lookup(encoding).name
    name = f"{ERRORS}-{codec}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handler(error: UnicodeError) -> tuple[str, int]:
            if not isinstance(error, UnicodeEncodeError):
                raise error
            failed = error.object[error.start : error.end]
            return "".join(_nearest(char, codec) for char in failed), error.end

        codecs.register_error(name, handler)
    return name


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "utf-8"
    except LookupError:
        return False


def prepare_streams() -> None:
    """stdout and stderr made safe for any text: UTF-8, unless PYTHONIOENCODING chose another
    encoding, which is kept and given the nearest-letter fallback."""
    chosen = bool(os.environ.get("PYTHONIOENCODING", "").split(":")[0].strip())
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if _is_utf8(stream.encoding):
            continue
        if chosen:
            stream.reconfigure(errors=nearest_errors(stream.encoding))
        else:
            stream.reconfigure(encoding="utf-8", errors="replace")
