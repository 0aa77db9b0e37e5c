"""Rich tables for the history. Pure: they return renderables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.table import Table

from footwork.cli.render import format_clock
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, BalanceTest, PainCheckin
from footwork.store.history import SessionSummary

STATUS_STYLES = {"completed": "green", "partial": "yellow", "aborted": "red", "in_progress": "cyan"}


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def sessions_table(sessions: Sequence[SessionSummary], zone: ZoneInfo) -> Table:
    table = Table(title="Sessions")
    for name in ("started", "exercises", "status", "efforts done", "skipped", "active time"):
        table.add_column(name)
    for s in sessions:
        style = STATUS_STYLES.get(s.status, "")
        table.add_row(
            _local(s.started_at, zone),
            ", ".join(s.exercises),
            f"[{style}]{s.status.replace('_', ' ')}[/{style}]",
            f"{s.done} of {s.planned}",
            str(s.skipped) if s.skipped else "",
            format_clock(s.active_s),
        )
    if not sessions:
        table.caption = "No sessions yet: start one with `footwork session`."
    return table


def pain_table(checkins: Sequence[PainCheckin], zone: ZoneInfo) -> Table:
    regions = [r for r in PAIN_REGIONS if any(r in c.scores for c in checkins)]
    table = Table(title="Pain (0 = none, 10 = worst)")
    table.add_column("when")
    table.add_column("context")
    for region in regions:
        table.add_column(REGION_NAMES[region], justify="right")
    table.add_column("note")
    for c in checkins:
        context = {"before": "before session", "after": "after session", "any": ""}[c.context]
        scores = [str(c.scores[r]) if r in c.scores else "" for r in regions]
        table.add_row(_local(c.recorded_at, zone), context, *scores, c.note or "")
    if not checkins:
        table.caption = "No pain scores yet: `footwork log pain --back 3`."
    return table


def balance_table(tests: Sequence[BalanceTest], zone: ZoneInfo) -> Table:
    table = Table(title="Balance: single-leg stance, seconds (test stops at 45)")
    for name in ("when", "eyes", "left leg", "right leg", "note"):
        table.add_column(name, justify="right" if "leg" in name else "left")
    for b in tests:
        table.add_row(
            _local(b.recorded_at, zone),
            "closed" if b.eyes_closed else "open",
            "" if b.left_s is None else f"{b.left_s:g}",
            "" if b.right_s is None else f"{b.right_s:g}",
            b.note or "",
        )
    if not tests:
        table.caption = "No balance tests yet: `footwork log balance --left 20 --right 25`."
    return table
