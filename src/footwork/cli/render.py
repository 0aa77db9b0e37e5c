"""Rich renderables and plain lines for the terminal. Pure: they return, never print."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.align import Align
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from footwork.content.guidance import FULL_SAFETY_HINT, GENERAL_SAFETY, SHORT_RED_FLAGS
from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.program import Program, describe_dose, describe_how_often, describe_rest
from footwork.core.records import REGION_NAMES
from footwork.core.timeline import Cue, Timeline
from footwork.player.player import Position

if TYPE_CHECKING:
    # For the annotation only: the module is imported where a panel is drawn, not at start-up.
    from footwork.core.pain_alert import PainAlert

KIND_LABELS = {
    "prepare": N_("GET READY"),
    "work": N_("WORK"),
    "rest": N_("REST"),
    "switch": N_("CHANGE"),
    "done": N_("DONE"),
    "session-done": N_("FINISHED"),
}
# The timeline's "what" column and the plain lines: the kind in words (JSON keeps `kind`).
KIND_WORDS = {
    "prepare": N_("prepare"),
    "work": N_("work"),
    "rest": N_("rest"),
    "switch": N_("switch"),
    "done": N_("done"),
    "session-done": N_("session done"),
}
KIND_STYLES = {
    "work": "bold green",
    "rest": "bold cyan",
    "prepare": "bold yellow",
    "switch": "bold magenta",
    "done": "bold blue",
    "session-done": "bold blue",
}
KEY_HELP = N_("space pause · s skip · b back · q quit")

# A 5-line block font for the countdown; each glyph is 4 columns wide.
_GLYPHS = {
    "0": ["████", "█  █", "█  █", "█  █", "████"],
    "1": ["  █ ", " ██ ", "  █ ", "  █ ", " ███"],
    "2": ["████", "   █", "████", "█   ", "████"],
    "3": ["████", "   █", " ███", "   █", "████"],
    "4": ["█  █", "█  █", "████", "   █", "   █"],
    "5": ["████", "█   ", "████", "   █", "████"],
    "6": ["████", "█   ", "████", "█  █", "████"],
    "7": ["████", "   █", "  █ ", " █  ", " █  "],
    "8": ["████", "█  █", "████", "█  █", "████"],
    "9": ["████", "█  █", "████", "   █", "████"],
    ":": ["    ", " ██ ", "    ", " ██ ", "    "],
}


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 balance test', '3 balance tests'."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def format_clock(seconds: float) -> str:
    """Whole seconds rounded up, as m:ss."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def countdown_text(seconds: float) -> str:
    """What the big countdown shows: plain seconds under a minute, m:ss above."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return str(whole) if whole < 60 else format_clock(whole)


def big_digits(text: str) -> str:
    rows = ["  ".join(_GLYPHS[ch][row] for ch in text) for row in range(5)]
    return "\n".join(rows)


_SIDE_WORDS = {"left": N_("left foot"), "right": N_("right foot")}
_DIRECTION_WORDS = {"clockwise": N_("clockwise"), "counterclockwise": N_("counter-clockwise")}


def side_words(cue: Cue, *, text: Translator = UNTRANSLATED) -> str:
    parts = []
    if cue.side:
        parts.append(text.gettext(_SIDE_WORDS[cue.side]))
    if cue.direction:
        parts.append(text.gettext(_DIRECTION_WORDS[cue.direction]))
    return " · ".join(parts)


def exercises_table(program: Program, *, text: Translator = UNTRANSLATED) -> Table:
    table = Table(title=program.title, show_lines=True)
    table.add_column(text.gettext("id"), style="bold")
    table.add_column(text.gettext("exercise"))
    table.add_column(text.gettext("dose"))
    table.add_column(text.gettext("how often"))
    for exercise in program.exercises:
        rest = describe_rest(exercise, text=text)
        table.add_row(
            exercise.id,
            Text.assemble(exercise.title, "\n", (exercise.position, "dim")),
            describe_dose(exercise.dose, text=text) + (f", {rest}" if rest else ""),
            describe_how_often(exercise, text=text),
        )
    return table


def safety_panel(*, short: bool = False, text: Translator = UNTRANSLATED) -> Panel:
    """The general safety advice in full, or its red flags in short with where to read it all."""
    lines = [f"• {text.gettext(line)}" for line in (SHORT_RED_FLAGS if short else GENERAL_SAFETY)]
    if short:
        lines.append(text.gettext(FULL_SAFETY_HINT))
    return Panel("\n".join(lines), title=text.gettext("Safety first"), border_style="yellow")


def pain_alert_panel(alerts: Sequence[PainAlert], *, text: Translator = UNTRANSLATED) -> Panel:
    """A caring word and what to do, for a check-in at 7 or more or 3 above the baseline."""
    from footwork.core.pain_alert import ADVICE as PAIN_ADVICE
    from footwork.core.pain_alert import describe_alert

    lines = [describe_alert(a, text.gettext(REGION_NAMES[a.region]), text=text) for a in alerts]
    lines += ["", text.gettext("What to do now:")]
    lines += [f"• {text.gettext(line)}" for line in PAIN_ADVICE]
    title = text.gettext("We are sorry you are hurting")
    return Panel(Text("\n".join(lines)), title=title, border_style="red")


def safety_notes(cue: Cue) -> list[str]:
    """The lines that carry a cue's own safety notes, for the plain and the live screen."""
    return [f"  ! {note}" for note in cue.notes]


