"""One Settings value, built by the entry point and passed down.

The FOOTWORK_* environment variables are read here, not by pydantic-settings: every field is a
plain value that pydantic takes from text, and pydantic-settings' import (its sources for
dotenv files, secrets and three clouds' vaults) cost every command about twice the start of a
bare Typer program (docs/benchmarks.md, "Command-line start-up").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_path
from pydantic import BaseModel, ConfigDict, Field, model_validator

ENV_PREFIX = "FOOTWORK_"


def default_database_url() -> str:
    """SQLite in the user's data directory (e.g. ~/.local/share/footwork/footwork.db)."""
    return f"sqlite:///{user_data_path('footwork', appauthor=False) / 'footwork.db'}"


def environment_values(names: set[str] | frozenset[str]) -> dict[str, str]:
    """The FOOTWORK_<NAME> environment variables for the given field names, matched without
    regard to case (FOOTWORK_LANG and footwork_lang alike), as text."""
    prefix = ENV_PREFIX.lower()
    found: dict[str, str] = {}
    for key, value in os.environ.items():
        name = key.lower()
        if name.startswith(prefix) and name[len(prefix) :] in names:
            found[name[len(prefix) :]] = value
    return found


class Settings(BaseModel):
    """Settings from FOOTWORK_* environment variables, overridden by the values given (the
    command-line options): what pydantic-settings' BaseSettings did with env_prefix."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _environment_under_given(cls, given: Any) -> Any:
        if not isinstance(given, dict):
            return given
        return {**environment_values(frozenset(cls.model_fields)), **given}

    database_url: str = Field(default_factory=default_database_url)
    program_path: Path | None = None
    lang: str | None = None
    """The terminal's language (FOOTWORK_LANG or --lang); the command resolves it at start."""

    # The web app. Personal mode on 127.0.0.1 needs no login; anything else does.
    mode: Literal["personal", "clinic"] = "personal"
    login_required: bool = False
    cookie_secure: bool = False
    """Mark cookies Secure: set it when the app is served over HTTPS."""
    self_signed_tls: bool = False
    """Served over HTTPS with the certificate `footwork serve --https` makes: cookies are
    Secure, but no Strict-Transport-Security is sent (see docs/security.md)."""
    session_days: int = 14
    allowed_hosts: str = ""
    """Comma-separated host names the app answers to when others can reach it (network and
    clinic mode); empty: this machine's own names and addresses. Personal mode on 127.0.0.1
    answers to loopback names only, whatever this says."""
    trusted_proxies: str = ""
    """Comma-separated addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For
    and X-Forwarded-Proto headers are believed; empty: nobody's."""

    today_cache_size: int = Field(default=2048, ge=0)
    """How many people's Today each web process keeps until their next write (0: none)."""

    care_worker: bool = False
    """PostgreSQL only: a finished session or a check-in queues the patient's care figures
    for `footwork worker` instead of working them out in the web process. Off (and always on
    SQLite), the web process works them out after it has answered."""

    # E-mail reminders (clinics). Without a host, e-mail is off.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "Footwork <footwork@localhost>"

    # Web Push reminders (`footwork remind --via push`).
    push_contact: str = "mailto:footwork@localhost"
    """How a push service can reach whoever runs this installation (the VAPID `sub`): a
    mailto: or https: URL. Some push services refuse a made-up address: set a real one."""
    push_allow_loopback: bool = False
    """Take push endpoints at http://127.0.0.1 and http://localhost (tests, a local push
    service); off, only https:// endpoints at public names are taken."""


def needs_login(settings: Settings) -> bool:
    return settings.mode == "clinic" or settings.login_required


def split_list(text: str) -> list[str]:
    """The items of a comma-separated setting, trimmed, without empty ones."""
    return [item.strip() for item in text.split(",") if item.strip()]


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for another database or an in-memory one."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url in (prefix, f"{prefix}:memory:"):
        return None
    return Path(url[len(prefix) :].split("?", 1)[0])
