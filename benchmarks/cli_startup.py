"""How much CPU the `footwork` command spends before it does anything.

Runs, side by side and interleaved, a bare `python -c "import typer"` (the baseline),
`footwork --help`, `footwork today` and the making of the web app (`create_app()`, as each
`footwork serve` worker does), each several times in a child process, and takes the
median of the child's user + system CPU time (os.wait4). `today` runs against a fresh data
folder whose database was created (and migrated) by one warm-up run first, so the figure is
that of an everyday call, not the first one.

Compiled bytecode is cached (in a private PYTHONPYCACHEPREFIX folder, written by the warm-up
runs), as in an installed copy; `--no-pyc` measures with PYTHONDONTWRITEBYTECODE instead,
where every module is compiled from source at each start.

    .venv/bin/python benchmarks/cli_startup.py [--runs 9] [--json]

Aims (issue 19): `--help` at most 2.5 times the baseline, `today` at most 6 times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

AIMS = {"help": 2.5, "today": 6.0}


def commands(python: str) -> dict[str, list[str]]:
    return {
        "baseline": [python, "-c", "import typer"],
        "help": [python, "-m", "footwork", "--help"],
        "today": [python, "-m", "footwork", "today"],
        # The web app made as each `footwork serve` worker makes it (no aim: for comparison).
        "app": [python, "-c", "from footwork.web.app import create_app; create_app()"],
    }


def cpu_seconds(argv: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of one child run; fails loudly if the child fails."""
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:])} failed ({child.returncode}):\n{errors}")
    return usage.ru_utime + usage.ru_stime


def measure(runs: int, python: str, *, pyc: bool) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="footwork-bench-") as home:
        env = dict(os.environ)
        if pyc:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        env["XDG_DATA_HOME"] = home
        env["FOOTWORK_DATABASE_URL"] = f"sqlite:///{Path(home) / 'footwork.db'}"
        env.pop("FOOTWORK_PROGRAM_PATH", None)
        argvs = commands(python)
        for argv in argvs.values():  # warm up: the database, the file cache, .pyc files
            cpu_seconds(argv, env)
        times: dict[str, list[float]] = {name: [] for name in argvs}
        for _ in range(runs):
            for name, argv in argvs.items():
                times[name].append(cpu_seconds(argv, env))
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (default 9)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter to run (default: this one)"
    )
    parser.add_argument(
        "--no-pyc", action="store_true", help="compile every module from source at each start"
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    times = measure(args.runs, args.python, pyc=not args.no_pyc)
    base = statistics.median(times["baseline"])
    rows = []
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = median / base
        aim = AIMS.get(name)
        rows.append(
            {
                "command": name,
                "median_cpu_s": round(median, 4),
                "min_cpu_s": round(min(samples), 4),
                "max_cpu_s": round(max(samples), 4),
                "ratio": round(ratio, 2),
                "aim": aim,
                "met": None if aim is None else ratio <= aim,
            }
        )
    result = {
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "bytecode_cache": not args.no_pyc,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rows": rows,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{args.runs} runs each, Python {result['python']}, {result['machine']}, "
        f"{'cached bytecode' if result['bytecode_cache'] else 'no bytecode cache'}, "
        f"load average {' '.join(map(str, result['load_average']))}"
    )
    print(f"{'command':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'x typer':>8} {'aim':>5}")
    for row in rows:
        aim = "" if row["aim"] is None else f"{row['aim']:g}" + (" ok" if row["met"] else " NO")
        print(
            f"{row['command']:<10} {row['median_cpu_s']:>9.3f} {row['min_cpu_s']:>7.3f} "
            f"{row['max_cpu_s']:>7.3f} {row['ratio']:>8.2f} {aim:>5}"
        )


if __name__ == "__main__":
    main()
