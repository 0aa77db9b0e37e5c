"""The words of `footwork balance`, `analyze` and `watch` in the terminal's language: the
catalogue, and numbers written as the language writes them (Babel: 12,3 in German)."""

from __future__ import annotations

from dataclasses import dataclass

from footwork.core.balance import Leg, Number, condition_name, plain_number
from footwork.core.language import ENGLISH, N_, PSEUDO, UNTRANSLATED, Translator
from footwork.i18n import translator


@dataclass(frozen=True, slots=True)
class Words:
    """The catalogue and the number format of the terminal's language (English by default)."""

    text: Translator = UNTRANSLATED
    number: Number = plain_number

    def seconds(self, value: float, digits: int = 1) -> str:
        return self.number(value, digits)

    def condition(self, eyes_closed: bool) -> str:
        """'eyes open' or 'eyes closed' in the language."""
        return self.text.gettext(condition_name(eyes_closed))

    def leg(self, leg: Leg) -> str:
        """'left leg' or 'right leg' in the language, within a sentence."""
        return self.text.gettext(LEG_WORDS[leg])

    def tries(self, times: tuple[float, ...]) -> str:
        """'10.0, 30.0, 45.0'; with a semicolon where the decimal sign is a comma."""
        written = [self.seconds(t) for t in times]
        return ("; " if any("," in w for w in written) else ", ").join(written)


LEG_WORDS: dict[Leg, str] = {"left": N_("left leg"), "right": N_("right leg")}


ENGLISH_WORDS = Words()


def words_for(language: str) -> Words:
    """The terminal's language: its catalogue and Babel's way of writing numbers."""
    if language == ENGLISH:
        return ENGLISH_WORDS
    from babel.numbers import format_decimal

    locale = "en" if language == PSEUDO else language

    def number(value: float, digits: int) -> str:
        form = "#,##0." + "0" * digits if digits else "#,##0"
        return str(format_decimal(round(value, digits), format=form, locale=locale))

    return Words(text=translator(language), number=number)


def capital(said: str) -> str:
    return said[:1].upper() + said[1:]
