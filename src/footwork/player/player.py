"""A drift-free player: every cue is due at an absolute moment, never after an accumulated sleep."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from footwork.core.timeline import Cue, Timeline
from footwork.player.clock import Clock, Command, Inbox
from footwork.player.events import (
    CueEnded,
    CueOutcome,
    CueStarted,
    Event,
    Paused,
    Resumed,
    SessionEnded,
    SessionOutcome,
    Sink,
)

# "Back" within this many timeline seconds of a cue's start goes to the cue before;
# later, it restarts the current cue (as music players do).
BACK_RESTART_AFTER_S = 2.0


@dataclass(frozen=True, slots=True)
class Position:
    """Where a running player stands, for displays."""

    index: int
    cue: Cue
    remaining_s: float
    """Timeline seconds left in the current cue."""
    elapsed_s: float
    """Timeline seconds since the session's start."""
    paused: bool


class Player:
    """Runs a timeline against a clock, taking commands from an inbox.

    Cue i is due at `anchor + end_offset(i) / speed`. Pausing, skipping and going
    back move the anchor once; nothing is ever added up sleep by sleep, so
    lateness does not accumulate.
    """

    def __init__(
        self,
        timeline: Timeline,
        *,
        clock: Clock,
        inbox: Inbox,
        sinks: Sequence[Sink] = (),
        speed: float = 1.0,
    ) -> None:
        if not timeline.cues:
            raise ValueError("nothing to play: the timeline is empty")
        if not (speed > 0 and math.isfinite(speed)):
            raise ValueError("speed must be a positive number")
        self._cues = timeline.cues
        self._clock = clock
        self._inbox = inbox
        self._sinks = tuple(sinks)
        self._scale = 1.0 / speed
        self._index = 0
        self._anchor = 0.0
        self._paused_at: float | None = None
        self._cue_started = 0.0
        self._cue_paused_s = 0.0

    # -- read by displays, possibly from another thread ------------------------------

    def position(self) -> Position:
        now = self._paused_at if self._paused_at is not None else self._clock.now()
        cue = self._cues[self._index]
        elapsed = (now - self._anchor) / self._scale
        remaining = max(0.0, cue.end_ms / 1000 - elapsed)
        return Position(self._index, cue, remaining, max(0.0, elapsed), self._paused_at is not None)

    # -- the loop ------------------------------------------------------------------

    def run(self) -> SessionOutcome:
        """Play to the end, or until quit; Ctrl-C ends it as 'interrupted'."""
        try:
            return self._run()
        except KeyboardInterrupt:
            self._end_cue("skipped")
            return self._end_session("interrupted")

    def _run(self) -> SessionOutcome:
        now = self._clock.now()
        self._anchor = now
        self._start_cue(0, scheduled=now)
        while True:
            cue = self._cues[self._index]
            deadline = math.inf if self._paused_at is not None else self._due(cue.end_ms)
            command = self._inbox.next_command(deadline)
            if command is None:
                self._end_cue("done")
                if self._index + 1 == len(self._cues):
                    return self._end_session("completed")
                self._start_cue(self._index + 1, scheduled=deadline)
            elif command is Command.QUIT:
                self._end_cue("skipped")
                return self._end_session("quit")
            elif command is Command.TOGGLE_PAUSE:
                self._toggle_pause()
            elif command is Command.SKIP:
                self._end_cue("skipped")
                if self._index + 1 == len(self._cues):
                    return self._end_session("completed")
                self._jump(self._index + 1)
            elif command is Command.BACK:
                self._end_cue("restarted")
                self._jump(self._back_target())

    def _due(self, offset_ms: int) -> float:
        return self._anchor + offset_ms / 1000 * self._scale

    def _toggle_pause(self) -> None:
        now = self._clock.now()
        if self._paused_at is None:
            self._paused_at = now
            self._emit(Paused(self._index, now))
        else:
            pause = now - self._paused_at
            self._anchor += pause
            self._cue_paused_s += pause
            self._paused_at = None
            self._emit(Resumed(self._index, now))

    def _back_target(self) -> int:
        cue = self._cues[self._index]
        into_cue = self.position().elapsed_s - cue.offset_s
        return self._index if into_cue >= BACK_RESTART_AFTER_S else max(0, self._index - 1)

    def _jump(self, index: int) -> None:
        """Start cue `index` now; later cues keep their spacing from here."""
        if self._paused_at is not None:
            self._paused_at = None
            self._emit(Resumed(self._index, self._clock.now()))
        now = self._clock.now()
        self._anchor = now - self._cues[index].offset_ms / 1000 * self._scale
        self._start_cue(index, scheduled=now)

    def _start_cue(self, index: int, *, scheduled: float) -> None:
        self._index = index
        now = self._clock.now()
        self._cue_started = now
        self._cue_paused_s = 0.0
        self._emit(CueStarted(index, self._cues[index], scheduled, now))

    def _end_cue(self, outcome: CueOutcome) -> None:
        now = self._clock.now()
        paused = self._cue_paused_s + (
            now - self._paused_at if self._paused_at is not None else 0.0
        )
        active = max(0.0, now - self._cue_started - paused)
        self._emit(CueEnded(self._index, self._cues[self._index], now, outcome, active))

    def _end_session(self, outcome: SessionOutcome) -> SessionOutcome:
        self._emit(SessionEnded(outcome, self._clock.now()))
        return outcome

    def _emit(self, event: Event) -> None:
        for sink in self._sinks:
            sink.emit(event)
