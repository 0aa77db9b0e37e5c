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
from footwork.cli.words import ENGLISH_WORDS, Words, capital, words_for
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
    leg_sentences,
    plan_trials,
)
from footwork.core.language import ENGLISH, N_
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


def safety_panel(words: Words = ENGLISH_WORDS) -> Panel:
    text = words.text
    return Panel(
        "\n".join(f"• {text.gettext(line)}" for line in BALANCE_SAFETY),
        title=text.gettext("Before you start"),
        border_style="yellow",
    )


def introduction(*, eyes_closed_too: bool, words: Words = ENGLISH_WORDS) -> Text:
    text = words.text
    if eyes_closed_too:
        said = text.gettext(
            "stand on one leg for as long as you can, up to {cap} seconds. You get {tries} "
            "tries on each leg with your eyes open, then the same with them closed; the best "
            "try counts. It is easiest with a helper who presses the keys for you."
        )
    else:
        said = text.gettext(
            "stand on one leg for as long as you can, up to {cap} seconds. You get {tries} "
            "tries on each leg; the best try counts. It is easiest with a helper who presses "
            "the keys for you."
        )
    return Text.assemble(
        (text.gettext("Balance test: "), "bold"),
        said.format(cap=words.seconds(CAP_S, 0), tries=TRIES_PER_LEG),
    )


def condition_intro(eyes_closed: bool, words: Words = ENGLISH_WORDS) -> Panel:
    """Shown before the first try of each condition."""
    text = words.text
    if eyes_closed:
        body = (
            text.gettext(
                "Now the same with your eyes closed. This is much harder: a few seconds is usual."
            )
            + "\n"
            + text.gettext(
                "Keep a hand just off your support, and open your eyes whenever you need to: "
                "that ends the try."
            )
        )
    else:
        body = f"{text.gettext(HOW_TO_STAND)}\n{text.gettext(TRY_ENDS)}"
    return Panel(body, title=capital(words.condition(eyes_closed)), border_style="cyan")


def trial_heading(trial: Trial, words: Words = ENGLISH_WORDS) -> str:
    said = words.text.gettext("{condition} · try {attempt} of {tries} · {leg}")
    return said.format(
        condition=capital(words.condition(trial.eyes_closed)),
        attempt=trial.attempt,
        tries=TRIES_PER_LEG,
        leg=words.leg(trial.leg),
    )


STAND_ON = {
    # The leg to stand on, the foot to lift.
    "left": N_("Stand on your left leg, lift your right foot, and"),
    "right": N_("Stand on your right leg, lift your left foot, and"),
}


def trial_prompt(trial: Trial, words: Words = ENGLISH_WORDS) -> Text:
    """What to do before a try starts."""
    text = words.text
    start = (
        text.gettext("press Enter or space to start, then close your eyes.")
        if trial.eyes_closed
        else text.gettext("press Enter or space to start.")
    )
    return Text.assemble(
        (trial_heading(trial, words), "bold"),
        "\n",
        f"{text.gettext(STAND_ON[trial.leg])} {start} ",
        (text.gettext("(q stops the test)"), "dim"),
    )


def timer_view(trial: Trial, elapsed_s: float, words: Words = ENGLISH_WORDS) -> RenderableType:
    """The live screen while a try runs."""
    text = words.text
    shown = min(max(elapsed_s, 0.0), CAP_S)
    stop_when = (
        text.gettext("Open your eyes and press any key when your foot touches down.")
        if trial.eyes_closed
        else text.gettext("Press any key when your foot touches down.")
    )
    of_cap = text.gettext("{seconds} s of {cap}").format(
        seconds=words.seconds(shown), cap=words.seconds(CAP_S, 0)
    )
    body = Group(
        Align.center(Text(big_digits(str(math.floor(shown))), style="bold green")),
        Text(""),
        Align.center(Text(of_cap, style="bold")),
        Text(stop_when),
        Text(
            text.gettext("It stops by itself at {cap} s.").format(cap=words.seconds(CAP_S, 0)),
            style="dim",
        ),
    )
    return Panel(body, title=trial_heading(trial, words), border_style="green")


def trial_line(trial: Trial, seconds: float, words: Words = ENGLISH_WORDS) -> Text:
    """One line per try once it is over."""
    text = words.text
    said = (
        text.gettext("{condition}, {leg}, try {attempt}: {seconds} s  the full time")
        if seconds >= CAP_S
        else text.gettext("{condition}, {leg}, try {attempt}: {seconds} s")
    )
    return Text(
        said.format(
            condition=capital(words.condition(trial.eyes_closed)),
            leg=words.leg(trial.leg),
            attempt=trial.attempt,
            seconds=words.seconds(seconds),
        )
    )


def _cell(run: BalanceRun, eyes_closed: bool, leg: Leg, words: Words) -> str:
    times = run.times_for(eyes_closed=eyes_closed, leg=leg)
    if not times:
        return "-"
    return f"{words.seconds(max(times))} s  ({words.tries(times)})"


