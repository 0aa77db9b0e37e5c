"""One video frame's foot and leg landmarks, as plain values.

Coordinates are normalised to the image: x from 0 (left edge) to 1 (right edge), y from 0
(top) to 1 (bottom), as pose models give them. `left` and `right` are the person's own
left and right, not the sides of the picture. A landmark the model did not find is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from footwork.core.program import Side

Joint = Literal["ankle", "heel", "toe", "knee", "hip"]
JOINTS: tuple[Joint, ...] = ("ankle", "heel", "toe", "knee", "hip")
FOOT_JOINTS: tuple[Joint, ...] = ("ankle", "heel", "toe")
SIDES: tuple[Side, ...] = ("left", "right")
MIN_VISIBILITY = 0.5
"""A landmark the pose model gives less visibility than this counts as unseen."""


class Landmark(NamedTuple):
    x: float
    y: float
    visibility: float = 1.0


@dataclass(frozen=True, slots=True)
class Leg:
    """One leg's landmarks; `toe` is the tip of the foot (the model's 'foot index')."""

    ankle: Landmark | None = None
    heel: Landmark | None = None
    toe: Landmark | None = None
    knee: Landmark | None = None
    hip: Landmark | None = None

    def get(self, joint: Joint) -> Landmark | None:
        point: Landmark | None = getattr(self, joint)
        return point

    @property
    def is_empty(self) -> bool:
        return all(self.get(joint) is None for joint in JOINTS)


NO_LEG = Leg()


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """The landmarks seen at `t` seconds from the start of the video."""

    t: float
    left: Leg = NO_LEG
    right: Leg = NO_LEG

    def leg(self, side: Side) -> Leg:
        return self.left if side == "left" else self.right

    @property
    def has_person(self) -> bool:
        return not (self.left.is_empty and self.right.is_empty)


class KeypointFileError(ValueError):
    """A keypoint file that cannot be read; the message says what is wrong and where."""


def keypoints_to_json(frames: Sequence[PoseFrame], *, aspect: float) -> dict[str, Any]:
    """A sequence as plain JSON values: what `keypoints_from_json` reads back."""
    return {
        "format": "footwork-keypoints",
        "version": 1,
        "aspect": aspect,
        "frames": [
            {
                "t": frame.t,
                **{
                    side: {
                        joint: list(point)
                        for joint in JOINTS
                        if (point := frame.leg(side).get(joint)) is not None
                    }
                    for side in SIDES
                },
            }
            for frame in frames
        ],
    }


def keypoints_from_json(data: object) -> tuple[tuple[PoseFrame, ...], float]:
    """The frames and aspect (width / height) of a keypoint file's JSON."""
    if not isinstance(data, dict) or data.get("format") != "footwork-keypoints":
        raise KeypointFileError("not a Footwork keypoint file (format: footwork-keypoints)")
    aspect = data.get("aspect", 1.0)
    if not isinstance(aspect, int | float) or not 0.1 <= aspect <= 10:
        raise KeypointFileError(f"aspect: expected the width over the height, got {aspect!r}")
    raw = data.get("frames")
    if not isinstance(raw, list):
        raise KeypointFileError("frames: expected a list")
    frames = []
    for number, item in enumerate(raw, start=1):
        try:
            t = float(item["t"])
            legs = {}
            for side in SIDES:
                points = item.get(side, {})
                unknown = set(points) - set(JOINTS)
                if unknown:
                    raise KeypointFileError(
                        f"frame {number}: unknown landmark(s) {', '.join(sorted(unknown))}"
                    )
                legs[side] = Leg(
                    **{joint: Landmark(*map(float, xy)) for joint, xy in points.items()}
                )
        except KeypointFileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError):
            raise KeypointFileError(
                f"frame {number}: expected {{'t': seconds, 'left': {{'ankle': [x, y, "
                "visibility], ...}, 'right': {...}}"
            ) from None
        frames.append(PoseFrame(t=t, left=legs["left"], right=legs["right"]))
    return tuple(frames), float(aspect)
