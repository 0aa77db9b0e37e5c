"""The progress charts of a person, ready for a page, a PDF or files."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from footwork.core.language import ENGLISH
from footwork.i18n import translator
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
    language: str = ENGLISH,
) -> list[Chart]:
    """The four charts, their words and dates in `language`."""
    from babel.dates import format_date

    text = translator(language)
    locale = "en" if language == "en_XA" else language
    period = {
        "first": format_date(progress.first, format="d MMM yyyy", locale=locale),
        "last": format_date(progress.last, format="d MMM yyyy", locale=locale),
    }
    minutes = (
        text.gettext("Minutes of exercise per week, from {first} to {last}")
        if any(progress.minutes.values())
        else text.gettext("Minutes of exercise per week, from {first} to {last}: no exercise yet")
    )
    return [
        Chart(
            "adherence",
            text.gettext(
                "Calendar of the share of each day's exercises done, from {first} to {last}"
            ).format(**period),
            charts.adherence_heatmap(progress.calendar, language=language),
        ),
        Chart(
            "pain",
            text.gettext(
                "Pain scores per region with their 7-day median, from {first} to {last}"
            ).format(**period),
            charts.pain_chart(
                progress.pain_daily,
                progress.pain_rolling,
                first=progress.first,
                last=progress.last,
                language=language,
            ),
        ),
        Chart(
            "minutes",
            minutes.format(**period),
            charts.minutes_chart(progress.minutes, language=language),
        ),
        Chart(
            "balance",
            text.gettext("Single-leg stance times against the average for the person's age"),
            charts.balance_chart(
                [(t.recorded_at, t.eyes_closed, t.left_s, t.right_s) for t in progress.balance],
                reference_open=reference_open,
                reference_closed=reference_closed,
                language=language,
            ),
        ),
    ]
