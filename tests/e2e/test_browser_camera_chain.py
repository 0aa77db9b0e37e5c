"""The chain test in the browser: a clip whose motion is known (the right foot of messi5.jpg
moved straight up 25 px for 3 s, 3 times, tests/camera_clips.py) played by Chromium's fake
camera to the player with the camera check on, for toe pickups; the page's pose model (lite,
MediaPipe Tasks) finds the points, the batches go to the server, the server's analyzer counts.

The fake camera plays the clip in a loop from when the camera starts, and only the frames of
work cues are sent, so which lifts the server sees depends on where in the loop each work cue
falls. Each frame carries its number (a row of black and white squares in a corner): the test
reads it off every frame the page's video shows, with the time the camera took it on the
session's clock (the clock the page stamps its frames with), so it knows when each lift was
played. Per frame, not per cue: on a busy machine Chromium's fake camera falls behind and then
plays its file slower than real time (it does not skip frames to catch up), so a 3 s lift can
last 4 s on the page's clock. The test's reader misses frames while the page is busy, so
each lift's start and end are known between two frames read. A lift wholly inside a work cue
must be counted once, starting within 0.5 s of when it was played, or later only when the
page analysed no frame with the foot fully up by then (its pose model is slower than the
camera on a busy machine), and then no later than two camera frames after the first it did.
A lift cut by the start or end of a work cue may
or may not be counted: the server sees the frames of every work cue of the exercise as one
sequence with the rests left out, so a lift cut by a cue's end runs into the next cue's first
frames, and whether its hold lasts the analyzer's 1 s there depends on where the loop falls
(one run in two under load counted one seen for 1.6 s, the other did not). If counted, its
hold starts where it was first seen. No lift may be counted on the left foot, and no hold
where no lift was played.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import camera_clips as clips
from tests.e2e.browser_support import Server, wait_for_drain
from tests.e2e.test_browser_camera import camera_browser, camera_on, open_player, server

__all__ = ["camera_browser", "server"]  # fixtures, used by name

pytestmark = pytest.mark.browser
WORK_CUES = 3
START_WITHIN_S = 0.5
GRID_S = 0.2  # two frames of the clip: the analyzer's grid and smoothing
GAP_S = 3.0  # frames further apart than this are in different work cues (rests are 5 s)

# The number of every frame the page's video shows (read from the squares) and when the camera
# took it, on the session's clock (the page's Date.now() less the session's t0, as camera.js).
READ_MARKS = """
([bits, px]) => {
  window.chainMarks = [];
  window.chainWorks = 0;
  let last = null;
  const canvas = document.createElement("canvas");
  canvas.width = bits * px; canvas.height = px;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  const video = document.getElementById("camera-video");
  const read = (now, meta) => {
    const kind = document.getElementById("player").dataset.kind;
    if (kind === "work" && last !== "work") window.chainWorks += 1;
    last = kind;
    const key = Object.keys(localStorage).find((k) => k.startsWith("footwork-camera:"));
    if (key) {
      g.drawImage(video, 0, 0, bits * px, px, 0, 0, bits * px, px);
      let n = 0;
      for (let b = 0; b < bits; b++) {
        const d = g.getImageData(b * px + px / 2, px / 2, 1, 1).data;
        n = n * 2 + (d[0] + d[1] + d[2] > 384 ? 1 : 0);
      }
      const t0 = JSON.parse(localStorage.getItem(key)).t0;
      const taken = Date.now() - (performance.now() - (meta.captureTime ?? now));
      window.chainMarks.push({ t: (taken - t0) / 1000, frame: n });
    }
    video.requestVideoFrameCallback(read);
  };
  video.requestVideoFrameCallback(read);
}
"""


def work_cues(times: list[float]) -> list[tuple[float, float]]:
    """The (first, last) frame time of each run of frames sent, in camera seconds."""
    cues: list[tuple[float, float]] = []
    for t in sorted(times):
        if cues and t - cues[-1][1] <= GAP_S:
            cues[-1] = (cues[-1][0], t)
        else:
            cues.append((t, t))
    return cues


@dataclass(frozen=True)
class Shown:
    """When the video showed a lift, in camera seconds, as bounded by the frames read: it
    began after `began_after` (the last frame read before it, the foot down) and by
    `began_by` (the first frame read with the foot off the floor); it ended after `ended_after`
    and by `ended_by`. The frames read are not every frame: the page's main thread is busy."""

    began_after: float
    began_by: float
    ended_after: float
    ended_by: float


