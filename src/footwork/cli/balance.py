"""`footwork balance`: the guided single-leg stance test in the terminal.

Rendering functions return Rich renderables; `run_trials` drives the tries with an injected
clock and key source (fakes in tests); the command reads the real ones and prints.
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import sys
import termios
import tty
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Annotated, Any, Literal, Protocol, TextIO

import typer
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from footwork.cli.common import EXIT_INTERRUPTED, EXIT_USAGE, fail, settings_of
from footwork.cli.render import big_digits
from footwork.core.balance import (
    BALANCE_SAFETY,
    CAP_S,
    HOW_TO_STAND,
    LEGS,
    REFERENCE_CAVEAT,
    SPRINGER_2007,
    TRIES_PER_LEG,
    TRY_ENDS,
    BalanceRun,
    Leg,
    Trial,
    age_in,
    band_for,
    condition_name,
    leg_sentences,
    plan_trials,
)
from footwork.player.clock import Clock, MonotonicClock
from footwork.services.logging import log_balance_test
from footwork.services.personal import open_personal

START_KEYS = frozenset({" ", "\n", "\r"})
QUIT_KEY = "q"
Outcome = Literal["finished", "stopped", "interrupted"]


class KeySource(Protocol):
    def next_key(self, deadline: float) -> str | None:
        """Block until a key is pressed (return it, lower case) or the clock reaches
        `deadline` (None). `deadline` may be math.inf, to wait for a key only."""
        ...

    def discard_pending(self) -> None:
        """Forget keys pressed before now, so a stray press does not start a try."""
        ...


class TerminalKeys:
    """Single key presses from a terminal in cbreak mode, waited for against `clock`."""

    def __init__(self, stream: TextIO, clock: Clock) -> None:
        self._fd = stream.fileno()
        self._clock = clock
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def next_key(self, deadline: float) -> str | None:
        while True:
            remaining = deadline - self._clock.now()
            if remaining <= 0:
                return None
            timeout = None if math.isinf(remaining) else remaining
            ready, _, _ = select.select([self._fd], [], [], timeout)
            if ready:
                data = os.read(self._fd, 1)
                if not data:
                    raise EOFError("the terminal closed")
                return data.decode(errors="ignore").lower()

    def discard_pending(self) -> None:
        termios.tcflush(self._fd, termios.TCIFLUSH)


# -- rendering ----------------------------------------------------------------------------


def safety_panel() -> Panel:
    return Panel(
        "\n".join(f"• {line}" for line in BALANCE_SAFETY),
        title="Before you start",
        border_style="yellow",
    )


def introduction(*, eyes_closed_too: bool) -> Text:
    order = " with your eyes open, then the same with them closed" if eyes_closed_too else ""
    return Text.assemble(
        ("Balance test: ", "bold"),
        f"stand on one leg for as long as you can, up to {CAP_S:g} seconds. "
        f"You get {TRIES_PER_LEG} tries on each leg{order}; the best try counts. "
        "It is easiest with a helper who presses the keys for you.",
    )


def condition_intro(eyes_closed: bool) -> Panel:
    """Shown before the first try of each condition."""
    if eyes_closed:
        body = (
            "Now the same with your eyes closed. This is much harder: a few seconds is usual.\n"
            "Keep a hand just off your support, and open your eyes whenever you need to: "
            "that ends the try."
        )
    else:
        body = f"{HOW_TO_STAND}\n{TRY_ENDS}"
    return Panel(body, title=condition_name(eyes_closed).capitalize(), border_style="cyan")


def trial_heading(trial: Trial) -> str:
    return (
        f"{condition_name(trial.eyes_closed).capitalize()} · try {trial.attempt} of "
        f"{TRIES_PER_LEG} · {trial.leg} leg"
    )


def trial_prompt(trial: Trial) -> Text:
    """What to do before a try starts."""
    start = "press Enter or space to start" + (
        ", then close your eyes." if trial.eyes_closed else "."
    )
    return Text.assemble(
        (trial_heading(trial), "bold"),
        "\n",
        f"Stand on your {trial.leg} leg, lift your {trial.lifted} foot, and {start} ",
        ("(q stops the test)", "dim"),
    )


def timer_view(trial: Trial, elapsed_s: float) -> RenderableType:
    """The live screen while a try runs."""
    shown = min(max(elapsed_s, 0.0), CAP_S)
    stop_when = (
        "Open your eyes and press any key" if trial.eyes_closed else "Press any key"
    ) + " when your foot touches down."
    body = Group(
        Align.center(Text(big_digits(str(math.floor(shown))), style="bold green")),
        Text(""),
        Align.center(Text(f"{shown:.1f} s of {CAP_S:g}", style="bold")),
        Text(stop_when),
        Text(f"It stops by itself at {CAP_S:g} s.", style="dim"),
    )
    return Panel(body, title=trial_heading(trial), border_style="green")


def trial_line(trial: Trial, seconds: float) -> Text:
    """One line per try once it is over."""
    note = "  the full time" if seconds >= CAP_S else ""
    return Text(
        f"{condition_name(trial.eyes_closed).capitalize()}, {trial.leg} leg, "
        f"try {trial.attempt}: {seconds:.1f} s{note}"
    )


def _cell(run: BalanceRun, eyes_closed: bool, leg: str) -> str:
    times = run.times_for(eyes_closed=eyes_closed, leg="left" if leg == "left" else "right")
    if not times:
        return "-"
    best = max(times)
    tries = ", ".join(f"{t:.1f}" for t in times)
    return f"{best:.1f} s  ({tries})"


def results_table(run: BalanceRun) -> Table:
    """Best time per leg and condition, with every try."""
    table = Table(title=f"Your best times (best of {TRIES_PER_LEG} tries)")
    table.add_column("")
    for leg in LEGS:
        table.add_column(f"{leg} leg")
    for closed in run.conditions():
        if run.times_for(eyes_closed=closed, leg="left") or run.times_for(
            eyes_closed=closed, leg="right"
        ):
            table.add_row(condition_name(closed), *(_cell(run, closed, leg) for leg in LEGS))
    return table


def comparison_view(
    run: BalanceRun, age: int | None, sex: str | None = None, *, chosen: Leg = "left"
) -> RenderableType:
    """The chosen leg's best times against the age reference, in plain words, with its caveat;
    the other leg's as they are."""
    if age is None:
        return Text(
            "To compare with the average for your age, run the test with --age.", style="dim"
        )
    if band_for(age) is None:
        return Text(
            f"There is no age reference for age {age}: the study measured adults "
            "from 18 years old.",
            style="dim",
        )
    lines: list[RenderableType] = []
    for result in run.results():
        sentences = leg_sentences(result, chosen=chosen, age=age, sex=sex)
        if sentences:
            lines.append(Text(condition_name(result.eyes_closed).capitalize(), style="bold"))
            lines.extend(Text(f"  {s}") for s in sentences)
    lines += [Text(""), Text(REFERENCE_CAVEAT, style="dim"), Text(SPRINGER_2007, style="dim")]
    return Panel(Group(*lines), title=f"Compared with your age ({age})", border_style="blue")


