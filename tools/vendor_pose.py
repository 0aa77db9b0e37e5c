"""Copy the browser pose runtime (npm @mediapipe/tasks-vision, Apache-2.0, pinned in
package-lock.json) from node_modules into src/footwork/web/static/vendor/pose, or check
that the vendored copies equal the locked package's files.

The app serves these files itself (no request leaves its origin), and `make run` on a
machine without npm needs them, so they are kept in the repository: see docs/camera.md.

    python tools/vendor_pose.py           # after `npm ci`: copy, and write SHA256SUMS
    python tools/vendor_pose.py --check   # vendored == node_modules == package-lock version
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "footwork" / "web" / "static" / "vendor" / "pose"
PACKAGE = ROOT / "node_modules" / "@mediapipe" / "tasks-vision"
VERSION = "0.10.21"
FILES = (
    "vision_bundle.mjs",
    "wasm/vision_wasm_internal.js",
    "wasm/vision_wasm_internal.wasm",
    "wasm/vision_wasm_nosimd_internal.js",
    "wasm/vision_wasm_nosimd_internal.wasm",
)


def locked_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return str(lock["packages"]["node_modules/@mediapipe/tasks-vision"]["version"])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_sums() -> dict[str, str]:
    sums = {}
    path = VENDOR / "SHA256SUMS"
    if path.exists():
        for line in path.read_text().splitlines():
            digest, _, name = line.partition("  ")
            sums[name] = digest
    return sums


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, copy nothing")
    args = parser.parse_args()
    if locked_version() != VERSION:
        print(f"package-lock.json pins tasks-vision {locked_version()}, this tool {VERSION}")
        return 1
    installed = json.loads((PACKAGE / "package.json").read_text())["version"]
    if installed != VERSION:
        print(f"node_modules has tasks-vision {installed}: run `npm ci`")
        return 1
    if args.check:
        sums = read_sums()
        bad = [
            name
            for name in FILES
            if not (VENDOR / name).exists()
            or sha256(VENDOR / name) != sha256(PACKAGE / name)
            or sums.get(name) != sha256(PACKAGE / name)
        ]
        for name in bad:
            print(f"{name}: differs from node_modules/@mediapipe/tasks-vision or SHA256SUMS")
        print("pose runtime: " + ("differs" if bad else f"same as tasks-vision {VERSION}"))
        return 1 if bad else 0
    sums = read_sums()
    for name in FILES:
        target = VENDOR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / name, target)
        sums[name] = sha256(target)
        print(f"{name}: {target.stat().st_size} bytes")
    (VENDOR / "SHA256SUMS").write_text("".join(f"{sums[n]}  {n}\n" for n in sorted(sums)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
