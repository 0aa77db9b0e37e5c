"""Pages anyone may read: the full safety advice, what to expect from the exercises, and the
exercises' animated demonstrations (data from the movement models, no person's data)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from footwork.content.evidence import EXPECT, IN_SHORT, NOT_SHOWN
from footwork.content.guidance import GENERAL_SAFETY
from footwork.vision.demo import demonstration, exercises_with_demonstrations
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


@router.get("/demos/{exercise_id}.json")
def demonstration_data(exercise_id: str) -> Response:
    if exercise_id not in exercises_with_demonstrations():
        raise HTTPException(404, f"no demonstration for {exercise_id!r}")
    return JSONResponse(demonstration(exercise_id))