def timeline_table(timeline: Timeline, *, text: Translator = UNTRANSLATED) -> Table:
    title = text.gettext("Session timeline, {total} in all")
    table = Table(title=title.format(total=format_clock(timeline.total_s)))
    for name in (N_("at"), N_("for"), N_("what"), N_("exercise"), N_("side"), N_("rep")):
        table.add_column(text.gettext(name))
    table.add_column(text.gettext("cue"))
    for cue in timeline.cues:
        rep = f"{cue.rep}/{cue.reps}" if cue.rep and cue.kind == "work" else ""
        table.add_row(
            format_clock(cue.offset_s),
            f"{cue.duration_s:g} s",
            text.gettext(KIND_WORDS[cue.kind]),
            cue.exercise,
            side_words(cue, text=text),
            rep,
            cue.text,
        )
    return table


def session_view(
    position: Position,
    timeline: Timeline,
    titles: dict[str, str],
    *,
    text: Translator = UNTRANSLATED,
) -> RenderableType:
    """The live screen: big countdown, counters, what comes next, progress over the session."""
    cue = position.cue
    label = text.gettext("PAUSED" if position.paused else KIND_LABELS[cue.kind])
    style = "bold red" if position.paused else KIND_STYLES[cue.kind]
    header = Text(label, style=style)
    rep = (
        text.gettext("rep {rep} of {reps}").format(rep=cue.rep, reps=cue.reps)
        if cue.kind == "work" and cue.reps and cue.reps > 1
        else ""
    )
    counters = [c for c in (rep, side_words(cue, text=text)) if c]
    if counters:
        header.append("   " + "   ".join(counters), style="bold")
    next_cue = (
        timeline.cues[position.index + 1] if position.index + 1 < len(timeline.cues) else None
    )
    if cue.kind == "session-done":
        upcoming = ""
    elif next_cue is None or next_cue.kind == "session-done":
        upcoming = text.gettext("Next: the end of the session")
    else:
        upcoming = text.gettext("Next: {text}").format(text=next_cue.text)
    notes = [Text(line, style="bold yellow") for line in safety_notes(cue)]
    body = Group(
        header,
        Text(""),
        Align.center(Text(big_digits(countdown_text(position.remaining_s)), style=style)),
        Text(""),
        Text(cue.text, style="bold"),
        *([Text(text.gettext("Safety:"), style="bold yellow"), *notes] if notes else []),
        Text(upcoming, style="dim"),
    )
    total = max(timeline.total_s, 1e-9)
    elapsed = min(position.elapsed_s, total)
    footer = Table.grid(expand=True)
    footer.add_column(ratio=1)
    footer.add_column(justify="right")
    footer.add_row(
        ProgressBar(total=total, completed=elapsed),
        f" {format_clock(elapsed)} / {format_clock(total)}",
    )
    return Group(
        Panel(body, title=titles.get(cue.exercise, cue.exercise), border_style=style.split()[-1]),
        footer,
        Text(text.gettext(KEY_HELP), style="dim"),
    )


def plain_cue_line(cue: Cue, title: str, *, text: Translator = UNTRANSLATED) -> str:
    """One line per cue, for pipes and logs."""
    words = side_words(cue, text=text)
    extra = f"[{words}]" if words else ""
    kind = text.gettext(KIND_WORDS[cue.kind])
    return f"{format_clock(cue.offset_s):>6}  {title:<24} {kind:<12} {cue.text} {extra}".rstrip()


def session_summary(
    outcome: str, *, done: int, skipped: int, planned: int, text: Translator = UNTRANSLATED
) -> str:
    headline = {
        "completed": text.gettext("Session complete"),
        "quit": text.gettext("Session stopped"),
        "interrupted": text.gettext("Session interrupted"),
    }.get(outcome, outcome)
    said = text.ngettext(
        "{headline}: {done} of {planned} effort done",
        "{headline}: {done} of {planned} efforts done",
        planned,
    ).format(headline=headline, done=done, planned=planned)
    if skipped:
        said += text.gettext(", {skipped} skipped").format(skipped=skipped)
    return said + "."
