"""Running the same contested write from several database connections at once.

Races need PostgreSQL: SQLite serialises writers, so the race cannot happen
there. Tests that use these helpers are marked ``postgres``, run with
``transaction=True`` (each thread has its own connection, which must see the
committed set-up), and skip on SQLite with ``needs_postgres``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import pytest
from django.db import connection

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)


def run_together(target: Callable, args_list: Iterable[tuple]) -> list[Exception]:
    """Call ``target(*args)`` for each args in its own thread, all released at
    the same moment by a barrier; return the exceptions they raised."""
    args_list = list(args_list)
    barrier = threading.Barrier(len(args_list))
    errors: list[Exception] = []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
