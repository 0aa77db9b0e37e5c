"""The compiled catalogues (src/footwork/locale/*/LC_MESSAGES/footwork.mo), read with the
standard gettext module: nothing heavy is imported when the command starts."""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from pathlib import Path

from footwork.core.language import ENGLISH

DOMAIN = "footwork"
LOCALE_DIR = Path(str(resources.files("footwork"))) / "locale"


@cache
def translator(language: str) -> gettext.NullTranslations:
    """The catalogue for `language`; English (and a missing catalogue) translates nothing."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def available() -> tuple[str, ...]:
    """The languages with a compiled catalogue on disk (besides English)."""
    return tuple(
        sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    )
