"""Every page fits a phone in every language: the walk of tests/e2e/tour.py at 390x844 in
German, Spanish, French and Portuguese (German's long words are the test), failing on a page
wider than the window (naming what sticks out) and on a page still in English.

One clinic server serves the module, set up once: a clinician, and a patient who joined and
has six weeks of use. For each language, as people choose it: the login and join pages from
the browser's Accept-Language, the clinician's pages from their account's language (Account),
and every page of the person's own from the patient's choice in Settings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from footwork.i18n import translator
from tests.e2e.browser_support import PASSWORD, Server, running, seed_history
from tests.e2e.test_browser_widths import PHONE, WIDTH_PROBLEMS
from tests.e2e.tour import (
    CLINICIAN,
    PATIENT,
    clinic_server,
    clinician_pages,
    invite,
    log_in,
    visit,
    walk_person,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "es", "fr", "pt"]

# Words no page in these four languages has, but most English sentences do.
# ("for" is Portuguese too.)
ENGLISH = re.compile(r"\b(the|your|you|and|with|this|what|when|not|of|to|is|are)\b", re.I)
# What the patient wrote (seed_history's pain note) is theirs, in their words.
DATA = ("Stiff after a long drive; better by the evening",)

# The text a person sees (not code, scripts, or what is hidden) and the words of the footer's
# and the menu's links, which every page has.
READ_PAGE = """() => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        // A <cite> names a published work (authors, journal, DOI): it stays as published.
        if (!node.data.trim() || parent.closest("script, style, code, pre, template, cite")) {
            continue;
        }
        if (!parent.checkVisibility({ visibilityProperty: true })) continue;
        texts.push(node.data.trim().replace(/\\u00ad/g, ""));
    }
    const links = (selector) => [...document.querySelectorAll(selector)]
        .map((a) => a.textContent.trim());
    return { lang: document.documentElement.lang, texts,
             foot: links("footer.foot a"), menu: links("header.top nav a, header.top nav button") };
}"""

FOOT = ["Safety", "What to expect"]
MENUS = [
    ["Today", "Session", "Pain", "History", "Progress", "Exercises", "Settings"],
    ["Today", "Session", "Pain", "History", "Progress", "Exercises", "Settings", "Messages",
     "Log out"],
    ["Patients", "Exercise library", "API tokens", "Account", "Log out"],
]  # fmt: skip


class InLanguage:
    """A `look` that keeps, for each page, what does not fit 390 px and what is in English."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.words = translator(language).gettext
        self.problems: list[str] = []
        self.seen: list[str] = []

    def without_known(self, text: str) -> str:
        """The text less the patient's own words."""
        for known in DATA:
            text = text.replace(known, "")
        return text

    def __call__(self, page: Any, name: str) -> None:
        self.seen.append(name)
        width = page.evaluate(WIDTH_PROBLEMS, PHONE["width"])
        if width:
            self.problems.append(f"{name}: {width}")
        read = page.evaluate(READ_PAGE)
        if read["lang"] != self.language:
            self.problems.append(f"{name}: <html lang={read['lang']!r}>")
        if read["foot"] != [self.words(w) for w in FOOT]:
            self.problems.append(f"{name}: footer links {read['foot']}")
        menus = [[self.words(w) for w in menu] for menu in MENUS]
        if read["menu"] and read["menu"] not in menus:
            self.problems.append(f"{name}: menu {read['menu']}")
        english = [t for t in read["texts"] if ENGLISH.search(self.without_known(t))]
        if english:
            self.problems.append(f"{name}: in English: {english[:5]}")


def new_page(chromium: Any, locale: str = "en-US") -> Any:
    """A phone whose browser asks for `locale` (Playwright sends it as Accept-Language)."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.script_errors = errors
    return page


@dataclass
class Clinic:
    server: Server
    doctor: Any  # the clinician, logged in, in a browser that asks for English
    patient: Any  # the patient, joined, in a browser that asks for English
    record: str  # the patient's page for the clinician, /clinic/patients/<id>


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[Clinic]:
    """The clinician invites a patient, who joins; then two months of their use."""
    with running(clinic_server(tmp_path_factory.mktemp("clinic"))) as server:
        doctor, patient = new_page(chromium), new_page(chromium)
        log_in(doctor, server.url, CLINICIAN)
        code = invite(doctor, server.url, lambda page, name: None)
        visit(patient, f"{server.url}/join?code={code}")
        patient.fill("#username", PATIENT)
        patient.fill("#password", PASSWORD)
        patient.fill("#password_again", PASSWORD)
        patient.click("form[action='/join'] button[type=submit]")
        patient.wait_for_url(f"{server.url}/today")
        person_id = patient.locator("meta[name=footwork-owner]").get_attribute("content")
        seed_history(server.database_url, days=40, person_id=person_id, balance=True)
        yield Clinic(server, doctor, patient, f"/clinic/patients/{person_id}")
        for page in (doctor, patient):
            assert page.script_errors == []
            page.context.close()


def choose(page: Any, base: str, form: str, language: str) -> None:
    """Pick `language` in the form's Language list and save it, as a person would."""
    page.select_option(f"form[action='{form}'] select[name=language]", language)
    page.click(f"form[action='{form}'] button[type=submit]")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_phone_in_the_language_chosen(
    clinic: Clinic, chromium: Any, language: str
) -> None:
    base, look = clinic.server.url, InLanguage(language)
    stranger = new_page(chromium, language)  # not logged in: Accept-Language decides
    visit(stranger, f"{base}/login")
    look(stranger, "login")

    visit(clinic.doctor, f"{base}/account")
    choose(clinic.doctor, base, "/account/language", language)
    look(clinic.doctor, "account")
    code = invite(clinic.doctor, base, look)
    for name, path in clinician_pages(clinic.record):
        visit(clinic.doctor, f"{base}{path}")
        look(clinic.doctor, name)

    visit(stranger, f"{base}/join?code={code}")
    look(stranger, "join")
    assert stranger.script_errors == []
    stranger.context.close()

    visit(clinic.patient, f"{base}/settings")
    choose(clinic.patient, base, "/settings/language", language)
    walk_person(clinic.patient, base, look)

    for name in ("login", "join", "clinic-invite", "clinic-patient", "history", "handout"):
        assert name in look.seen
    assert look.problems == [], "\n".join(look.problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_balance_and_evidence_texts_are_translated(clinic: Clinic, language: str) -> None:
    base, look = clinic.server.url, InLanguage(language)
    visit(clinic.patient, f"{base}/settings")
    choose(clinic.patient, base, "/settings/language", language)
    for name in ("balance", "what-to-expect"):
        visit(clinic.patient, f"{base}/{name}")
        look(clinic.patient, name)
    assert look.problems == [], "\n".join(look.problems)
