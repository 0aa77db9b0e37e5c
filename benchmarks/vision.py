"""Speed of the camera coach on 640x480 video: the pose model alone, and the whole analysis.

Usage: python benchmarks/vision.py [--frames 600] [--json]     (needs the vision extra)

The video is made here: Debian's opencv-doc photo of a footballer (messi5.jpg; install
`opencv-doc` first) on a 640x480 canvas, drifting a few pixels a frame, written as MJPG.
- model: MediaPipe Pose ('full' model, video mode) on frames already decoded in memory;
- whole: decoding the file, the model, and the toe-walking analysis of the landmarks;
- analysis: the analyzer alone on the landmarks, as a share of the model's time.
Aims: the analysis adds under 10 % to the model, and the whole keeps up with 30 fps.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from footwork.vision.analyzers import analyze
from footwork.vision.pose import PoseEstimator, estimate_all
from footwork.vision.sources import VideoFile

PHOTO = Path("/usr/share/doc/opencv-doc/examples/data/messi5.jpg")
WIDTH, HEIGHT = 640, 480


def make_frames(count: int) -> list[np.ndarray]:
    photo = cv2.imread(str(PHOTO))
    if photo is None:
        raise SystemExit(f"{PHOTO} is missing: apt-get install opencv-doc")
    scale = min(WIDTH / photo.shape[1], HEIGHT / photo.shape[0])
    person = cv2.resize(photo, None, fx=scale, fy=scale)
    frames = []
    for i in range(count):
        canvas = np.full((HEIGHT, WIDTH, 3), 40, dtype=np.uint8)
        dx = int(10 + 8 * np.sin(i / 15))
        dy = HEIGHT - person.shape[0] - int(4 + 3 * np.cos(i / 11))
        w = min(person.shape[1], WIDTH - dx)
        canvas[dy : dy + person.shape[0], dx : dx + w] = person[:, :w]
        frames.append(canvas)
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=600, help="video length in frames (30 fps)")
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    frames = make_frames(args.frames)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.avi"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (WIDTH, HEIGHT))
        for frame in frames:
            writer.write(frame)
        writer.release()

        with PoseEstimator() as estimator:
            estimator.estimate(frames[0])  # load and warm up outside the timing
            start = time.perf_counter()
            for i, frame in enumerate(frames):
                estimator.estimate(frame, i / 30)
            model_s = time.perf_counter() - start

        with PoseEstimator() as estimator:
            estimator.estimate(frames[0])
            start = time.perf_counter()
            landmarks = estimate_all(VideoFile(path).frames(), estimator)
            analysis_start = time.perf_counter()
            analysis = analyze("toe-walking", landmarks.frames, aspect=landmarks.aspect)
            end = time.perf_counter()
    whole_s = end - start
    analysis_s = end - analysis_start
    seen = sum(1 for f in landmarks.frames if f.left.ankle is not None)
    result = {
        "python": platform.python_version(),
        "frames": args.frames,
        "size": f"{WIDTH}x{HEIGHT}",
        "model_fps": round(args.frames / model_s, 1),
        "whole_fps": round(args.frames / whole_s, 1),
        "analysis_ms": round(analysis_s * 1000, 1),
        "analysis_share_of_model": round(analysis_s / model_s, 4),
        "frames_with_feet": seen,
        "person_found": analysis.seen,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.frames} frames of {WIDTH}x{HEIGHT} (feet found in {seen})")
    print(f"pose model alone:            {result['model_fps']:6.1f} frames/s")
    print(f"decode + model + analysis:   {result['whole_fps']:6.1f} frames/s")
    print(
        f"analysis alone:              {result['analysis_ms']:6.1f} ms "
        f"({result['analysis_share_of_model']:.2%} of the model's time)"
    )


if __name__ == "__main__":
    main()
