"""Pages anyone may read: the full safety advice and what to expect from the exercises."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from footwork.content.evidence import EXPECT, IN_SHORT, NOT_SHOWN
from footwork.content.guidance import GENERAL_SAFETY
from footwork.web.pages import render
from footwork.web.security import check_csrf

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)


@router.get("/what-to-expect")
def what_to_expect_page(request: Request) -> Response:
    return render(
        request, "what_to_expect.html", expect=EXPECT, not_shown=NOT_SHOWN, in_short=IN_SHORT
    )


@router.get("/safety")
def safety_page(request: Request) -> Response:
    return render(request, "safety.html", safety=GENERAL_SAFETY)
