"""Templates in the page's language: Jinja2's i18n extension on our catalogues, and Babel's
number and date formatting as filters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import jinja2
from jinja2 import pass_context

from footwork.core.insight_words import Wording
from footwork.core.language import ENGLISH, PSEUDO, Plural, say
from footwork.i18n import translator


def short_day(value: date, language: str) -> str:
    """'Dec 4', '4. Dez.', '4 déc.': a day and month as the language writes them (Babel's
    skeleton, so each language keeps its own order and punctuation)."""
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", value, locale=_babel_locale(language)))


def _language(context: Any) -> str:
    value = context.get("lang")
    return value if isinstance(value, str) else ENGLISH


@pass_context
def template_gettext(context: Any, message: str) -> str:
    """Jinja2's `_` and `gettext`: the catalogue of the page's `lang` (English without one)."""
    return translator(_language(context)).gettext(message)


@pass_context
def translate_text(context: Any, message: str) -> str:
    """The `translate` filter, for texts held in variables (our own safety lines, region
    names): a plain string, so that autoescape escapes it (`_()` would mark it safe)."""
    return translator(_language(context)).gettext(str(message))


@pass_context
def counted_text(context: Any, kind: Plural, n: int) -> str:
    """The `counted` filter: '12 sessions' for a `Plural`, the count written by Babel."""
    return kind.said(
        translator(_language(context)), n, lambda value: format_number(context, value, digits=0)
    )


@pass_context
def say_text(context: Any, value: object) -> str:
    """The `say` filter, for sentences the core made (footwork.core.language.Message: a
    program file's problems, the lines listing a program change): in the page's language;
    plain strings (data, names) as they are."""
    return say(value, translator(_language(context)))


@pass_context
def template_ngettext(context: Any, singular: str, plural: str, n: int) -> str:
    return translator(_language(context)).ngettext(singular, plural, n)


def _babel_locale(language: str) -> str:
    return "en" if language == PSEUDO else language


@pass_context
def format_number(
    context: Any, value: float, digits: int = 1, fixed: bool = False, signed: bool = False
) -> str:
    """A number as the page's language writes it (Babel): 1,5 in German, 1.5 in English.
    `fixed` keeps trailing zeros (6.0), `signed` writes a plus sign (+1.5)."""
    from babel.numbers import format_decimal  # only pages and documents need Babel

    pattern = "#,##0." + ("0" if fixed else "#") * digits if digits else "#,##0"
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return str(format_decimal(value, format=pattern, locale=_babel_locale(_language(context))))


@pass_context
def format_day(context: Any, value: date, form: str = "medium") -> str:
    """A date as the page's language writes it (Babel): 4 déc. 2026, 04.12.2026."""
    from babel.dates import format_date

    return str(format_date(value, format=form, locale=_babel_locale(_language(context))))


# A weekday with its date, no year ("Friday 04 December"), as each language writes it.
WEEKDAY_DATE = {
    "de": "EEEE, d. MMMM",
    "es": "EEEE, d 'de' MMMM",
    "fr": "EEEE d MMMM",
    "pt": "EEEE, d 'de' MMMM",
}


@pass_context
def format_weekday(context: Any, value: date) -> str:
    """A weekday and date in the page's language (Babel): Freitag, 4. Dezember."""
    from babel.dates import format_date

    language = _language(context)
    form = WEEKDAY_DATE.get(language, "EEEE dd MMMM")
    return str(format_date(value, format=form, locale=_babel_locale(language)))


@pass_context
def format_clock(context: Any, value: datetime) -> str:
    """A time of day, 24-hour, in the page's language (Babel): 14:05."""
    from babel.dates import format_time

    locale = _babel_locale(_language(context))
    return str(format_time(value, format="HH:mm", tzinfo=value.tzinfo, locale=locale))


def insight_wording(language: str) -> Wording:
    """The insight sentences in `language`: its catalogue, Babel's numbers and dates."""
    if language == ENGLISH:
        return Wording()
    from babel.dates import format_date
    from babel.numbers import format_decimal

    locale = _babel_locale(language)

    def number(value: float, digits: int = 1) -> str:
        if digits == 1:
            value = round(value, 1) + 0.0  # no '-0'
            value = 0.0 if value == 0 else value
            return str(format_decimal(value, format="#,##0.#", locale=locale))
        return str(format_decimal(value, format="#,##0." + "0" * digits, locale=locale))

    def day(value: date) -> str:
        form = {"de": "d. MMMM", "es": "d 'de' MMMM", "pt": "d 'de' MMMM"}.get(language, "d MMMM")
        return str(format_date(value, format=form, locale=locale))

    return Wording(text=translator(language), number=number, day=day)


def install(env: jinja2.Environment) -> jinja2.Environment:
    """Jinja2's i18n extension with our catalogues, and Babel's number and date filters."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=template_gettext, ngettext=template_ngettext, newstyle=True
    )
    env.filters["translate"] = translate_text
    env.filters["counted"] = counted_text
    env.filters["say"] = say_text
    env.filters["number"] = format_number
    env.filters["day"] = format_day
    env.filters["weekday"] = format_weekday
    env.filters["clock"] = format_clock
    return env
