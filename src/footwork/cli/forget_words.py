"""The kinds of record `footwork forget` reports erased, in the terminal's language."""

from __future__ import annotations

from footwork.core.language import Translator


def kind_words(text: Translator, singular: str, count: int) -> str | None:
    """'12 sessions' in the catalogue's language, for a kind named as store/erasure.py names
    it; None for a kind not listed here (the caller says it in English)."""
    words = {
        "message read mark": text.ngettext(
            "{n} message read mark", "{n} message read marks", count
        ),
        "message": text.ngettext("{n} message", "{n} messages", count),
        "effort": text.ngettext("{n} effort", "{n} efforts", count),
        "planned exercise": text.ngettext("{n} planned exercise", "{n} planned exercises", count),
        "pain score": text.ngettext("{n} pain score", "{n} pain scores", count),
        "pain check-in": text.ngettext("{n} pain check-in", "{n} pain check-ins", count),
        "camera landmark batch": text.ngettext(
            "{n} camera landmark batch", "{n} camera landmark batches", count
        ),
        "camera report": text.ngettext("{n} camera report", "{n} camera reports", count),
        "session": text.ngettext("{n} session", "{n} sessions", count),
        "program version": text.ngettext("{n} program version", "{n} program versions", count),
        "balance test": text.ngettext("{n} balance test", "{n} balance tests", count),
        "readiness answer": text.ngettext("{n} readiness answer", "{n} readiness answers", count),
        "settings row": text.ngettext("{n} settings row", "{n} settings rows", count),
        "timezone change": text.ngettext("{n} timezone change", "{n} timezone changes", count),
        "sent reminder": text.ngettext("{n} sent reminder", "{n} sent reminders", count),
        "push device": text.ngettext("{n} push device", "{n} push devices", count),
        "calendar link": text.ngettext("{n} calendar link", "{n} calendar links", count),
        "access token": text.ngettext("{n} access token", "{n} access tokens", count),
        "browser session": text.ngettext("{n} browser session", "{n} browser sessions", count),
        "invite": text.ngettext("{n} invite", "{n} invites", count),
        "access-log entry": text.ngettext("{n} access-log entry", "{n} access-log entries", count),
        "correction": text.ngettext("{n} correction", "{n} corrections", count),
        "follow-up figure": text.ngettext("{n} follow-up figure", "{n} follow-up figures", count),
        "follow-up status": text.ngettext("{n} follow-up status", "{n} follow-up statuses", count),
        "queued refresh": text.ngettext("{n} queued refresh", "{n} queued refreshes", count),
        "contact detail": text.ngettext("{n} contact detail", "{n} contact details", count),
        "acknowledged flag": text.ngettext(
            "{n} acknowledged flag", "{n} acknowledged flags", count
        ),
        "digest entry": text.ngettext("{n} digest entry", "{n} digest entries", count),
        "progression plan": text.ngettext("{n} progression plan", "{n} progression plans", count),
        "dismissed progression": text.ngettext(
            "{n} dismissed progression", "{n} dismissed progressions", count
        ),
        "questionnaire answer": text.ngettext(
            "{n} questionnaire answer", "{n} questionnaire answers", count
        ),
        "questionnaire request": text.ngettext(
            "{n} questionnaire request", "{n} questionnaire requests", count
        ),
        "episode of care": text.ngettext("{n} episode of care", "{n} episodes of care", count),
        "erasure request": text.ngettext("{n} erasure request", "{n} erasure requests", count),
        "care link": text.ngettext("{n} care link", "{n} care links", count),
        "account": text.ngettext("{n} account", "{n} accounts", count),
        "person": text.ngettext("{n} person", "{n} people", count),
    }
    said = words.get(singular)
    return None if said is None else said.format(n=count)
