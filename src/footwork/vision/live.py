"""What the page tells the person while the camera watches: is anyone in view, are the feet,
and is a hold wobbling. Pure functions over the last second of landmarks and the analysis.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from footwork.core.language import N_
from footwork.core.program import Exercise
from footwork.vision.keypoints import FOOT_JOINTS, JOINTS, MIN_VISIBILITY, SIDES, Leg, PoseFrame
from footwork.vision.results import Analysis

RECENT_S = 1.0
"""The live figures are about this many seconds before the newest frame."""
SEEN_SHARE = 0.5
"""A person or a foot is in view when seen in at least this share of the recent frames."""
WOBBLE_SHARE = 0.5
"""A hold wobbles when its signal swings by more than this share of the threshold."""
NEEDS_BOTH_FEET = frozenset({"ankle-circles", "toe-pickups"})
"""Exercises counted per foot: the camera must see both."""

# Said to the person: the web shell translates them (these are the catalogue's keys).
NOBODY = N_("Nobody in view")
NO_FEET = N_("Feet out of view")
ONE_FOOT = N_("Only one foot in view")
HOLD_STEADY = N_("Hold steady")


@dataclass(frozen=True, slots=True)
class Live:
    person: bool
    feet: bool
    message: str | None

    def to_json(self) -> dict[str, object]:
        return {"person": self.person, "feet": self.feet, "message": self.message}


def _person_seen(leg: Leg) -> bool:
    return any((p := leg.get(j)) is not None and p.visibility >= MIN_VISIBILITY for j in JOINTS)


def _foot_seen(leg: Leg) -> bool:
    return all(
        (p := leg.get(j)) is not None and p.visibility >= MIN_VISIBILITY for j in FOOT_JOINTS
    )


def recent(frames: Sequence[PoseFrame], seconds: float = RECENT_S) -> list[PoseFrame]:
    """The frames of the last `seconds` before the newest one."""
    if not frames:
        return []
    newest = max(f.t for f in frames)
    return [f for f in frames if f.t >= newest - seconds]


def live_status(frames: Sequence[PoseFrame], analysis: Analysis, exercise: Exercise) -> Live:
    """Who and what the camera sees now, and whether a hold wobbles.

    The person (any leg landmark) and each foot (ankle, heel and toe) count as in view when
    seen in at least half of the last second's frames. Exercises counted per foot need both.
    """
    last = recent(frames)
    if not last:
        return Live(person=False, feet=False, message=NOBODY)
    share = 1 / len(last)
    person = sum(share for f in last if _person_seen(f.left) or _person_seen(f.right))
    feet = [
        sum(share for f in last if _foot_seen(f.leg(side))) >= SEEN_SHARE - 1e-9 for side in SIDES
    ]
    both_needed = exercise.id in NEEDS_BOTH_FEET
    feet_ok = all(feet) if both_needed else any(feet)
    if person < SEEN_SHARE - 1e-9:
        return Live(person=False, feet=False, message=NOBODY)
    if not any(feet):
        return Live(person=True, feet=False, message=NO_FEET)
    if not feet_ok:
        return Live(person=True, feet=False, message=ONE_FOOT)
    if exercise.dose.effort == "hold" and wobbles(analysis):
        return Live(person=True, feet=True, message=HOLD_STEADY)
    return Live(person=True, feet=True, message=None)


def wobbles(analysis: Analysis, seconds: float = RECENT_S) -> bool:
    """A held position that swings: over the last `seconds` of the analysed signal, a line
    mostly past the hold threshold (the person is holding) that went back and forth by more
    than half the threshold. Back and forth is the way travelled beyond the net change, so
    getting into or out of position, however quick, is not a wobble.

    The signal is the analyzer's own (degrees of flex for the band, foot height for pickups,
    knee bend for presses), already smoothed, so single-frame jitter does not count.
    """
    trace = analysis.trace
    if trace is None or trace.threshold is None or trace.threshold <= 0 or not trace.t:
        return False
    newest = trace.t[-1]
    window = [i for i, t in enumerate(trace.t) if t >= newest - seconds]
    if len(window) < 3:
        return False
    for line in trace.lines:
        values = [line.values[i] for i in window]
        if any(math.isnan(v) for v in values):  # not seen: nothing to judge
            continue
        holding = sorted(values)[len(values) // 2] > trace.threshold
        travelled = sum(abs(b - a) for a, b in itertools.pairwise(values))
        back_and_forth = (travelled - abs(values[-1] - values[0])) / 2
        if holding and back_and_forth > WOBBLE_SHARE * trace.threshold:
            return True
    return False
