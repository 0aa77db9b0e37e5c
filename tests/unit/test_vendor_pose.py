"""The vendored browser pose model: the files SHA256SUMS lists are there, unchanged, and
licensed (tools/vendor_pose.py and tools/build_pose_task.py make them; docs/camera.md)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import footwork.web

VENDOR = Path(footwork.web.__file__).parent / "static" / "vendor" / "pose"
SERVED = (
    "vision_bundle.mjs",
    "wasm/vision_wasm_internal.js",
    "wasm/vision_wasm_internal.wasm",
    "wasm/vision_wasm_nosimd_internal.js",
    "wasm/vision_wasm_nosimd_internal.wasm",
    "pose_landmarker_lite.task",
)


def sums() -> dict[str, str]:
    lines = (VENDOR / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, _, name in (line.partition("  ") for line in lines)}


def test_every_file_the_player_loads_is_vendored_as_its_sum_says() -> None:
    listed = sums()
    for name in SERVED:
        data = (VENDOR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == listed[name], name


def test_the_licence_and_the_readme_come_with_them() -> None:
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    readme = (VENDOR / "README.md").read_text()
    assert "@mediapipe/tasks-vision` 0.10.21" in readme


def test_the_lite_task_holds_the_two_models_the_runtime_wants() -> None:
    with zipfile.ZipFile(VENDOR / "pose_landmarker_lite.task") as bundle:
        assert sorted(bundle.namelist()) == [
            "pose_detector.tflite",
            "pose_landmarks_detector.tflite",
        ]
        for name in bundle.namelist():
            model = bundle.read(name)
            assert model[4:8] == b"TFL3", name  # a TFLite flatbuffer
            assert b"TFLITE_METADATA" in model, name  # the normalisation the runtime needs


def run_tool(name: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, str(root / "tools" / name), "--check"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_the_runtime_equals_the_locked_npm_package() -> None:
    done = run_tool("vendor_pose.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "same as tasks-vision 0.10.21" in done.stdout


def test_the_task_bundles_rebuild_to_the_same_bytes() -> None:
    done = run_tool("build_pose_task.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "same as SHA256SUMS" in done.stdout
