"""The share of mutants killed per module, from `mutmut results --all true` on standard input.

Usage: mutmut results --all true | python tests/mutation_scores.py [PATTERN ...]
Patterns are mutmut's mutant-name globs (footwork.core.care*); without any, every module.
A timeout counts as killed (the mutant made the tests hang); "no tests" counts as survived
(no unit test reaches it); mutants not run yet are left out.
"""

from __future__ import annotations

import fnmatch
import sys
from collections import Counter, defaultdict

KILLED = {"killed", "timeout"}
NOT_RUN = {"not checked", "skipped"}


def scores(lines: list[str], patterns: list[str]) -> dict[str, Counter[str]]:
    """Outcome counts per module: {"footwork.core.care": Counter({"killed": 27, ...})}."""
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        name, sep, status = line.strip().partition(": ")
        if not sep or "__mutmut_" not in name:
            continue
        if patterns and not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        module = name.split("__mutmut_")[0].rsplit(".", 1)[0]
        by_module[module][status.strip()] += 1
    return dict(by_module)


def main() -> None:
    table = scores(sys.stdin.read().splitlines(), sys.argv[1:])
    print(f"{'module':32} {'killed':>7} {'of':>5} {'score':>7}  left")
    for module, counts in sorted(table.items()):
        run = sum(n for status, n in counts.items() if status not in NOT_RUN)
        killed = sum(counts[status] for status in KILLED)
        left = ", ".join(
            f"{n} {status}" for status, n in sorted(counts.items()) if status not in KILLED
        )
        score = f"{100 * killed / run:.1f} %" if run else "-"
        print(f"{module:32} {killed:>7} {run:>5} {score:>7}  {left}")


if __name__ == "__main__":
    main()
