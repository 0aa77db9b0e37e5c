"""Commands for the web app: serve, password, account."""

from __future__ import annotations

import getpass
import ipaddress
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from footwork.cli.common import fail, settings_of, translator_of
from footwork.cli.lan import machine_ipv4_candidates, phone_addresses, phone_text, phone_urls
from footwork.config import Settings, split_list
from footwork.core.language import UNTRANSLATED, Translator
from footwork.services.accounts import add_account
from footwork.services.personal import local_timezone_name, open_store
from footwork.store.accounts import (
    AccountError,
    account_by_name,
    create_account,
    owner_account,
    set_password,
)

if TYPE_CHECKING:
    from footwork.cli.certificate import Certificate

account_app = typer.Typer(
    help="Accounts for a clinic: patients and clinicians.", no_args_is_help=True
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_options(settings: Settings) -> dict[str, Any]:
    """Uvicorn's options for forwarded headers: believe X-Forwarded-For and -Proto only from
    the proxies FOOTWORK_TRUSTED_PROXIES names (none by default), so a client cannot choose
    the address the login throttle counts it under."""
    trusted = split_list(settings.trusted_proxies)
    for entry in trusted:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise fail(
                f"FOOTWORK_TRUSTED_PROXIES: {entry!r} is not an address or a network (CIDR)"
            ) from None
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": ",".join(trusted) or ""}


def _host_names(
    settings: Settings, console: Console, *, clinic: bool, text: Translator = UNTRANSLATED
) -> str:
    """The host names the app will answer to, said at start-up; this machine's own names
    unless FOOTWORK_ALLOWED_HOSTS lists them."""
    from footwork.web.headers import default_allowed_hosts

    named = split_list(settings.allowed_hosts)
    if named:
        return ",".join(named)
    names = sorted(default_allowed_hosts())
    said = (
        text.gettext(
            "Footwork answers only to these host names: {names}. Set FOOTWORK_ALLOWED_HOSTS "
            "(comma-separated) to the names people type, e.g. the clinic's name behind your "
            "reverse proxy."
        )
        if clinic
        else text.gettext(
            "Footwork answers only to these host names: {names}. Set FOOTWORK_ALLOWED_HOSTS "
            "(comma-separated) to the names people type."
        )
    )
    console.print(said.format(names=", ".join(names)), markup=False)
    return ",".join(names)


def _ask_password(console: Console) -> str:
    if not sys.stdin.isatty():
        raise fail(
            "no terminal to ask for a password: set FOOTWORK_PASSWORD or run `footwork password`"
        )
    first = getpass.getpass("New password (10 characters or more, not easy to guess): ")
    if getpass.getpass("The same again: ") != first:
        raise fail("the two passwords differ")
    return first


def _new_password(console: Console) -> str:
    return os.environ.get("FOOTWORK_PASSWORD") or _ask_password(console)


def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on; other than 127.0.0.1 needs a login.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (clinics).")] = 1,
    clinic: Annotated[
        bool, typer.Option("--clinic", help="Clinic mode: accounts and logins for everyone.")
    ] = False,
    https: Annotated[
        bool,
        typer.Option(
            "--https",
            help="Serve over HTTPS with a certificate made for this computer (phones warn).",
        ),
    ] = False,
) -> None:
    """Start the web app (personal: no login on this computer)."""
    import uvicorn

    settings = settings_of(ctx)
    text = translator_of(ctx)
    console = Console()
    login = clinic or settings.mode == "clinic" or not _is_loopback(host)
    store = open_store(settings)
    if login and not clinic and settings.mode != "clinic" and owner_account(store) is None:
        console.print(
            text.gettext("Others on your network will reach Footwork, so it needs a password.")
        )
        _create_owner(store, _new_password(console), text=text)
    env = {
        "FOOTWORK_DATABASE_URL": settings.database_url,
        "FOOTWORK_MODE": "clinic" if clinic or settings.mode == "clinic" else "personal",
        "FOOTWORK_LOGIN_REQUIRED": "true" if login else "false",
        "FOOTWORK_TRUSTED_PROXIES": settings.trusted_proxies,
    }
    forwarded = proxy_options(settings)
    if login:
        env["FOOTWORK_ALLOWED_HOSTS"] = _host_names(
            settings, console, clinic=env["FOOTWORK_MODE"] == "clinic", text=text
        )
    if settings.program_path:
        env["FOOTWORK_PROGRAM_PATH"] = str(settings.program_path)
    everywhere = host in ("0.0.0.0", "::")
    addresses = _phone_addresses(host, env.get("FOOTWORK_ALLOWED_HOSTS"))
    tls: dict[str, Any] = {}
    fingerprint = None
    if https:
        cert = _certificate(settings, addresses)
        env["FOOTWORK_COOKIE_SECURE"] = "true"
        env["FOOTWORK_SELF_SIGNED_TLS"] = "true"
        tls = {"ssl_certfile": str(cert.cert_file), "ssl_keyfile": str(cert.key_file)}
        fingerprint = cert.fingerprint
        said = (
            text.gettext("Made this computer's certificate: {path}")
            if cert.made
            else text.gettext("Using this computer's certificate: {path}")
        )
        console.print(said.format(path=cert.cert_file), markup=False)
    os.environ.update(env)  # the workers build their Settings from the environment
    url = f"{'https' if https else 'http'}://{'127.0.0.1' if everywhere else host}:{port}/"
    console.print(text.gettext("Footwork is at {url} (Ctrl-C stops it)").format(url=url))
    if not _is_loopback(host):
        urls = phone_urls(addresses, port=port, https=https)
        print(phone_text(urls, fingerprint=fingerprint, text=text))
        sys.stdout.flush()
    uvicorn.run(
        "footwork.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        **forwarded,
        **tls,
    )


