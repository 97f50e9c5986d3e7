"""Answers this process worked out, remembered by key: the integer programmes the audit solved
(`_programmes`) and the releases it settled (`_settled`). Held in memory only, never written."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class Memory(OrderedDict):
    """A bounded memory, safe across threads: the least recently asked forgotten first."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def recall(self, key: object) -> Any:
        """What was kept under `key` (None: nothing), now the most recently asked."""
        with self._lock:
            value = self.get(key)
            if value is not None:
                self.move_to_end(key)
            return value

    def keep(self, key: object, value: Any, most: int) -> None:
        """Keep `value` under `key`, and at most `most` answers in all (read at each call, so a
        caller's limit may change)."""
        with self._lock:
            self[key] = value
            while len(self) > most:
                self.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self.clear()
