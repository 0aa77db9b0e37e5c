"""The inbox that waits on the real clock for commands from another thread (the terminal's
key reader), and the test doubles' own rules (found by mutation testing, docs/testing.md).
No test here measures time: each wait ends on a command, or on a deadline the clock is made
to pass."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator

import pytest

from footwork.player.clock import Command, FakeClock, QueueInbox, ScriptedInbox


class SteppingClock:
    """A clock at each of `moments` in turn, one per reading (then the last one for ever)."""

    def __init__(self, *moments: float) -> None:
        self._moments: Iterator[float] = iter(moments)
        self._last = moments[-1]

    def now(self) -> float:
        self._last = next(self._moments, self._last)
        return self._last


def test_a_queued_command_is_taken_at_once() -> None:
    inbox = QueueInbox(FakeClock(10.0))
    inbox.put(Command.SKIP)
    inbox.put(Command.QUIT)
    assert inbox.next_command(11.0) is Command.SKIP
    assert inbox.next_command(math.inf) is Command.QUIT


def test_a_deadline_reached_ends_the_wait_even_with_a_command_waiting() -> None:
    inbox = QueueInbox(FakeClock(10.0))
    inbox.put(Command.SKIP)
    assert inbox.next_command(10.0) is None  # the deadline is now
    assert inbox.next_command(9.0) is None  # and in the past
    assert inbox.next_command(10.5) is Command.SKIP  # still there for the next wait


def test_an_empty_inbox_waits_until_the_clock_passes_the_deadline() -> None:
    # 1 ms to go: the queue read times out, the clock is read again and is past the deadline.
    inbox = QueueInbox(SteppingClock(9.999, 10.0))  # type: ignore[arg-type]
    assert inbox.next_command(10.0) is None


def test_a_command_from_another_thread_ends_a_wait_with_no_deadline() -> None:
    inbox = QueueInbox()  # the real clock
    reader = threading.Thread(target=inbox.put, args=(Command.TOGGLE_PAUSE,))
    reader.start()
    assert inbox.next_command(math.inf) is Command.TOGGLE_PAUSE
    reader.join()


def test_the_fake_clock_never_goes_backwards() -> None:
    clock = FakeClock(5.0)
    clock.advance_to(5.0)  # standing still is allowed
    with pytest.raises(ValueError, match=r"^a clock cannot go backwards$"):
        clock.advance_to(4.999)
    assert clock.now() == 5.0


def test_a_scripted_command_at_the_deadline_is_given() -> None:
    clock = FakeClock(0.0)
    inbox = ScriptedInbox(clock, [(2.0, Command.SKIP)])
    assert inbox.next_command(2.0) is Command.SKIP
    assert clock.now() == 2.0


def test_a_script_run_out_while_paused_is_an_error_in_the_test() -> None:
    inbox = ScriptedInbox(FakeClock(0.0))
    with pytest.raises(RuntimeError, match=r"^paused with no command left in the script$"):
        inbox.next_command(math.inf)


def test_a_wait_that_times_out_early_goes_on_waiting_for_a_command() -> None:
    # The queue read gives up 1 ms before the deadline by the clock; the clock is then read
    # as still short of it, and a command arrives in between: the wait goes on and takes it.
    class Delivering:
        inbox: QueueInbox | None = None
        readings = iter((9.999, 9.9995))

        def now(self) -> float:
            moment = next(self.readings)
            if moment == 9.9995 and self.inbox is not None:
                self.inbox.put(Command.BACK)
            return moment

    clock = Delivering()
    inbox = clock.inbox = QueueInbox(clock)
    assert inbox.next_command(10.0) is Command.BACK


def test_scripted_commands_at_the_same_moment_keep_their_order() -> None:
    clock = FakeClock(0.0)
    inbox = ScriptedInbox(clock, [(2.0, Command.SKIP), (1.0, Command.QUIT), (2.0, Command.BACK)])
    assert [inbox.next_command(5.0) for _ in range(3)] == [Command.QUIT, Command.SKIP, Command.BACK]
