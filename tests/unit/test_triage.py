"""How bad a flag is, in words, and how long ago: core.triage."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.core.triage import (
    Severity,
    adherence_severity,
    days_ago,
    pain_severity,
    quiet_severity,
    quiet_until_ok,
    severity_words,
)

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("then", "words"),
    [
        (TODAY, "today"),
        (TODAY - timedelta(days=1), "yesterday"),
        (TODAY - timedelta(days=6), "6 days ago"),
        (TODAY - timedelta(days=40), "40 days ago"),
        (TODAY + timedelta(days=1), "tomorrow"),
        (TODAY + timedelta(days=3), "in 3 days"),
        (None, "never"),
    ],
)
def test_days_ago_reads_as_a_person_says_it(then, words):
    assert days_ago(then, TODAY) == words


@pytest.mark.parametrize(
    ("ratio", "level", "words"),
    [
        (0.5, None, None),
        (0.499, "watch", "adherence 50 %, watch"),
        (0.48, "watch", "adherence 48 %, watch"),
        (0.374, "watch", "adherence 37 %, watch"),
        (0.25, "watch", "adherence 25 %, watch"),
        (0.249, "act_now", "adherence 25 %, act now"),
        (0.12, "act_now", "adherence 12 %, act now"),
        (0.0, "act_now", "adherence 0 %, act now"),
        (None, None, None),
    ],
)
def test_low_adherence_is_watch_then_act_now(ratio, level, words):
    severity = adherence_severity(ratio)
    assert severity is None or severity.flag == "low_adherence"
    assert (severity.level if severity else None) == level
    assert (severity.words if severity else None) == words


@pytest.mark.parametrize(
    ("change", "alert", "level", "words"),
    [
        (1.9, False, None, None),
        (None, False, None, None),
        (2.0, False, "watch", "pain +2 points, watch"),
        (2.5, False, "watch", "pain +2.5 points, watch"),
        (3.0, False, "act_now", "pain +3 points, act now"),
        (4.0, False, "act_now", "pain +4 points, act now"),
        (1.0, True, "act_now", "pain +1 point, act now"),
        (None, True, "act_now", "a high pain score, act now"),
        (0.0, True, "act_now", "a high pain score, act now"),
    ],
)
def test_pain_up_is_watch_then_act_now_and_an_alert_is_act_now(change, alert, level, words):
    severity = pain_severity(change, alert=alert)
    assert severity is None or severity.flag == "pain_up"
    assert (severity.level if severity else None) == level
    if not alert:  # no alert unless one is given
        assert pain_severity(change) == severity
    assert (severity.words if severity else None) == words


@pytest.mark.parametrize(
    ("elapsed", "level", "words"),
    [
        (timedelta(days=3), None, None),
        (timedelta(days=3, seconds=1), "watch", "no session for 3 days, watch"),
        (timedelta(days=6, hours=23), "watch", "no session for 6 days, watch"),
        (timedelta(days=7), "act_now", "no session for 7 days, act now"),
        (timedelta(days=20), "act_now", "no session for 20 days, act now"),
    ],
)
def test_no_session_is_watch_then_act_now(elapsed, level, words):
    severity = quiet_severity(NOW - elapsed, NOW - timedelta(days=60), NOW)
    assert severity is None or severity.flag == "quiet"
    assert (severity.level if severity else None) == level
    assert (severity.words if severity else None) == words


def test_a_patient_who_never_did_a_session_counts_from_when_they_were_added():
    severity = quiet_severity(None, NOW - timedelta(days=4), NOW)
    assert severity is not None and severity.words == "no session yet, added 4 days ago, watch"
    assert quiet_severity(None, NOW - timedelta(days=2), NOW) is None


def test_every_level_is_said_in_words_not_only_colour():
    for severity in (
        adherence_severity(0.1),
        pain_severity(5.0),
        quiet_severity(None, NOW - timedelta(days=9), NOW),
    ):
        assert severity is not None and severity.label in severity.words


@pytest.mark.parametrize(
    ("until", "ok"),
    [
        (TODAY, False),
        (TODAY - timedelta(days=1), False),
        (TODAY + timedelta(days=1), True),
        (TODAY + timedelta(days=90), True),
        (TODAY + timedelta(days=91), False),
    ],
)
def test_a_flag_is_quiet_from_tomorrow_up_to_90_days(until, ok):
    assert quiet_until_ok(until, TODAY) is ok


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(2, 5000))
def test_n_days_ago_counts_calendar_days_across_months_and_years(today, n):
    assert days_ago(today - timedelta(days=n), today) == f"{n} days ago"
    assert days_ago(today + timedelta(days=n), today) == f"in {n} days"


@pytest.mark.parametrize(
    ("what", "days", "words"),
    [
        ("quiet", 1, "no session for 1 day, watch"),
        ("quiet", 2, "no session for 2 days, watch"),
        ("never", 1, "no session yet, added 1 day ago, watch"),
        ("never", 2, "no session yet, added 2 days ago, watch"),
    ],
)
def test_one_day_is_said_in_the_singular(what, days, words):
    assert severity_words(Severity("quiet", "watch", what, days)) == words
