"""The camera check in the browser: headless Chromium (Debian's /usr/bin/chromium) with its
fake camera playing a clip of a real photo (tests/camera_clips.py), the player's pose model
(MediaPipe Tasks, CPU) on it.

Usage: python benchmarks/vision_web.py [--seconds 20] [--models lite,full] [--json]

Per model: frames per second the page manages, the time from a frame to its live figure on
the page (the newest frame of a batch to the server's answer shown; batches go every 0.5 s),
and the bytes of landmarks sent per second. The full model's .task is not vendored: it is
built by tools/build_pose_task.py (needs `npm ci` and the vision extra) when missing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import camera_clips  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
VENDOR = ROOT / "src" / "footwork" / "web" / "static" / "vendor" / "pose"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(home: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "FOOTWORK_DATABASE_URL": f"sqlite:///{home / 'fw.db'}"}
    env["XDG_DATA_HOME"] = str(home)
    command = [sys.executable, "-m", "footwork", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/hello", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("vision_web: the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(base: str, clip: Path, model: str, seconds: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={clip}",
    ]
    sent: list[int] = []
    tasks: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, service_workers="block"
        )
        context.add_init_script(f"window.footworkPoseModel = {json.dumps(model)};")
        page = context.new_page()
        page.on(
            "request",
            lambda r: sent.append(len(r.post_data_buffer or b"")) if "/camera/" in r.url else None,
        )
        page.on(
            "request",
            lambda r: tasks.append(r.url.rsplit("/", 1)[-1]) if ".task" in r.url else None,
        )
        page.goto(f"{base}/session?ids=toe-walking&speed=0.2")
        if "/readiness" in page.url:
            for radio in page.locator("input[type=radio][value=no]").all():
                radio.check()
            page.click("#readiness-save")
            page.wait_for_selector("#readiness-result")
            page.goto(f"{base}/session?ids=toe-walking&speed=0.2")
        page.check("#camera-on")
        page.wait_for_function(
            "() => Number(document.getElementById('camera-points').dataset.frames) > 5",
            timeout=120_000,
        )
        page.click("#start")  # at speed 0.2 the get-ready step lasts long: skip to the work
        page.click("#skip")
        page.wait_for_function("() => document.getElementById('player').dataset.kind === 'work'")
        frames = lambda: int(page.get_attribute("#camera-points", "data-frames") or 0)  # noqa: E731
        sent.clear()
        latencies: list[int] = []
        start_frames, start = frames(), time.monotonic()
        while time.monotonic() - start < seconds:
            page.wait_for_timeout(500)
            value = page.get_attribute("#camera-live", "data-latency-ms")
            if value:
                latencies.append(int(value))
        elapsed = time.monotonic() - start
        result = {
            "model": model,
            "task": ",".join(tasks),
            "frames_per_s": round((frames() - start_frames) / elapsed, 1),
            "frame_to_figure_ms_median": statistics.median(latencies) if latencies else None,
            "frame_to_figure_ms_max": max(latencies) if latencies else None,
            "bytes_per_s": round(sum(sent) / elapsed),
            "batches_per_s": round(len(sent) / elapsed, 2),
        }
        browser.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--models", default="lite,full")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    models = args.models.split(",")
    if "full" in models and not (VENDOR / "pose_landmarker_full.task").exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_pose_task.py")], check=True)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        clip = camera_clips.still_clip(Path(folder) / "person.y4m", camera_clips.person(), fps=30)
        with server(Path(folder)) as base:
            for model in models:
                results.append(measure(base, clip, model, args.seconds))
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_1min": round(os.getloadavg()[0], 2),
        "results": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['date']}  {report['machine']}  load {report['load_1min']}")
        for r in results:
            print(
                f"{r['model']:>5} ({r['task']}): {r['frames_per_s']} frames/s, frame to figure "
                f"{r['frame_to_figure_ms_median']} ms median ({r['frame_to_figure_ms_max']} max), "
                f"{r['bytes_per_s']} bytes/s in {r['batches_per_s']} batches/s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