def results_table(run: BalanceRun, words: Words = ENGLISH_WORDS) -> Table:
    """Best time per leg and condition, with every try."""
    text = words.text
    title = text.gettext("Your best times (best of {tries} tries)").format(tries=TRIES_PER_LEG)
    table = Table(title=title)
    table.add_column("")
    for leg in LEGS:
        table.add_column(words.leg(leg))
    for closed in run.conditions():
        if run.times_for(eyes_closed=closed, leg="left") or run.times_for(
            eyes_closed=closed, leg="right"
        ):
            table.add_row(
                words.condition(closed), *(_cell(run, closed, leg, words) for leg in LEGS)
            )
    return table


def comparison_view(
    run: BalanceRun,
    age: int | None,
    sex: str | None = None,
    *,
    chosen: Leg = "left",
    words: Words = ENGLISH_WORDS,
) -> RenderableType:
    """The chosen leg's best times against the age reference, in plain words, with its caveat;
    the other leg's as they are."""
    text = words.text
    if age is None:
        return Text(
            text.gettext("To compare with the average for your age, run the test with --age."),
            style="dim",
        )
    if band_for(age) is None:
        said = text.gettext(
            "There is no age reference for age {age}: the study measured adults from 18 years old."
        )
        return Text(said.format(age=age), style="dim")
    lines: list[RenderableType] = []
    for result in run.results():
        sentences = leg_sentences(
            result, chosen=chosen, age=age, sex=sex, text=text, number=words.number
        )
        if sentences:
            lines.append(Text(capital(words.condition(result.eyes_closed)), style="bold"))
            lines.extend(Text(f"  {s}") for s in sentences)
    lines += [
        Text(""),
        Text(text.gettext(REFERENCE_CAVEAT), style="dim"),
        Text(SPRINGER_2007, style="dim"),
    ]
    title = text.gettext("Compared with your age ({age})").format(age=age)
    return Panel(Group(*lines), title=title, border_style="blue")


# -- the guided tries -----------------------------------------------------------------------


class _Timer:
    def __init__(self, trial: Trial, elapsed: Callable[[], float], words: Words) -> None:
        self._trial = trial
        self._elapsed = elapsed
        self._words = words

    def __rich__(self) -> RenderableType:
        return timer_view(self._trial, self._elapsed(), self._words)


def run_trials(
    run: BalanceRun,
    *,
    console: Console,
    clock: Clock,
    keys: KeySource,
    bell: Callable[[], None],
    speed: float = 1.0,
    live: bool = True,
    words: Words = ENGLISH_WORDS,
) -> tuple[BalanceRun, Outcome]:
    """Guide every remaining try: wait for the start key, time until a key or the cap.

    `speed` runs the clock faster (for demos and tests). Returns the run and how it ended.
    """
    try:
        while (trial := run.next_trial) is not None:
            if trial.attempt == 1 and trial.leg == LEGS[0]:
                console.print(condition_intro(trial.eyes_closed, words))
            keys.discard_pending()
            console.print(trial_prompt(trial, words))
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
                Live(
                    _Timer(trial, elapsed, words),
                    console=console,
                    refresh_per_second=10,
                    transient=True,
                )
                if live
                else contextlib.nullcontext()
            )
            with view:
                key = keys.next_key(started + CAP_S / speed)
            if key == QUIT_KEY:
                return run, "stopped"
            run = run.record(elapsed())
            bell()
            console.print(trial_line(trial, run.times[-1], words))
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
    words = words_for(settings_of(ctx).lang or ENGLISH)
    text = words.text
    if not sys.stdin.isatty():
        said = text.gettext(
            "the guided balance test needs a terminal to read key presses. To record times you "
            "measured yourself, use `{command}`."
        )
        command = "footwork log balance --left SECONDS --right SECONDS [--eyes-closed]"
        raise fail(said.format(command=command), EXIT_USAGE)
    personal = open_personal(settings_of(ctx))
    if age is None and personal.person.birth_year is not None:
        age = age_in(datetime.now(UTC).year, personal.person.birth_year)
    console = Console(highlight=False)
    console.print(safety_panel(words))
    console.print(introduction(eyes_closed_too=eyes_closed, words=words))
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
            words=words,
        )
    if outcome != "finished":
        console.print(text.gettext("Test stopped early."))
    if run.times:
        console.print(results_table(run, words))
        console.print(comparison_view(run, age, chosen=leg, words=words))
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
    if len(complete) == 1:
        said = text.gettext("Saved to your history: {condition}.")
        console.print(said.format(condition=words.condition(complete[0].eyes_closed)))
    elif complete:
        said = text.gettext("Saved to your history: {condition} and {other}.")
        first, *_, last = complete
        console.print(
            said.format(
                condition=words.condition(first.eyes_closed),
                other=words.condition(last.eyes_closed),
            )
        )
    else:
        console.print(
            text.gettext("Nothing was saved: a result is saved once all its tries are done.")
        )
    if outcome == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)
