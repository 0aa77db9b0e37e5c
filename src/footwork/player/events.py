"""What the player tells its sinks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from footwork.core.timeline import Cue

CueOutcome = Literal["done", "skipped", "restarted"]
"""`restarted`: left by going back; the same effort runs again, so it is neither done nor
skipped."""
SessionOutcome = Literal["completed", "quit", "interrupted"]


@dataclass(frozen=True, slots=True)
class CueStarted:
    index: int
    cue: Cue
    scheduled: float
    """When the cue was due, on the player's clock."""
    at: float

    @property
    def lateness(self) -> float:
        return self.at - self.scheduled


@dataclass(frozen=True, slots=True)
class CueEnded:
    index: int
    cue: Cue
    at: float
    outcome: CueOutcome
    active_s: float
    """Seconds the cue actually ran, pauses excluded."""


@dataclass(frozen=True, slots=True)
class Paused:
    index: int
    at: float


@dataclass(frozen=True, slots=True)
class Resumed:
    index: int
    at: float


@dataclass(frozen=True, slots=True)
class SessionEnded:
    outcome: SessionOutcome
    at: float


Event = CueStarted | CueEnded | Paused | Resumed | SessionEnded


class Sink(Protocol):
    def emit(self, event: Event) -> None: ...
