"""A small thread-safe store of recent values, least recently used dropped first.

One answer over HTTP used to work out the engine's decision four times: twice for
the state it was given (to check the answer against the pending question) and
twice for the state after it (to settle the next question and for the result).
The checker keeps what it worked out for the last few interview states here,
keyed by everything the decision reads, so each state is worked out once; the
next answer to the same interview, served by the same worker, finds its starting
state here too. A key is the content of the state, never an interview id, so a
changed interview can only ever miss.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

#: About one state per open interview a worker serves; each holds one posterior (43 numbers).
DEFAULT_SIZE = 512


class Memo(Generic[V]):
    """Values by key, at most `size` of them; `get(key, make)` works a missing one out once."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 1:
            raise ValueError("a memo holds at least one value")
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
            self.misses += 1
        # Worked out outside the lock: two threads may both make one value, never a wrong one.
        value = make()
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
