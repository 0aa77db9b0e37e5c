"""Settings a phone review asked for: the birth year, the timezone taken from the device on
first use and chosen from the full list, the pain check-in that can be cleared and says what it
saved, and unknown pages answered with a page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.schedule import same_clock
from footwork.store.history import pain_checkins
from footwork.store.schedule import adopt_device_timezone, change_timezone, load_schedule
from footwork.web.app import create_app

HTML = {"accept": "text/html"}


@pytest.fixture
def personal(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}"))
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/today", headers=HTML)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    (person,) = app.state.store.people()
    yield client, token, app.state.store, person.id
    app.state.store.engine.dispose()


def slots_form(token: str, **extra: str) -> dict[str, str]:
    return {"csrf_token": token, "timezone": "Europe/Berlin", "morning_start": "07:00",
            "morning_end": "09:00", **extra}  # fmt: skip


def test_the_birth_year_is_kept_shown_and_cleared(personal):
    client, token, store, person_id = personal
    page = client.post("/settings", data=slots_form(token, birth_year="1957"), headers=HTML)
    assert page.status_code == 200
    assert store.get_person(person_id).birth_year == 1957
    assert 'name="birth_year" value="1957"' in client.get("/settings", headers=HTML).text
    client.post("/settings", data=slots_form(token, birth_year=""), headers=HTML)
    assert store.get_person(person_id).birth_year is None


FULL_WIDTH_1957 = "\uff11\uff19\uff15\uff17"


@pytest.mark.parametrize(
    "year", ["1899", str(datetime.now(UTC).year + 1), "nineteen", FULL_WIDTH_1957]
)
def test_a_wrong_birth_year_is_refused_naming_the_field(personal, year):
    client, token, store, person_id = personal
    client.post("/settings", data=slots_form(token, birth_year="1960"), headers=HTML)
    form = slots_form(token, birth_year=year, timezone="Asia/Tokyo")
    page = client.post("/settings", data=form, headers=HTML)
    assert page.status_code == 422
    assert "Birth year: give a year from 1900 to" in page.text
    # nothing half-written: neither the year nor the timezone changed
    assert store.get_person(person_id).birth_year == 1960
    assert store.get_person(person_id).timezone == "Europe/Berlin"


def test_the_timezone_list_holds_every_zone(personal):
    client, _, _, _ = personal
    page = client.get("/settings", headers=HTML).text
    zones = re.findall(r'<option value="([^"]+)">', page)
    assert len(zones) > 300
    assert {"Europe/Berlin", "America/Sao_Paulo", "Pacific/Kiritimati", "UTC"} <= set(zones)
    assert zones == sorted(zones)


def test_the_device_timezone_is_taken_on_first_use_only(personal):
    client, token, store, person_id = personal
    assert 'name="footwork-adopt-timezone"' in client.get("/today", headers=HTML).text

    answer = client.post("/settings/device-timezone", data={"timezone": "Asia/Tokyo"},
                         headers={"x-csrf-token": token})  # fmt: skip
    assert answer.json() == {"changed": True, "timezone": "Asia/Tokyo"}
    assert store.get_person(person_id).timezone == "Asia/Tokyo"
    assert load_schedule(store, person_id, now=datetime.now(UTC)).chosen
    assert 'name="footwork-adopt-timezone"' not in client.get("/today", headers=HTML).text

    # another device, or another tab, later: the first choice stays
    again = client.post("/settings/device-timezone", data={"timezone": "America/Denver"},
                        headers={"x-csrf-token": token})  # fmt: skip
    assert again.json()["changed"] is False
    assert store.get_person(person_id).timezone == "Asia/Tokyo"


def test_settings_saved_by_the_person_are_never_replaced_by_the_device(personal):
    client, token, store, person_id = personal
    client.post("/settings", data=slots_form(token, timezone="UTC"), headers=HTML)
    assert not adopt_device_timezone(store, person_id, "Asia/Tokyo", now=datetime.now(UTC))
    assert store.get_person(person_id).timezone == "UTC"


def test_an_unknown_device_timezone_is_refused(personal):
    client, token, store, person_id = personal
    answer = client.post("/settings/device-timezone", data={"timezone": "Mars/Olympus</script>"},
                         headers={"x-csrf-token": token})  # fmt: skip
    assert answer.status_code == 422
    assert "timezone: unknown zone" in answer.text
    assert not load_schedule(store, person_id, now=datetime.now(UTC)).chosen
    refused = client.post("/settings/device-timezone", data={"timezone": "Asia/Tokyo"})
    assert refused.status_code == 403  # no CSRF token


def test_a_check_in_says_what_it_saved_and_leads_back(personal):
    client, token, store, person_id = personal
    page = client.post("/checkin", headers=HTML, data={
        "csrf_token": token, "back": "3", "knee-left": "", "hip-right": "7",
        "note": "stairs </script><script>alert(1)</script>"})  # fmt: skip
    assert page.status_code == 200
    (checkin,) = pain_checkins(store, person_id, since=datetime(2000, 1, 1, tzinfo=UTC))
    assert checkin.scores == {"back": 3, "hip-right": 7}  # the cleared region is left out
    saved = page.text[page.text.index('class="card saved"') :]
    assert re.search(r"Saved at \d\d:\d\d", saved)
    assert "<li>Low back: 3 of 10</li><li>Right hip: 7 of 10</li>" in saved
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in saved
    assert "<script>alert(1)" not in page.text
    assert 'href="/today">Back to Today</a>' in saved
    assert 'action="/checkin"' not in page.text  # the form gives way to the summary


def test_every_region_starts_unscored(personal):
    client, _, _, _ = personal
    page = client.get("/checkin", headers=HTML).text
    unscored = re.findall(r'<input type="radio" id="([a-z-]+)-none" name="\1" value="" checked>',
                          page)  # fmt: skip
    assert unscored == ["back", "hip-left", "hip-right", "knee-left", "knee-right", "foot-left",
                        "foot-right"]  # fmt: skip


def test_an_unknown_page_answers_with_a_page(personal):
    client, _, _, _ = personal
    page = client.get("/no/such/page</script>", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in page.text
    assert "There is no page at /no/such/page&lt;/script&gt;." in page.text
    api = client.get("/api/no-such-thing", headers=HTML)
    assert api.status_code == 404
    assert api.json() == {"detail": "Not Found"}


def test_a_device_zone_with_the_same_clock_keeps_the_name_and_needs_no_reload(personal):
    client, token, store, person_id = personal
    store_zone = store.get_person(person_id).timezone
    alias = "UTC" if store_zone != "UTC" else "Etc/UTC"
    if not same_clock(store_zone, alias, at=datetime.now(UTC)):
        change_timezone(store, person_id, "Etc/UTC", now=datetime.now(UTC))
        store_zone, alias = "Etc/UTC", "UTC"
    answer = client.post("/settings/device-timezone", data={"timezone": alias},
                         headers={"x-csrf-token": token})  # fmt: skip
    assert answer.json() == {"changed": False, "timezone": store_zone}
    assert load_schedule(store, person_id, now=datetime.now(UTC)).chosen
