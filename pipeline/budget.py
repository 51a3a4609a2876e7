"""The time budget of one document: reading and extraction together stop after
``Settings.max_seconds_per_doc`` with a typed ``limit_exceeded``, so one pathological file
(a line of 100,000 letters, a page of noise) cannot hold a batch or the inbox for minutes.

The budget is a real-time interval timer (``SIGALRM``): Python code and the regular
expression engine are interrupted where they are.  Signals reach only the main thread, so
in another thread, or on a system without ``setitimer``, the work runs unbudgeted.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from pipeline.errors import LimitExceeded

T = TypeVar("T")


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` of a reader or
    an extractor swallows it on the way out."""


def within_time_budget(seconds: float, work: Callable[[], T], *, path: str | None = None) -> T:
    """``work()``, or :class:`LimitExceeded` once ``seconds`` have passed (0: no budget)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return work()

    def _alarm(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except _OutOfTime:
        raise LimitExceeded(
            f"документ обрабатывался дольше {seconds:g} с и был остановлен (очень длинный текст "
            "или строка без пробелов, страница из шума); проверьте файл или увеличьте "
            "ORDEX_MAX_SECONDS_PER_DOC",
            path=path,
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
