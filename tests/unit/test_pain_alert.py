"""Which check-ins call for a caring prompt at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from footwork.core.pain_alert import PainAlert, describe_alert, pain_alerts, region_baselines
from footwork.core.records import PainCheckin

START = date(2026, 11, 1)


def checkin(day: date, **scores: int) -> PainCheckin:
    return PainCheckin(
        id=f"c{day:%Y%m%d}", recorded_at=datetime(day.year, day.month, day.day, 20, tzinfo=UTC),
        context="any", session_id=None, note=None,
        scores={k.replace("_", "-"): v for k, v in scores.items()},  # type: ignore[misc]
    )  # fmt: skip


def test_seven_or_more_calls_for_a_prompt_with_or_without_a_baseline():
    [alert] = pain_alerts({"back": 7, "knee-left": 6}, {})
    assert (alert.region, alert.score, alert.reason) == ("back", 7, "high")
    assert "7 out of 10" in describe_alert(alert, "low back")
    assert pain_alerts({"back": 6}, {}) == []


def test_three_points_above_the_baseline_calls_for_a_prompt_two_does_not():
    [alert] = pain_alerts({"back": 5}, {"back": 2.0})
    assert alert.reason == "rise"
    assert "3 points above your usual 2" in describe_alert(alert, "low back")
    assert pain_alerts({"back": 4}, {"back": 2.0}) == []


def test_baselines_need_three_scored_days():
    days = [START + timedelta(days=i) for i in range(3)]
    checkins = [checkin(days[0], back=2), checkin(days[1], back=3), checkin(days[2], back=2)]
    local = lambda at: at.date()  # noqa: E731
    assert region_baselines(checkins, local_date=local, start=START, today=days[2]) == {"back": 2.0}
    assert region_baselines(checkins[:2], local_date=local, start=START, today=days[1]) == {}


def test_the_alerts_read_exactly_so():
    [high] = pain_alerts({"back": 8}, {"back": 6.5})
    assert describe_alert(high, "low back") == (
        "Your low back pain is 8 out of 10: that is a lot of pain."
    )
    [rise] = pain_alerts({"knee-left": 5}, {"knee-left": 1.5})
    assert describe_alert(rise, "left knee") == (
        "Your left knee pain is 5 out of 10, 3.5 points above your usual 1.5."
    )


def test_alerts_come_worst_first_each_with_its_region_reason_and_baseline():
    alerts = pain_alerts(
        {"knee-left": 8, "back": 5, "hip-right": 9, "foot-left": 1},
        {"knee-left": 2.0, "back": 1.0},
    )
    assert alerts == [
        PainAlert("hip-right", 9, "high", None),
        PainAlert("knee-left", 8, "high", 2.0),
        PainAlert("back", 5, "rise", 1.0),
    ]
