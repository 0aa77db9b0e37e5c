"""What `footwork serve` says about reaching it from a phone, and the certificate of --https."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import segno
from cryptography import x509

from footwork.cli.certificate import RENEW_BEFORE, VALID_DAYS, machine_certificate, tls_folder
from footwork.cli.lan import phone_addresses, phone_text, phone_urls, qr_text

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
# Compact terminal output: two rows of modules per line, light as the block, dark as a blank.
HALVES = {"█": (False, False), " ": (True, True), "▀": (False, True), "▄": (True, False)}


def read_qr(text: str) -> list[list[bool]]:
    """The modules (True: dark) a compact QR text draws, border included."""
    rows: list[list[bool]] = []
    for line in text.rstrip("\n").split("\n"):
        pairs = [HALVES[char] for char in line]
        rows += [[top for top, _ in pairs], [bottom for _, bottom in pairs]]
    return rows


def test_phone_addresses_keep_what_another_device_can_reach() -> None:
    candidates = ["192.168.1.20", "127.0.0.1", "127.0.1.1", "169.254.3.4", "::1",
                  "fe80::1", "0.0.0.0", "224.0.0.1", "192.168.1.20", "not an address",
                  "93.184.216.34", "10.0.0.5"]  # fmt: skip
    assert phone_addresses(candidates) == ["192.168.1.20", "10.0.0.5", "93.184.216.34"]
    assert phone_addresses(["127.0.0.1", "::1"]) == []


def test_phone_urls_name_the_port_unless_it_is_the_schemes_own() -> None:
    assert phone_urls(["192.168.1.20"], port=8000) == ["http://192.168.1.20:8000/"]
    assert phone_urls(["10.0.0.5"], port=443, https=True) == ["https://10.0.0.5/"]
    assert phone_urls(["10.0.0.5"], port=80) == ["http://10.0.0.5/"]


def test_the_qr_code_in_the_terminal_is_the_address() -> None:
    url = "http://192.168.1.20:8000/"
    drawn = read_qr(qr_text(url))
    expected = [[bool(module) for module in row] for row in segno.make(url, error="m").matrix]
    border = 4
    size = len(expected)
    inner = [row[border : border + size] for row in drawn[border : border + size]]
    assert inner == expected
    assert not any(any(row) for row in drawn[:border])  # a quiet zone around it
    assert read_qr(qr_text("http://10.0.0.5:8000/")) != drawn


def test_phone_text_lists_every_address_and_explains_the_certificate() -> None:
    urls = ["http://192.168.1.20:8000/", "http://10.0.0.5:8000/"]
    text = phone_text(urls)
    assert all(f"  {url}\n" in text for url in urls)
    assert qr_text(urls[0]) in text
    assert "--https" in text
    secure = phone_text(["https://192.168.1.20:8000/"], fingerprint="AB:CD")
    assert "not private" in secure and "  AB:CD\n" in secure
    assert "No local-network address" in phone_text([])


def test_the_certificate_is_made_once_for_the_machines_names(tmp_path: Path) -> None:
    folder = tls_folder(f"sqlite:///{tmp_path / 'data' / 'footwork.db'}", tmp_path / "other")
    assert folder == tmp_path / "data" / "tls"
    names, addresses = ["vm", "vm.local"], ["192.168.1.20", "127.0.0.1"]
    first = machine_certificate(folder, host_names=names, addresses=addresses, now=NOW)
    assert first.made
    assert stat.S_IMODE(first.key_file.stat().st_mode) == 0o600
    cert = x509.load_pem_x509_certificate(first.cert_file.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == names
    assert [str(a) for a in san.get_values_for_type(x509.IPAddress)] == addresses
    assert cert.not_valid_after_utc - cert.not_valid_before_utc <= timedelta(
        days=VALID_DAYS, minutes=5
    )

    again = machine_certificate(folder, host_names=names, addresses=addresses, now=NOW)
    assert not again.made and again.fingerprint == first.fingerprint
    moved = machine_certificate(
        folder, host_names=names, addresses=["10.0.0.5", *addresses], now=NOW
    )
    assert moved.made and moved.fingerprint != first.fingerprint
    late = NOW + timedelta(days=VALID_DAYS) - RENEW_BEFORE + timedelta(days=1)
    renewed = machine_certificate(
        folder, host_names=names, addresses=["10.0.0.5", *addresses], now=late
    )
    assert renewed.made


def test_the_certificate_lives_in_the_data_folder_without_sqlite(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1/footwork"
    assert tls_folder(url, tmp_path) == tmp_path / "tls"
