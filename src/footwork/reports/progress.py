"""The progress charts of a person, ready for a page, a PDF or files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from matplotlib.figure import Figure

from footwork.core.language import UNTRANSLATED, Translator
from footwork.reports import charts
from footwork.services.progress import Progress


@dataclass(frozen=True, slots=True)
class Chart:
    name: str
    label: str
    """What the chart shows, for screen readers and file names' readers."""
    figure: Figure

    def svg(self) -> str:
        return charts.inline_svg(self.figure, label=self.label)


def progress_charts(
    progress: Progress,
    *,
    reference_open: float | None,
    reference_closed: float | None,
    text: Translator = UNTRANSLATED,
    day: Callable[[date], str] = charts.short_day,
) -> list[Chart]:
    """The four charts with their words (titles, axes, labels) in `text`'s language and
    their dates written by `day`."""
    weeks = {"first": day(progress.first), "last": f"{day(progress.last)} {progress.last:%Y}"}
    minutes = text.gettext("Minutes of exercise per week, from %(first)s to %(last)s") % weeks
    if not any(progress.minutes.values()):
        minutes = text.gettext("%(label)s: no exercise yet") % {"label": minutes}
    return [
        Chart(
            "adherence",
            text.gettext(
                "Calendar of the share of each day's exercises done, from %(first)s to %(last)s"
            )
            % weeks,
            charts.adherence_heatmap(progress.calendar, text=text, day=day),
        ),
        Chart(
            "pain",
            text.gettext(
                "Pain scores per region with their 7-day median, from %(first)s to %(last)s"
            )
            % weeks,
            charts.pain_chart(
                progress.pain_daily,
                progress.pain_rolling,
                first=progress.first,
                last=progress.last,
                text=text,
                day=day,
            ),
        ),
        Chart("minutes", minutes, charts.minutes_chart(progress.minutes, text=text, day=day)),
        Chart(
            "balance",
            text.gettext("Single-leg stance times against the average for the person's age"),
            charts.balance_chart(
                [(t.recorded_at, t.eyes_closed, t.left_s, t.right_s) for t in progress.balance],
                reference_open=reference_open,
                reference_closed=reference_closed,
                text=text,
                day=day,
            ),
        ),
    ]
