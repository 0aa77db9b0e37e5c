"""Prepare build/mutate-NAME/ for `make mutate-web` or `make mutate-store`: mutation testing of
code judged by integration tests (web/security.py; the store's write paths).

mutmut reads its settings from the one [tool.mutmut] table of the pyproject.toml in the
directory it runs in, and keeps its mutants and its map of which test reaches which function
in mutants/ there. Modules judged by integration tests, not by the core's unit tests, get a
directory of their own: src/ and tests/ are links to the checkout's, and its pyproject.toml is
the checkout's with [tool.footwork.mutmut-NAME] in place of [tool.mutmut].

Usage: python tools/mutate_apart.py NAME [DIRECTORY]   (default build/mutate-NAME; prints it)
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_TABLE = "[tool.mutmut]"


def table_of(name: str) -> str:
    return f"[tool.footwork.mutmut-{name}]"


def apart_pyproject(text: str, name: str) -> str:
    """The pyproject.toml text with [tool.footwork.mutmut-NAME] renamed to [tool.mutmut] and
    the core's [tool.mutmut] table (header to the next header) left out."""
    table = table_of(name)
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


def prepare(name: str, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("src", "tests"):
        link = target / folder
        if not link.is_symlink():
            link.symlink_to(ROOT / folder, target_is_directory=True)
    text = apart_pyproject((ROOT / "pyproject.toml").read_text(encoding="utf-8"), name)
    config = target / "pyproject.toml"
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    name = sys.argv[1]
    where = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "build" / f"mutate-{name}"
    print(prepare(name, where.resolve()))