# -- the guided tries -----------------------------------------------------------------------


class _Timer:
    def __init__(self, trial: Trial, elapsed: Callable[[], float]) -> None:
        self._trial = trial
        self._elapsed = elapsed

    def __rich__(self) -> RenderableType:
        return timer_view(self._trial, self._elapsed())


def run_trials(
    run: BalanceRun,
    *,
    console: Console,
    clock: Clock,
    keys: KeySource,
    bell: Callable[[], None],
    speed: float = 1.0,
    live: bool = True,
) -> tuple[BalanceRun, Outcome]:
    """Guide every remaining try: wait for the start key, time until a key or the cap.

    `speed` runs the clock faster (for demos and tests). Returns the run and how it ended.
    """
    try:
        while (trial := run.next_trial) is not None:
            if trial.attempt == 1 and trial.leg == LEGS[0]:
                console.print(condition_intro(trial.eyes_closed))
            keys.discard_pending()
            console.print(trial_prompt(trial))
            key = keys.next_key(math.inf)
            while key not in START_KEYS and key != QUIT_KEY:
                key = keys.next_key(math.inf)
            if key == QUIT_KEY:
                return run, "stopped"
            started = clock.now()
            bell()

            def elapsed(started: float = started) -> float:
                return (clock.now() - started) * speed

            view = (
                Live(_Timer(trial, elapsed), console=console, refresh_per_second=10, transient=True)
                if live
                else contextlib.nullcontext()
            )
            with view:
                key = keys.next_key(started + CAP_S / speed)
            if key == QUIT_KEY:
                return run, "stopped"
            run = run.record(elapsed())
            bell()
            console.print(trial_line(trial, run.times[-1]))
    except KeyboardInterrupt:
        return run, "interrupted"
    return run, "finished"


