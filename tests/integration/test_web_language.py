"""The pages' language: Settings, else Accept-Language, else English; <html lang>; the
pseudo-locale leaves no English on the translated pages but data."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.readiness import ReadinessCheck
from footwork.store.language import chosen_language
from footwork.store.readiness import add_readiness
from footwork.web.app import create_app
from footwork.web.language import accepted_language
from tests.fill import fill_records

HTML = {"accept": "text/html"}


@pytest.fixture
def personal(tmp_path) -> TestClient:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}"))
    app.state.store.personal_person(now=datetime.now(UTC), timezone="UTC")
    return TestClient(app, base_url="http://127.0.0.1")


def csrf_of(text: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]*)"', text)
    assert match
    return match.group(1)


def html_lang(text: str) -> str:
    match = re.search(r'<html lang="([^"]+)" data-speech-lang="([^"]+)"', text)
    assert match, text[:300]
    assert match.group(1) == match.group(2)
    return match.group(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
        ("en;q=0.5, pt-BR;q=0.9", "pt"),
        ("nl-NL, es;q=0.3", "es"),
        ("nl-NL, ja", None),
        ("", None),
        ("de;q=abc, es", "es"),
        ("de;q=0, es;q=0.1", "es"),
    ],
)
def test_accept_language_is_negotiated_by_quality(header, expected):
    assert accepted_language(header) == expected


def test_without_a_choice_accept_language_picks_german(personal):
    page = personal.get("/safety", headers={**HTML, "accept-language": "de-DE,de;q=0.9,en;q=0.5"})
    assert html_lang(page.text) == "de"
    assert "Wann Sie aufhören" in page.text and "Zum Inhalt springen" in page.text
    assert "Hören Sie sofort auf" in page.text  # the safety advice itself, first of all
    english = personal.get("/safety", headers={**HTML, "accept-language": "nl, ja"})
    assert html_lang(english.text) == "en" and "When to stop" in english.text


def test_the_choice_in_settings_wins_over_accept_language(personal):
    settings = personal.get("/settings", headers=HTML)
    assert 'action="/settings/language"' in settings.text
    form = {"language": "fr", "csrf_token": csrf_of(settings.text)}
    answer = personal.post("/settings/language", follow_redirects=False, data=form)
    assert answer.status_code == 303
    person = personal.app.state.store.personal_person(now=datetime.now(UTC), timezone="UTC")
    assert chosen_language(personal.app.state.store, person.id) == "fr"
    page = personal.get("/exercises", headers={**HTML, "accept-language": "de"})
    assert html_lang(page.text) == "fr"
    assert "Vos exercices" in page.text and "Pressions des orteils" in page.text
    assert "10 maintiens de 3 s" in page.text  # the dose, with Babel's French plural
    again = personal.get("/settings", headers={**HTML, "accept-language": "de"})
    assert '<option value="fr" lang="fr" selected>' in again.text
    back = personal.post("/settings/language", follow_redirects=False,
                         data={"language": "", "csrf_token": csrf_of(again.text)})  # fmt: skip
    assert back.status_code == 303
    assert (
        html_lang(personal.get("/exercises", headers={**HTML, "accept-language": "de"}).text)
        == "de"
    )


def test_an_unknown_language_is_refused_and_nothing_changes(personal):
    settings = personal.get("/settings", headers=HTML)
    form = {"language": "xx", "csrf_token": csrf_of(settings.text)}
    answer = personal.post("/settings/language", headers=HTML, data=form)
    assert answer.status_code == 422
    assert "language: choose one of en, de, es, fr, pt" in answer.text
    person = personal.app.state.store.personal_person(now=datetime.now(UTC), timezone="UTC")
    assert chosen_language(personal.app.state.store, person.id) is None


def test_the_error_page_speaks_the_language(personal):
    page = personal.get("/no-such-page", headers={**HTML, "accept-language": "es"})
    assert page.status_code == 404
    assert html_lang(page.text) == "es" and "No encontrado" in page.text


def test_the_check_in_formats_with_babel_and_plural_forms(personal):
    form = personal.get("/checkin", headers={**HTML, "accept-language": "pt"})
    assert "Como está a sua dor?" in form.text and "Anca esquerda" in form.text
    saved = personal.post("/checkin", headers={**HTML, "accept-language": "pt"},
                          data={"hip-left": "3", "csrf_token": csrf_of(form.text)})  # fmt: skip
    assert saved.status_code == 200
    assert re.search(r"Guardado às \d\d:\d\d", saved.text)
    assert "Anca esquerda: 3 de 10" in saved.text


class VisibleText(HTMLParser):
    """The text nodes a person sees inside <main> and <nav> (not script, not hidden inputs)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("main", "nav"):
            self.depth += 1
        if tag in ("script", "style", "code", "cite"):  # a <cite> names a published work
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("main", "nav"):
            self.depth -= 1
        if tag in ("script", "style", "code", "cite"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and not self.skip and data.strip():
            self.texts.append(data.strip())


# Data, not words: numbers, the score scale's dash, the brand. The pseudo-locale accents every
# letter of our texts, so a plain ASCII letter elsewhere is English left over (or data below).
DATA = re.compile(r"^(Footwork|[\d\s:./\u2013-]+)$")
ENGLISH = re.compile(r"[A-Za-z]")
# The pseudo-locale formats dates and numbers as English does (Babel has no en_XA): data.
# Each language's name in its own words (the picker) and the filled person's token name.
NAMES = {"English", "Deutsch", "Español", "Français", "Português", "script"}
SHORT_DATE = re.compile(r"\b\d\d? [A-Z][a-z]{2} \d{4}\b")  # 30 Nov 2026, inside a sentence
COMMAND = re.compile(r"\bfootwork( [a-z-]+)+")  # a command (in backticks in the catalogue)
DATES = re.compile(r"^(\w+day )?\d\d? [A-Z][a-z]+( \d{4})?$")


@pytest.fixture
def clinic(tmp_path) -> TestClient:
    """A clinic install, where /login is a page (personal mode on 127.0.0.1 has no login)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'clinic.db'}", mode="clinic")
    return TestClient(create_app(settings), base_url="http://127.0.0.1")


@pytest.fixture
def filled(tmp_path) -> TestClient:
    """A personal install whose person has sessions, pain, balance and settings, and has
    answered the readiness questions just now (so the player is not held back by them)."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'filled.db'}"))
    now = datetime.now(UTC)
    store = app.state.store
    person = store.personal_person(now=now, timezone="UTC")
    fill_records(store, person.id, now=now - timedelta(days=4))
    add_readiness(store, person.id, ReadinessCheck(str(uuid.uuid4()), now, {"chest-pain": False}))
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.mark.parametrize(
    ("mode", "path"),
    [("clinic", "/login"), ("personal", "/safety"), ("personal", "/what-to-expect"),
     ("personal", "/balance"), ("personal", "/exercises"),
     ("personal", "/checkin"), ("filled", "/session"), ("filled", "/exercises/toe-walking"),
     ("filled", "/session?ids=ankle-circles&ids=toe-pickups"), ("filled", "/today"),
     ("filled", "/settings")],
)  # fmt: skip
def test_the_pseudo_locale_leaves_no_english_but_data(request, mode, path):
    client: TestClient = request.getfixturevalue(mode)
    page = client.get(path, headers={**HTML, "accept-language": "en-XA"})
    assert page.status_code == 200
    assert html_lang(page.text) == "en-XA"
    parser = VisibleText()
    parser.feed(page.text)
    assert parser.texts, path
    left = english_left(parser.texts)
    assert left == [], f"{path}: untranslated {left}"


