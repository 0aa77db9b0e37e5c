"""Templates and progressions through the web app: save a program as a template, start a
prescription from one, a step suggested with its evidence, applied or dismissed, who may
see which template, and names that stay text."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.program import PerDay, Program
from footwork.core.progression import ProgressionRule
from footwork.core.records import EffortRecord
from footwork.services.recording import start_recorded_session
from footwork.store.accounts import account_by_name, create_account
from footwork.store.clinic import access_log
from footwork.store.clinic import add_patient as store_add_patient
from footwork.store.repository import Store, new_id
from footwork.store.templates import dismissals, progression_plan, set_progression_plan
from footwork.web.app import create_app
from tests.builders import make_dose, make_exercise, make_timing
from tests.integration.test_web_clinic import PASSWORD, add_patient, log_in, patient_today

BERLIN = ZoneInfo("Europe/Berlin")
PROGRAM = Program(
    title="Progression test",
    timing=make_timing(),
    exercises=(
        make_exercise("press", title="Toe press", dose=make_dose(reps=4, rest_s=1),
                      frequency=PerDay(kind="per_day", times=1)),
    ),
)  # fmt: skip
RULE = ProgressionRule(exercise_id="press", kind="reps", step=2, ceiling=10)


@pytest.fixture
def app(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    for name in ("dr-ada", "dr-bo"):
        create_account(app.state.store, username=name, password=PASSWORD, role="clinician",
                       person_id=None, now=datetime.now(UTC))  # fmt: skip
    yield app
    app.state.store.engine.dispose()


def template_rule_form(token: str, name: str, visibility: str = "own") -> dict[str, str]:
    return {"csrf_token": token, "name": name, "visibility": visibility,
            "rule_toe-presses": "reps", "step_toe-presses": "2", "ceiling_toe-presses": "20",
            "weeks_toe-presses": "2", "adherence_toe-presses": "70",
            "pain_toe-presses": "2"}  # fmt: skip


def template_id_of(html: str, name: str) -> str:
    marker = f"<strong>{name}</strong>"
    start = html.index(marker)
    action = html.index("/templates/", html.index("<form", start)) + len("/templates/")
    return html[action : html.index("/", action)]


def test_save_a_program_as_a_template_and_start_another_patient_from_it(app):
    doctor, token = log_in(app, "dr-ada")
    first, _ = add_patient(doctor, token, "Pat First")
    second, _ = add_patient(doctor, token, "Pat Second")
    page = doctor.get(f"/clinic/patients/{first}/program")
    assert f'href="/clinic/patients/{first}/templates"' in page.text
    listing = doctor.get(f"/clinic/patients/{first}/templates")
    # The built-in program is the first template, always.
    assert listing.status_code == 200
    assert listing.text.index("Built-in five-exercise program") < listing.text.index("Save this")

    bad = doctor.post(
        f"/clinic/patients/{first}/templates",
        data={**template_rule_form(token, "Ankles"), "ceiling_toe-presses": "5"},
    )
    assert bad.status_code == 422 and "below the dose" in bad.text  # fmt: skip
    saved = doctor.post(f"/clinic/patients/{first}/templates",
                        data=template_rule_form(token, "Ankles, weeks 1-4"),
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303

    listing = doctor.get(f"/clinic/patients/{second}/templates").text
    assert "Ankles, weeks 1-4" in listing and "2 more reps, up to 20" in listing
    template_id = template_id_of(listing, "Ankles, weeks 1-4")
    started = doctor.post(f"/clinic/patients/{second}/templates/{template_id}/start",
                          data={"csrf_token": token, "starts_on": patient_today()},
                          follow_redirects=False)  # fmt: skip
    assert started.status_code == 303
    store: Store = app.state.store
    [version] = store.program_versions(second)
    assert version.program.ids == load_program().ids  # the first patient's: the built-in
    plan = progression_plan(store, second)
    assert plan is not None and plan.template_name == "Ankles, weeks 1-4"
    assert [(r.exercise_id, r.kind, r.step, r.ceiling) for r in plan.rules] == [
        ("toe-presses", "reps", 2, 20)
    ]
    assert "changed program" in [e.action for e in access_log(store, second)]
    # Starting in the past is refused, and logged as tried.
    past = (datetime.now(BERLIN).date() - timedelta(days=3)).isoformat()
    refused = doctor.post(f"/clinic/patients/{second}/templates/builtin/start",
                          data={"csrf_token": token, "starts_on": past})  # fmt: skip
    assert refused.status_code == 422
    assert access_log(store, second)[0].action == "tried to change program"


def test_rename_and_delete_only_ones_own_and_private_ones_stay_private(app):
    ada, ada_token = log_in(app, "dr-ada")
    person, _ = add_patient(ada, ada_token, "Pat Private")
    for name, visibility in (("Ada private", "own"), ("Ada for all", "clinic")):
        ada.post(f"/clinic/patients/{person}/templates",
                 data=template_rule_form(ada_token, name, visibility))  # fmt: skip
    listing = ada.get("/clinic/templates").text
    private, shared = template_id_of(listing, "Ada private"), template_id_of(listing, "Ada for all")

    bo, bo_token = log_in(app, "dr-bo")
    bo_person, _ = add_patient(bo, bo_token, "Bo Patient")
    bo_listing = bo.get("/clinic/templates").text
    assert "Ada private" not in bo_listing and "Ada for all" in bo_listing
    assert "clinic, by dr-ada" in bo_listing
    assert f"/clinic/templates/{shared}/rename" not in bo_listing  # not theirs to change
    start = f"/clinic/patients/{bo_person}/templates/{private}/start"
    assert bo.post(start, data={"csrf_token": bo_token}).status_code == 404
    assert access_log(app.state.store, bo_person)[0].action == "tried to change program"
    for template_id in (private, shared, "builtin"):
        assert (
            bo.post(
                f"/clinic/templates/{template_id}/rename",
                data={"csrf_token": bo_token, "name": "Mine now"},
            ).status_code
            == 404
        )
        assert bo.post(f"/clinic/templates/{template_id}/delete",
                       data={"csrf_token": bo_token}).status_code == 404  # fmt: skip
    shared_start = f"/clinic/patients/{bo_person}/templates/{shared}/start"
    assert bo.post(shared_start, data={"csrf_token": bo_token},
                   follow_redirects=False).status_code == 303  # fmt: skip

    renamed = ada.post(f"/clinic/templates/{private}/rename",
                       data={"csrf_token": ada_token, "name": "Ada renamed"},
                       follow_redirects=False)  # fmt: skip
    assert renamed.status_code == 303
    assert ada.post(f"/clinic/templates/{private}/rename",
                    data={"csrf_token": ada_token, "name": ""}).status_code == 422  # fmt: skip
    assert ada.post(f"/clinic/templates/{shared}/delete", data={"csrf_token": ada_token},
                    follow_redirects=False).status_code == 303  # fmt: skip
    listing = ada.get("/clinic/templates").text
    assert "Ada renamed" in listing and "Ada for all" not in listing
    assert "Built-in five-exercise program" in listing
    # Bo's patient keeps the rules of the deleted template.
    assert progression_plan(app.state.store, bo_person).template_name == "Ada for all"
    # No CSRF token: refused.
    assert ada.post(f"/clinic/templates/{private}/delete").status_code == 403


def test_a_template_name_is_shown_as_text(app):
    doctor, token = log_in(app, "dr-ada")
    person, _ = add_patient(doctor, token, "Pat Script")
    name = "</script><script>alert(1)</script>"
    doctor.post(f"/clinic/patients/{person}/templates", data=template_rule_form(token, name))
    for url in ("/clinic/templates", f"/clinic/patients/{person}/templates"):
        html = doctor.get(url).text
        assert "<script>alert(1)" not in html
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- progressions -------------------------------------------------------------------------


def do_session(store: Store, person_id: str, when: datetime) -> None:
    exercises = list(PROGRAM.exercises)
    recorded = start_recorded_session(store, person_id, PROGRAM, exercises, now=when, owner=None)
    for index, cue in enumerate(recorded.timeline.cues):
        if cue.kind != "work":
            continue
        store.record_effort(recorded.session_id, EffortRecord(
            id=new_id(), cue_index=index, exercise_id=cue.exercise, side=cue.side,
            direction=cue.direction, rep=cue.rep or 1, outcome="done", started_at=when,
            ended_at=when + timedelta(seconds=3), planned_s=cue.duration_s,
            actual_s=cue.duration_s))  # fmt: skip
    store.finish_session(recorded.session_id, ended_at=when + timedelta(minutes=5))


def seed_progressing_patient(store: Store, clinician: str, *, sessions: int) -> str:
    """The clinician's patient on PROGRAM for 16 days with RULE, and `sessions` of the last
    14 days done (one session a day is prescribed). Also used by the browser test."""
    account = account_by_name(store, clinician)
    assert account is not None
    now = datetime.now(UTC)
    today = now.astimezone(BERLIN).date()
    start = today - timedelta(days=16)
    created = datetime.combine(start, time(8), BERLIN)
    person = store_add_patient(store, clinician=account, display_name="Pat Progress",
                               timezone="Europe/Berlin", now=created)  # fmt: skip
    store.assign_program(person.id, PROGRAM, starts_on=start, assigned_by=account.id,
                         note=None, now=created)  # fmt: skip
    set_progression_plan(store, person.id, rules=(RULE,), template_name="Presses", now=created)
    for back in range(1, sessions + 1):
        when = datetime.combine(today - timedelta(days=back), time(10), BERLIN)
        do_session(store, person.id, when)
    return person.id


def qualifying_patient(app, *, sessions: int) -> str:
    return seed_progressing_patient(app.state.store, "dr-ada", sessions=sessions)


def test_a_qualifying_patient_gets_a_step_the_clinician_applies_once(app):
    person = qualifying_patient(app, sessions=14)
    doctor, token = log_in(app, "dr-ada")
    page = doctor.get(f"/clinic/patients/{person}").text
    assert 'data-testid="suggestion-press"' in page
    assert "4 holds of 3 s → <strong>6 holds of 3 s</strong>" in page
    assert "2 weeks at this dose; adherence 100 % over the last 2 weeks" in page
    store: Store = app.state.store
    before = len(access_log(store, person))
    url = f"/clinic/patients/{person}/progressions/press/apply"
    assert doctor.post(url, data={"csrf_token": "wrong"}).status_code == 403  # CSRF
    applied = doctor.post(url, data={"csrf_token": token}, follow_redirects=False)
    assert applied.status_code == 303
    assert applied.headers["location"].endswith("progression=applied")
    versions = store.program_versions(person)
    assert [v.program.exercise("press").dose.reps for v in versions] == [4, 6]
    assert versions[-1].assigned_by == account_by_name(store, "dr-ada").id
    assert len(access_log(store, person)) == before + 1
    log = [e.action for e in access_log(store, person)]
    assert log[0] == "applied a progression" and log.count("applied a progression") == 1
    # A second click changes nothing: the new dose has its own two weeks to come.
    again = doctor.post(url, data={"csrf_token": token}, follow_redirects=False)
    assert again.headers["location"].endswith("progression=none")
    assert len(store.program_versions(person)) == 2
    assert access_log(store, person)[0].action == "tried to apply a progression"
    assert 'data-testid="suggestion-press"' not in doctor.get(f"/clinic/patients/{person}").text


def test_low_adherence_gets_no_step(app):
    person = qualifying_patient(app, sessions=9)  # 9 of 14: 64 %
    doctor, _ = log_in(app, "dr-ada")
    page = doctor.get(f"/clinic/patients/{person}").text
    assert 'data-testid="progressions"' in page and "No step is due now." in page


def test_a_dismissed_step_stays_away_until_the_next_period(app):
    person = qualifying_patient(app, sessions=14)
    doctor, token = log_in(app, "dr-ada")
    other, other_token = log_in(app, "dr-bo")
    url = f"/clinic/patients/{person}/progressions/press/dismiss"
    assert other.post(url, data={"csrf_token": other_token}).status_code == 404
    dismissed = doctor.post(url, data={"csrf_token": token}, follow_redirects=False)
    assert dismissed.headers["location"].endswith("progression=dismissed")
    store: Store = app.state.store
    today = datetime.now(BERLIN).date()
    assert dismissals(store, person) == {"press": today + timedelta(days=14)}
    assert access_log(store, person)[0].action == "dismissed a progression"
    page = doctor.get(f"/clinic/patients/{person}").text
    assert 'data-testid="suggestion-press"' not in page and "Dismissed" not in page
    assert len(store.program_versions(person)) == 1  # nothing applied
