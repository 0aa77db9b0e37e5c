"""The figures behind a clinician's flags: the window of 7 complete local days before a day,
the pain change against the baseline, and a recent check-in that calls for a prompt."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from footwork.core.adherence import adherence
from footwork.core.care import (
    MIN_RECENT_PAIN_DAYS,
    WINDOW_DAYS,
    care_figures,
    end_of_day_before,
    pain_change,
)
from footwork.core.insight_periods import InsightSettings
from footwork.core.program import PerDay
from footwork.core.records import PainCheckin
from footwork.core.schedule import Performance, ProgramHistory, ScheduleSettings, ZoneChange
from tests.unit.test_schedule import program_of

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
START = date(2026, 10, 26)  # clocks go back in New York on 1 November
SETTINGS = ScheduleSettings(
    zones=(
        ZoneChange(effective_from=datetime(2000, 1, 1, tzinfo=UTC), timezone="America/New_York"),
    ),
    start=START,
)
DAILY_3 = program_of(a=PerDay(kind="per_day", times=3))


def checkin(when: datetime, **scores: int) -> PainCheckin:
    return PainCheckin(
        id=f"c{when:%Y%m%d%H%M}", recorded_at=when,
        scores={k.replace("_", "-"): v for k, v in scores.items()},  # type: ignore[misc]
    )  # fmt: skip


def evening(day: date, **scores: int) -> PainCheckin:
    return checkin(datetime.combine(day, time(20), NEW_YORK), **scores)


def baseline(region: str = "knee_left", score: int = 3) -> list[PainCheckin]:
    """Three scored days in the week before the start: a baseline of `score`."""
    return [evening(START - timedelta(days=n), **{region: score}) for n in (1, 2, 3)]


AS_OF = START + timedelta(days=14)


def recent(*scores: int, region: str = "knee_left", back: int = 1) -> list[PainCheckin]:
    """One check-in a day, the last `back` days before AS_OF."""
    return [evening(AS_OF - timedelta(days=back + n), **{region: s}) for n, s in enumerate(scores)]


def test_the_day_before_ends_a_microsecond_before_local_midnight():
    end = end_of_day_before(SETTINGS, date(2026, 11, 2))
    assert end == datetime(2026, 11, 1, 23, 59, 59, 999999, tzinfo=NEW_YORK)
    assert end.astimezone(UTC) == datetime(2026, 11, 2, 4, 59, 59, 999999, tzinfo=UTC)  # EST
    summer = end_of_day_before(SETTINGS, date(2026, 10, 30))
    assert summer.astimezone(UTC) == datetime(2026, 10, 30, 3, 59, 59, 999999, tzinfo=UTC)  # EDT


def test_the_day_before_ends_in_the_zone_of_that_day():
    moved = SETTINGS.model_copy(
        update={
            "zones": (
                *SETTINGS.zones,
                ZoneChange(
                    effective_from=datetime(2026, 11, 5, tzinfo=UTC), timezone="Europe/Berlin"
                ),
            )
        }
    )
    end = end_of_day_before(moved, date(2026, 11, 10))
    assert end.astimezone(UTC) == datetime(2026, 11, 9, 22, 59, 59, 999999, tzinfo=UTC)
    before_the_move = end_of_day_before(moved, date(2026, 11, 3))
    assert before_the_move.astimezone(UTC) == datetime(2026, 11, 3, 4, 59, 59, 999999, tzinfo=UTC)


def test_pain_change_is_the_window_median_against_the_baseline():
    assert MIN_RECENT_PAIN_DAYS == 2 and WINDOW_DAYS == 7
    result = pain_change([*baseline(score=3), *recent(5, 6, 8)], SETTINGS, as_of=AS_OF)
    assert result == (3.0, "knee-left")
    assert isinstance(result[0], float)
    fell = pain_change([*baseline(score=6), *recent(2, 3)], SETTINGS, as_of=AS_OF)
    assert fell == (-3.5, "knee-left")


def test_pain_change_needs_two_days_in_the_window():
    assert pain_change([*baseline(), *recent(9)], SETTINGS, as_of=AS_OF) is None
    assert pain_change([*baseline(), *recent(9, 9)], SETTINGS, as_of=AS_OF) == (6.0, "knee-left")


def test_pain_change_needs_a_baseline_of_three_days():
    two_days = baseline()[:2]
    # Without a baseline before the start the first scores after it make one (docs/insight.md):
    # here the recent days themselves, so none is left to compare.
    assert pain_change([*two_days, *recent(9, 9)], SETTINGS, as_of=AS_OF) is None
    looser = InsightSettings(min_baseline_days=2)
    assert pain_change([*two_days, *recent(9, 9)], SETTINGS, as_of=AS_OF, insight=looser) == (
        6.0,
        "knee-left",
    )


def test_the_window_is_the_7_complete_days_before_the_day():
    inside = [*baseline(score=2), *recent(4, 4, back=6)]  # 6 and 7 days before
    assert pain_change(inside, SETTINGS, as_of=AS_OF) == (2.0, "knee-left")
    outside = [*baseline(score=2), *recent(4, 4, back=7)]  # 7 and 8 days before: one left
    assert pain_change(outside, SETTINGS, as_of=AS_OF) is None
    today = [*baseline(score=2), *recent(4), evening(AS_OF, knee_left=9)]  # today is not over
    assert pain_change(today, SETTINGS, as_of=AS_OF) is None


def test_days_are_local_days():
    # 02:00 UTC is the evening before in New York: both check-ins fall on one local day.
    late = datetime.combine(AS_OF - timedelta(days=2), time(2), UTC)
    one_day = [
        *baseline(),
        evening(AS_OF - timedelta(days=3), knee_left=8),
        checkin(late, knee_left=8),
    ]
    assert pain_change(one_day, SETTINGS, as_of=AS_OF) is None


def test_an_early_baseline_is_left_out_of_the_window():
    """Scores from the start on: the first week is the baseline, the window only what follows."""
    days = [START + timedelta(days=n) for n in range(10)]
    checkins = [evening(d, back=2 if n < 7 else 6) for n, d in enumerate(days)]
    as_of = days[-1] + timedelta(days=1)
    assert pain_change(checkins, SETTINGS, as_of=as_of) == (4.0, "back")
    assert pain_change(checkins[:8], SETTINGS, as_of=days[7] + timedelta(days=1)) is None


def test_the_region_that_rose_most_is_the_one_shown():
    checkins = [
        *baseline("back", 2),
        *baseline("knee_left", 2),
        *baseline("foot_right", 5),
        *recent(3, 3, region="back"),
        *recent(6, 6, region="knee_left"),
        *recent(5, 5, region="foot_right"),
    ]
    assert pain_change(checkins, SETTINGS, as_of=AS_OF) == (4.0, "knee-left")
    falls = [*baseline("back", 6), *baseline("knee_left", 6)]
    falls += [*recent(5, 5, region="back"), *recent(1, 1, region="knee_left")]
    assert pain_change(falls, SETTINGS, as_of=AS_OF) == (-1.0, "back")


def full_days(first: date, count: int) -> list[Performance]:
    return [
        Performance("a", datetime.combine(first + timedelta(days=n), time(h), NEW_YORK), 1.0)
        for n in range(count)
        for h in (8, 13, 19)
    ]


def test_care_figures_on_each_day_from_what_is_recorded():
    history = ProgramHistory.of(DAILY_3)
    done = full_days(START, 7)  # the first week, then nothing
    pains = [*baseline(), evening(START + timedelta(days=2), knee_left=7), *recent(5, 5)]
    days = [START + timedelta(days=7), START + timedelta(days=9), START + timedelta(days=10), AS_OF]
    figures = care_figures(history, SETTINGS, done, pains, days=days)
    assert [f.as_of for f in figures] == days
    for figure in figures:
        expected = adherence(
            history, SETTINGS, done, days=7, now=end_of_day_before(SETTINGS, figure.as_of)
        ).overall
        assert figure.adherence == expected
    assert (figures[0].adherence.done, figures[0].adherence.prescribed) == (21, 21)
    assert (figures[1].adherence.done, figures[1].adherence.prescribed) == (15, 21)
    # The 7 of day 2 is in the window up to 7 days after it, not 8.
    assert [f.pain_alert for f in figures] == [True, True, False, False]
    assert (figures[-1].pain_change, figures[-1].pain_region) == (2.0, "knee-left")
    assert (figures[0].pain_change, figures[0].pain_region) == (None, None)


def test_a_rise_of_3_above_the_baseline_is_an_alert_in_the_window():
    pains = [*baseline(score=2), evening(AS_OF - timedelta(days=7), knee_left=5)]
    [on, after] = care_figures(
        ProgramHistory.of(DAILY_3), SETTINGS, [], pains, days=[AS_OF, AS_OF + timedelta(days=1)]
    )
    assert on.pain_alert and not after.pain_alert
    below = [*baseline(score=2), evening(AS_OF, knee_left=4)]
    [same_day] = care_figures(ProgramHistory.of(DAILY_3), SETTINGS, [], below, days=[AS_OF])
    assert not same_day.pain_alert


@pytest.mark.parametrize("score", [7, 10])
def test_a_check_in_of_7_on_the_day_itself_is_an_alert(score: int):
    pains = [evening(AS_OF, back=score)]
    [figure] = care_figures(ProgramHistory.of(DAILY_3), SETTINGS, [], pains, days=[AS_OF])
    assert figure.pain_alert and figure.pain_change is None


def test_a_region_without_a_baseline_or_window_days_does_not_hide_the_next_one():
    no_baseline = recent(9, 9, region="back")  # "back" is looked at first
    one_day = [*baseline("hip_left", 2), *recent(9, region="hip_left")]
    knee = [*baseline("knee_left", 2), *recent(5, 5, region="knee_left")]
    assert pain_change([*no_baseline, *one_day, *knee], SETTINGS, as_of=AS_OF) == (
        3.0,
        "knee-left",
    )
