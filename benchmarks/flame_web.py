"""Flame graphs of Today and the rep write under load: py-spy records the real server.

Usage: python benchmarks/flame_web.py [--out docs/flamegraphs] [--tag after] [--seconds 8]
                                      [--database-url URL] [--workers 1]

Starts `footwork serve` (SQLite in a fresh folder unless --database-url), then for each of
`today` (GET /today) and `reps` (PUT /api/sessions/{id}/efforts/{cue}) drives it with wrk
(20 connections) while `py-spy record --subprocesses` samples it at 200 Hz, writing
`{out}/{scenario}-{tag}.svg`. py-spy's sampling slows the server: read the flame graph for
where the time goes, and benchmarks/web.py for rates.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import web  # benchmarks/web.py: the server, the browser and wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/flamegraphs"))
    parser.add_argument("--tag", default="after")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    spy = str(Path(sys.executable).with_name("py-spy"))
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/flame.db"
        with web.server(url, args.workers, Path(folder)) as base:
            cookie, token = web.browser(base)
            sessions = web.open_sessions(base, cookie, token, 100)
            headers = {"Cookie": f"footwork_csrf={cookie}"}
            pid = web.SERVERS[base]
            for name in ("today", "reps"):
                target = args.out / f"{name}-{args.tag}.svg"
                record = subprocess.Popen(
                    [
                        spy,
                        "record",
                        "--subprocesses",
                        "-r",
                        "200",
                        "-d",
                        str(args.seconds),
                        "-o",
                        str(target),
                        "-p",
                        str(pid),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                if name == "today":
                    figures = web.wrk(
                        f"{base}/today", clients=20, seconds=args.seconds + 1, headers=headers
                    )
                else:
                    now = datetime.now(UTC).isoformat()
                    script = web.REPS_SCRIPT % (", ".join(f'"{s}"' for s in sessions), now, now)
                    figures = web.wrk(
                        f"{base}/",
                        clients=20,
                        seconds=args.seconds + 1,
                        script=script,
                        headers={
                            **headers,
                            "X-CSRF-Token": token,
                            "Content-Type": "application/json",
                        },
                    )
                record.wait()
                print(f"{name}: {figures['rps']} req/s under py-spy -> {target}")


if __name__ == "__main__":
    main()
