"""Rich renderables for the schedule: today and stats. Pure: they return, never print."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from footwork.core.adherence import Adherence, Figure, count_text
from footwork.core.language import ENGLISH, N_, PSEUDO, UNTRANSLATED, Translator
from footwork.core.schedule import Today

if TYPE_CHECKING:
    from footwork.services.schedule import Stats

STATE_LABELS = {
    "done": (N_("done"), "green"),
    "due": (N_("due now"), "bold yellow"),
    "missed": (N_("missed, still doable today"), "red"),
    "later": (N_("later"), "dim"),
}


def percent(figure: Figure) -> str:
    return "-" if figure.ratio is None else f"{figure.ratio * 100:.0f} %"


def today_view(
    today: Today,
    titles: Mapping[str, str],
    *,
    text: Translator = UNTRANSLATED,
    language: str = ENGLISH,
) -> RenderableType:
    from babel.dates import format_date, format_skeleton  # here: `--help` stays light

    locale = ENGLISH if language == PSEUDO else language
    day = format_date(today.day, "full", locale=locale)  # Samstag, 5. Dezember 2026
    table = Table(title=text.gettext("Today, {day}").format(day=day))
    for name in (N_("when"), N_("exercise"), N_("status")):
        table.add_column(text.gettext(name))
    for status in today.occurrences:
        o = status.occurrence
        label, style = STATE_LABELS[status.state]
        label = text.gettext(label)
        if 0 < status.credit < 1:
            label += " " + text.gettext("({percent} done)").format(
                percent=f"{status.credit * 100:.0f} %"
            )
        table.add_row(
            f"{text.gettext(o.slot)} {o.start:%H:%M}-{o.end:%H:%M}",  # a custom name stays
            titles.get(o.exercise_id, o.exercise_id),
            Text(label, style=style),
        )
    parts: list[RenderableType] = [table]
    if today.weeks:
        monday = format_skeleton("MMMMd", today.weeks[0].week_of, locale=locale)
        weeks = Table(title=text.gettext("This week (from Monday {day})").format(day=monday))
        for name in (N_("exercise"), N_("done"), N_("target"), N_("status")):
            weeks.add_column(text.gettext(name))
        for week in today.weeks:
            target = f"{week.target}" + (f"-{week.target_max}" if week.target_max else "")
            state = (
                (text.gettext("met"), "green")
                if week.met
                else (
                    (text.gettext("done today"), "green")
                    if week.done_today
                    else (text.gettext("due this week"), "yellow")
                )
            )
            weeks.add_row(
                titles.get(week.exercise_id, week.exercise_id),
                count_text(week.done),
                target,
                Text(state[0], style=state[1]),
            )
        parts.append(weeks)
    due = today.due_now()
    hint = (
        text.gettext("Due now: {titles}. Start with `footwork session`.").format(
            titles=", ".join(titles.get(i, i) for i in due)
        )
        if due
        else text.gettext("Nothing is due right now.")
    )
    parts.append(Text(hint, style="bold"))
    return Group(*parts)


def stats_view(
    stats: Stats, titles: Mapping[str, str], *, text: Translator = UNTRANSLATED
) -> RenderableType:
    table = Table(title=text.gettext("Adherence: sessions done against sessions prescribed"))
    table.add_column(text.gettext("exercise"))
    table.add_column(text.gettext("last 7 days"), justify="right")
    table.add_column(text.gettext("last 30 days"), justify="right")
    for exercise_id, figure in stats.week.by_exercise.items():
        month = stats.month.by_exercise.get(exercise_id, Figure())
        table.add_row(titles.get(exercise_id, exercise_id), percent(figure), percent(month))
    table.add_row(
        Text(text.gettext("all exercises"), style="bold"),
        Text(percent(stats.week.overall), style="bold"),
        Text(percent(stats.month.overall), style="bold"),
    )
    streak = text.ngettext(
        "Streak: {n} day with everything done.",
        "Streak: {n} days with everything done.",
        stats.streak,
    ).format(n=stats.streak)
    return Group(
        table,
        Text(streak),
        Text(
            text.gettext("How these are counted: {page}").format(page="docs/adherence.md"),
            style="dim",
        ),
    )


def stats_json(stats: Stats) -> dict[str, object]:
    def figures(a: Adherence) -> dict[str, object]:
        return {
            "first": a.first.isoformat(),
            "last": a.last.isoformat(),
            "overall": _figure(a.overall),
            "by_exercise": {k: _figure(v) for k, v in a.by_exercise.items()},
            "by_day": {k.isoformat(): _figure(v) for k, v in a.by_day.items()},
            "by_week": {k.isoformat(): _figure(v) for k, v in a.by_week.items()},
        }

    return {
        "last_7_days": figures(stats.week),
        "last_30_days": figures(stats.month),
        "streak_days": stats.streak,
    }


def _figure(figure: Figure) -> dict[str, float | None]:
    return {
        "done": round(figure.done, 4),
        "prescribed": round(figure.prescribed, 4),
        "ratio": None if figure.ratio is None else round(figure.ratio, 4),
    }
