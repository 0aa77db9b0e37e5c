"""Where to put the phone for the player's camera check, per exercise: the view its analyzer
reads (as `footwork analyze --help` says) and a sentence for the person."""

from __future__ import annotations

from footwork.core.language import N_

# The drawing at /static/drawings/camera-<view>.svg
CAMERA_VIEWS = {
    "toe-walking": "side",
    "ankle-circles": "foot-end",
    "resistance-band": "side",
    "toe-pickups": "side",
    "toe-presses": "side",
}

CAMERA_GUIDES = {
    "toe-walking": N_(
        "Put the phone on the floor, side-on, about 2 m away, so both feet and "
        "heels are in the picture as you walk past."
    ),
    "ankle-circles": N_(
        "Put the phone at the foot end, low down, looking at the soles of your "
        "feet, with both feet in the picture."
    ),
    "resistance-band": N_(
        "Put the phone side-on, at the height of your feet, so the foot and "
        "the band are in the picture."
    ),
    "toe-pickups": N_(
        "Put the phone side-on, low down, so your feet and the towel or objects are in the picture."
    ),
    "toe-presses": N_(
        "Put the phone side-on, low down, with both feet in the picture. A camera "
        "cannot see how hard your toes press; it checks that your feet stay in place."
    ),
    "default": N_("Put the phone low down, side-on, with both feet in the picture."),
}
