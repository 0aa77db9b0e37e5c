"""Export and import: round trips on both databases, and bad files refused whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from footwork.content.loader import load_program
from footwork.core.language import N_, Message
from footwork.core.questionnaires import PsfsItem, QuestionnaireAnswer
from footwork.core.records import BalanceTest, EffortRecord, PainCheckin, PlannedExercise
from footwork.i18n import translator
from footwork.services.exchange import ImportFileError, export_history, parse_history
from footwork.store.camera import save_report
from footwork.store.database import ensure_schema, make_engine
from footwork.store.history import ImportConflict, import_history, load_history, pain_checkins
from footwork.store.messages import add_message
from footwork.store.questionnaires import add_answer
from footwork.store.repository import Store, new_id

T0 = datetime(2026, 10, 25, 0, 30, 0, 250001, tzinfo=UTC)  # the night clocks go back in Europe


def fill(store: Store) -> str:
    """A small but varied history: two sessions, sides and directions, pain, balance."""
    person = store.personal_person(now=T0, timezone="Europe/Berlin")
    version = store.follow_program(person.id, load_program(), now=T0)
    for day in range(2):
        start = T0 + timedelta(days=day, hours=7)
        session_id = store.start_session(
            person.id, program_version_id=version.id, started_at=start, owner=None,
            plan=[PlannedExercise(exercise_id="ankle-circles", planned_efforts=4)],
        )  # fmt: skip
        for rep, (side, direction) in enumerate(
            [("left", "clockwise"), ("left", "counterclockwise"), ("right", "clockwise")]
        ):
            at = start + timedelta(seconds=5 + 15 * rep)
            store.record_effort(session_id, EffortRecord(
                id=new_id(), cue_index=1 + 2 * rep, exercise_id="ankle-circles", side=side,
                direction=direction, rep=1, outcome="done" if rep < 2 or day else "skipped",
                started_at=at, ended_at=at + timedelta(seconds=10.1), planned_s=10.0,
                actual_s=10.1 + rep / 3,
            ))  # fmt: skip
        report = {
            "exercise": "ankle-circles",
            "seen": True,
            "counts": {"left foot, clockwise": 1},
            "measures": {"circles": 1.5, "unseen": None},
            "notes": ['a "quoted",\nnote'],
        }
        save_report(store, session_id, "ankle-circles", report=report, frames=40 + day,
                    now=start + timedelta(seconds=55, microseconds=250001))  # fmt: skip
        store.finish_session(session_id, ended_at=start + timedelta(minutes=1))
        store.add_pain(person.id, PainCheckin(
            id=new_id(), recorded_at=start + timedelta(minutes=2), context="after",
            session_id=session_id, note='sore, "but" better\nnext line' if day else None,
            scores={"back": 5 - day, "knee-right": 2},
        ))  # fmt: skip
    balance = BalanceTest(
        id=new_id(), recorded_at=T0, eyes_closed=True, left_s=7.25, right_s=None, note="by the wall"
    )
    store.add_balance(person.id, balance)
    first = QuestionnaireAnswer(
        id=new_id(),
        answered_at=T0,
        psfs=(
            PsfsItem(activity='</script>, "stairs"', score=3),
            PsfsItem(activity="walk", score=0),
        ),
    )
    again = QuestionnaireAnswer(
        id=new_id(),
        answered_at=T0 + timedelta(days=1),
        groc=0,
        psfs=(*first.psfs, PsfsItem(activity="kneel", score=10)),
    )
    add_answer(store, person.id, first)
    add_answer(store, person.id, again, client_key=new_id())  # fmt: skip
    checkin = pain_checkins(store, person.id)[0].id
    add_message(store, person_id=person.id, side="patient", author_id=None, author_name="me",
                body='Is </script> "this" right?\nsecond line', now=T0 + timedelta(hours=9),
                attachment=("session", session_id))  # fmt: skip
    add_message(store, person_id=person.id, side="clinician", author_id=None,
                author_name="dr-ada", body="Yes, go on.", now=T0 + timedelta(hours=10),
                attachment=("checkin", checkin))  # fmt: skip
    return person.id


def empty_store(url: str) -> Store:
    engine = make_engine(url)
    ensure_schema(engine)
    return Store(engine)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_is_identical(store, sqlite_url, tmp_path, fmt):
    person_id = fill(store)
    first = export_history(load_history(store, person_id), fmt)
    target = empty_store(f"sqlite:///{tmp_path / 'other.db'}")
    parsed = parse_history(first, fmt, source=f"x.{fmt}")
    import_history(target, parsed, now=T0)
    assert load_history(target, person_id) == load_history(store, person_id)
    assert len(load_history(target, person_id).questionnaires) == 2
    [asked, answered] = load_history(target, person_id).messages
    assert asked.body.startswith("Is </script>") and asked.session_id is not None
    assert (answered.side, answered.author_name) == ("clinician", "dr-ada")
    assert export_history(load_history(target, person_id), fmt) == first


def test_csv_and_json_carry_the_same_history(store):
    person_id = fill(store)
    history = load_history(store, person_id)
    from_csv = parse_history(export_history(history, "csv"), "csv", source="x.csv")
    assert from_csv == history
    assert [len(s.camera) for s in history.sessions] == [1, 1]
    assert history.sessions[1].camera[0].frames == 41


def test_import_into_a_fresh_personal_install_takes_over_its_empty_person(store, tmp_path):
    person_id = fill(store)
    text = export_history(load_history(store, person_id), "json")
    target = empty_store(f"sqlite:///{tmp_path / 'fresh.db'}")
    target.personal_person(now=T0, timezone="UTC")  # first use created someone with no records
    import_history(target, parse_history(text, "json", source="x"), now=T0)
    assert [p.id for p in target.people()] == [person_id]


def test_import_refuses_someone_elses_history_and_writes_nothing(store, tmp_path):
    person_id = fill(store)
    text = export_history(load_history(store, person_id), "json")
    target = empty_store(f"sqlite:///{tmp_path / 'other.db'}")
    other = fill(target)
    before = export_history(load_history(target, other), "json")
    with pytest.raises(ImportConflict, match="already holds the history"):
        import_history(target, parse_history(text, "json", source="x"), now=T0)
    assert export_history(load_history(target, other), "json") == before


def test_importing_the_same_file_twice_is_refused_whole(store):
    person_id = fill(store)
    history = load_history(store, person_id)
    with pytest.raises(
        ImportConflict, match=r"^program version .* already in the database"
    ) as clash:
        import_history(store, history, now=T0)
    assert load_history(store, person_id) == history
    german = clash.value.said(translator("de"))
    assert german.startswith("Programmversion ") and german.endswith(
        "ist bereits in der Datenbank; nichts wurde importiert"
    )


def csv_lines(store: Store) -> list[str]:
    return export_history(load_history(store, fill(store)), "csv").splitlines()


def test_bad_csv_value_names_line_and_field(store):
    lines = csv_lines(store)
    number = next(i for i, line in enumerate(lines) if line.startswith("pain_score,"))
    lines[number] = lines[number].replace(",5,", ",15,")
    with pytest.raises(ImportFileError) as caught:
        parse_history("\n".join(lines), "csv", source="mine.csv")
    assert str(caught.value) == (
        f"mine.csv: line {number + 1}, score: Input should be less than or equal to 10"
    )
    assert caught.value.said(translator("de")) == (
        f"mine.csv: Zeile {number + 1}, score: Der Wert darf höchstens 10 sein"
    )


def test_bad_csv_effort_names_its_line(store):
    lines = csv_lines(store)
    number = next(i for i, line in enumerate(lines) if line.startswith("effort,"))
    lines[number] = lines[number].replace(",done,", ",maybe,")
    with pytest.raises(ImportFileError, match=rf"line {number + 1}, outcome: Input should be"):
        parse_history("\n".join(lines), "csv", source="mine.csv")


def test_csv_row_with_unknown_parent_is_refused(store):
    lines = csv_lines(store)
    number = next(i for i, line in enumerate(lines) if line.startswith("effort,"))
    lines[number] = lines[number].replace(lines[number].split(",")[2], "nope", 1)
    with pytest.raises(
        ImportFileError, match=rf"line {number + 1} \(effort\): parent_id 'nope'"
    ) as no:
        parse_history("\n".join(lines), "csv", source="mine.csv")
    assert no.value.said(translator("de")) == (
        f"mine.csv: Zeile {number + 1} (effort): parent_id 'nope' nennt keine Sitzung weiter oben"
    )


def test_bad_json_names_the_field(store):
    text = export_history(load_history(store, fill(store)), "json")
    broken = text.replace('"left_s": 7.25', '"left_s": 99', 1)
    with pytest.raises(ImportFileError, match=r"field balance\.0\.left_s: Input should be less"):
        parse_history(broken, "json", source="x.json")


def test_malformed_json_names_the_line():
    with pytest.raises(ImportFileError, match=r"x.json: line 2: not valid JSON") as bad:
        parse_history('{"person":\n  nope}', "json", source="x.json")
    assert bad.value.said(translator("fr")).startswith("x.json: ligne 2 : JSON non valide (")


def test_many_problems_are_cut_short_in_the_language():
    error = ImportFileError("x.csv", [Message(N_("no 'person' row"))] * 22)
    assert str(error).splitlines()[-1] == "x.csv: ... and 2 more problems"
    german = error.said(translator("de")).splitlines()
    assert (
        german[0] == "x.csv: keine Zeile 'person'"
        and german[-1] == "x.csv: ... und 2 weitere Probleme"
    )


def test_dangling_reference_is_refused():
    doc = {"person": {"id": "p", "display_name": "A"},
           "sessions": [{"id": "s", "program_version_id": "v", "started_at": T0.isoformat(),
                         "status": "aborted",
                         "exercises": [{"exercise_id": "x", "planned_efforts": 1}]}]}  # fmt: skip
    import json

    with pytest.raises(ImportFileError, match="is not among the programs"):
        parse_history(json.dumps(doc), "json", source="x.json")
