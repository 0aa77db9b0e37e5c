"""Each translated command in the pseudo-locale en_XA leaves no English but data; German spot
checks of real phrases; the help of every command goes through the catalogue.

The commands run in-process through Typer's CliRunner (as tests/unit/test_cli_help.py does),
on a SQLite file filled by tests/fill.py, so the file stays fast. The idea is the one of
tests/integration/test_web_language.py: en_XA accents every letter of our texts, so a plain
ASCII word left in the output is English, unless it is data (ids, dates, commands, paths).
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.core import TyperGroup
from typer.testing import CliRunner

from footwork.cli.app import app
from footwork.cli.balance import (
    comparison_view,
    condition_intro,
    introduction,
    results_table,
    safety_panel,
    timer_view,
    trial_line,
    trial_prompt,
)
from footwork.cli.lazy import translate_help
from footwork.cli.vision import CAMERA_PLACES
from footwork.cli.words import words_for
from footwork.config import Settings
from footwork.core.balance import BalanceRun, Trial, plan_trials
from footwork.core.records import PAIN_REGIONS
from footwork.services.personal import open_personal
from footwork.vision.keypoints import keypoints_to_json
from footwork.vision.synthetic import Options, generate
from tests.fill import fill_records

# Data, not words: English dates Babel writes for en_XA (it has no such locale), commands in
# backticks, ids, the default slots' names (a person names their own), paths, addresses.
DATA = [
    re.compile(r"`[^`]*`"),
    re.compile(r"\bfootwork( [a-z-]+)+( -o [\w.-]+)?"),
    re.compile(r"[\w.-]*(/[\w.-]+)+"),
    re.compile(r"[\w.+-]+@[\w.-]+"),
    re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
    re.compile(
        r"\b(January|February|March|April|May|June|July|August|September|October|November"
        r"|December)\b"
    ),
    re.compile(r"\b[a-z]+(-[a-z]+)+\b"),  # ids: toe-presses, knee-left
    re.compile(r"\b(Etc|UTC|Footwork|sqlite|json|csv|min|s)\b"),
]
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def english_left(output: str) -> list[str]:
    """The output's lines that still hold an ASCII word once data is taken out."""
    left = []
    for line in output.splitlines():
        bare = line
        for pattern in DATA:
            bare = pattern.sub(" ", bare)
        if ENGLISH.search(bare):
            left.append(line.strip())
    return left


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A person with sessions, pain, balance and settings (tests/fill.py), four days in."""
    path = tmp_path_factory.mktemp("language") / "fw.db"
    url = f"sqlite:///{path}"
    personal = open_personal(Settings(database_url=url))
    fill_records(personal.store, personal.person.id, now=datetime.now(UTC) - timedelta(days=4))
    return url


def footwork(database: str, language: str, *args: str) -> str:
    result = CliRunner().invoke(
        app,
        ["--database", database, "--lang", language, *args],
        env={"COLUMNS": "200", "FOOTWORK_LANG": None},
        terminal_width=200,
    )
    assert result.exit_code == 0, (args, result.output)
    return result.output


COMMANDS = [
    ["today"],
    ["stats"],
    ["settings"],
    ["history"],
    ["exercises"],
    ["safety"],
    ["timeline", "toe-presses"],
    ["log", "pain", "--foot-left", "8", "--context", "after"],
    ["log", "balance", "--left", "20", "--right", "25"],
    ["db", "upgrade"],
    ["readiness"],
    ["readiness", "--answers", "falls=yes,feet=no,injury=no,serious=no,saddle=no"],
    ["session", "--all", "--speed", "1000", "--no-voice", "--no-sound", "--no-record"],
    ["session", "--speed", "1000", "--no-voice", "--no-sound", "--no-record"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_pseudo_locale_leaves_no_english_but_data(database, args):
    output = footwork(database, "en_XA", *args)
    assert output.strip(), args
    assert english_left(output) == [], args


def test_the_check_finds_english(database):
    """The same commands in English: the check above is not blind."""
    assert english_left(footwork(database, "en", "stats"))
    assert english_left(footwork(database, "en", "history"))


def test_files_written_and_read_say_so_in_the_language(database, tmp_path):
    exported = tmp_path / "mine.json"
    said = footwork(database, "en_XA", "export", "-o", str(exported))
    assert english_left(said) == []
    assert json.loads(exported.read_text(encoding="utf-8"))["format"]
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    imported = footwork(fresh, "en_XA", "import", str(exported))
    assert english_left(imported.replace(" Me.", "")) == [], imported  # the person's name
    german = footwork(fresh, "de", "history")
    assert "Einheiten" in german and "Gleichgewicht: Einbeinstand" in german
    calendar = footwork(database, "en_XA", "calendar", "export", "-o", str(tmp_path / "f.ics"))
    assert english_left(calendar) == []
    copy = tmp_path / "copy.db"
    backed = footwork(database, "en_XA", "backup", str(copy))
    assert copy.exists() and english_left(backed) == []
    assert "Gesichert nach" in footwork(database, "de", "backup", str(tmp_path / "c2.db"))


def test_forget_in_the_pseudo_locale_and_in_german(database, tmp_path):
    for language, phrase in (("en_XA", None), ("de", "Gelöscht: ")):
        copy = tmp_path / f"{language}.db"
        source = sqlite3.connect(database.removeprefix("sqlite:///"))
        with closing(source), closing(sqlite3.connect(copy)) as target:
            source.backup(target)  # with what the write-ahead log still holds
        output = footwork(f"sqlite:///{copy}", language, "forget", "--yes")
        assert "Erased" not in output
        if phrase is None:
            assert "[" in output and english_left(output) == [], output
        else:
            assert phrase in output and "Einheiten" in output


def test_german_spot_checks(database):
    assert "Regelmäßigkeit: gemachte Einheiten" in footwork(database, "de", "stats")
    settings = footwork(database, "de", "settings")
    assert "Ihre Einstellungen" in settings and "Geburtsjahr" in settings
    pain = footwork(database, "de", "log", "pain", "--back", "9")
    assert "Schmerzwerte gespeichert" in pain
    assert "Es tut uns leid, dass Sie Schmerzen haben" in pain  # the safety advice, first
    assert "Hören Sie mit den Übungen für heute auf" in pain or "Was Sie jetzt tun" in pain
    today = footwork(database, "de", "today")
    assert "Heute, " in today and "Zehen drücken" in today and "morgens 07:00" in today


def command_helps(language: str) -> list[tuple[str, str]]:
    """(command path, help text) for every command and option, loaded in `language` (as
    `footwork --lang LANGUAGE COMMAND --help` loads them)."""
    root = typer.main.get_command(app)
    context = typer.Context(root)
    context.params["lang"] = language
    translate_help(root, language, recurse=False)  # as the root's own --help does
    found: list[tuple[str, str]] = []

    def walk(command: typer.core.TyperCommand | TyperGroup, path: tuple[str, ...]) -> None:
        where = " ".join(path) or "footwork"
        if command.help:
            found.append((where, command.help))
        for param in command.params:
            own = getattr(param, "help", None)
            if own and param.name != "help":
                found.append((f"{where} {param.name}", own))
        if isinstance(command, TyperGroup):
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                assert sub is not None
                walk(sub, (*path, name))

    walk(root, ())
    return found


def test_every_help_text_goes_through_the_catalogue():
    """Click's own words ("Usage:", "Show this message and exit.") are Click's; ours are all
    in the catalogue: in en_XA, every one is [accented]."""
    helps = command_helps("en_XA")
    assert len(helps) > 100
    untranslated = [(where, text) for where, text in helps if not text.startswith("[")]
    assert untranslated == []


def test_help_in_german_from_the_option_and_the_environment():
    root = CliRunner().invoke(app, ["--lang", "de", "--help"], terminal_width=200)
    assert "Footwork: ein Coach für Fußübungen zu Hause." in root.output
    assert "Die Übungen des Programms mit Dosis und Häufigkeit auflisten." in root.output
    session = CliRunner().invoke(
        app, ["session", "--help"], env={"FOOTWORK_LANG": "fr"}, terminal_width=200
    )
    assert "Lance une séance guidée et minutée" in session.output
    assert "Usage:" in session.output  # Click's own words stay Click's


def test_lists_written_into_help_texts_match_the_code():
    """Two help texts list values the code holds, written out for the catalogue."""
    helps = dict(command_helps("en"))
    assert ", ".join(PAIN_REGIONS) in helps["session pain"]
    assert ", ".join(CAMERA_PLACES) in helps["analyze exercise_id"]


def test_own_program_file_translations_reach_the_terminal(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(
        (Path(__file__).parents[2] / "src/footwork/content/program.toml")
        .read_text(encoding="utf-8")
        .replace(
            '[exercises.dose]\neffort = "hold"\nwork_s = 3',
            '[exercises.translations.fr]\ntitle = "Orteils pressés (le mien)"\n\n'
            '[exercises.dose]\neffort = "hold"\nwork_s = 3',
            1,
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--program", str(mine), "--lang", "fr", "timeline", "toe-presses", "--json"]
    )
    assert result.exit_code == 0, result.output
    first = json.loads(result.output)["cues"][0]["text"]
    assert "Orteils pressés (le mien)" in first


# -- balance, analyze, watch and report ------------------------------------------------------


def keypoint_file(folder: Path, exercise_id: str) -> Path:
    """A keypoint file of a synthetic clip (no pose model needed), as `analyze` reads it."""
    clip = generate(exercise_id, Options(seed=5, noise=0.02))
    path = folder / f"{exercise_id}.json"
    path.write_text(json.dumps(keypoints_to_json(clip.frames, aspect=clip.aspect)))
    return path


def invoke(database: str, language: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        ["--database", database, "--lang", language, *args],
        env={"COLUMNS": "400", "FOOTWORK_LANG": None},
        terminal_width=400,
    )
    return result.exit_code, result.output


@pytest.mark.parametrize("exercise_id", list(CAMERA_PLACES))
def test_analyze_in_the_pseudo_locale_and_in_german(tmp_path, exercise_id):
    path = keypoint_file(tmp_path, exercise_id)
    fresh = f"sqlite:///{tmp_path / 'fw.db'}"
    output = footwork(fresh, "en_XA", "analyze", str(path), "-e", exercise_id, "--plot",
                      str(tmp_path / "signal.svg"))  # fmt: skip
    assert "[" in output and english_left(output) == [], output
    german = footwork(fresh, "de", "analyze", str(path), "-e", exercise_id)
    assert "Im Vergleich zur Dosis" in german and "Gesehen" in german
    if exercise_id != "toe-presses":
        saved = footwork(fresh, "en_XA", "analyze", str(path), "-e", exercise_id, "--save")
        assert english_left(saved) == [], saved
        assert "In Ihrem Verlauf als Einheit gespeichert" in footwork(
            fresh, "de", "analyze", str(path), "-e", exercise_id, "--save"
        )


def test_analyze_json_does_not_change_with_the_language(tmp_path):
    path = keypoint_file(tmp_path, "ankle-circles")
    fresh = f"sqlite:///{tmp_path / 'fw.db'}"
    english = json.loads(footwork(fresh, "en", "analyze", str(path), "-e", "ankle-circles",
                                  "--json"))  # fmt: skip
    for language in ("de", "en_XA"):
        said = footwork(fresh, language, "analyze", str(path), "-e", "ankle-circles", "--json")
        assert json.loads(said) == english, language
    assert "left foot, clockwise" in english["counts"]  # the keys are data


def test_analyze_german_details(tmp_path):
    path = keypoint_file(tmp_path, "resistance-band")
    german = footwork(f"sqlite:///{tmp_path / 'fw.db'}", "de", "analyze", str(path),
                      "-e", "resistance-band")  # fmt: skip
    assert "Widerstandsband" in german or "Band" in german
    assert "Halten von 5 s oder länger" in german
    assert "Fuß zu Schienbein in Ruhe" in german
    assert re.search(r"\d,\d s Video", german), german  # Babel's decimal comma


def test_analyze_and_watch_errors_in_the_language(tmp_path):
    fresh = f"sqlite:///{tmp_path / 'fw.db'}"
    code, said = invoke(fresh, "de", "analyze", "x.json", "-e", "hopping")
    assert code == 2 and "keine Übung 'hopping' in diesem Programm" in said
    code, said = invoke(fresh, "de", "watch", "-e", "toe-presses", "--save")
    assert code == 2 and "Eine Kamera kann das Zehendrücken nicht zählen" in said
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    code, said = invoke(fresh, "en_XA", "analyze", str(broken), "-e", "toe-walking")
    reason = re.sub(r"\(\S+ 1: [^)]*\)", "", said)  # Python's own JSON error, as it is
    assert code == 2 and english_left(reason) == [], said


def test_watch_screens_in_the_pseudo_locale():
    """The live counts `watch` shows (its final report is `analyze`'s, checked above)."""
    from footwork.cli.vision import live_view
    from footwork.content.loader import load_program
    from footwork.vision.analyzers import analyze

    words = words_for("en_XA")
    for exercise in load_program().exercises:
        if exercise.id in CAMERA_PLACES:
            clip = generate(exercise.id, Options(seed=5, noise=0.02))
            analysis = analyze(exercise.id, clip.frames, aspect=clip.aspect)
            screen = screen_text(live_view(analysis, exercise, 12.0, words))
            assert english_left(screen) == [], screen


def screen_text(renderable) -> str:
    console = Console(file=io.StringIO(), width=400, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def balance_screens(language: str) -> str:
    """Every screen of the guided balance test, as `footwork balance` prints them."""
    words = words_for(language)
    run = BalanceRun(plan_trials())
    for seconds in (45, 12.3, 45, 30, 45, 44, 4, 1.5, 3, 2, 5, 6):
        run = run.record(seconds)
    open_left, closed_right = Trial(False, "left", 1), Trial(True, "right", 3)
    screens = [
        safety_panel(words),
        introduction(eyes_closed_too=True, words=words),
        introduction(eyes_closed_too=False, words=words),
        condition_intro(False, words),
        condition_intro(True, words),
        trial_prompt(open_left, words),
        trial_prompt(closed_right, words),
        timer_view(open_left, 12.34, words),
        timer_view(closed_right, 3, words),
        trial_line(open_left, 45.0, words),
        trial_line(closed_right, 2.5, words),
        results_table(run, words),
        comparison_view(run, 65, words=words),
        comparison_view(run, 65, chosen="right", words=words),
        comparison_view(run, None, words=words),
        comparison_view(run, 15, words=words),
    ]
    return "\n".join(screen_text(screen) for screen in screens)


def test_balance_in_the_pseudo_locale_leaves_no_english_but_data():
    screens = balance_screens("en_XA")
    # The study's citation is a reference, written as published.
    bare = "\n".join(line for line in screens.splitlines() if "Springer BA" not in line)
    assert english_left(bare) == [], bare
    assert english_left(balance_screens("en"))  # the check is not blind


def test_balance_in_german():
    screens = balance_screens("de")
    assert "Bevor Sie beginnen" in screens and "Hören Sie sofort auf" in screens
    assert "Augen offen · Versuch 1 von 3 · linkes Bein" in screens
    assert "Stellen Sie sich auf das linke Bein, heben Sie den rechten Fuß an" in screens
    assert "12,3 s von 45" in screens  # Babel's decimal comma
    assert "Ihre besten Zeiten (die beste von 3 Versuchen)" in screens
    assert "Linkes Bein: 45,0 s, über dem Durchschnitt Ihres Alters" in screens
    assert "Rechtes Bein: 44,0 s (nicht verglichen" in screens
    assert "45,0 s  (45,0; 45,0; 45,0)" in screens  # tries: a semicolon beside decimal commas
    assert "Nur ein grober Anhaltspunkt" in screens


def test_balance_without_a_terminal_in_the_language(tmp_path):
    fresh = f"sqlite:///{tmp_path / 'fw.db'}"
    code, said = invoke(fresh, "en_XA", "balance")
    assert code == 2 and "[" in said and english_left(said) == [], said
    code, said = invoke(fresh, "de", "balance")
    assert code == 2 and "braucht ein Terminal" in said and "footwork log balance" in said


def test_report_lists_its_charts_in_the_language(database, tmp_path):
    said = footwork(database, "en_XA", "report", "--format", "svg", "-o", str(tmp_path / "c"))
    bare = re.sub(r"\b\d+ [A-Z][a-z]{2} \d{4}\b", " ", said)  # Babel's dates: en for en_XA
    assert said.count("footwork-") == 4 and english_left(bare) == [], said
    german = footwork(database, "de", "report", "--format", "svg", "-o", str(tmp_path / "d"))
    assert "Schmerzwerte" in german or "Schmerz" in german, german
