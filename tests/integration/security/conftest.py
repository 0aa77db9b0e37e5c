"""The small app of web/security.py's tests, on one SQLite store per test module (made once:
these tests are the mutation tests of the module, run once for each mutant)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store
from footwork.web.security import PersonalPerson
from tests.integration.security.small_app import LOGIN, PERSONAL, People, make_people, small_app


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[Store]:
    """Overrides the suite's `store` (one per test, SQLite and PostgreSQL): SQLite, per module."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('guards') / 'fw.db'}")
    ensure_schema(engine)
    yield Store(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def personal_person(store: Store) -> PersonalPerson:
    """The store's first person, made before anyone else (Store.personal_person takes the
    oldest), so it is nobody's account's."""
    personal = PersonalPerson(store, timezone="UTC")
    personal.id()
    return personal


@pytest.fixture(scope="module")
def people(store: Store, personal_person: PersonalPerson) -> People:
    return make_people(store)


@pytest.fixture(scope="module")
def login_app(store: Store, people: People, personal_person: PersonalPerson) -> FastAPI:
    """Login required: a browser without a session is a stranger, though a personal
    person exists."""
    app = small_app(store, LOGIN, personal_person)
    app.state.accounts = [people.patient, people.clinician]
    return app


@pytest.fixture(scope="module")
def personal_app(store: Store, personal_person: PersonalPerson) -> FastAPI:
    """A personal install without login: a browser without a session is its one person."""
    return small_app(store, PERSONAL, personal_person)
