"""Helpers for the browser tests: the real server in a subprocess, Chromium, axe-core, and
plain reads of the SQLite file the server writes."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("FOOTWORK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 412, "height": 915}
PASSWORD = "correct horse battery"
# Raise it on a busy machine, where start-up can take half a minute or more.
START_TIMEOUT_S = float(os.environ.get("FOOTWORK_TEST_START_TIMEOUT_S", "180"))

T = TypeVar("T")


def require(path: Path, what: str, how: str) -> None:
    """Skip a test whose tool is missing, but fail in CI, where `.ci/run` installs it."""
    if path.exists():
        return
    message = f"{what} is missing ({path} does not exist); {how}"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must run the browser tests")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(
    check: Callable[[], T | None], *, timeout: float, what: str, interval: float = 0.05
) -> T:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def migrate(database_url: str) -> None:
    """Bring a new database to the newest revision in this process, before its server or
    first command starts: in the tests that is a copy of one migrated once
    (tests/conftest.py), where each `footwork serve` would run Alembic's 20 steps again,
    a second or more of a core per server. Starting on an empty database is tested by
    test_cli_startup.py, test_history_cli.py and test_serve.py."""
    from footwork.store.database import ensure_schema, make_engine

    engine = make_engine(database_url)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()


class Server:
    """`footwork serve` on a free port of 127.0.0.1, with its own database and data folder."""

    def __init__(self, folder: Path, *, clinic: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.db = folder / "footwork.db"
        self.database_url = f"sqlite:///{self.db}"
        if not self.db.exists():
            migrate(self.database_url)
        self.clinic = clinic
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.started = False  # once started, a restart keeps the port
        env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTWORK_")}
        self.env = {
            **env,
            "FOOTWORK_DATABASE_URL": self.database_url,
            "XDG_DATA_HOME": str(folder / "data-home"),
            "PYTHONUNBUFFERED": "1",
        }

    def footwork(self, *args: str, **extra_env: str) -> str:
        """Run a `footwork` command against this server's database; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "footwork", "--database", self.database_url, *args],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
            env={**self.env, **extra_env},
        )  # fmt: skip
        assert done.returncode == 0, f"footwork {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def add_account(self, username: str, *, role: Literal["patient", "clinician", "admin"]) -> None:
        """An account with PASSWORD in this server's database, made in this process by the
        service `footwork account add` calls: a command in a subprocess costs about 6 s of a
        core (test_cli_accounts.py tests the command). The password is hashed with the tests'
        quick hasher; the server checks it as any other and rehashes it at the first log-in."""
        from footwork.config import Settings
        from footwork.services.accounts import add_account
        from footwork.services.personal import open_store

        store = open_store(Settings(database_url=self.database_url))
        try:
            add_account(store, username=username, password=PASSWORD, role=role,
                        now=datetime.now(UTC))  # fmt: skip
        finally:
            store.engine.dispose()

    def add_patient(self, username: str) -> None:
        self.add_account(username, role="patient")

    def start(self) -> None:
        """Start the server (again, on the same port) and wait until it answers /hello.

        free_port() only finds a port that was free a moment ago: with tests running in
        parallel (pytest-xdist) another process may take it first. A first start that finds
        its port taken moves to a new one, a restart keeps its port."""
        assert self.process is None, "already running"
        for tries_left in reversed(range(3)):
            logged = self.log.stat().st_size if self.log.exists() else 0
            self._launch()
            if self._answers(logged):
                self.started = True
                return
            if tries_left and not self.started and self._port_was_taken(logged):
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
                continue
            pytest.fail(f"the server exited at start-up:\n{self.log_text()}")

    def _launch(self) -> None:
        command = [sys.executable, "-m", "footwork", "--database", self.database_url, "serve",
                   "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        if self.clinic:
            command.append("--clinic")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=self.env, cwd=self.folder,
            )  # fmt: skip

    def _answers(self, logged: int) -> bool:
        """True once /hello answers; False if the server exited first or found its port
        taken (it logs that and stays up, so it is stopped); fails on a timeout."""
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self._port_was_taken(logged):
                self.stop()
            if self.process is None or self.process.poll() is not None:
                self.process = None
                return False
            with contextlib.suppress(httpx.HTTPError):
                hello = httpx.get(f"{self.url}/hello", timeout=1).text == "hello"
                if hello and self._listens_here():  # not another's server on a taken port
                    return True
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the server did not answer within {START_TIMEOUT_S:.0f} s:\n"
                            f"{self.log_text()}")  # fmt: skip
            time.sleep(0.05)

    def _listens_here(self) -> bool:
        """Whether our process holds the socket listening on our port (read from Linux's
        /proc; assumed where that cannot be read): another's server on a port taken meanwhile
        answers /hello too."""
        assert self.process is not None
        try:
            table = Path("/proc/net/tcp").read_text().splitlines()[1:]
            sockets = {
                f"socket:[{fields[9]}]"
                for fields in (line.split() for line in table)
                if fields[3] == "0A" and fields[1].endswith(f":{self.port:04X}")
            }
            fds = list(Path(f"/proc/{self.process.pid}/fd").iterdir())
        except OSError:
            return True
        for fd in fds:
            with contextlib.suppress(OSError):
                if os.readlink(fd) in sockets:
                    return True
        return False

    def _port_was_taken(self, logged: int) -> bool:
        """Whether the server logged, after byte `logged` of its log, that its port was taken."""
        if not self.log.exists():
            return False
        with self.log.open("rb") as log:
            log.seek(logged)
            return b"address already in use" in log.read().lower()

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when the machine or the network goes away."""
        assert self.process is not None, "not running"
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- the database, as SQLite sees it ------------------------------------------------------


def query(db: Path, sql: str, *params: object) -> list[dict[str, Any]]:
    connection = sqlite3.connect(db, timeout=15)
    try:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]
    finally:
        connection.close()


def sessions(db: Path) -> list[dict[str, Any]]:
    return query(db, "SELECT id, person_id, status, started_at, ended_at FROM sessions"
                     " ORDER BY started_at")  # fmt: skip


def efforts(db: Path, session_id: str) -> list[dict[str, Any]]:
    return query(
        db,
        "SELECT id, cue_index, exercise_id, rep, outcome, planned_s, actual_s FROM efforts"
        " WHERE session_id = ? ORDER BY cue_index",
        session_id,
    )


# -- the page -----------------------------------------------------------------------------


def outbox_pending(page: Any) -> int:
    """Writes still in the page's IndexedDB outbox."""
    return int(page.evaluate("() => Outbox.pending()"))


