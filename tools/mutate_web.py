"""Prepare build/mutate-web/ for `make mutate-web`: mutation testing of web/security.py.

mutmut reads its settings from the one [tool.mutmut] table of the pyproject.toml in the
directory it runs in, and keeps its mutants and its map of which test reaches which function
in mutants/ there. The web module is judged by integration tests, not by the core's unit
tests, so it gets a directory of its own: src/ and tests/ are links to the checkout's, and
its pyproject.toml is the checkout's with [tool.footwork.mutmut-web] in place of [tool.mutmut].

`make mutate-vision` uses it the same way for vision/analyzers.py and player/, with
[tool.footwork.mutmut-vision] and build/mutate-vision/.

Usage: python tools/mutate_web.py [DIRECTORY [TABLE]]
       (default build/mutate-web and mutmut-web, i.e. [tool.footwork.mutmut-web]; prints it)
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_TABLE = "[tool.mutmut]"
WEB_TABLE = "[tool.footwork.mutmut-web]"


def web_pyproject(text: str, table: str = WEB_TABLE) -> str:
    """The pyproject.toml text with `table` (the web one unless told) renamed to
    [tool.mutmut] and the core's [tool.mutmut] table (header to the next header) left out."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    for line in lines:
        header = line.strip()
        if header.startswith("["):
            skipping = header == CORE_TABLE
            if header == table:
                line = CORE_TABLE + "\n"
        if not skipping:
            out.append(line)
    result = "".join(out)
    if table in text and "mutmut" in tomllib.loads(result).get("tool", {}):
        return result
    raise SystemExit(f"pyproject.toml has no {table} table")


def prepare(target: Path, table: str = WEB_TABLE) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests"):
        link = target / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name, target_is_directory=True)
    text = web_pyproject((ROOT / "pyproject.toml").read_text(encoding="utf-8"), table)
    config = target / "pyproject.toml"
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "mutate-web"
    table = f"[tool.footwork.{sys.argv[2]}]" if len(sys.argv) > 2 else WEB_TABLE
    print(prepare(where.resolve(), table))
