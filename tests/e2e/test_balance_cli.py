"""`footwork balance` as a person runs it: in a real pseudo-terminal, keys in, screen out, and
the results in the history. pexpect is not installed, so this drives the terminal through
`os.openpty` from the standard library."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.browser_support import START_TIMEOUT_S

SPEED = 15  # the 45 s cap comes after 3 s: room for a slow, busy machine to read each key
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")
PROMPT = "lift your"
RUNNING = "when your foot touches down."  # on the screen while a try runs


class Terminal:
    """A process on the far side of a pseudo-terminal; its screen output, without colours."""

    def __init__(self, *args: str, columns: int = 160) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": "50"}
        env.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "footwork", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.raw = b""

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw.decode(errors="replace")).replace("\r", "")

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO once the process has gone
                self.raw += os.read(self.master, 65536)

    def expect(self, what: str, *, count: int = 1, timeout: float = START_TIMEOUT_S) -> None:
        """Until `what` has appeared `count` times on the screen (the first screen can take a
        minute on a busy machine: Python starting, importing, migrating the database)."""
        deadline = time.monotonic() + timeout
        while self.text.count(what) < count:
            if time.monotonic() > deadline:
                screen = self.text[-3000:]
                pytest.fail(f"timed out waiting for {what!r} #{count}; screen:\n{screen}")
            if self.process.poll() is not None:
                self._read(0.2)
                if self.text.count(what) < count:
                    pytest.fail(f"exited before {what!r} #{count}; screen:\n{self.text[-3000:]}")
            self._read(0.05)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def start_try(self) -> None:
        """Press space to start a try, and wait until the screen shows it running."""
        shown = self.text.count(RUNNING)
        self.send(" ")
        self.expect(RUNNING, count=shown + 1)

    def finish(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        for _ in range(20):  # drain what is left
            before = len(self.raw)
            self._read(0.05)
            if len(self.raw) == before:
                break
        return self.process.wait(timeout=5)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fw.db'}"


@pytest.fixture
def terminal(database: str) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_terminal(*args: str) -> Terminal:
        term = Terminal("--database", database, *args)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


def history(database: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "footwork", "--database", database, "history", "--json"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=START_TIMEOUT_S,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_whole_guided_test_is_timed_compared_and_saved(terminal, database):
    term = terminal("balance", "--age", "65", "--speed", str(SPEED), "--no-sound")
    term.expect("Before you start")
    term.expect("sturdy chair")  # the rest of the panel may come in a later read
    term.expect("dizzy")
    for number in range(1, 13):
        term.expect(PROMPT, count=number)
        term.start_try()
        if number in (1, 2):
            term.send("\n")  # the foot touched down: a short first try on each leg
        elif number > 6:
            term.send("x")  # eyes closed: stopped by a key, before the cap
        # otherwise: wait for the cap, which stops the try by itself
    assert term.finish() == 0, term.text[-3000:]
    screen = term.text
    assert screen.count("the full time") == 4  # eyes open, tries 2 and 3 on each leg
    assert "Your best times" in screen
    assert "Compared with your age (65)" in screen
    assert "average for your age" in screen
    assert "Springer" in screen
    assert "Saved to your history: eyes open and eyes closed." in screen

    tests = sorted(history(database)["balance"], key=lambda b: b["eyes_closed"])
    assert [b["eyes_closed"] for b in tests] == [False, True]
    opened, closed = tests
    assert opened["left_s"] == opened["right_s"] == 45.0  # best of three: the capped tries
    assert 0 <= closed["left_s"] < 45 and 0 <= closed["right_s"] < 45


def test_quitting_after_eyes_open_saves_only_that(terminal, database):
    term = terminal("balance", "--speed", str(SPEED), "--no-sound")
    for number in range(1, 7):
        term.expect(PROMPT, count=number)
        term.start_try()
        term.send("x")
    term.expect(PROMPT, count=7)
    assert "Eyes closed" in term.text
    term.send("q")
    assert term.finish() == 0, term.text[-3000:]
    assert "Test stopped early." in term.text
    assert "run the test with --age" in term.text
    assert "Saved to your history: eyes open." in term.text
    (saved,) = history(database)["balance"]
    assert saved["eyes_closed"] is False


def test_eyes_open_only_runs_six_tries(terminal, database):
    term = terminal("balance", "--eyes-open-only", "--speed", str(SPEED), "--no-sound")
    for number in range(1, 7):
        term.expect(PROMPT, count=number)
        term.send(" x")
    assert term.finish() == 0, term.text[-3000:]
    assert "Eyes closed" not in term.text
    assert [b["eyes_closed"] for b in history(database)["balance"]] == [False]


def test_without_a_terminal_it_says_so_and_points_to_log_balance(database):
    done = subprocess.run(
        [sys.executable, "-m", "footwork", "--database", database, "balance"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=START_TIMEOUT_S,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr
    assert "footwork log balance" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_guided_test_in_german(terminal, database):
    term = terminal("--lang", "de", "balance", "--eyes-open-only", "--age", "65",
                    "--speed", str(SPEED), "--no-sound")  # fmt: skip
    term.expect("Bevor Sie beginnen")
    assert "Hören Sie sofort auf" in term.text  # the safety notes, first
    for number in range(1, 7):
        term.expect("heben Sie den", count=number)
        term.send(" x")
    assert term.finish() == 0, term.text[-3000:]
    screen = term.text
    assert "Augen offen · Versuch 1 von 3 · linkes Bein" in screen
    assert "Ihre besten Zeiten (die beste von 3 Versuchen)" in screen
    assert "Im Vergleich mit Ihrem Alter (65)" in screen
    assert "In Ihrem Verlauf gespeichert: Augen offen." in screen
    assert re.search(r"Linkes Bein: \d+,\d s", screen), screen[-3000:]  # Babel's decimal comma
    assert "lift your" not in screen and "Saved to your history" not in screen
    assert [b["eyes_closed"] for b in history(database)["balance"]] == [False]
