"""A person's progress over recent weeks: what the progress page, the PDF report and
`footwork report` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from footwork.core.adherence import Adherence, adherence
from footwork.core.insight import RegionInsight
from footwork.core.insight_periods import daily_pain
from footwork.core.insight_words import ENGLISH_WORDING, Wording
from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.program import Program
from footwork.core.progress import (
    CalendarDay,
    adherence_calendar,
    minutes_per_week,
    rolling_median,
)
from footwork.core.records import REGION_NAMES, BalanceTest, Person
from footwork.services.camera_summary import camera_lines
from footwork.services.questionnaires import Scored, score_all
from footwork.services.schedule import pain_insight, schedule_context
from footwork.store.history import SessionSummary, balance_tests, pain_checkins, session_summaries
from footwork.store.questionnaires import answers
from footwork.store.repository import Store

DEFAULT_WEEKS = 12


@dataclass(frozen=True, slots=True)
class Progress:
    person: Person
    program: Program
    first: date
    last: date
    adherence: Adherence
    calendar: list[list[CalendarDay]]
    pain_daily: dict[str, dict[date, float]]
    """Keyed by the region's name in words."""
    pain_rolling: dict[str, dict[date, float]]
    minutes: dict[date, float]
    balance: list[BalanceTest]
    age: int | None
    insights: tuple[RegionInsight, ...]
    sessions: list[SessionSummary]
    questionnaires: list[Scored] = field(default_factory=list)
    """Every PSFS/GROC answer (all of them: they are few), oldest first."""
    camera: tuple[tuple[date, tuple[str, ...]], ...] = ()
    """Camera-checked sessions: the local day and one sentence per checked exercise."""

    @property
    def total_minutes(self) -> float:
        return sum(self.minutes.values())

    def count(self, status: str) -> int:
        return sum(1 for s in self.sessions if s.status == status)


def progress(
    store: Store,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    weeks: int = DEFAULT_WEEKS,
    text: Translator = UNTRANSLATED,
    wording: Wording = ENGLISH_WORDING,
) -> Progress:
    """The last `weeks` weeks (to today) of the person's adherence, pain, minutes and balance;
    the camera's sentences in the language of `text`, the insights' written with `wording`."""
    context = schedule_context(store, person_id, program, now=now)
    settings = context.schedule.settings
    local_date = settings.local_date
    last = local_date(now)
    first = max(last - timedelta(days=7 * weeks - 1), settings.start)
    days = (last - first).days + 1
    figures = adherence(context.programs, settings, context.done, days=days, now=now)
    since = now - timedelta(days=days + 1)
    checkins = pain_checkins(store, person_id, since=since)
    daily = {
        REGION_NAMES[region]: {d: v for d, v in values.items() if d >= first}
        for region, values in daily_pain(checkins, local_date=local_date, today=last).items()
    }
    daily = {name: values for name, values in daily.items() if values}
    sessions = session_summaries(store, person_id, since=since)
    person = store.get_person(person_id)
    lines = camera_lines(store, [s.id for s in sessions], program, text=text)
    return Progress(
        person=person,
        program=program,
        first=first,
        last=last,
        adherence=figures,
        calendar=adherence_calendar(figures.by_day, first=first, last=last),
        pain_daily=daily,
        pain_rolling={name: rolling_median(values) for name, values in daily.items()},
        minutes=minutes_per_week(
            ((local_date(s.started_at), s.active_s) for s in sessions), first=first, last=last
        ),
        balance=balance_tests(store, person_id, since=since),
        age=last.year - person.birth_year if person.birth_year else None,
        insights=pain_insight(store, person_id, program, now=now, wording=wording),
        sessions=sessions,
        questionnaires=score_all(answers(store, person_id), settings.zones[-1].timezone_info()),
        camera=tuple(
            (local_date(s.started_at), tuple(lines[s.id]))
            for s in sessions
            if s.id in lines and local_date(s.started_at) >= first
        ),
    )
