"""What every answer is guarded by: escaping made for HTML, the Content-Security-Policy and the
other security headers, the Host names each mode answers to, the Origin of each change, and
the client address the throttle counts (no X-Forwarded-For unless a trusted proxy sent it)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from footwork.config import Settings
from footwork.core.readiness import QUESTION_IDS
from footwork.services.readiness import record_readiness
from footwork.web.app import create_app

PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'
TEMPLATES = Path(str(resources.files("footwork.web"))) / "templates"
HTML = {"accept": "text/html"}


def csrf_of(page_text: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]*)"', page_text).group(1)


@pytest.fixture(scope="module")
def hostile_program(tmp_path_factory) -> Path:
    """The built-in program with a title only an attacker would write."""
    text = resources.files("footwork.content").joinpath("program.toml").read_text()
    path = tmp_path_factory.mktemp("program") / "program.toml"
    path.write_text(text.replace('title = "Toe presses"', f"title = {json.dumps(PAYLOAD)}"))
    return path


@pytest.fixture(scope="module")
def personal(tmp_path_factory, hostile_program) -> TestClient:
    folder = tmp_path_factory.mktemp("guard")
    settings = Settings(database_url=f"sqlite:///{folder / 'fw.db'}", program_path=hostile_program)
    app = create_app(settings)
    store = app.state.store
    person = store.personal_person(now=datetime.now(UTC), timezone="UTC")
    # The readiness check answered, so /session is the player itself.
    record_readiness(store, person.id, dict.fromkeys(QUESTION_IDS, "no"), now=datetime.now(UTC))
    return TestClient(app, base_url="http://127.0.0.1:8000")


# 1. Escaping


def test_the_players_json_cannot_close_its_script_element(personal):
    page = personal.get("/session", headers=HTML)
    assert page.status_code == 200
    assert "</script><script>window.__pwned" not in page.text
    assert "<img src=x" not in page.text
    blocks = dict(
        re.findall(
            r'<script id="([a-z-]+)" type="application/json">(.*?)</script>', page.text, re.S
        )
    )
    titles = json.loads(blocks["titles-data"])
    assert titles["toe-presses"] == PAYLOAD  # the player still gets the title as written


def test_no_template_marks_anything_safe_or_runs_inline_code():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\|\s*safe\b", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name  # onclick=, onerror=...
        assert not re.search(r"\sstyle\s*=", text), template.name
        assert "<style" not in text, template.name
        for script in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in script or 'type="application/json"' in script, template.name


def test_every_template_autoescapes(personal):
    env = personal.app.state.templates.env
    for template in TEMPLATES.glob("*.html"):
        assert env.autoescape is True or env.autoescape(template.name), template.name
    assert "&lt;b&gt;" in env.from_string("{{ x }}").render(x="<b>")


def test_a_chart_has_no_inline_style_for_the_policy_to_block(personal):
    page = personal.get("/progress", headers=HTML)
    assert page.status_code == 200
    assert "<svg" in page.text
    assert " style=" not in page.text and "<style" not in page.text


# 2. Headers


def test_every_html_answer_carries_the_policy_and_no_store(personal):
    for path in (
        "/today",
        "/session",
        "/history",
        "/progress",
        "/settings",
        "/exercises",
        "/questionnaires",
    ):
        answer = personal.get(path, headers=HTML)
        assert answer.status_code == 200, path
        policy = answer.headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy and "http" not in policy
        assert answer.headers["cache-control"] == "no-store", path
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "camera=(self)" in answer.headers["permissions-policy"]
        assert "microphone=()" in answer.headers["permissions-policy"]
        assert "strict-transport-security" not in answer.headers  # not served over HTTPS


def test_api_answers_are_not_stored_but_static_files_may_be(personal):
    api = personal.get("/api/today")
    assert api.status_code == 200 and api.headers["cache-control"] == "no-store"
    assert api.headers["x-content-type-options"] == "nosniff"
    static = personal.get("/static/app.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
    assert static.headers["x-content-type-options"] == "nosniff"


def test_nothing_loads_from_another_origin(personal):
    assert personal.get("/api/docs").status_code == 404  # Swagger UI came from a CDN
    assert personal.get("/openapi.json").status_code == 200
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert not re.search(r'(src|href)="(https?:)?//', text), template.name


def test_hsts_when_cookies_are_secure(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}", cookie_secure=True)
    answer = TestClient(create_app(settings), base_url="http://127.0.0.1").get("/today")
    assert answer.headers["strict-transport-security"].startswith("max-age=")


def test_no_hsts_over_the_self_signed_certificate_of_serve_https(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'fw.db'}", cookie_secure=True, self_signed_tls=True
    )
    answer = TestClient(create_app(settings), base_url="https://127.0.0.1").get("/today")
    assert answer.status_code == 200
    assert "strict-transport-security" not in answer.headers
    assert "Secure" in answer.headers["set-cookie"]


# 3. Host and Origin


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io"])
def test_personal_mode_refuses_a_foreign_host(personal, host):
    answer = personal.get("/today", headers={**HTML, "host": host})
    assert answer.status_code == 400
    assert "csrf-token" not in answer.text
    assert personal.get("/api/today", headers={"host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_personal_mode_answers_loopback_names(personal, host):
    assert personal.get("/today", headers={**HTML, "host": host}).status_code == 200


def test_network_mode_answers_the_configured_names(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'fw.db'}",
        login_required=True,
        allowed_hosts="footwork.lan, 192.168.1.20",
    )
    client = TestClient(create_app(settings), base_url="http://footwork.lan")
    assert client.get("/login").status_code == 200
    assert client.get("/login", headers={"host": "192.168.1.20:8000"}).status_code == 200
    assert client.get("/login", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/login", headers={"host": "attacker.example"}).status_code == 400


def test_clinic_mode_answers_the_configured_names_only(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'fw.db'}",
        mode="clinic",
        allowed_hosts="*.clinic.example",
    )
    client = TestClient(create_app(settings), base_url="https://footwork.clinic.example")
    assert client.get("/login").status_code == 200
    assert (
        client.get("/login", headers={"host": "clinic.example.attacker.example"}).status_code == 400
    )


def test_a_change_from_another_origin_is_refused(personal):
    token = csrf_of(personal.get("/checkin", headers=HTML).text)
    body = {"scores": {"knee-right": 2}}
    headers = {"x-csrf-token": token}
    foreign = [
        {"origin": "http://attacker.example"},
        {"origin": "http://127.0.0.1:9999"},  # another program on this computer
        {"origin": "null", "sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"referer": "http://attacker.example/page"},
        {"origin": "null"},
    ]
    for extra in foreign:
        answer = personal.post("/api/pain", json=body, headers={**headers, **extra})
        assert answer.status_code == 403, extra
    own = [
        {"origin": "http://127.0.0.1:8000"},
        {"origin": "null", "sec-fetch-site": "same-origin"},  # a form under no-referrer
        {"referer": "http://127.0.0.1:8000/checkin"},
        {},  # no browser at all: the CSRF token alone decides
    ]
    for extra in own:
        answer = personal.post("/api/pain", json=body, headers={**headers, **extra})
        assert answer.status_code == 201, (extra, answer.text)


# 4. The client address


def client_key_app() -> object:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        await PlainTextResponse(request.client.host if request.client else "")(scope, receive, send)

    return app


def served_client_host(settings: Settings, forwarded_for: str) -> str:
    """The client address an app sees when `footwork serve` runs it under Uvicorn."""
    import uvicorn

    from footwork.cli.serve import proxy_options

    config = uvicorn.Config(client_key_app(), **proxy_options(settings))
    config.load()
    client = TestClient(config.loaded_app, client=("127.0.0.1", 50000))
    return client.get("/", headers={"x-forwarded-for": forwarded_for}).text


def test_a_client_cannot_choose_its_address_without_a_trusted_proxy():
    settings = Settings()
    seen = {served_client_host(settings, f"203.0.113.{n}") for n in range(1, 4)}
    assert seen == {"127.0.0.1"}


def test_a_named_proxy_is_believed():
    settings = Settings(trusted_proxies="127.0.0.1/32")
    assert served_client_host(settings, "203.0.113.7") == "203.0.113.7"


def test_a_wrong_trusted_proxy_is_said_clearly():
    import typer

    from footwork.cli.serve import proxy_options

    with pytest.raises(typer.Exit):
        proxy_options(Settings(trusted_proxies="not-an-address"))


def test_the_language_choice_needs_the_csrf_token_and_our_origin(personal):
    token = csrf_of(personal.get("/settings", headers=HTML).text)
    missing = personal.post("/settings/language", data={"language": "de"}, follow_redirects=False)
    assert missing.status_code == 403
    foreign = personal.post("/settings/language", data={"language": "de", "csrf_token": token},
                            headers={"origin": "http://attacker.example"})  # fmt: skip
    assert foreign.status_code == 403
    english = personal.post("/settings/language", data={"language": "", "csrf_token": token},
                            follow_redirects=False)  # fmt: skip
    assert english.status_code == 303
