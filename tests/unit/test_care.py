"""The clinician's flags at their thresholds: each one exactly at the line and just past it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from footwork.core.care import LOW_ADHERENCE, PAIN_RISE, QUIET_DAYS, flags_of

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)


def flags(**changes: object):
    figures: dict[str, object] = {
        "adherence_done": 14.0,
        "adherence_prescribed": 14.0,
        "pain_change": 0.0,
        "last_session_at": NOW - timedelta(hours=1),
        "since": SINCE,
        "now": NOW,
    }
    return flags_of(**(figures | changes))  # type: ignore[arg-type]


def test_the_thresholds_are_the_documented_ones():
    assert (LOW_ADHERENCE, PAIN_RISE, QUIET_DAYS) == (0.5, 2.0, 3)


def test_nothing_is_flagged_for_a_patient_doing_well():
    assert flags().names() == [] and flags().count == 0


@pytest.mark.parametrize(("done", "low"), [(7.0, False), (6.99, True), (7.01, False), (0.0, True)])
def test_adherence_is_low_only_under_50_percent(done: float, low: bool):
    result = flags(adherence_done=done, adherence_prescribed=14.0)
    assert result.low_adherence is low
    assert ("low_adherence" in result.names()) is low


def test_nothing_prescribed_is_never_low_adherence():
    assert not flags(adherence_done=0.0, adherence_prescribed=0.0).low_adherence
    assert not flags(adherence_done=None, adherence_prescribed=None).low_adherence
    assert flags(adherence_done=None, adherence_prescribed=4.0).low_adherence
    assert flags(adherence_done=None, adherence_prescribed=1.5).low_adherence  # none done


@pytest.mark.parametrize(
    ("change", "up"), [(2.0, True), (1.99, False), (2.5, True), (-3.0, False), (None, False)]
)
def test_pain_is_up_from_a_rise_of_exactly_2_points(change: float | None, up: bool):
    assert flags(pain_change=change).pain_up is up


@pytest.mark.parametrize(
    ("ago", "quiet"),
    [
        (timedelta(days=3), False),
        (timedelta(days=3, microseconds=1), True),
        (timedelta(days=2, hours=23), False),
        (timedelta(days=10), True),
    ],
)
def test_quiet_once_more_than_3_days_passed_since_the_last_session(ago: timedelta, quiet: bool):
    assert flags(last_session_at=NOW - ago).quiet is quiet


def test_a_patient_who_never_did_a_session_is_quiet_3_days_after_being_added():
    assert not flags(last_session_at=None, since=NOW - timedelta(days=3)).quiet
    assert flags(last_session_at=None, since=NOW - timedelta(days=3, seconds=1)).quiet
    # A session counts over the date they were added.
    assert not flags(last_session_at=NOW, since=NOW - timedelta(days=9)).quiet


def test_the_count_and_names_follow_the_flags_up():
    result = flags(adherence_done=1.0, pain_change=2.0, last_session_at=NOW - timedelta(days=4))
    assert result.names() == ["low_adherence", "pain_up", "quiet"] and result.count == 3
    assert flags(pain_change=2.0).names() == ["pain_up"] and flags(pain_change=2.0).count == 1
