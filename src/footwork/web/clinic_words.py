"""The words the clinic's pages make in Python, in the clinician's language: flag sentences,
"6 days ago" (Babel's format_timedelta), doses, frequencies, "206 of 298"."""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import partial
from typing import Any

from fastapi import Request

from footwork.core.adherence import Figure
from footwork.core.language import N_, PSEUDO, Translator
from footwork.core.program import describe_dose, describe_frequency
from footwork.core.progression import describe_rule
from footwork.core.triage import severity_words
from footwork.web.language import language_of, translator_for

NEAR_DAYS = {-1: N_("tomorrow"), 0: N_("today"), 1: N_("yesterday")}


def days_ago_text(then: date | None, today: date, *, text: Translator, language: str) -> str:
    """'today', 'yesterday', 'tomorrow', else Babel's '6 days ago' / 'vor 6 Tagen' (always
    in days: 40 days stay 40 days, as the clinic counts them); 'never' without a day."""
    if then is None:
        return text.gettext("never")
    days = (today - then).days
    if days in (-1, 0, 1):
        return text.gettext(NEAR_DAYS[days])
    if language == PSEUDO:  # Babel has no pseudo-locale: the words through the catalogue
        said = text.ngettext("{n} day ago", "{n} days ago", abs(days)).format(n=abs(days))
        return (
            said if days > 0 else text.ngettext("in {n} day", "in {n} days", -days).format(n=-days)
        )
    from babel.dates import format_timedelta

    return str(
        format_timedelta(
            timedelta(days=-days),
            granularity="day",
            threshold=1_000_000,
            add_direction=True,
            locale=language,
        )
    )


def figure_words(figure: Figure, *, text: Translator) -> str:
    """'206 of 298' (core.adherence.figure_text) in the page's language."""
    done, prescribed = (math.floor(v + 0.5) for v in (figure.done, figure.prescribed))
    if figure.prescribed > 0:
        prescribed = max(1, prescribed)
    return text.gettext("{done} of {prescribed}").format(done=done, prescribed=prescribed)


def clinic_words(request: Request) -> dict[str, Any]:
    """For a clinic page's template: severity(), ago(), dose(), frequency(), of(), rule()."""
    text = translator_for(request)
    language = language_of(request)
    return {
        "severity": partial(severity_words, text=text),
        "ago": partial(days_ago_text, text=text, language=language),
        "dose": partial(describe_dose, text=text),
        "frequency": partial(describe_frequency, text=text),
        "of": partial(figure_words, text=text),
        "rule": partial(describe_rule, text=text),
    }


# The access log's actions (stored in English, as written by the routes): in the catalogue,
# so the pages show them with the `translate` filter.
ACTIONS = (
    N_("viewed"),
    N_("viewed the program"),
    N_("changed program"),
    N_("tried to change program"),
    N_("issued an invite"),
    N_("reset the sign-in code"),
    N_("changed the sharing"),
    N_("printed report"),
    N_("printed the handout"),
    N_("exported FHIR"),
    N_("read the messages"),
    N_("wrote a message"),
    N_("asked for a questionnaire"),
    N_("applied a progression"),
    N_("dismissed a progression"),
    N_("tried to apply a progression"),
    N_("tried to dismiss a progression"),
    N_("saved the program as a template"),
    N_("acknowledged the adherence flag"),
    N_("acknowledged the pain flag"),
    N_("acknowledged the no-session flag"),
    N_("tried to acknowledge a flag"),
    N_("decided on erasure"),
    N_("tried to decide on erasure"),
    N_("changed a pain check-in"),
    N_("discharged"),
    N_("re-admitted"),
)
