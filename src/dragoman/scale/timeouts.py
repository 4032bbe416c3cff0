"""Limits per article for batch runs: ``with time_limit(30, article.id): ...`` raises ``ArticleTimeout``, and
``set_memory_ceiling(mb)`` caps a worker process's memory so that an article over it fails with MemoryError.

The time limit uses the process's real-time interval timer (``signal.setitimer`` and SIGALRM), so it works only in the main
thread of a process (where Python runs signal handlers) on POSIX. Anywhere else (a worker thread, Windows) it
is a no-op: the block runs without a limit, and ``time_limit(...).enforced`` says so.

The exception is raised at the next Python bytecode after the deadline. A single long call into C (one spaCy
component over a huge batch, one regular expression) finishes first, so a limit can be overrun by the length
of the longest such call; Dragoman keeps those bounded (sentence splitting, a maximum article size).

Limits nest: an inner limit shorter than the outer one is honoured and the outer timer is re-armed with the
time it has left; when the outer one expires first, the outer's handler fires as if the inner were not there.
"""
from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType
from typing import Any

_MB = 1024 * 1024


class ArticleTimeout(TimeoutError):
    """An article took longer than its time limit. A TimeoutError (so an Exception): batch code that records
    per-article failures records it like any other."""

    def __init__(self, seconds: float, what: str | None = None) -> None:
        self.seconds = seconds
        self.what = what
        super().__init__(f"timed out after {seconds:g} s" + (f" ({what})" if what else ""))


def can_enforce() -> bool:
    """Whether a time limit set here would be enforced (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class time_limit:  # noqa: N801 - used like a function: ``with time_limit(30): ...``
    """Context manager: raise ArticleTimeout in this thread if the block runs longer than ``seconds``.

    ``seconds`` None or <= 0 means no limit. Off the main thread (or without setitimer) it does nothing.
    Not reentrant: make a new one per block.
    """

    def __init__(self, seconds: float | None, what: str | None = None) -> None:
        self.seconds = float(seconds) if seconds else 0.0
        self.what = what
        self.enforced = False
        self._previous: Any = None
        self._outer_left = 0.0
        self._outer_interval = 0.0
        self._outer_fired = False
        self._started = 0.0

    def __enter__(self) -> time_limit:
        if self.seconds <= 0 or not can_enforce():
            return self
        self._started = time.monotonic()
        self._outer_left, self._outer_interval = signal.getitimer(signal.ITIMER_REAL)
        self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
        self.enforced = True
        outer_first = 0 < self._outer_left <= self.seconds
        signal.setitimer(signal.ITIMER_REAL, self._outer_left if outer_first else self.seconds)
        return self

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        if 0 < self._outer_left <= self.seconds:  # the enclosing limit expired first: its handler decides
            self._outer_fired = True
            if callable(self._previous):
                self._previous(signum, frame)
                return
        raise ArticleTimeout(self.seconds, self.what)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.enforced:
            return
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)  # an alarm already pending may still raise here: it is late
        finally:
            signal.signal(signal.SIGALRM, self._previous if self._previous is not None else signal.SIG_DFL)
            self.enforced = False
            if self._outer_left > 0 and not self._outer_fired:  # give the enclosing limit what it has left
                left = self._outer_left - (time.monotonic() - self._started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), self._outer_interval)


def set_memory_ceiling(megabytes: int | None) -> bool:
    """Cap this process's data segment (heap and private mappings: RLIMIT_DATA, which tracks resident memory
    closely for a parsing worker, unlike RLIMIT_AS with its reserved thread arenas). An allocation over the
    ceiling raises MemoryError in the article being parsed, which fails alone; the worker lives on. For worker
    processes only: the limit holds for the whole process. Returns whether a ceiling was set."""
    try:
        import resource
    except ImportError:  # not POSIX
        return False
    if not megabytes:
        return False
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    ceiling = megabytes * _MB if hard == resource.RLIM_INFINITY else min(megabytes * _MB, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))
    return True


def memory_ceiling_mb() -> int | None:
    """The memory ceiling set on this process (MB), or None."""
    try:
        import resource
    except ImportError:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_DATA)
    return None if soft == resource.RLIM_INFINITY else soft // _MB


__all__ = ["ArticleTimeout", "can_enforce", "memory_ceiling_mb", "set_memory_ceiling", "time_limit"]