def shown_lifts(clip: clips.Clip, marks: list[dict[str, float]]) -> list[Shown]:
    """Each lift the video showed: each run of frames read with the foot off the floor."""
    spans = [(start * clip.fps, end * clip.fps) for start, end in clip.lifts]

    def lift_of(mark: dict[str, float]) -> int | None:
        return next((i for i, (a, b) in enumerate(spans) if a < mark["frame"] < b), None)

    ordered = sorted(marks, key=lambda m: m["t"])
    times = [round(m["t"], 3) for m in ordered]  # to the millisecond, as the page's frames
    lifts = [lift_of(m) for m in ordered]
    shown: list[Shown] = []
    i = 0
    while i < len(ordered):
        if lifts[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < len(ordered) and lifts[j + 1] == lifts[i]:
            j += 1
        before = times[i - 1] if i else -math.inf
        after = times[j + 1] if j + 1 < len(ordered) else math.inf
        shown.append(Shown(before, times[i], times[j], after))
        i = j + 1
    return shown


def played(
    clip: clips.Clip, marks: list[dict[str, float]], cues: list[tuple[float, float]]
) -> tuple[list[Shown], list[tuple[float, float]]]:
    """Lifts played during work cues: those wholly inside a cue, and the (from, to) of those
    that may have been cut by a cue's start or end. The pose model's tracking lags behind the
    picture when it analyses few frames a second, so a lift that ended just before a cue (by
    START_WITHIN_S) may still be seen in its first frames: it counts as cut by the start."""
    whole: list[Shown] = []
    cut: list[tuple[float, float]] = []
    for lift in shown_lifts(clip, marks):
        seen_to = lift.ended_by + START_WITHIN_S
        for first, last in cues:
            if first <= lift.began_after and lift.ended_by <= last:
                whole.append(lift)
            elif lift.began_after < last and seen_to > first:
                cut.append((max(lift.began_after, first), min(seen_to, last)))
    return whole, cut


def start_bounds(lift: Shown, sent: list[float]) -> tuple[float, float]:
    """When a hold of `lift` may start: from START_WITHIN_S before it began to START_WITHIN_S
    after; later only if the page analysed no frame with the foot fully up by then, and
    then no later than two camera frames (the analyzer's grid) after the first it did."""
    up = min((t for t in sent if t >= lift.began_by + clips.RAMP_S), default=lift.began_by)
    latest = max(lift.began_by + START_WITHIN_S, up + GRID_S)
    return lift.began_after - START_WITHIN_S, latest


def test_lifts_of_a_moved_foot_are_counted_by_the_page_and_the_server(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    clip = clips.foot_lift_clip(fps=10, lifts=3, up_s=3.0, still_s=3.0, lead_s=2.0, marked=True)
    page = camera_browser(clips.write_y4m(tmp_path / "lifts.y4m", clip.frames, clip.fps))
    frames: list[dict[str, Any]] = []

    def record(route: Any) -> None:
        if route.request.method == "PUT":
            frames.extend(json.loads(route.request.post_data or "{}").get("frames", []))
        route.continue_()

    page.route("**/camera/toe-pickups/batches/*", record)
    open_player(page, server.url, "ids=toe-pickups&speed=1")
    camera_on(page)
    assert page.get_attribute("#camera", "data-state") == "on"
    page.evaluate(READ_MARKS, [clips.MARK_BITS, clips.MARK_PX])
    page.click("#start")
    page.wait_for_function(
        "(n) => window.chainWorks >= n"
        " && document.getElementById('player').dataset.kind !== 'work'",
        arg=WORK_CUES,
        timeout=180_000,
    )
    page.click("#quit")
    page.wait_for_selector("#finished", state="visible")
    wait_for_drain(page, timeout=60)
    marks = page.evaluate("() => window.chainMarks")
    session_id = page.evaluate(
        "() => new URL(document.getElementById('pain-after').href).searchParams.get('session_id')"
    )
    answer = page.evaluate(
        "(id) => fetch(`/api/sessions/${id}/camera`).then((r) => r.json())", session_id
    )
    report = {r["exercise_id"]: r["report"] for r in answer["reports"]}["toe-pickups"]

    # What a failure is judged from, kept beside the test's other files to look at.
    evidence = tmp_path / "evidence.json"
    evidence.write_text(json.dumps({"marks": marks, "frames": frames, "report": report}))
    sent = [frame["t"] for frame in frames]
    cues = work_cues(sent)
    # A fourth may have begun before the quit was clicked (its frames are judged too).
    assert len(cues) >= WORK_CUES, cues
    whole, cut = played(clip, marks, cues)
    assert whole, cues  # at least one lift fell wholly inside a work cue
    holds = [e for e in report["efforts"] if e.get("side") == "right"]
    assert [e for e in report["efforts"] if e.get("side") == "left"] == []
    starts = [e["start_s"] for e in holds]  # camera seconds, as the frames
    detail = {"starts": starts, "whole": whole, "cut": cut, "cues": cues, "evidence": evidence}

    def of_whole(start: float, lift: Shown) -> bool:
        earliest, latest = start_bounds(lift, sent)
        return earliest <= start <= latest

    for lift in whole:
        assert sum(of_whole(start, lift) for start in starts) == 1, detail
    for start in starts:
        near_whole = any(of_whole(start, lift) for lift in whole)
        in_cut = any(a - START_WITHIN_S <= start <= b for a, b in cut)
        assert near_whole or in_cut, detail
    assert len(whole) <= len(holds) <= len(whole) + len(cut), detail
    # The count the report gives: the holds, all on the right foot.
    assert report["counts"].get("right foot") == len(holds)
    assert report["counts"].get("left foot", 0) == 0
    assert page.errors == []