def english_left(
    texts: list[str],
    *,
    blank: Callable[[str], str] = lambda text: text,
    data: Callable[[str], bool] = lambda text: False,
) -> list[str]:
    """The texts that still hold English once commands and dates are taken out, and what
    `blank` takes out (a page's own data inside a sentence); whole texts that are data (ours,
    or what `data` says) are not English."""
    return [
        t
        for t in texts
        if ENGLISH.search(SHORT_DATE.sub("", COMMAND.sub("", blank(t))))
        and not (DATA.match(t) or DATES.match(t) or t in NAMES or data(t))
    ]


def json_block(text: str, block: str) -> dict:
    match = re.search(rf'id="{block}" type="application/json">(.*?)</script>', text, re.S)
    assert match, block
    return dict(json.loads(match.group(1)))


def test_the_player_hands_its_words_to_the_script_in_the_page_language(filled):
    """player.js, camera.js and demo.js show the words the page gives them: German here."""
    page = filled.get("/session?ids=ankle-circles", headers={**HTML, "accept-language": "de"})
    assert page.status_code == 200 and html_lang(page.text) == "de"
    words = json_block(page.text, "player-words")
    assert words["labels"]["prepare"] == "BEREITMACHEN" and words["paused"] == "ANGEHALTEN"
    assert words["summary"] == {
        "one": "{done} von {planned} Anstrengung geschafft.",
        "other": "{done} von {planned} Anstrengungen geschafft.",
    }
    camera = json_block(page.text, "camera-words")
    assert camera["views"]["out"] == "Füße nicht im Bild"
    assert "Stellen Sie das Handy niedrig ans Fußende" in page.text  # the camera guide
    assert "Geführte Einheit" in page.text and "Alle Sicherheitshinweise" in page.text
    english = filled.get("/session?ids=ankle-circles", headers=HTML)
    assert '"prepare": "GET READY"' in english.text and "Guided session" in english.text


def test_the_regions_keep_their_capitals_in_german(personal):
    """The first letter of a region goes up, the rest stays as written: German nouns."""
    form = personal.get("/checkin", headers={**HTML, "accept-language": "de"})
    assert "<legend>Unterer Rücken</legend>" in form.text
    saved = personal.post("/checkin", headers={**HTML, "accept-language": "de"},
                          data={"hip-left": "3", "csrf_token": csrf_of(form.text)})  # fmt: skip
    assert "Linke Hüfte: 3 von 10" in saved.text
