"""Per-unit limits of a scan: a wall-clock budget for reading and judging one unit.

The budget is enforced with ``SIGALRM`` in the process that evaluates the unit (the
main process, or a worker of ``--jobs``). The exception it raises derives from
``BaseException`` so that the ``except Exception`` guards in sources and rules, which
turn one bad input into an error entry, cannot swallow it and carry on.

Python delivers the signal between bytecodes, so a single long call into C (libyaml
composing a 10 MB file, tree-sitter parsing one) finishes before the budget is
enforced; the size limit keeps such calls short.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

DEFAULT_FILE_TIMEOUT = 30.0  # seconds per unit; a 10 MB template takes a few seconds


class UnitTimeout(BaseException):
    """The unit being scanned used up its time budget."""


def can_enforce() -> bool:
    """SIGALRM exists here and this is the main thread (the only one that may set handlers)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise UnitTimeout inside the block once ``seconds`` have passed (no-op for None/0,
    or where signals cannot be used)."""
    if not seconds or seconds <= 0 or not can_enforce():
        yield
        return
    fired = False

    def expire(signum, frame):  # noqa: ARG001 - signal handler signature
        nonlocal fired
        if not fired:  # raise once, even if the handler runs again before it is removed
            fired = True
            raise UnitTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
