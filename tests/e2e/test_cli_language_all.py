"""Each translated command in the pseudo-locale en_XA leaves no English but data; German spot
checks of real phrases; the help of every command goes through the catalogue.

The commands run in-process through Typer's CliRunner (as tests/unit/test_cli_help.py does),
on a SQLite file filled by tests/fill.py, so the file stays fast. The idea is the one of
tests/integration/test_web_language.py: en_XA accents every letter of our texts, so a plain
ASCII word left in the output is English, unless it is data (ids, dates, commands, paths).
"""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from footwork.cli.app import app
from footwork.cli.lazy import translate_help
from footwork.cli.vision import CAMERA_PLACES
from footwork.config import Settings
from footwork.core.records import PAIN_REGIONS
from footwork.services.personal import open_personal
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
