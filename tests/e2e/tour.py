"""A walk through every page a person and a clinician can reach, with realistic data: two
months of sessions, pain scores in three regions and balance tests. The browser width test
and tools/screenshots.py both walk it, calling `look(page, name)` at each page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from footwork.content.loader import load_program
from tests.e2e.browser_support import PASSWORD, Server, seed_history

Look = Callable[[Any, str], None]
"""Called with the page once it has loaded, and a short name for it ("history")."""

DAYS = 60
CLINICIAN = "dr-lee"
PATIENT = "robin"

PERSON_PAGES = [
    ("today", "/today"),
    ("session-intro", "/session?ids=toe-presses&ids=toe-walking"),
    ("checkin", "/checkin"),
    ("history", "/history"),
    ("history-year", "/history?days=365"),
    ("progress", "/progress"),
    ("exercises", "/exercises"),
    *[(f"exercise-{e.id}", f"/exercises/{e.id}") for e in load_program().exercises],
    ("handout", "/handout"),
    ("settings", "/settings"),
    ("safety", "/safety"),
    ("what-to-expect", "/what-to-expect"),
    ("readiness", "/readiness"),
    ("balance", "/balance"),
    ("questionnaires", "/questionnaires"),
    ("access-log", "/access-log"),
]


def personal_server(folder: Path) -> Server:
    """A personal server (no login on 127.0.0.1) holding two months of use; not started."""
    server = Server(folder)
    seed_history(server.database_url, days=DAYS, balance=True)
    return server


def empty_server(folder: Path) -> Server:
    """A personal server with nothing in it yet: the pages' empty states; not started."""
    return Server(folder)


def clinic_server(folder: Path) -> Server:
    """A clinic server with one clinician and no patients yet; not started. The account is
    written in this process, as `footwork account add` would (no second start-up to wait for)."""
    from datetime import UTC, datetime

    from footwork.config import Settings
    from footwork.services.personal import open_store
    from footwork.store.accounts import create_account

    server = Server(folder, clinic=True)
    store = open_store(Settings(database_url=server.database_url))
    create_account(
        store, username=CLINICIAN, password=PASSWORD, role="clinician", person_id=None,
        now=datetime.now(UTC),
    )  # fmt: skip
    store.engine.dispose()
    return server


def visit(page: Any, url: str) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.status == 200, f"{url}: {answer and answer.status}"


def walk_person(page: Any, base: str, look: Look, *, prefix: str = "") -> None:
    """Every page of the person's own (personal mode, or a patient logged in)."""
    for name, path in PERSON_PAGES:
        visit(page, f"{base}{path}")
        if "/readiness" in page.url and not path.startswith("/readiness"):
            answer_readiness(page)  # asked before the first session: answer, then go on
            visit(page, f"{base}{path}")
        look(page, prefix + name)


def answer_readiness(page: Any) -> None:
    """No to every readiness question, as someone fit to exercise would answer."""
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.click("#readiness-save")
    page.wait_for_selector("#readiness-result")


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state("load")


def invite(doctor: Any, base: str, look: Look) -> str:
    """The clinician (logged in) adds a patient: the form, then the invite; its code."""
    visit(doctor, f"{base}/clinic/patients/new")
    look(doctor, "clinic-new-patient")
    doctor.fill("#name", "Robin Example-Longname")
    doctor.fill("#timezone", "Europe/Berlin")
    doctor.click("form[action='/clinic/patients'] button[type=submit]")
    doctor.wait_for_load_state("load")
    code = str(doctor.inner_text("[data-testid=invite-code]"))
    look(doctor, "clinic-invite")
    return code


def clinician_pages(patient: str) -> list[tuple[str, str]]:
    """The clinician's pages, about the patient at `patient` (/clinic/patients/<id>)."""
    return [
        ("clinic-list", "/clinic"),
        ("clinic-patient", patient),
        ("clinic-program", f"{patient}/program"),
        ("clinic-library", "/clinic/exercises"),
        ("clinic-tokens", "/clinic/tokens"),
    ]


PATIENT_PAGES = [
    ("patient-today", "/today"),
    ("patient-history", "/history"),
    ("patient-access-log", "/access-log"),
]


def walk_clinic(server: Server, doctor: Any, patient: Any, look: Look) -> str:
    """The clinic: log in, add a patient (the invite), the patient joins and uses the app
    for a while, then the clinician's pages about them; the patient's page (its path)."""
    base = server.url
    visit(doctor, f"{base}/login")
    look(doctor, "login")
    log_in(doctor, base, CLINICIAN)
    assert doctor.url == f"{base}/clinic", doctor.url
    code = invite(doctor, base, look)

    visit(patient, f"{base}/join?code={code}")
    look(patient, "join")
    patient.fill("#username", PATIENT)
    patient.fill("#password", PASSWORD)
    patient.fill("#password_again", PASSWORD)
    patient.click("form[action='/join'] button[type=submit]")
    patient.wait_for_url(f"{base}/today")
    visit(patient, f"{base}/progress")
    look(patient, "progress-empty")

    visit(doctor, f"{base}/clinic")
    href = doctor.locator("table.patients a").first.get_attribute("href")
    assert href and re.fullmatch(r"/clinic/patients/[0-9a-f-]+", href), href
    seed_history(server.database_url, days=40, person_id=href.rsplit("/", 1)[1], balance=True)

    for name, path in clinician_pages(href):
        visit(doctor, f"{base}{path}")
        look(doctor, name)
    for name, path in PATIENT_PAGES:
        visit(patient, f"{base}{path}")
        look(patient, name)
    return href
