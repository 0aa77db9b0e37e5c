"""Profile the rep write and Today in process (cProfile), on SQLite or PostgreSQL.

Usage: python benchmarks/profile_web.py [--database-url URL] [--requests 300] [--top 25]

A personal-mode app in a fresh database, driven through Starlette's TestClient (no network):
opens 50 sessions, then times `--requests` rep writes, `GET /api/today` and `GET /today`
under cProfile and prints the top functions by cumulative and by own time for each.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    os.environ["FOOTWORK_DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/p.db"
    os.environ["XDG_DATA_HOME"] = folder
    from fastapi.testclient import TestClient

    from footwork.web.app import create_app

    client = TestClient(create_app(), base_url="http://127.0.0.1")
    page = client.get("/today")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token
    client.headers["x-csrf-token"] = token.group(1)
    now = datetime.now(UTC).isoformat()
    sessions = [str(uuid.uuid4()) for _ in range(50)]
    for s in sessions:
        client.put(
            f"/api/sessions/{s}", json={"exercise_ids": ["toe-presses"], "started_at": now}
        ).raise_for_status()
    cues = list(range(1, 20, 2))

    def reps() -> None:
        for i in range(args.requests):
            answer = client.put(
                f"/api/sessions/{sessions[(i // 10) % 50]}/efforts/{cues[i % 10]}",
                json={
                    "id": str(uuid.uuid4()),
                    "outcome": "done",
                    "started_at": now,
                    "ended_at": now,
                    "actual_s": 3.0,
                },
            )
            assert answer.status_code == 200, answer.text

    def api_today() -> None:
        for _ in range(args.requests):
            assert client.get("/api/today").status_code == 200

    def page_today() -> None:
        for _ in range(args.requests):
            assert client.get("/today").status_code == 200

    def hello() -> None:
        for _ in range(args.requests):
            assert client.get("/hello").status_code == 200

    for name, run in (
        ("hello", hello),
        ("reps", reps),
        ("api_today", api_today),
        ("page_today", page_today),
    ):
        profile = cProfile.Profile()
        profile.enable()
        run()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"== {name}: {1000 * total / args.requests:.2f} ms per request (profiled)")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(re.sub(r"^.*?(?=\s+ncalls)", "", out.getvalue(), count=1, flags=re.S))
    Path(folder).exists()


if __name__ == "__main__":
    main()
