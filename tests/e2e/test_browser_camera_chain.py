"""The chain test in the browser: a clip whose motion is known (the right foot of messi5.jpg
moved straight up 25 px for 3 s, 3 times, tests/camera_clips.py) played by Chromium's fake
camera to the player with the camera check on, for toe pickups; the page's pose model (lite,
MediaPipe Tasks) finds the points, the batches go to the server, the server's analyzer counts.

The fake camera plays the clip in a loop from when the camera starts, and only the frames of
work cues are sent, so which lifts the server sees depends on where in the loop each work cue
falls. Each frame carries its number (a row of black and white squares in a corner): the page
reads it off the video during the session, which ties the camera clock to the clip's time, so
the test knows when each lift was played. A lift wholly inside a work cue must be counted once,
starting within 0.5 s of when it was played. A lift cut by the start or end of a work cue may
or may not be counted: the server sees the frames of every work cue of the exercise as one
sequence with the rests left out, so a lift cut by a cue's end runs into the next cue's first
frames, and whether its hold lasts the analyzer's 1 s there depends on where the loop falls
(one run in two under load counted one seen for 1.6 s, the other did not). If counted, its
hold starts where it was first seen. No lift may be counted on the left foot, and no hold
where no lift was played.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
GAP_S = 3.0  # frames further apart than this are in different work cues (rests are 5 s)

# Samples, every 250 ms, of the clip frame the page's video shows (read from the squares) and
# the camera clock (the page's Date.now() less the session's t0, camera.js sessionClock).
SAMPLE_MARKS = """
([bits, px]) => {
  window.chainMarks = [];
  window.chainWorks = 0;
  let last = null;
  const canvas = document.createElement("canvas");
  setInterval(() => {
    const kind = document.getElementById("player").dataset.kind;
    if (kind === "work" && last !== "work") window.chainWorks += 1;
    last = kind;
    const video = document.getElementById("camera-video");
    const key = Object.keys(localStorage).find((k) => k.startsWith("footwork-camera:"));
    if (!key || !video.videoWidth) return;
    const now = Date.now();
    canvas.width = video.videoWidth; canvas.height = video.videoHeight;
    const g = canvas.getContext("2d", { willReadFrequently: true });
    g.drawImage(video, 0, 0);
    let n = 0;
    for (let b = 0; b < bits; b++) {
      const d = g.getImageData(b * px + px / 2, px / 2, 1, 1).data;
      n = n * 2 + (d[0] + d[1] + d[2] > 384 ? 1 : 0);
    }
    const t0 = JSON.parse(localStorage.getItem(key)).t0;
    window.chainMarks.push({ t: (now - t0) / 1000, frame: n });
  }, 250);
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


def clip_offset(marks: list[dict[str, float]], clip: clips.Clip, cue: tuple[float, float]) -> float:
    """Seconds to add to the camera clock to get the clip's time (modulo its length) during
    `cue`, from the marks read in it: the fake camera's clock drifts from the page's by a few
    tenths of a second a minute, so each cue has its own."""
    length = clip.length_s
    mine = [m for m in marks if cue[0] - 1 <= m["t"] <= cue[1] + 1]
    assert mine, f"no frame number was read during the work cue {cue}"
    offsets = [(m["frame"] / clip.fps - m["t"]) % length for m in mine]
    first = offsets[0]
    # Unwrapped about the first, then the median: a sample read mid-change is one frame off.
    near = sorted(first + ((o - first + length / 2) % length - length / 2) for o in offsets)
    return near[len(near) // 2]


def played(
    clip: clips.Clip, marks: list[dict[str, float]], cues: list[tuple[float, float]]
) -> tuple[list[float], list[tuple[float, float]]]:
    """Lifts played during work cues, in camera seconds: the starts of those wholly inside a
    cue, and the (seen from, seen to) of those cut by a cue's start or end."""
    whole: list[float] = []
    cut: list[tuple[float, float]] = []
    for first, last in cues:
        offset = clip_offset(marks, clip, (first, last))
        loop = int((first + offset) // clip.length_s)
        for n in range(loop - 1, loop + 2):
            for start, end in clip.lifts:
                s = start + n * clip.length_s - offset
                e = end + n * clip.length_s - offset
                if first <= s and e <= last:
                    whole.append(s)
                elif s < last and e > first:
                    cut.append((max(s, first), min(e, last)))
    return whole, cut


def test_lifts_of_a_moved_foot_are_counted_by_the_page_and_the_server(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    clip = clips.foot_lift_clip(fps=10, lifts=3, up_s=3.0, still_s=3.0, lead_s=2.0, marked=True)
    page = camera_browser(clips.write_y4m(tmp_path / "lifts.y4m", clip.frames, clip.fps))
    sent: list[float] = []

    def record(route: Any) -> None:
        if route.request.method == "PUT":
            body = json.loads(route.request.post_data or "{}")
            sent.extend(frame["t"] for frame in body.get("frames", []))
        route.continue_()

    page.route("**/camera/toe-pickups/batches/*", record)
    open_player(page, server.url, "ids=toe-pickups&speed=1")
    camera_on(page)
    assert page.get_attribute("#camera", "data-state") == "on"
    page.evaluate(SAMPLE_MARKS, [clips.MARK_BITS, clips.MARK_PX])
    page.click("#start")
    page.wait_for_function(
        "(n) => window.chainWorks >= n"
        " && document.getElementById('player').dataset.kind !== 'work'",
        arg=WORK_CUES,
        timeout=180_000,
    )
    marks = page.evaluate("() => window.chainMarks")
    page.click("#quit")
    page.wait_for_selector("#finished", state="visible")
    wait_for_drain(page, timeout=60)
    session_id = page.evaluate(
        "() => new URL(document.getElementById('pain-after').href).searchParams.get('session_id')"
    )
    answer = page.evaluate(
        "(id) => fetch(`/api/sessions/${id}/camera`).then((r) => r.json())", session_id
    )
    report = {r["exercise_id"]: r["report"] for r in answer["reports"]}["toe-pickups"]

    cues = work_cues(sent)
    assert len(cues) == WORK_CUES, cues
    whole, cut = played(clip, marks, cues)
    assert whole, cues  # at least one lift fell wholly inside a work cue
    holds = [e for e in report["efforts"] if e.get("side") == "right"]
    assert [e for e in report["efforts"] if e.get("side") == "left"] == []
    starts = [e["start_s"] for e in holds]  # camera seconds, as the frames
    detail = {"efforts": report["efforts"], "whole": whole, "cut": cut, "cues": cues}
    for s in whole:
        assert sum(abs(start - s) <= START_WITHIN_S for start in starts) == 1, detail
    for start in starts:
        near_whole = any(abs(start - s) <= START_WITHIN_S for s in whole)
        in_cut = any(a - START_WITHIN_S <= start <= b for a, b in cut)
        assert near_whole or in_cut, detail
    assert len(whole) <= len(holds) <= len(whole) + len(cut), detail
    # The count the report gives: the holds, all on the right foot.
    assert report["counts"].get("right foot") == len(holds)
    assert report["counts"].get("left foot", 0) == 0
    assert page.errors == []
