"""Settings read the FOOTWORK_* environment as pydantic-settings' BaseSettings did: the
environment over the defaults, the values given (command-line options) over the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from footwork.config import Settings, default_database_url


@pytest.fixture(autouse=True)
def _no_footwork_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FOOTWORK_DATABASE_URL", "FOOTWORK_LANG", "FOOTWORK_PROGRAM_PATH"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_without_environment() -> None:
    settings = Settings()
    assert settings.database_url == default_database_url()
    assert (settings.mode, settings.lang, settings.program_path) == ("personal", None, None)
    assert (settings.smtp_port, settings.session_days, settings.cookie_secure) == (587, 14, False)


def test_environment_as_text_for_each_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTWORK_MODE", "clinic")
    monkeypatch.setenv("FOOTWORK_SESSION_DAYS", "3")
    monkeypatch.setenv("FOOTWORK_COOKIE_SECURE", "yes")
    monkeypatch.setenv("FOOTWORK_PROGRAM_PATH", "/srv/program.toml")
    monkeypatch.setenv("footwork_lang", "de")  # names match without regard to case
    monkeypatch.setenv("FOOTWORK_NOT_A_SETTING", "x")  # ignored
    settings = Settings()
    assert (settings.mode, settings.session_days, settings.cookie_secure) == ("clinic", 3, True)
    assert settings.program_path == Path("/srv/program.toml")
    assert settings.lang == "de"


def test_given_values_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTWORK_LANG", "de")
    monkeypatch.setenv("FOOTWORK_DATABASE_URL", "sqlite:///from-env.db")
    settings = Settings(lang="fr")
    assert (settings.lang, settings.database_url) == ("fr", "sqlite:///from-env.db")


def test_an_invalid_value_in_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTWORK_TODAY_CACHE_SIZE", "-1")
    with pytest.raises(ValidationError, match="today_cache_size"):
        Settings()
    monkeypatch.setenv("FOOTWORK_TODAY_CACHE_SIZE", "10")
    monkeypatch.setenv("FOOTWORK_MODE", "hospital")
    with pytest.raises(ValidationError, match="mode"):
        Settings()


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.mode = "clinic"  # type: ignore[misc]
