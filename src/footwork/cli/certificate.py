"""A self-signed certificate for `footwork serve --https`: made once for this machine (its host
names and local-network addresses), kept beside the data folder, made again only when it no
longer covers the machine's names or is near its end.

A phone warns about it (no authority vouches for it); HTTPS still encrypts the traffic on the
network and makes the page a secure context, where the Wake Lock API keeps the screen awake."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# Apple's devices refuse a server certificate valid for more than 825 days.
VALID_DAYS = 825
RENEW_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class Certificate:
    cert_file: Path
    key_file: Path
    fingerprint: str
    """SHA-256 of the certificate, as a phone's browser shows it (AB:CD:...)."""
    made: bool
    """Whether it was made now (else it was kept from before)."""


def tls_folder(database_url: str, data_folder: Path) -> Path:
    """Where the certificate lives: beside a SQLite database, else in the data folder."""
    from footwork.config import sqlite_path

    database = sqlite_path(database_url)
    return (database.parent if database else data_folder) / "tls"


def _names_of(cert: x509.Certificate) -> set[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    return {str(name) for name in san.get_values_for_type(x509.DNSName)} | {
        str(address) for address in san.get_values_for_type(x509.IPAddress)
    }


def _fingerprint(cert: x509.Certificate) -> str:
    return ":".join(f"{byte:02X}" for byte in cert.fingerprint(hashes.SHA256()))


def make_certificate(
    *, host_names: list[str], addresses: list[str], now: datetime
) -> tuple[bytes, bytes]:
    """(certificate PEM, private key PEM) for these names and addresses, valid from `now`."""
    key = ec.generate_private_key(ec.SECP256R1())
    common = (host_names or addresses or ["footwork"])[0][:64]
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Footwork on this computer"),
        ]
    )
    alternatives: list[x509.GeneralName] = [x509.DNSName(name) for name in host_names]
    alternatives += [x509.IPAddress(ipaddress.ip_address(a)) for a in addresses]
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def machine_certificate(
    folder: Path, *, host_names: list[str], addresses: list[str], now: datetime
) -> Certificate:
    """The certificate in `folder`, made (again) when missing, near its end, or not covering
    every one of `host_names` and `addresses`. The key file is readable by its owner only."""
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    wanted = {*host_names, *addresses}
    if cert_file.exists() and key_file.exists():
        try:
            cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        except ValueError:
            cert = None
        if (
            cert is not None
            and wanted <= _names_of(cert)
            and cert.not_valid_after_utc - RENEW_BEFORE > now
        ):
            return Certificate(cert_file, key_file, _fingerprint(cert), made=False)
    cert_pem, key_pem = make_certificate(host_names=host_names, addresses=addresses, now=now)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(key_pem)
    key_file.chmod(0o600)
    cert_file.write_bytes(cert_pem)
    cert = x509.load_pem_x509_certificate(cert_pem)
    return Certificate(cert_file, key_file, _fingerprint(cert), made=True)