def _phone_addresses(host: str, allowed_hosts: str | None) -> list[str]:
    """The addresses a phone can use to reach `host`, among the names the app answers to."""
    from footwork.web.headers import host_matches, normal_host

    if _is_loopback(host):
        return []
    everywhere = host in ("0.0.0.0", "::")
    addresses = phone_addresses(machine_ipv4_candidates() if everywhere else [host])
    if allowed_hosts is None:
        return addresses
    allowed = frozenset(normal_host(name) for name in split_list(allowed_hosts))
    return [address for address in addresses if host_matches(address, allowed)]


def _certificate(settings: Settings, addresses: list[str]) -> Certificate:
    """This computer's certificate for --https, kept beside the data folder."""
    import socket

    from platformdirs import user_data_path

    from footwork.cli.certificate import machine_certificate, tls_folder

    hostname = socket.gethostname()
    names = sorted({hostname, f"{hostname}.local", "localhost"} - {""})
    folder = tls_folder(settings.database_url, user_data_path("footwork", appauthor=False))
    return machine_certificate(
        folder, host_names=names, addresses=[*addresses, "127.0.0.1"], now=datetime.now(UTC)
    )


def _create_owner(store: object, password: str, *, text: Translator = UNTRANSLATED) -> None:
    from footwork.store.repository import Store

    assert isinstance(store, Store)
    person = store.personal_person(now=datetime.now(UTC), timezone=local_timezone_name())
    try:
        create_account(
            store,
            username="me",
            password=password,
            role="owner",
            person_id=person.id,
            now=datetime.now(UTC),
        )
    except AccountError as error:
        raise fail(str(error)) from None
    Console().print(text.gettext("Password set. Log in as {name}.").format(name="me"))


def password(ctx: typer.Context) -> None:
    """Set or reset the password this computer's Footwork asks for when served to others."""
    store = open_store(settings_of(ctx))
    text = translator_of(ctx)
    console = Console()
    owner = owner_account(store)
    new = _new_password(console)
    if owner is None:
        _create_owner(store, new, text=text)
        return
    try:
        set_password(store, owner.id, new)
    except AccountError as error:
        raise fail(str(error)) from None
    console.print(
        text.gettext("Password changed; every browser logged in with the old one is logged out.")
    )


@account_app.command("add")
def account_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The log-in name.")],
    role: Annotated[
        str, typer.Option(help="patient, clinician, or admin (runs the clinic's accounts).")
    ] = "patient",
    name: Annotated[str | None, typer.Option(help="A patient's display name.")] = None,
    timezone: Annotated[str, typer.Option(help="A patient's timezone.")] = "UTC",
) -> None:
    """Create an account; a patient gets a person record of their own. The password is asked
    for, or taken from FOOTWORK_PASSWORD."""
    text = translator_of(ctx)
    if role not in ("patient", "clinician", "admin"):
        raise fail(text.gettext("--role: expected patient, clinician or admin"))
    store = open_store(settings_of(ctx))
    if account_by_name(store, username) is not None:
        raise fail(text.gettext("the user name {name} is taken").format(name=repr(username)))
    secret = _new_password(Console())
    try:
        add_account(
            store,
            username=username,
            password=secret,
            role="patient" if role == "patient" else "admin" if role == "admin" else "clinician",
            display_name=name,
            timezone=timezone,
            now=datetime.now(UTC),
        )
    except AccountError as error:
        raise fail(str(error)) from None
    said = text.gettext("Account {name} ({role}) created.").format(name=repr(username), role=role)
    Console().print(said, markup=False, highlight=False)