# -- the command ------------------------------------------------------------------------


def balance(
    ctx: typer.Context,
    age: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=120,
            help="Your age, to compare with the average for it; default: from your birth year "
            "when it is on record.",
            show_default=False,
        ),
    ] = None,
    leg: Annotated[
        Leg,
        typer.Option(
            help="The leg to compare with the average, chosen before the tries (the study "
            "timed one leg of each person's choice); both legs are timed.",
        ),
    ] = "left",
    eyes_closed: Annotated[
        bool,
        typer.Option(
            "--eyes-closed/--eyes-open-only",
            help="Also do the eyes-closed part (skip it if your balance is shaky).",
        ),
    ] = True,
    sound: Annotated[bool, typer.Option(help="Ring the terminal bell at each start and stop.")] = (
        True
    ),
    speed: Annotated[
        float, typer.Option(min=0.01, max=1000, help="Run the clock N times faster (for tests).")
    ] = 1.0,
) -> None:
    """Take the guided single-leg balance test and save the best times to your history.

    It needs a terminal: a key press starts each try, another stops it.
    To record times you measured some other way, use `footwork log balance`.
    """
    if not sys.stdin.isatty():
        raise fail(
            "the guided balance test needs a terminal to read key presses. To record times you "
            "measured yourself, use: footwork log balance --left SECONDS --right SECONDS "
            "[--eyes-closed]",
            EXIT_USAGE,
        )
    personal = open_personal(settings_of(ctx))
    if age is None and personal.person.birth_year is not None:
        age = age_in(datetime.now(UTC).year, personal.person.birth_year)
    console = Console(highlight=False)
    console.print(safety_panel())
    console.print(introduction(eyes_closed_too=eyes_closed))
    clock = MonotonicClock()
    with TerminalKeys(sys.stdin, clock) as keys:
        run, outcome = run_trials(
            BalanceRun(plan_trials(eyes_closed_too=eyes_closed)),
            console=console,
            clock=clock,
            keys=keys,
            bell=console.bell if sound else lambda: None,
            speed=speed,
            live=console.is_terminal and not console.is_dumb_terminal,
        )
    if outcome != "finished":
        console.print("Test stopped early.")
    if run.times:
        console.print(results_table(run))
        console.print(comparison_view(run, age, chosen=leg))
    complete = [r for r in run.results() if r.complete]
    for result in complete:
        log_balance_test(
            personal.store,
            personal.person.id,
            left_s=result.left_s,
            right_s=result.right_s,
            eyes_closed=result.eyes_closed,
            note=None,
            now=datetime.now(UTC),
        )
    if complete:
        names = " and ".join(condition_name(r.eyes_closed) for r in complete)
        console.print(f"Saved to your history: {names}.")
    else:
        console.print("Nothing was saved: a result is saved once all its tries are done.")
    if outcome == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)
