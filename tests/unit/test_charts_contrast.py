"""The charts' colours are told apart by people with low vision: WCAG 2 non-text contrast
(1.4.11) of at least 3:1 against the white background and, in the calendar, between the ends
of the scale and against the days with nothing due. The minutes chart never shows an axis
below zero, and says so in words when there is nothing to show."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import pytest

from footwork.core.progress import CalendarDay
from footwork.core.records import PAIN_REGIONS, REGION_NAMES
from footwork.reports import charts

APP_CSS = Path(charts.__file__).parents[1] / "web" / "static" / "app.css"
MONDAY = date(2026, 11, 2)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcags_own_figures():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # The old calendar: 0 % against "nothing due" was 1.16:1.
    assert contrast("#f3d9c6", "#eeeeee") == pytest.approx(1.16, abs=0.01)


def test_the_calendar_colours_stand_out_from_the_background_and_each_other():
    scale = (charts.NOTHING_DONE, charts.HALF_DONE, charts.ALL_DONE)
    for colour in (*scale, charts.NOTHING_DUE_HATCH):
        assert contrast(colour, charts.BACKGROUND) >= 3, colour
    # Days with nothing due are the background, hatched: 0 % must not look like them.
    assert contrast(charts.NOTHING_DONE, charts.BACKGROUND) >= 3
    assert contrast(charts.NOTHING_DONE, charts.ALL_DONE) >= 3
    # And the scale really runs between these colours.
    assert charts.ADHERENCE_MAP(0.0) == pytest.approx(_rgba(charts.NOTHING_DONE), abs=0.01)
    assert charts.ADHERENCE_MAP(1.0) == pytest.approx(_rgba(charts.ALL_DONE), abs=0.01)


def test_days_with_nothing_due_are_hatched_not_coloured():
    weeks = [[CalendarDay(MONDAY + timedelta(days=d), None if d >= 5 else 0.0) for d in range(7)]]
    figure = charts.adherence_heatmap(weeks)
    hatched = [p for p in figure.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 2  # Saturday and Sunday


def test_each_pain_region_has_its_own_colour_with_enough_contrast_on_every_chart():
    css = APP_CSS.read_text()
    pages = [re.search(rf"\.s{i} {{ stroke: (#[0-9a-f]{{6}});", css) for i in range(1, 8)]
    assert all(pages)
    page_colours = [m.group(1) for m in pages if m]
    for index, region in enumerate(PAIN_REGIONS):
        assert charts.REGION_COLOURS[REGION_NAMES[region]] == page_colours[index]
    assert len(set(page_colours)) == len(PAIN_REGIONS)
    for colour in page_colours:
        assert contrast(colour, "#ffffff") >= 3, colour
    for one, other in combinations(page_colours, 2):
        assert one != other


def test_minutes_with_no_exercise_are_an_empty_state_not_an_axis_around_zero():
    for weeks in ({}, {MONDAY: 0.0, MONDAY + timedelta(days=7): 0.0}):
        figure = charts.minutes_chart(weeks)
        assert any("No exercise" in t.get_text() for t in figure.axes[0].texts)
        assert not figure.axes[0].axison


def test_the_minutes_axis_starts_at_zero():
    figure = charts.minutes_chart({MONDAY: 0.0, MONDAY + timedelta(days=7): 12.0})
    low, high = figure.axes[0].get_ylim()
    assert low == 0 and high >= 12


def _rgba(colour: str) -> tuple[float, float, float, float]:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (r, g, b, 1.0)
