"""A clinic on two app servers behind nginx, one PostgreSQL database and `footwork worker`:
whatever server answers a request, the session, the CSRF token, the log-in throttle and the
care figures are the same (docs/deploy.md)."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from footwork.services import signin
from tests.e2e.browser_support import (
    PASSWORD,
    Server,
    csrf_of,
    free_port,
    require,
    wait_until,
)

NGINX = Path("/usr/sbin/nginx")
NGINX_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream footwork {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://footwork;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def app_server(folder: Path, database_url: str) -> Server:
    """`footwork serve --clinic` on the shared database, trusting nginx on loopback."""
    server = Server(folder, clinic=True)
    server.database_url = database_url
    server.env |= {
        "FOOTWORK_DATABASE_URL": database_url,
        "FOOTWORK_TRUSTED_PROXIES": "127.0.0.1",
        "FOOTWORK_CARE_WORKER": "true",
    }
    return server


@contextlib.contextmanager
def nginx(folder: Path, first: Server, second: Server) -> Iterator[str]:
    """nginx on a free port, round robin over both servers; its base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(prefix=folder, port=port, first=first.port, second=second.port)
    )
    process = subprocess.Popen(
        [str(NGINX), "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {process.stdout.read() if process.stdout else ''}")
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"{url}/hello", timeout=1).text == "hello"
        return False

    try:
        wait_until(answers, timeout=30, what="nginx")
        yield url
    finally:
        process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def clinic(tmp_path: Path, postgres_url: str) -> Iterator[tuple[str, Server, list[Server]]]:
    require(NGINX, "nginx", "install Debian's nginx-light package (`apt-get install nginx-light`)")
    servers = [app_server(tmp_path / name, postgres_url) for name in ("one", "two")]
    servers[0].footwork(
        "account", "add", "dr-ada", "--role", "clinician", FOOTWORK_PASSWORD=PASSWORD
    )
    with contextlib.ExitStack() as stack:
        for server in servers:  # one after the other: the first migrates the database
            server.start()
            stack.callback(server.stop)
        url = stack.enter_context(nginx(tmp_path / "nginx", *servers))
        yield url, servers[0], servers
        for server in servers:
            assert "Traceback" not in server.log_text(), server.log_text()


@contextlib.contextmanager
def logged_in(url: str, username: str, page: str) -> Iterator[httpx.Client]:
    """A client logged in through the form, sending the CSRF token that `page` carries."""
    with httpx.Client(base_url=url, timeout=10) as client:
        token = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 303, answer.text
        client.headers["X-CSRF-Token"] = csrf_of(client.get(page).text)
        yield client


def served_by(answer: httpx.Response) -> str:
    return answer.headers["X-Upstream"]


def run_session(patient: httpx.Client) -> datetime:
    """A whole session of toe presses through the JSON API, as the player sends it."""
    started = datetime.now(UTC) - timedelta(minutes=10)
    timeline = patient.get("/api/timeline", params={"ids": "toe-presses"}).json()
    session_id = str(uuid.uuid4())
    answer = patient.put(
        f"/api/sessions/{session_id}",
        json={"exercise_ids": ["toe-presses"], "started_at": started.isoformat()},
    )
    assert answer.status_code == 200, answer.text
    for index, cue in enumerate(timeline["cues"]):
        if cue["kind"] != "work":
            continue
        moment = started + timedelta(seconds=index)
        answer = patient.put(
            f"/api/sessions/{session_id}/efforts/{index}",
            json={
                "id": str(uuid.uuid4()), "outcome": "done", "started_at": moment.isoformat(),
                "ended_at": (moment + timedelta(seconds=1)).isoformat(), "actual_s": 1.0,
            },
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
    answer = patient.post(
        f"/api/sessions/{session_id}/finish", json={"ended_at": datetime.now(UTC).isoformat()}
    )
    assert answer.status_code == 200, answer.text
    return started


def patient_row(clinician: httpx.Client, person_id: str) -> dict[str, object]:
    rows = clinician.get("/api/clinic/patients").json()["patients"]
    return next(row for row in rows if row["person_id"] == person_id)


def worker(server: Server, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "footwork", "--database", server.database_url, "worker", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=server.env,
    )  # fmt: skip


def test_a_clinic_day_across_two_servers(clinic: tuple[str, Server, list[Server]]):
    url, first, servers = clinic
    upstreams = {f"127.0.0.1:{server.port}" for server in servers}
    with logged_in(url, "dr-ada", "/clinic") as clinician:
        # The session cookie and its CSRF token, made by one server, work on both.
        seen = set()
        for _ in range(4):
            answer = clinician.get("/api/clinic/patients")
            assert answer.status_code == 200, answer.text
            seen.add(served_by(answer))
        assert seen == upstreams
        made = [
            clinician.post("/api/clinic/patients", json={"display_name": f"Pat {n}"})
            for n in range(2)
        ]
        assert [m.status_code for m in made] == [201, 201]
        assert {served_by(m) for m in made} == upstreams
        forged = clinician.post(
            "/api/clinic/patients",
            json={"display_name": "Nobody"},
            headers={"X-CSRF-Token": "not-the-token"},
        )
        assert forged.status_code == 403
        invite = made[0].json()
        person_id = invite["person_id"]
        with httpx.Client(base_url=url, timeout=10) as anyone:
            joined = anyone.post(
                "/api/join",
                json={"code": invite["code"], "username": "pat-one", "password": PASSWORD},
            )
            assert joined.status_code == 201, joined.text
        with logged_in(url, "pat-one", "/today") as patient:
            started = run_session(patient)
            answer = patient.post("/api/pain", json={"scores": {"back": 2}, "context": "any"})
            assert answer.status_code == 201, answer.text

        # Queued, not worked out by either server: the list still shows nothing.
        row = patient_row(clinician, person_id)
        assert row["last_session_at"] is None
        running = worker(first, "--interval", "0.2")
        try:
            row = wait_until(
                lambda: (r := patient_row(clinician, person_id))["last_session_at"] and r,
                timeout=60,
                what="the worker to refresh the patient's figures",
                interval=0.2,
            )
        finally:
            running.send_signal(signal.SIGTERM)
            out, err = running.communicate(timeout=60)
        assert running.returncode == 0, err
        assert "1 patient refreshed" in out
        # The figures of the new session, kept by the worker (the flags follow from them).
        assert datetime.fromisoformat(str(row["last_session_at"])) == started
        assert row["current"] is True

    # The log-in throttle counts failures on both servers together.
    with httpx.Client(base_url=url, timeout=10) as guesser:
        token = csrf_of(guesser.get("/login").text)
        answers = [
            guesser.post(
                "/login",
                data={"username": "dr-ada", "password": f"wrong guess {n}", "csrf_token": token},
            )
            for n in range(signin.PAIR_LIMIT + 1)
        ]
    refused = answers[: signin.PAIR_LIMIT]
    assert {a.status_code for a in refused} == {401}
    assert {served_by(a) for a in refused} == upstreams
    assert answers[-1].status_code == 429
