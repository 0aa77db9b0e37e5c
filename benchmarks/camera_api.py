"""The camera coach's batch route: how long one answer takes as the exercise grows.

Usage: python benchmarks/camera_api.py [--minutes 1 5 10] [--fps 10] [--batch-s 1]
                                       [--exercise resistance-band] [--repeats 5]
                                       [--url URL] [--json]

A personal-mode app on SQLite (a temporary file, or `--url`) gets one browser session; a
synthetic clip of the exercise (footwork.vision.synthetic, looped to the longest length
asked) is sent as the page sends it, one batch of `--batch-s` seconds of frames at `--fps`
frames a second, through the real route (PUT /api/sessions/{id}/camera/{exercise}/batches/
{seq}, Starlette's TestClient, in process). At each length asked, the next `--repeats`
batches are timed: the answer time per batch with that many minutes of frames already
stored, as wall time and as this process's CPU time (the app runs in the same process; on
a shared machine the CPU time is the steadier figure). Each answer re-analyses the whole
sequence; only parsing is incremental (frames parsed once per process, see
services/camera.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.vision.keypoints import keypoints_to_json
from footwork.vision.synthetic import Options, generate
from footwork.web.app import create_app


def frames_for(exercise_id: str, *, minutes: float, fps: float) -> list[dict[str, object]]:
    """`minutes` of frames of the exercise: the synthetic clip repeated, times running on."""
    clip = generate(exercise_id, Options(seed=1, fps=fps))
    length = clip.frames[-1].t + 1 / fps
    out = []
    loop = 0
    while not out or out[-1]["t"] < minutes * 60:  # type: ignore[operator]
        moved = [replace(f, t=round(f.t + loop * length, 4)) for f in clip.frames]
        out += keypoints_to_json(moved, aspect=clip.aspect)["frames"]
        loop += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[1, 5, 10])
    parser.add_argument("--fps", type=float, default=10)
    parser.add_argument("--batch-s", type=float, default=1)
    parser.add_argument("--exercise", default="resistance-band")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--url", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="footwork-camera-"))
    url = args.url or f"sqlite:///{folder / 'camera.db'}"
    app = create_app(Settings(database_url=url, mode="personal"))
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/today", headers={"accept": "text/html"}).text
    marker = 'name="csrf-token" content="'
    csrf = page.split(marker, 1)[1].split('"', 1)[0]
    client.headers["x-csrf-token"] = csrf
    session_id = str(uuid.uuid4())
    opened = client.put(
        f"/api/sessions/{session_id}",
        json={"exercise_ids": [args.exercise], "started_at": datetime.now(UTC).isoformat()},
    )
    assert opened.status_code == 200, opened.text
    aspect = generate(args.exercise, Options(seed=1)).aspect
    per_batch = max(1, round(args.batch_s * args.fps))
    longest = max(args.minutes) + args.repeats * args.batch_s / 60 + 0.1
    frames = frames_for(args.exercise, minutes=longest, fps=args.fps)
    batches = [frames[i : i + per_batch] for i in range(0, len(frames), per_batch)]
    route = f"/api/sessions/{session_id}/camera/{args.exercise}/batches/{{}}"
    results = []
    seq = 0
    for minutes in sorted(args.minutes):
        target = round(minutes * 60 * args.fps)
        while seq < len(batches) and seq * per_batch < target:
            answer = client.put(route.format(seq), json={"aspect": aspect, "frames": batches[seq]})
            assert answer.status_code == 200, answer.text
            seq += 1
        timings = []
        cpu = []
        kept = 0
        for _ in range(args.repeats):
            started, used = time.perf_counter(), time.process_time()
            answer = client.put(route.format(seq), json={"aspect": aspect, "frames": batches[seq]})
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
            assert answer.status_code == 200, answer.text
            kept = answer.json()["frames"]
            seq += 1
        results.append(
            {
                "minutes": minutes,
                "frames_kept": kept,
                "median_ms": round(statistics.median(timings), 1),
                "max_ms": round(max(timings), 1),
                "median_cpu_ms": round(statistics.median(cpu), 1),
            }
        )
    app.state.store.engine.dispose()
    if args.json:
        json.dump({"exercise": args.exercise, "fps": args.fps, "results": results}, sys.stdout)
        print()
    else:
        print(f"{args.exercise}, {args.fps:g} frames/s, batches of {per_batch} frames, SQLite")
        for r in results:
            print(
                f"{r['minutes']:>5g} min ({r['frames_kept']:>5} frames): "
                f"median {r['median_ms']:>7.1f} ms, max {r['max_ms']:>7.1f} ms per batch "
                f"(CPU {r['median_cpu_ms']:.1f} ms)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
