"""Every catalogue is complete: each message of the sources translated, none fuzzy, the
placeholders kept, and the committed .mo files compiled from the .po files as they stand."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from footwork.core.language import KNOWN, LANGUAGES, PSEUDO

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src/footwork/locale"
TRANSLATED = [code for code in KNOWN if code != "en"]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)s|`[^`]*`")


def catalogue(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES/footwork.po").open("rb") as stream:
        return read_po(stream)


def ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    """The messages in the sources now (as `make translations` extracts them)."""
    out = tmp_path_factory.mktemp("pot") / "footwork.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
         "-k", "N_", "-k", "Plural:1,2", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with out.open("rb") as stream:
        return read_po(stream)


def test_the_template_holds_every_message_of_the_sources(extracted):
    with (LOCALE / "footwork.pot").open("rb") as stream:
        template = read_po(stream)
    missing = ids(extracted) - ids(template)
    assert not missing, f"run `make translations`: new messages {sorted(map(str, missing))[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language, extracted):
    catalog = catalogue(language)
    assert not catalog.fuzzy, f"{language}: the whole catalogue is marked fuzzy"
    found = {message.id: message for message in catalog if message.id}
    problems = []
    for wanted in extracted:
        if not wanted.id:
            continue
        message = found.get(wanted.id)
        if message is None:
            problems.append(f"missing: {wanted.id!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {wanted.id!r}")
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        sources = wanted.id if isinstance(wanted.id, tuple) else (wanted.id,)
        if not all(forms):
            problems.append(f"untranslated: {wanted.id!r}")
        for form in forms:
            if set(PLACEHOLDER.findall(form)) - set(PLACEHOLDER.findall(" ".join(sources))):
                problems.append(f"placeholder not in the source: {wanted.id!r} -> {form!r}")
        if set(PLACEHOLDER.findall(sources[-1])) - {"{n}"} - set(PLACEHOLDER.findall(forms[-1])):
            problems.append(f"placeholder dropped: {wanted.id!r} -> {forms[-1]!r}")
    assert problems == [], f"{language}: {len(problems)} problems, e.g. {problems[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(language):
    compiled = gettext.translation(
        "footwork", LOCALE, languages=[language], fallback=False
    )  # raises when the .mo is missing
    for message in catalogue(language):
        if not message.id or isinstance(message.id, tuple):
            continue
        assert compiled.gettext(message.id) == message.string, (
            f"{language}: the .mo is older than the .po; run `make translations`"
        )


def test_the_pseudo_locale_marks_every_message():
    for message in catalogue(PSEUDO):
        if message.id:
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(f.startswith("[") and f.endswith("]") for f in forms), message.id


def test_the_languages_people_choose_all_have_a_catalogue():
    assert {p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/footwork.po")} == set(
        TRANSLATED
    )
    assert LANGUAGES[0] == "en"
