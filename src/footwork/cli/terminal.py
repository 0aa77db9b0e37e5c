"""Run a timeline in the terminal: keys in, a live screen or plain lines out."""

from __future__ import annotations

import contextlib
import os
import select
import termios
import threading
import tty
from collections.abc import Iterator, Sequence
from typing import TextIO

from rich.console import Console, RenderableType
from rich.live import Live

from footwork.cli.render import plain_cue_line, safety_notes, session_view
from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.timeline import Timeline
from footwork.player.clock import Command, MonotonicClock, QueueInbox
from footwork.player.events import CueStarted, Event, SessionEnded, SessionOutcome, Sink
from footwork.player.player import Player

KEYS = {
    " ": Command.TOGGLE_PAUSE,
    "p": Command.TOGGLE_PAUSE,
    "s": Command.SKIP,
    "b": Command.BACK,
    "q": Command.QUIT,
}


class PlainLineSink:
    """A line per cue, for a pipe or a log."""

    def __init__(
        self, console: Console, titles: dict[str, str], text: Translator = UNTRANSLATED
    ) -> None:
        self._console = console
        self._titles = titles
        self._text = text

    def emit(self, event: Event) -> None:
        if isinstance(event, CueStarted):
            cue = event.cue
            self._console.print(
                plain_cue_line(cue, self._titles.get(cue.exercise, cue.exercise), text=self._text),
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            for line in safety_notes(cue):
                self._console.print(line, highlight=False, markup=False, soft_wrap=True)
        elif isinstance(event, SessionEnded) and event.outcome != "completed":
            said = self._text.gettext("Session ended early ({outcome}).")
            self._console.print(said.format(outcome=event.outcome), highlight=False)


@contextlib.contextmanager
def key_reader(stream: TextIO, inbox: QueueInbox) -> Iterator[None]:
    """Feed single key presses from a terminal into the inbox, in cbreak mode."""
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    stop = threading.Event()

    def read_keys() -> None:
        while not stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            key = os.read(fd, 1).decode(errors="ignore").lower()
            if key in KEYS:
                inbox.put(KEYS[key])

    tty.setcbreak(fd)
    thread = threading.Thread(target=read_keys, name="footwork-keys", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=1)
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def run_in_terminal(
    timeline: Timeline,
    *,
    console: Console,
    titles: dict[str, str],
    sinks: Sequence[Sink],
    speed: float,
    stdin: TextIO,
    text: Translator = UNTRANSLATED,
) -> SessionOutcome:
    """Play `timeline` with a live screen and keys on a terminal, plain lines otherwise."""
    clock = MonotonicClock()
    inbox = QueueInbox(clock)
    interactive = console.is_terminal and not console.is_dumb_terminal
    if not interactive:
        player = Player(
            timeline,
            clock=clock,
            inbox=inbox,
            speed=speed,
            sinks=[PlainLineSink(console, titles, text), *sinks],
        )
        return player.run()

    player = Player(timeline, clock=clock, inbox=inbox, speed=speed, sinks=sinks)

    class View:
        def __rich__(self) -> RenderableType:
            return session_view(player.position(), timeline, titles, text=text)

    keys = key_reader(stdin, inbox) if stdin.isatty() else contextlib.nullcontext()
    with keys, Live(View(), console=console, refresh_per_second=10, transient=False):
        return player.run()
