"""Make sure `.tools/bin/uv` is a uv the Makefile can use, without touching any Python.

Order: a uv already on PATH at the pinned minor version (linked into .tools/bin), the one a
previous run put in .tools/bin, else the pinned uv wheel fetched from the package index and
checked against its sha256 below (a wheel is a zip: only the uv binary is taken out of it).
Nothing is installed into the interpreter that runs this script, so Debian's externally
managed /usr/bin/python3 stays as it was (PEP 668). Standard library only.

Prints the path of the uv to use. Exit code 1 with one line on stderr when it cannot.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

VERSION = "0.13.9"
MINOR = "0.13."
# The manylinux wheels of uv 0.13.9 on PyPI, by `uname -m`.
WHEELS = {
    "x86_64": (
        "uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19",
    ),
    "aarch64": (
        "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64.whl",
        "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe",
    ),
}
INDEX = os.environ.get("FOOTWORK_UV_INDEX", "https://pypi.org/simple")
TOOLS = Path(__file__).resolve().parent.parent / ".tools" / "bin"


def version_of(uv: str) -> str | None:
    try:
        out = subprocess.run([uv, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    parts = out.stdout.split()
    return parts[1] if out.returncode == 0 and len(parts) > 1 else None


def usable(uv: str | None) -> bool:
    return bool(uv) and (version_of(uv) or "").startswith(MINOR)  # type: ignore[arg-type]


def wheel_url(name: str) -> str:
    request = urllib.request.Request(
        f"{INDEX}/uv/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        files = json.load(answer)["files"]
    for entry in files:
        if entry["filename"] == name:
            return str(entry["url"])
    raise LookupError(f"{name} is not listed at {INDEX}/uv/")


def fetch(target: Path) -> None:
    machine = platform.machine().lower()
    if sys.platform != "linux" or machine not in WHEELS:
        raise LookupError(
            f"no pinned uv wheel for {sys.platform}/{machine}: install uv {VERSION} "
            "(https://docs.astral.sh/uv/) and run make again"
        )
    name, sha256 = WHEELS[machine]
    with urllib.request.urlopen(wheel_url(name), timeout=300) as answer:
        data = answer.read()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise ValueError(f"{name}: sha256 {got} is not the pinned {sha256}")
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        binary = wheel.read(f"uv-{VERSION}.data/scripts/uv")
    partial = target.with_suffix(".partial")
    partial.write_bytes(binary)
    partial.chmod(partial.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    partial.replace(target)


def main() -> int:
    TOOLS.mkdir(parents=True, exist_ok=True)
    target = TOOLS / "uv"
    if usable(str(target)):
        print(target)
        return 0
    on_path = shutil.which("uv")
    try:
        if on_path and usable(on_path):
            target.unlink(missing_ok=True)
            target.symlink_to(on_path)
        else:
            print(f"Fetching uv {VERSION} into {TOOLS} ...", file=sys.stderr)
            fetch(target)
    except (OSError, LookupError, ValueError) as problem:
        print(f"error: could not get uv: {problem}", file=sys.stderr)
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
