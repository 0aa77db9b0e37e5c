"""Function questionnaires as use cases: is one due, record an answer, a clinician asks for
one, and each answer with its scores for the pages and the report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from footwork.core.questionnaires import (
    GROC_WORDS,
    Change,
    Due,
    QuestionnaireAnswer,
    change_since_first,
    check_answer,
    known_activities,
    parse_form,
    questionnaire_due,
)
from footwork.store.accounts import Account
from footwork.store.episodes import episode_state
from footwork.store.questionnaires import (
    add_answer,
    add_request,
    answers,
    keyed_answer,
    requests,
)
from footwork.store.repository import Store, new_id


@dataclass(frozen=True, slots=True)
class Scored:
    """An answer with its scores, as the pages and the report show it."""

    answer: QuestionnaireAnswer
    day: date
    mean: float
    change: Change | None

    @property
    def groc_text(self) -> str | None:
        """The GROC as a signed number with its words ("+3: better"), None when not asked."""
        groc = self.answer.groc
        if groc is None:
            return None
        return f"{groc:+d}: {GROC_WORDS[groc]}" if groc else f"0: {GROC_WORDS[0]}"


@dataclass(frozen=True, slots=True)
class QuestionnaireStatus:
    due: Due | None
    known: tuple[str, ...]
    """Activities named before, to be scored again (empty: this is the first)."""
    scored: list[Scored]


def program_start(store: Store, person_id: str, zone: ZoneInfo) -> date | None:
    """The local day the person's program started: the first version since they were last
    (re)admitted; None when nothing is prescribed, or they are discharged."""
    state = episode_state(store, person_id)
    if state.discharged:
        return None
    since = state.episodes[-1].started_at if state.episodes else None
    versions = [
        v for v in store.program_versions(person_id) if since is None or v.created_at >= since
    ]
    if not versions:
        return None
    return min(v.start(lambda moment: moment.astimezone(zone).date()) for v in versions)


def score_all(found: Sequence[QuestionnaireAnswer], zone: ZoneInfo) -> list[Scored]:
    """Each answer, oldest first, with its PSFS mean and its change since the first."""
    if not found:
        return []
    first = found[0]
    return [
        Scored(a, a.answered_at.astimezone(zone).date(), a.mean, change_since_first(first, a))
        for a in found
    ]


def questionnaire_status(
    store: Store, person_id: str, *, zone: ZoneInfo, now: datetime
) -> QuestionnaireStatus:
    found = answers(store, person_id)
    due = questionnaire_due(
        program_start=program_start(store, person_id, zone),
        answered=[a.answered_at for a in found],
        asked=requests(store, person_id),
        today=now.astimezone(zone).date(),
        local_date={a.answered_at: a.answered_at.astimezone(zone).date() for a in found},
    )
    return QuestionnaireStatus(due, known_activities(found), score_all(found, zone))


def record_form(
    store: Store, person_id: str, form: Mapping[str, str], *, now: datetime
) -> QuestionnaireAnswer:
    """A page's answer, checked against the earlier ones; QuestionnaireError (naming the
    field) before anything is saved."""
    known = known_activities(answers(store, person_id))
    items, groc = parse_form(form, known=known)
    answer = QuestionnaireAnswer(id=new_id(), answered_at=now, psfs=items, groc=groc)
    return add_answer(store, person_id, answer)


def record_answer(
    store: Store,
    person_id: str,
    psfs: Sequence[tuple[str, int]],
    groc: int | None,
    *,
    now: datetime,
    client_key: str | None = None,
) -> QuestionnaireAnswer:
    """An API client's answer; a repeated `client_key` gives back the one stored then
    (before the checks, so a retry of an accepted answer is never refused)."""
    if client_key is not None:
        earlier = keyed_answer(store, person_id, client_key)
        if earlier is not None:
            return earlier
    known = known_activities(answers(store, person_id))
    items, checked = check_answer(psfs, groc, known=known)
    answer = QuestionnaireAnswer(id=new_id(), answered_at=now, psfs=items, groc=checked)
    return add_answer(store, person_id, answer, client_key=client_key)


def ask_for_questionnaire(store: Store, person_id: str, *, actor: Account, now: datetime) -> None:
    add_request(store, person_id, actor=actor, now=now)
