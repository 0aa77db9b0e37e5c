"""How bad a flag is, in words as well as colour, and how long ago something happened.

A clinician's list sorts by flags (core.care); these say how far past its threshold each flag
is, so adherence of 12 % does not look like 48 %, nor a pain rise of 4 like one of 2:
- low adherence: "watch" under LOW_ADHERENCE (50 %), "act now" under ACT_ADHERENCE (25 %);
- pain up: "watch" from PAIN_RISE (2 points), "act now" from ACT_PAIN_RISE (3 points), or at
  once on a check-in that called for a caring prompt (core.pain_alert: 7 or more, or 3 above
  the baseline);
- no session: "watch" after QUIET_DAYS (3), "act now" after ACT_QUIET_DAYS (7).
Each level has a sentence with the number in words, so nothing relies on colour alone.
Pure: the caller gives the figures and the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from footwork.core.care import LOW_ADHERENCE, PAIN_RISE, QUIET_DAYS, FlagName
from footwork.core.language import N_, UNTRANSLATED, Translator

ACT_ADHERENCE = 0.25
ACT_PAIN_RISE = 3.0
ACT_QUIET_DAYS = 7
Level = Literal["watch", "act_now"]
LEVEL_WORDS: dict[Level, str] = {"watch": N_("watch"), "act_now": N_("act now")}
What = Literal["adherence", "pain", "high_pain", "quiet", "never"]


@dataclass(frozen=True, slots=True)
class Severity:
    flag: FlagName
    level: Level
    what: What
    """Which sentence says it: adherence 12 %, pain +3 points, a high pain score, no session
    for 8 days, no session yet (added 8 days ago)."""
    number: float = 0
    """The sentence's number: the percent, the points, the days."""

    @property
    def label(self) -> str:
        return LEVEL_WORDS[self.level]

    @property
    def words(self) -> str:
        """What the flag says, with its number: "adherence 12 %, act now"."""
        return severity_words(self)


def severity_words(severity: Severity, text: Translator = UNTRANSLATED) -> str:
    """A flag's sentence in the catalogue's language: "adherence 12 %, act now"."""
    number = severity.number
    whole = round(number)
    match severity.what:
        case "adherence":
            what = text.gettext("adherence {percent} %").format(percent=whole)
        case "pain":
            what = text.ngettext("pain {change} point", "pain {change} points", whole)
            what = what.format(change=f"{number:+g}")
        case "high_pain":
            what = text.gettext("a high pain score")
        case "quiet":
            what = text.ngettext("no session for {n} day", "no session for {n} days", whole)
            what = what.format(n=whole)
        case "never":
            what = text.ngettext(
                "no session yet, added {n} day ago", "no session yet, added {n} days ago", whole
            ).format(n=whole)
    level = text.gettext(LEVEL_WORDS[severity.level])
    return text.gettext("{what}, {level}").format(what=what, level=level)


def days_ago(then: date | None, today: date) -> str:
    """'today', 'yesterday', '6 days ago', 'never' (and 'in 2 days' for a day ahead)."""
    if then is None:
        return "never"
    days = (today - then).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days} days"
    return f"{days} days ago"


def adherence_severity(ratio: float | None) -> Severity | None:
    """The level of a low-adherence flag from the share done (0-1); None when not flagged."""
    if ratio is None or ratio >= LOW_ADHERENCE:
        return None
    level: Level = "act_now" if ratio < ACT_ADHERENCE else "watch"
    return Severity("low_adherence", level, "adherence", round(ratio * 100))


def pain_severity(change: float | None, *, alert: bool = False) -> Severity | None:
    """The level of a pain-up flag from the rise against the baseline (points on 0-10) and
    whether a recent check-in called for a caring prompt; None when not flagged."""
    rising = change is not None and change >= PAIN_RISE
    if not rising and not alert:
        return None
    level: Level = (
        "act_now" if alert or (change is not None and change >= ACT_PAIN_RISE) else "watch"
    )
    if change is not None and change > 0:
        return Severity("pain_up", level, "pain", change)
    return Severity("pain_up", level, "high_pain")


def quiet_severity(last: datetime | None, since: datetime, now: datetime) -> Severity | None:
    """The level of a no-session flag from the last session's start (or, for a patient who
    never did one, when they were added); None when not flagged (as core.care.flags_of)."""
    elapsed = now - (last or since)
    if elapsed <= timedelta(days=QUIET_DAYS):
        return None
    days = elapsed.days
    level: Level = "act_now" if days >= ACT_QUIET_DAYS else "watch"
    return Severity("quiet", level, "quiet" if last else "never", days)


def quiet_until_ok(until: date, today: date, *, longest: int = 90) -> bool:
    """Whether `until` is a fair date to keep a flag quiet to: after today, within `longest`
    days."""
    return today < until <= today + timedelta(days=longest)
