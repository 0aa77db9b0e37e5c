"""core.lifecycle: which discharged records have passed the retention, at the boundaries, and
what the current episode counts from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.core.lifecycle import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    Discharge,
    RetentionError,
    add_years,
    check_retention,
    due_for_purge,
    episode_view,
    kept_until,
)
from footwork.core.records import PainCheckin
from footwork.core.schedule import ScheduleSettings, ZoneChange

T0 = datetime(2016, 3, 1, 9, 30, tzinfo=UTC)


def discharged(at: datetime, person: str = "p1") -> Discharge:
    return Discharge(person, "Pat", at)


def test_the_default_is_ten_years():
    assert DEFAULT_RETENTION_YEARS == 10


def test_a_record_is_due_at_the_very_moment_its_retention_ends():
    record = discharged(T0)
    end = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert due_for_purge([record], years=10, now=end) == [record]


def test_a_record_is_kept_until_then():
    record = discharged(T0)
    end = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert due_for_purge([record], years=10, now=end - timedelta(microseconds=1)) == []


def test_a_shorter_retention_makes_an_older_record_due_and_oldest_come_first():
    old, newer, recent = (
        discharged(T0, "a"),
        discharged(T0 + timedelta(days=400), "b"),
        (discharged(datetime(2025, 12, 1, tzinfo=UTC), "c")),
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert due_for_purge([newer, recent, old], years=5, now=now) == [old, newer]
    assert due_for_purge([newer, recent, old], years=10, now=now) == []


def test_a_leap_day_discharge_is_kept_until_the_28th_of_february():
    leap = datetime(2024, 2, 29, 12, tzinfo=UTC)
    assert add_years(leap, 1) == datetime(2025, 2, 28, 12, tzinfo=UTC)
    assert add_years(leap, 4) == datetime(2028, 2, 29, 12, tzinfo=UTC)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS),
)
def test_a_record_is_kept_at_least_its_years_of_365_days_and_never_a_day_more_than_366(at, years):
    end = kept_until(at, years)
    assert timedelta(days=365 * years) <= end - at <= timedelta(days=366 * years)
    assert due_for_purge([discharged(at)], years=years, now=end)
    assert not due_for_purge([discharged(at)], years=years, now=end - timedelta(seconds=1))


@pytest.mark.parametrize("years", [MIN_RETENTION_YEARS - 1, MAX_RETENTION_YEARS + 1, -5])
def test_a_retention_out_of_bounds_is_refused(years):
    with pytest.raises(RetentionError, match="between 1 and 100 years"):
        check_retention(years)


@pytest.mark.parametrize("years", [MIN_RETENTION_YEARS, MAX_RETENTION_YEARS])
def test_the_bounds_themselves_are_allowed(years):
    assert check_retention(years) == years


def settings(start: date) -> ScheduleSettings:
    return ScheduleSettings(
        zones=(ZoneChange(effective_from=T0, timezone="Europe/Berlin"),), start=start
    )


def checkin(at: datetime, score: int = 3) -> PainCheckin:
    return PainCheckin(id=f"c{int(at.timestamp())}", recorded_at=at, scores={"foot-left": score})


def test_the_first_episode_sees_everything():
    s = settings(date(2026, 1, 5))
    pain = [checkin(datetime(2026, 1, 6, tzinfo=UTC))]
    assert episode_view(s, pain, began=None) == (s, pain)


def test_a_re_admission_starts_the_baseline_on_its_own_day_and_leaves_old_check_ins_out():
    s = settings(date(2026, 1, 5))
    old, new = (
        checkin(datetime(2026, 1, 6, tzinfo=UTC), 8),
        checkin(datetime(2026, 6, 2, tzinfo=UTC)),
    )
    began = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # already 2 June in Berlin
    seen, kept = episode_view(s, [old, new], began=began)
    assert seen.start == date(2026, 6, 2)
    assert seen.began_at == began
    assert kept == [new]


def test_a_program_starting_after_the_re_admission_keeps_its_own_start():
    s = settings(date(2026, 7, 1))
    began = datetime(2026, 6, 1, 8, tzinfo=UTC)
    seen, _ = episode_view(s, [], began=began)
    assert seen.start == date(2026, 7, 1)


def test_a_check_in_at_the_very_moment_of_re_admission_belongs_to_the_new_episode():
    began = datetime(2026, 6, 1, 8, tzinfo=UTC)
    before, at_once = checkin(began - timedelta(seconds=1)), checkin(began)
    for start in (date(2026, 5, 1), date(2026, 7, 1)):  # the start before it, and after it
        _, kept = episode_view(settings(start), [before, at_once], began=began)
        assert kept == [at_once]


def test_a_re_admission_on_the_start_day_keeps_the_settings_as_they_are():
    s = settings(date(2026, 6, 1))
    seen, _ = episode_view(s, [], began=datetime(2026, 6, 1, 8, tzinfo=UTC))
    assert seen == s and seen.began_at is None
