"""What an analyzer found in a video: efforts, measurements, and what it could not see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from footwork.core.program import Direction, Side

EffortKind = Literal["bout", "circle", "hold", "still"]


@dataclass(frozen=True, slots=True)
class Effort:
    """One bout, circle or hold found in the video; `still` is a spell standing in position
    (for toe presses, where the presses themselves cannot be seen)."""

    kind: EffortKind
    start_s: float
    end_s: float
    side: Side | None = None
    direction: Direction | None = None

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the video showed the person and their feet."""

    frames: int
    duration_s: float
    person_s: float
    feet_s: float


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    label: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Trace:
    """The signal the analyzer decided on, over time, for plotting."""

    label: str
    t: tuple[float, ...]
    lines: tuple[Line, ...]
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    exercise_id: str
    coverage: Coverage
    efforts: tuple[Effort, ...] = ()
    problem: str | None = None
    """Why nothing could be measured (nobody seen, no feet seen); None when it could."""
    notes: tuple[str, ...] = ()
    cannot_see: str | None = None
    measures: tuple[Measure, ...] = ()
    trace: Trace | None = None

    @property
    def seen(self) -> bool:
        return self.problem is None

    def measure(self, key: str) -> float | None:
        return next((m.value for m in self.measures if m.key == key), None)
