"""The person's History page, and the small pain chart it shares with the clinician's page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from footwork.content.localize import localize_program
from footwork.core.history_groups import group_by_week, week_summary
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainRegion
from footwork.reports.translation import insight_wording
from footwork.services import schedule as schedule_service
from footwork.services.camera_summary import camera_lines
from footwork.store.history import balance_tests, pain_checkins, session_summaries
from footwork.web.language import language_of, translator_for
from footwork.web.pages import person_program, render, store_of, zone_of
from footwork.web.security import check_csrf, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)


@router.get("/history")
def history_page(request: Request, days: Annotated[int, Query(ge=1, le=3650)] = 30) -> Response:
    _, person_id = page_person(request)
    store, program = store_of(request), person_program(request, person_id)
    shown = localize_program(program, translator_for(request))  # titles in the language
    since = datetime.now(UTC) - timedelta(days=days)
    zone = zone_of(store, person_id)
    sessions = list(reversed(session_summaries(store, person_id, since=since)))
    pain = pain_checkins(store, person_id, since=since)
    regions = [r for r in PAIN_REGIONS if any(r in c.scores for c in pain)]
    return render(
        request,
        "history.html",
        sessions=sessions,
        weeks=group_by_week(sessions, when=lambda s: s.started_at, zone=zone),
        pain_weeks=group_by_week(pain, when=lambda c: c.recorded_at, zone=zone),
        week_summary=week_summary,
        tr=translator_for(request),
        pain=list(reversed(pain)),
        balance=list(reversed(balance_tests(store, person_id, since=since))),
        regions=regions,
        names=REGION_NAMES,
        zone=zone,
        days=days,
        titles={e.id: e.title for e in shown.exercises},
        camera=camera_lines(store, [s.id for s in sessions], shown),
        chart=pain_chart(pain, regions, zone),
        insights=schedule_service.pain_insight(
            store,
            person_id,
            program,
            now=datetime.now(UTC),
            wording=insight_wording(language_of(request)),
        ),
    )


def pain_chart(pain: list, regions: list[PainRegion], zone: ZoneInfo) -> dict[str, object]:  # type: ignore[type-arg]
    """Points for a small SVG line chart of pain over time, one line per region."""
    if not pain:
        return {"lines": [], "first": None, "last": None}
    first, last = pain[0].recorded_at, pain[-1].recorded_at
    span = max((last - first).total_seconds(), 1.0)
    lines = []
    for region in regions:
        points = [
            (
                round(20 + 560 * (c.recorded_at - first).total_seconds() / span, 1),
                round(170 - 15 * c.scores[region], 1),
            )
            for c in pain
            if region in c.scores
        ]
        lines.append(
            {
                "region": region,
                "colour": f"s{PAIN_REGIONS.index(region) + 1}",  # the same colour everywhere
                "name": REGION_NAMES[region],
                "points": " ".join(f"{x},{y}" for x, y in points),
                "dots": points,
            }
        )
    return {"lines": lines, "first": first.astimezone(zone), "last": last.astimezone(zone)}
