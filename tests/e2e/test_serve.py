"""`footwork serve` beyond this computer: a password is set on first run, then required."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from footwork.cli.lan import machine_ipv4_candidates, phone_addresses, phone_text, phone_urls
from tests.e2e.browser_support import START_TIMEOUT_S, free_port

PASSWORD = "a long enough secret"


def test_serving_to_the_network_requires_the_password_set_on_first_run(tmp_path):
    port = free_port()
    env = {**os.environ, "FOOTWORK_DATABASE_URL": f"sqlite:///{tmp_path / 'fw.db'}",
           "XDG_DATA_HOME": str(tmp_path), "FOOTWORK_PASSWORD": PASSWORD}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "footwork", "serve", "--host", "0.0.0.0", "--port", str(port)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{base}/hello", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        with httpx.Client(base_url=base, follow_redirects=False) as client:
            first = client.get("/today", headers={"accept": "text/html"})
            assert first.status_code == 303 and first.headers["location"].startswith("/login")
            assert client.get("/api/today").status_code == 401
            page = client.get("/login")
            token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
            wrong = client.post("/login", data={"username": "me", "password": "not it at all",
                                                "csrf_token": token})  # fmt: skip
            assert wrong.status_code == 401
            right = client.post("/login", data={"username": "me", "password": PASSWORD,
                                                "csrf_token": token})  # fmt: skip
            assert right.status_code == 303 and right.headers["location"] == "/today"
            assert "<h1>Today</h1>" in client.get("/today").text
            assert client.get("/api/today").status_code == 200
            # Another name for this address (DNS rebinding) is refused, before any log-in.
            assert client.get("/login", headers={"host": "attacker.example"}).status_code == 400
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert "needs a password" in out
    assert "Log in as me" in out
    assert "FOOTWORK_ALLOWED_HOSTS" in out  # says which names it answers to, and how to change
    # The addresses a phone can use, with a QR code of the first.
    urls = phone_urls(phone_addresses(machine_ipv4_candidates()), port=port)
    assert phone_text(urls) in out
    assert "127.0.0.1" not in "".join(urls)


def test_https_serves_with_a_certificate_made_once_for_this_machine(tmp_path):
    port = free_port()
    env = {**os.environ, "FOOTWORK_DATABASE_URL": f"sqlite:///{tmp_path / 'fw.db'}",
           "XDG_DATA_HOME": str(tmp_path), "FOOTWORK_PASSWORD": PASSWORD}  # fmt: skip
    env = {k: v for k, v in env.items() if k not in ("FOOTWORK_COOKIE_SECURE", "SSL_CERT_FILE")}
    command = [sys.executable, "-m", "footwork", "serve", "--host", "0.0.0.0", "--port", str(port),
               "--https"]  # fmt: skip
    outputs = []
    for _ in range(2):  # the second run keeps the certificate the first made
        server = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    answer = httpx.get(f"https://127.0.0.1:{port}/login", verify=False, timeout=1)
                    break
                except httpx.HTTPError:
                    pass
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
            assert answer.status_code == 200
            assert "Secure" in answer.headers["set-cookie"]
            # A self-signed certificate for the local network: no HSTS (docs/security.md).
            assert "strict-transport-security" not in answer.headers
            fingerprint = ":".join(
                f"{b:02X}"
                for b in x509.load_pem_x509_certificate(
                    (tmp_path / "tls" / "cert.pem").read_bytes()
                ).fingerprint(hashes.SHA256())
            )
        finally:
            server.terminate()
            out, _ = server.communicate(timeout=20)
        outputs.append(out)
        urls = phone_urls(phone_addresses(machine_ipv4_candidates()), port=port, https=True)
        assert phone_text(urls, fingerprint=fingerprint) in out
    assert "Made this computer's certificate" in outputs[0]
    assert "Using this computer's certificate" in outputs[1]
