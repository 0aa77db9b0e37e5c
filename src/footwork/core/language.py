"""Which language to speak: the rules, without reading the environment or a catalogue.

Languages are plain codes ("de"); `en_XA` is the pseudo-locale the tests use to find text
that is not translated. Texts are marked with `N_` where they are defined and translated
where they are used, through a `Translator` (gettext's own classes are one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

ENGLISH = "en"
LANGUAGES = ("en", "de", "es", "fr", "pt")
"""The languages people can choose, English first."""
PSEUDO = "en_XA"
"""Every message in [brackets] with accented letters: for tests, never offered to people."""
KNOWN = (*LANGUAGES, PSEUDO)
NAMES = {
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
}
"""Each language in its own words, for the picker."""
ENVIRONMENT_VARIABLES = ("FOOTWORK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


class Translator(Protocol):
    """What the core needs of a catalogue: gettext.NullTranslations and its kin fit."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class Untranslated:
    """The English texts as written."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


UNTRANSLATED = Untranslated()


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here."""
    return message


class Refusal(ValueError):
    """A refusal whose reason is a catalogue text (marked with `N_`) with its values, perhaps
    followed by more sentences (`details`, catalogue texts too). str() is the English as
    written (the terminal, the JSON API, the logs); `said(text)` is the reason in `text`'s
    language, for a page. A `Plural` reason takes its count from the value `n`."""

    def __init__(self, reason: str | Plural, /, *details: str, **values: object) -> None:
        self.reason, self.details, self.values = reason, details, values
        super().__init__(self.said(UNTRANSLATED))

    def said(self, text: Translator) -> str:
        return " ".join(
            [self.message.say(text), *(text.gettext(detail) for detail in self.details)]
        )

    @property
    def message(self) -> Message:
        """The reason as a Message: its values that are Messages or Terms are said too."""
        if isinstance(self.reason, Plural):
            n = self.values["n"]
            assert isinstance(n, int)
            return Message(self.reason.one, self.values, plural=self.reason.many, number=n)
        return Message(self.reason, self.values)


def sentence(said: str) -> str:
    """'password: too short' as a page shows it: 'Password: too short.' (only the first
    letter raised, the rest kept as written)."""
    said = said.strip()
    return said[:1].upper() + said[1:] + ("" if said.endswith((".", "!", "?")) else ".")


@dataclass(frozen=True, slots=True)
class Plural:
    """A count in words, marked for the catalogue as one plural message: `Plural("{n} session",
    "{n} sessions")` (`make translations` extracts it with `-k Plural:1,2`), said in a
    catalogue's language by `said`."""

    one: str
    many: str

    def said(self, text: Translator, n: int, number: Callable[[int], str] = str) -> str:
        """'12 sessions' in `text`'s language; `number` writes the count (Babel's, on pages)."""
        return text.ngettext(self.one, self.many, n).format(n=number(n))


class UnknownLanguage(ValueError):
    """A language Footwork has no catalogue for."""

    def __init__(self, given: str, *, source: str) -> None:
        self.given = given
        self.source = source
        known = ", ".join(LANGUAGES)
        super().__init__(f"{source}: unknown language {given!r} (known: {known})")


def normalize(tag: str) -> str | None:
    """The known language a tag names ('de_DE.UTF-8', 'pt-BR', 'en_XA'), or None."""
    base = tag.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if base.lower() == PSEUDO.lower():
        return PSEUDO
    code = base.split("_", 1)[0].lower()
    return code if code in LANGUAGES else None


def terminal_language(option: str | None, environment: Mapping[str, str]) -> str:
    """The terminal's language: --lang, else FOOTWORK_LANG, LC_ALL, LC_MESSAGES, LANG.

    A language asked for by name (--lang, FOOTWORK_LANG) must be known: UnknownLanguage
    otherwise. The locale variables are the system's, so an unknown one (or C, POSIX) falls
    through to the next, and to English at the end.
    """
    asked = [("--lang", option), ("FOOTWORK_LANG", environment.get("FOOTWORK_LANG"))]
    for source, value in asked:
        if value:
            found = normalize(value)
            if found is None:
                raise UnknownLanguage(value, source=source)
            return found
    for name in ENVIRONMENT_VARIABLES[1:]:
        value = environment.get(name)
        if value:
            # POSIX: the first one set decides, even when it is C (English).
            return normalize(value) or ENGLISH
    return ENGLISH


def page_language(chosen: str | None, accepted: str | None) -> str:
    """A page's language: the person's choice in Settings, else the browser's, else English."""
    for value in (chosen, accepted):
        found = normalize(value) if value else None
        if found is not None:
            return found
    return ENGLISH


def html_language(language: str) -> str:
    """The BCP 47 tag for <html lang> and the speech voice ('en-XA' for the pseudo-locale)."""
    return language.replace("_", "-")


ESPEAK_VOICES = {"en": "en", "de": "de", "es": "es", "fr": "fr-fr", "pt": "pt", PSEUDO: "en"}


def espeak_voice(language: str | None) -> str:
    """espeak-ng's voice for a language (`espeak-ng --voices` lists them)."""
    return ESPEAK_VOICES.get(language or ENGLISH, "en")


class Message(str):
    """A sentence for people made in the core: the string itself is the English text (what
    logs, JSON and English screens show), and it keeps its catalogue id and values, so that a
    shell can say it in another language with `say`. The core never reads a catalogue.

    `template` is the catalogue id with {placeholders}; `plural` and `number` make it a plural
    message (ngettext). Values that are Messages or Terms are said in the language too; any
    other value is data and is shown as it is. `english` overrides the English text (e.g.
    pydantic's own wording of an error whose template we keep in the catalogue).
    """

    template: str
    plural: str | None
    number: int
    values: dict[str, object]

    def __new__(
        cls,
        template: str,
        values: Mapping[str, object] | None = None,
        *,
        plural: str | None = None,
        number: int = 1,
        english: str | None = None,
    ) -> Message:
        given = dict(values or {})
        chosen = template if plural is None or number == 1 else plural
        said = english if english is not None else chosen.format(**given)
        self = super().__new__(cls, said)
        self.template, self.plural, self.number, self.values = template, plural, number, given
        return self

    def say(self, text: Translator) -> str:
        """The sentence in the catalogue's language."""
        if self.plural is None:
            said = text.gettext(self.template)
        else:
            said = text.ngettext(self.template, self.plural, self.number)
        return said.format(**{key: say(value, text) for key, value in self.values.items()})


class Term(str):
    """A word or title from the catalogue (an exercise's title, 'eyes open'), said
    translated when it is a Message's value; the string itself is English."""

    def say(self, text: Translator) -> str:
        return text.gettext(str(self))


class Phrase(str):
    """Words the core writes with a function of the catalogue (e.g. a dose, '10 holds of
    3 s'): the string itself is the English, `say` writes it again in another language."""

    write: Callable[[Translator], str]

    def __new__(cls, write: Callable[[Translator], str]) -> Phrase:
        self = super().__new__(cls, write(UNTRANSLATED))
        self.write = write
        return self

    def say(self, text: Translator) -> str:
        return self.write(text)


def say(value: object, text: Translator) -> str:
    """A Message, Term or Phrase in the catalogue's language; anything else as it is (data)."""
    if isinstance(value, Message | Term | Phrase):
        return value.say(text)
    return str(value)
