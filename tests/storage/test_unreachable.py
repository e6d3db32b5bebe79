"""A PostgreSQL server that never answers is given up on within seconds, as StorageUnavailableError.

Without a connect timeout libpq waits for the operating system (minutes), and every
worker thread, /readyz included, would hang with the database.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from legweak.errors import StorageUnavailableError
from legweak.storage import InterviewStore, new_id
from legweak.storage import store as store_module


@contextmanager
def silent_server() -> Iterator[InterviewStore]:
    """A store on a port where the kernel completes the TCP handshake and nothing ever replies."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        store = InterviewStore.open(f"postgresql+psycopg://legweak@127.0.0.1:{port}/legweak")
        try:
            yield store
        finally:
            store.close()


def test_a_server_that_never_answers_is_given_up_on_within_the_connect_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_module, "POSTGRES_CONNECT_TIMEOUT_S", 2)
    with silent_server() as store:
        started = time.monotonic()
        with pytest.raises(StorageUnavailableError, match="cannot be reached"):
            store.load(new_id())
        assert time.monotonic() - started < 10


def test_after_a_failure_the_store_answers_unreachable_at_once_and_a_probe_tries_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_module, "POSTGRES_CONNECT_TIMEOUT_S", 2)
    monkeypatch.setattr(store_module, "UNREACHABLE_RETRY_S", 30.0)
    with silent_server() as store:
        with pytest.raises(StorageUnavailableError):
            store.load(new_id())  # waits for the connect timeout once
        started = time.monotonic()
        for _ in range(3):  # the API's routes run on the event loop: none of these may wait
            with pytest.raises(StorageUnavailableError):
                store.load(new_id())
        assert time.monotonic() - started < 0.5
        started = time.monotonic()
        with pytest.raises(StorageUnavailableError):
            store.ping()  # /readyz asks the database itself, so it notices a recovery first
        assert time.monotonic() - started >= 1.5
