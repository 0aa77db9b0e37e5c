"""Clocks and command inboxes: the player's only contact with time."""

from __future__ import annotations

import enum
import math
import queue
import time
from collections.abc import Iterable
from typing import Protocol


class Command(enum.Enum):
    TOGGLE_PAUSE = "toggle-pause"
    SKIP = "skip"
    BACK = "back"
    QUIT = "quit"


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale."""
        ...


class Inbox(Protocol):
    def next_command(self, deadline: float) -> Command | None:
        """Block until a command arrives (return it) or the clock reaches `deadline` (None).

        `deadline` may be math.inf, to wait for a command only.
        """
        ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


class QueueInbox:
    """Commands from other threads (a key reader), waited for against the real clock.

    Waits with a timed queue read, so an early wake-up costs nothing and a
    command is seen at once; every wait is against an absolute deadline.
    """

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or MonotonicClock()
        self._queue: queue.SimpleQueue[Command] = queue.SimpleQueue()

    def put(self, command: Command) -> None:
        self._queue.put(command)

    def next_command(self, deadline: float) -> Command | None:
        while True:
            remaining = deadline - self._clock.now()
            if remaining <= 0:
                return None
            try:
                return self._queue.get(timeout=None if math.isinf(remaining) else remaining)
            except queue.Empty:
                continue


class FakeClock:
    """A clock that moves only when told; for tests and instant runs."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance_to(self, moment: float) -> None:
        if moment < self._now:
            raise ValueError("a clock cannot go backwards")
        self._now = moment


class ScriptedInbox:
    """Commands at given moments of a FakeClock; waiting jumps the clock forward."""

    def __init__(self, clock: FakeClock, script: Iterable[tuple[float, Command]] = ()) -> None:
        self._clock = clock
        self._script = sorted(script, key=lambda item: item[0])

    def next_command(self, deadline: float) -> Command | None:
        if self._script and self._script[0][0] <= deadline:
            moment, command = self._script.pop(0)
            self._clock.advance_to(max(moment, self._clock.now()))
            return command
        if math.isinf(deadline):
            raise RuntimeError("paused with no command left in the script")
        self._clock.advance_to(max(deadline, self._clock.now()))
        return None
