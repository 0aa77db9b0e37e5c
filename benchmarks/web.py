"""Load on the web app over loopback: logging reps, loading Today, and a bare route as ceiling.

Usage: python benchmarks/web.py [--clients 100] [--seconds 10] [--databases sqlite,postgresql]
                                [--postgres-url URL] [--without-cache-too] [--json]

Each database gets a fresh app: SQLite with one worker (the personal install), PostgreSQL with
two workers (a clinic). 100 concurrent connections from wrk send requests back to back for the
given time per scenario:
- hello: GET /hello, a route that touches nothing, as the ceiling;
- today: GET /today, the full Today page (schedule, adherence over 30 days);
- api_today: GET /api/today, Today as JSON (what the player and the watch ask for);
- reps:  PUT /api/sessions/{id}/efforts/{cue}: one durable rep write each, each with a new
         idempotency key, over 400 open sessions (after the first 4,000 writes a cue is already
         recorded and the write is a checked no-op).
wrk shares the 2 cores with the server, so the figures are a floor for the server.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

WORK_CUES = list(range(1, 20, 2))  # toe-presses: holds at odd cue indexes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVERS: dict[str, int] = {}
"""The process id of each running server, by its base address (for py-spy)."""


@contextlib.contextmanager
def server(url: str, workers: int, home: Path, extra_env: dict[str, str] | None = None):
    """`footwork serve` in a process group of its own (so its workers end with it), its errors
    in a file (a pipe held open by a worker would block the read)."""
    port = free_port()
    env = {**os.environ, "FOOTWORK_DATABASE_URL": url, "XDG_DATA_HOME": str(home)}
    env.update(extra_env or {})
    errors = (home / "server.err").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "footwork", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,
    )

    def stop() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded 2-core machine takes a while to start
    while True:
        try:
            if httpx.get(f"{base}/hello", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            stop()
            errors.seek(0)
            raise RuntimeError(f"the server did not start: {errors.read()[-2000:]}")
        time.sleep(0.2)
    SERVERS[base] = process.pid
    try:
        yield base
    finally:
        SERVERS.pop(base, None)
        stop()
        errors.close()


REPS_SCRIPT = """
local sessions = {%s}
local cues = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19}
local counter = 0
-- Each wrk thread numbered by setup(), so no two seed alike or send the same rep at once
-- (two threads seeded alike sent the same effort id to two workers at once: 409s).
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function()
  counter = (tid or 0) * 5
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919 + tonumber(tostring({}):sub(8), 16))
end
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%%x", v)
  end))
end
request = function()
  counter = counter + 1
  local session = sessions[(math.floor(counter / 10) %% #sessions) + 1]
  local cue = cues[(counter %% 10) + 1]
  local body = '{"id":"' .. uuid() .. '","outcome":"done",'
    .. '"started_at":"%s","ended_at":"%s","actual_s":3.0}'
  return wrk.format("PUT", "/api/sessions/" .. session .. "/efforts/" .. cue, nil, body)
end
"""


def browser(base: str) -> tuple[str, str]:
    """A browser: its CSRF cookie and token (personal mode stores no session), shared by
    every load connection."""
    with httpx.Client(base_url=base) as client:
        page = client.get("/today")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token, "no CSRF token on /today"
        return client.cookies["footwork_csrf"], token.group(1)


def open_sessions(base: str, cookie: str, token: str, count: int) -> list[str]:
    now = datetime.now(UTC).isoformat()
    ids = [str(uuid.uuid4()) for _ in range(count)]
    with httpx.Client(
        base_url=base, cookies={"footwork_csrf": cookie}, headers={"x-csrf-token": token}
    ) as client:
        for session_id in ids:
            answer = client.put(
                f"/api/sessions/{session_id}",
                json={"exercise_ids": ["toe-presses"], "started_at": now},
            )
            answer.raise_for_status()
    return ids


def wrk(
    url: str, *, clients: int, seconds: float, headers: dict[str, str], script: str | None = None
) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    total = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": int(total.group(1)) if total else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def measure(
    url: str, workers: int, clients: int, seconds: float, *, cache: bool = True
) -> dict[str, dict[str, float]]:
    """Every scenario against one fresh server; each rate also as a fraction of hello's.
    `cache` false: the server keeps no Today (FOOTWORK_TODAY_CACHE_SIZE=0), for before/after."""
    extra = {} if cache else {"FOOTWORK_TODAY_CACHE_SIZE": "0"}
    with (
        tempfile.TemporaryDirectory() as home,
        server(url, workers, Path(home), extra) as base,
    ):
        cookie, token = browser(base)
        session_headers = {"Cookie": f"footwork_csrf={cookie}"}
        results = {
            "hello": wrk(f"{base}/hello", clients=clients, seconds=seconds, headers={}),
            "today": wrk(
                f"{base}/today", clients=clients, seconds=seconds, headers=session_headers
            ),
            "api_today": wrk(
                f"{base}/api/today", clients=clients, seconds=seconds, headers=session_headers
            ),
        }
        sessions = open_sessions(base, cookie, token, 400)
        now = datetime.now(UTC).isoformat()
        script = REPS_SCRIPT % (", ".join(f'"{s}"' for s in sessions), now, now)
        results["reps"] = wrk(
            f"{base}/",
            clients=clients,
            seconds=seconds,
            script=script,
            headers={**session_headers, "X-CSRF-Token": token, "Content-Type": "application/json"},
        )
        hello = results["hello"]["rps"] or 1.0
        for figures in results.values():
            figures["of_hello"] = round(figures["rps"] / hello, 3)
        return results


def measure_postgresql(args: argparse.Namespace, *, cache: bool) -> dict[str, dict[str, float]]:
    """Two workers on a fresh schema of its own, dropped afterwards."""
    schema = f"bench_web_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.postgres_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = f"{args.postgres_url}?options=-csearch_path%3D{schema}"
        return measure(url, 2, args.clients, args.seconds, cache=cache)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "FOOTWORK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--without-cache-too",
        action="store_true",
        help="also measure each database with Today's cache off (a second fresh server)",
    )
    args = parser.parse_args()
    caches = [True, False] if args.without_cache_too else [True]
    results = {}
    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                for cache in caches:
                    url = f"sqlite:///{Path(folder) / f'bench-{cache}.db'}"
                    name = "sqlite" if cache else "sqlite-nocache"
                    results[name] = measure(url, 1, args.clients, args.seconds, cache=cache)
        else:
            for cache in caches:
                name = "postgresql" if cache else "postgresql-nocache"
                results[name] = measure_postgresql(args, cache=cache)
    if args.json:
        print(json.dumps(results))
        return
    print(f"{args.clients} clients, {args.seconds:g} s per scenario")
    print(f"{'':28}{'req/s':>9}{'of hello':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for database, scenarios in results.items():
        for name, f in scenarios.items():
            print(
                f"{database + ' ' + name:28}{f['rps']:>9}{f['of_hello']:>9.0%}{f['p50_ms']:>9}"
                f"{f['p99_ms']:>9}"
                f"{f['errors']:>8}"
            )


if __name__ == "__main__":
    main()
