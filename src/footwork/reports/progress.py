"""The progress charts of a person, ready for a page, a PDF or files."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

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
    progress: Progress, *, reference_open: float | None, reference_closed: float | None
) -> list[Chart]:
    weeks = f"from {progress.first:%d %b} to {progress.last:%d %b %Y}"
    return [
        Chart(
            "adherence",
            f"Calendar of the share of each day's exercises done, {weeks}",
            charts.adherence_heatmap(progress.calendar),
        ),
        Chart(
            "pain",
            f"Pain scores per region with their 7-day median, {weeks}",
            charts.pain_chart(
                progress.pain_daily, progress.pain_rolling, first=progress.first, last=progress.last
            ),
        ),
        Chart(
            "minutes",
            f"Minutes of exercise per week, {weeks}"
            + ("" if any(progress.minutes.values()) else ": no exercise yet"),
            charts.minutes_chart(progress.minutes),
        ),
        Chart(
            "balance",
            "Single-leg stance times against the average for the person's age",
            charts.balance_chart(
                [(t.recorded_at, t.eyes_closed, t.left_s, t.right_s) for t in progress.balance],
                reference_open=reference_open,
                reference_closed=reference_closed,
            ),
        ),
    ]