def wait_for_drain(page: Any, *, timeout: float = 15) -> None:
    """Until the outbox is empty and the player says so (data-pending="0")."""
    wait_until(
        lambda: outbox_pending(page) == 0 and page.get_attribute("#player", "data-pending") == "0",
        timeout=timeout,
        what="the outbox to drain",
        interval=0.1,
    )


def wait_for_frames(page: Any, count: int = 36) -> None:
    """Until the page has drawn `count` more animation frames (36: about 0.6 s at 60 a second).
    For a check that nothing moves meanwhile: the page had that many chances to move, however
    slowly the machine runs, where a fixed sleep gives it fewer the busier the machine is."""
    page.evaluate(
        """(count) => new Promise((done) => {
            let left = count;
            const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
            requestAnimationFrame(tick);
        })""",
        count,
    )


def page_time_ms(page: Any) -> float:
    """The page's monotonic clock (performance.now()): Playwright's once `page.clock` is
    installed, so on a paused clock it reads the same until `page.clock.run_for` moves it."""
    return float(page.evaluate("() => performance.now()"))


def settle_on_paused_clock(page: Any, script: str, *, timeout: float = 120) -> Any:
    """What the async function `script` resolves to, run in a page whose clock is paused.

    A paused page clock fires no timer by itself, and some scripts wait on timers between
    their steps (axe-core does: its checks run in `setTimeout` callbacks, and a timer set in
    a timer comes a millisecond later on Playwright's clock), so `page.evaluate` alone would
    wait for ever. The page's clock is moved on a millisecond at a time until the script has
    settled: the page's time moves on by however many steps that took, so a test that needs
    exact times reads them from the page's clock (`page_time_ms`) rather than counting."""
    page.evaluate(
        f"""() => {{ window.__settled = null;
            ({script})().then((value) => {{ window.__settled = {{value}}; }},
                              (error) => {{ window.__settled = {{error: String(error)}}; }}); }}"""
    )

    def settled() -> Any:
        page.clock.run_for(1)
        return page.evaluate("() => window.__settled")

    outcome = wait_until(settled, timeout=timeout, what="the page's script to settle", interval=0)
    assert "error" not in outcome, outcome["error"]
    return outcome["value"]


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@contextlib.contextmanager
def login_client(base_url: str, username: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
    """An httpx client logged in through the form, as a browser would, and sending the
    session's CSRF token with every request."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        token = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )
        assert answer.status_code == 303, answer.text
        client.headers["X-CSRF-Token"] = csrf_of(client.get("/today").text)
        yield client


# -- a history to look at -----------------------------------------------------------------


def seed_history(
    database_url: str, *, days: int = 12, person_id: str | None = None, balance: bool = False
) -> None:
    """A fortnight of use before the server starts: sessions most mornings (some cut short)
    and pain going down, written through the same services the web app uses. For the
    personal person, or `person_id` (a clinic's patient); with `balance`, a weekly balance test."""
    from datetime import timedelta

    from footwork.config import Settings
    from footwork.content.loader import load_program
    from footwork.core.readiness import QUESTION_IDS
    from footwork.services import browser
    from footwork.services.logging import log_balance_test, log_pain_checkin
    from footwork.services.personal import local_timezone_name, open_store
    from footwork.services.readiness import record_readiness
    from footwork.store.repository import new_id

    store = open_store(Settings(database_url=database_url))
    today = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    first = today - timedelta(days=days)
    if person_id is None:
        person_id = store.personal_person(
            now=first - timedelta(hours=1), timezone=local_timezone_name()
        ).id
    record_readiness(
        store, person_id, dict.fromkeys(QUESTION_IDS, "no"), now=first - timedelta(minutes=30)
    )
    program = load_program()
    plans = [["toe-presses", "toe-walking"], ["toe-presses"], ["ankle-circles", "toe-presses"]]
    for day in range(1, days + 1):
        started = first + timedelta(days=day, minutes=7 * day)
        if day % 5 == 4 or started > datetime.now(UTC) - timedelta(minutes=30):
            continue  # a day off, or too early today
        ids = plans[day % len(plans)]
        session_id = new_id()
        timeline = browser.open_session(
            store, person_id, program, [program.exercise(i) for i in ids],
            session_id=session_id, started_at=started,
        )  # fmt: skip
        work = [i for i, cue in enumerate(timeline.cues) if cue.kind == "work"]
        if day % 6 == 3:
            work = work[: len(work) // 2]  # stopped halfway
        for index in work:
            cue = timeline.cues[index]
            browser.record_effort(
                store, person_id, session_id, index, effort_id=new_id(),
                outcome="skipped" if day == 5 and index == work[1] else "done",
                started_at=started + timedelta(seconds=cue.offset_s),
                ended_at=started + timedelta(seconds=cue.offset_s + cue.duration_s),
                actual_s=cue.duration_s,
            )  # fmt: skip
        end = timeline.cues[work[-1]]
        browser.finish_session(
            store, person_id, session_id,
            ended_at=started + timedelta(seconds=end.offset_s + end.duration_s),
            now=started + timedelta(seconds=end.offset_s + end.duration_s),
        )  # fmt: skip
        if day % 3 == 1:
            log_pain_checkin(
                store, person_id,
                {"back": max(1, 6 - day // 3), "knee-left": max(0, 4 - day // 4)}
                | ({"foot-right": day % 4} if day > 20 else {}),  # a third region, later on
                context="after", session_id=session_id,
                note="Stiff after a long drive; better by the evening" if day == 22 else None,
                now=started + timedelta(minutes=15),
            )  # fmt: skip
        if balance and day % 7 == 2:
            log_balance_test(
                store, person_id, left_s=min(45.0, 12.0 + day / 2), right_s=min(45.0, 9.5 + day),
                eyes_closed=day % 14 == 9, note=None, now=started + timedelta(minutes=20),
            )  # fmt: skip
    store.engine.dispose()
