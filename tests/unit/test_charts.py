"""The progress charts: labelled, empty states said in words, stable SVG for the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from footwork.core.progress import CalendarDay
from footwork.reports import charts

MONDAY = date(2026, 11, 2)


def calendar(weeks: int, ratio: float | None) -> list[list[CalendarDay]]:
    return [[CalendarDay(MONDAY + timedelta(days=7 * w + d), ratio) for d in range(7)]
            for w in range(weeks)]  # fmt: skip


def test_every_chart_has_a_title_and_labelled_axes():
    figures = [
        charts.adherence_heatmap(calendar(4, 0.5)),
        charts.pain_chart(
            {"low back": {MONDAY: 5.0}},
            {"low back": {MONDAY: 5.0}},
            first=MONDAY,
            last=MONDAY + timedelta(days=6),
        ),
        charts.minutes_chart({MONDAY: 12.0, MONDAY + timedelta(days=7): 20.0}),
        charts.balance_chart(
            [(datetime(2026, 11, 3, tzinfo=UTC), False, 20.0, 25.0)],
            reference_open=41.2,
            reference_closed=None,
        ),
    ]
    for figure in figures:
        axes = figure.axes[0]
        assert axes.get_title(loc="left")
        assert axes.get_ylabel() or axes.get_yticklabels()
    balance = figures[3]
    labels = [t.get_text() for t in balance.legends[0].get_texts()]
    assert labels == ["eyes open, left", "eyes open, right", "age average, open"]
    assert "average for your age\n(eyes open 41 s)" in balance.axes[0].get_title(loc="left")


def test_an_empty_chart_says_so_in_words():
    figure = charts.pain_chart({}, {}, first=MONDAY, last=MONDAY)
    assert any("No pain scores" in t.get_text() for t in figure.axes[0].texts)
    figure = charts.adherence_heatmap(calendar(2, None))
    assert any("Nothing was due" in t.get_text() for t in figure.axes[0].texts)


def test_the_inline_svg_scales_with_its_page_and_is_labelled():
    svg = charts.inline_svg(charts.minutes_chart({MONDAY: 3.0}), label='Minutes "per" week')
    head = svg[: svg.index(">")]
    assert head.startswith("<svg") and 'viewBox="' in head
    assert " width=" not in head and " height=" not in head
    assert 'role="img"' in head and 'aria-label="Minutes &quot;per&quot; week"' in head


def test_the_same_chart_makes_the_same_file():
    one = charts.render(charts.minutes_chart({MONDAY: 3.0}), "svg")
    two = charts.render(charts.minutes_chart({MONDAY: 3.0}), "svg")
    assert one == two
    assert charts.render(charts.minutes_chart({MONDAY: 3.0}), "png").startswith(b"\x89PNG")
    assert charts.render(charts.minutes_chart({MONDAY: 3.0}), "pdf").startswith(b"%PDF")
