"""Rich tables for the history. Pure: they return renderables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text

from footwork.cli.render import format_clock
from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, BalanceTest, PainCheckin
from footwork.store.history import SessionSummary

STATUS_STYLES = {"completed": "green", "partial": "yellow", "aborted": "red", "in_progress": "cyan"}
STATUS_WORDS = {
    "completed": N_("completed"),
    "partial": N_("partial"),
    "aborted": N_("aborted"),
    "in_progress": N_("in progress"),
}
CONTEXT_WORDS = {"before": N_("before session"), "after": N_("after session")}


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def sessions_table(
    sessions: Sequence[SessionSummary], zone: ZoneInfo, *, text: Translator = UNTRANSLATED
) -> Table:
    table = Table(title=text.gettext("Sessions"))
    names = (N_("started"), N_("exercises"), N_("status"), N_("efforts done"), N_("skipped"),
             N_("active time"))  # fmt: skip
    for name in names:
        table.add_column(text.gettext(name))
    for s in sessions:
        status = STATUS_WORDS.get(s.status)
        table.add_row(
            _local(s.started_at, zone),
            ", ".join(s.exercises),
            Text(
                text.gettext(status) if status else s.status, style=STATUS_STYLES.get(s.status, "")
            ),
            text.gettext("{done} of {planned}").format(done=s.done, planned=s.planned),
            str(s.skipped) if s.skipped else "",
            format_clock(s.active_s),
        )
    if not sessions:
        table.caption = text.gettext("No sessions yet: start one with `footwork session`.")
    return table


def pain_table(
    checkins: Sequence[PainCheckin], zone: ZoneInfo, *, text: Translator = UNTRANSLATED
) -> Table:
    regions = [r for r in PAIN_REGIONS if any(r in c.scores for c in checkins)]
    table = Table(title=text.gettext("Pain (0 = none, 10 = worst)"))
    table.add_column(text.gettext("when"))
    table.add_column(text.gettext("context"))
    for region in regions:
        table.add_column(text.gettext(REGION_NAMES[region]), justify="right")
    table.add_column(text.gettext("note"))
    for c in checkins:
        context = CONTEXT_WORDS.get(c.context)
        scores = [str(c.scores[r]) if r in c.scores else "" for r in regions]
        table.add_row(
            _local(c.recorded_at, zone),
            text.gettext(context) if context else "",
            *scores,
            Text(c.note or ""),
        )
    if not checkins:
        table.caption = text.gettext("No pain scores yet: `footwork log pain --back 3`.")
    return table


def balance_table(
    tests: Sequence[BalanceTest], zone: ZoneInfo, *, text: Translator = UNTRANSLATED
) -> Table:
    table = Table(title=text.gettext("Balance: single-leg stance, seconds (test stops at 45)"))
    for name in (N_("when"), N_("eyes"), N_("left leg"), N_("right leg"), N_("note")):
        table.add_column(text.gettext(name), justify="right" if "leg" in name else "left")
    for b in tests:
        table.add_row(
            _local(b.recorded_at, zone),
            text.gettext("closed") if b.eyes_closed else text.gettext("open"),
            "" if b.left_s is None else f"{b.left_s:g}",
            "" if b.right_s is None else f"{b.right_s:g}",
            Text(b.note or ""),
        )
    if not tests:
        table.caption = text.gettext(
            "No balance tests yet: `footwork log balance --left 20 --right 25`."
        )
    return table
