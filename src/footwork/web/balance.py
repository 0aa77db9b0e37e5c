"""The guided balance test in the browser. Thin: the page carries the protocol and the age
reference from the core as data; balance.js runs the tries and saves through /api/balance."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from footwork.core.balance import (
    BALANCE_SAFETY,
    CAP_S,
    HOW_TO_STAND,
    REFERENCE_BANDS,
    REFERENCE_CAVEAT,
    SPRINGER_2007,
    TRIES_PER_LEG,
    TRY_ENDS,
    age_in,
    reference_document,
)
from footwork.store.schedule import load_schedule
from footwork.web.pages import render, store_of
from footwork.web.security import check_csrf, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)


@router.get("/balance")
def balance_page(request: Request, speed: Annotated[float, Query(gt=0, le=1000)] = 1.0) -> Response:
    _, person_id = page_person(request)
    store = store_of(request)
    now = datetime.now(UTC)
    birth_year = store.get_person(person_id).birth_year
    return render(
        request,
        "balance.html",
        speed=speed,
        age=age_in(now.year, birth_year) if birth_year is not None else None,
        sound=load_schedule(store, person_id, now=now).sound,
        safety=BALANCE_SAFETY,
        how_to_stand=HOW_TO_STAND,
        try_ends=TRY_ENDS,
        cap_s=CAP_S,
        tries=TRIES_PER_LEG,
        bands=REFERENCE_BANDS,
        caveat=REFERENCE_CAVEAT,
        citation=SPRINGER_2007,
        reference=reference_document(),
    )
