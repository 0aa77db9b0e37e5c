"""The progress report and the program handout as HTML from the web app's own templates:
the pages show them, and the same HTML becomes the PDFs (web and `footwork report`)."""

from __future__ import annotations

import mimetypes
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path

import jinja2
from jinja2 import pass_context

from footwork.content.guidance import GENERAL_SAFETY
from footwork.content.localize import localize_program
from footwork.core.adherence import count_text, figure_counts, figure_text
from footwork.core.balance import reference_for
from footwork.core.insight_words import INSIGHT_LIMITS
from footwork.core.language import ENGLISH, N_, html_language
from footwork.core.program import (
    PerDay,
    Program,
    describe_dose,
    describe_frequency,
    describe_how_often,
    describe_rest,
)
from footwork.core.questionnaires import GROC_WORDS
from footwork.core.records import REGION_NAMES
from footwork.core.schedule import week_start
from footwork.i18n import translator
from footwork.reports.pdf import Asset, html_to_pdf
from footwork.reports.translation import install, short_day
from footwork.services.progress import Progress
from footwork.store.clinic import clinic_drawing
from footwork.store.repository import NotFound, Store

WEB = Path(str(resources.files("footwork.web")))
STATIC = WEB / "static"
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
BUILTIN_DRAWINGS = frozenset(path.stem for path in (STATIC / "drawings").glob("*.svg"))


def drawing_url(exercise_id: str) -> str:
    """Where an exercise's drawing is: ours are static files, a clinic's are in the database."""
    if exercise_id in BUILTIN_DRAWINGS:
        return f"/static/drawings/{exercise_id}.svg"
    return f"/clinic/exercises/{exercise_id}/drawing"


@pass_context
def groc_words(context: jinja2.runtime.Context, value: int) -> str:
    """A Global Rating of Change as a signed number with its words: "+3: better"."""
    language = context.get("lang")
    words = translator(language if isinstance(language, str) else ENGLISH).gettext(
        GROC_WORDS[value]
    )
    return f"{value:+d}: {words}" if value else f"0: {words}"


def configure(env: jinja2.Environment) -> jinja2.Environment:
    """The filters and globals every Footwork template may use."""
    env.filters["lookup"] = lambda key, mapping: mapping.get(key, key)
    env.filters["count"] = count_text
    env.filters["figure"] = figure_text
    env.filters["figure_counts"] = figure_counts
    env.globals["drawing_url"] = drawing_url
    env.globals["insight_limits"] = INSIGHT_LIMITS
    env.globals["groc_words"] = groc_words
    return install(env)


def environment() -> jinja2.Environment:
    """The web app's templates, for rendering outside a request (the command line)."""
    return configure(
        jinja2.Environment(loader=jinja2.FileSystemLoader(WEB / "templates"), autoescape=True)
    )


@dataclass(frozen=True, slots=True)
class PageContext:
    """What base.html needs from a request; a printed document has no viewer."""

    viewer: object | None = None
    csrf_token: str = ""
    path: str = ""


def balance_references(age: int | None) -> tuple[float | None, float | None, str | None]:
    """The average single-leg stance for the age (eyes open, eyes closed), or a note why not."""
    if age is None:
        return (
            None,
            None,
            N_("Add your birth year to see balance against the average for your age."),
        )
    return reference_for(age, False, None), reference_for(age, True, None), None


def progress_html(
    env: jinja2.Environment,
    report: Progress,
    *,
    page: PageContext,
    for_clinician: bool,
    printed: datetime | None,
    pdf_url: str | None,
    handout_url: str | None,
    language: str = ENGLISH,
) -> str:
    """The progress page, or the report printed as a PDF, in `language`."""
    from footwork.reports.progress import progress_charts  # matplotlib: not at the app's start

    reference_open, reference_closed, note = balance_references(report.age)
    sessions_by_week = Counter(
        week_start(s.started_at.date()) for s in report.sessions if s.status != "aborted"
    )
    return env.get_template("progress.html").render(
        viewer=page.viewer,
        csrf_token=page.csrf_token,
        path=page.path,
        lang=language,
        html_lang=html_language(language),
        progress=report,
        charts=progress_charts(
            report,
            reference_open=reference_open,
            reference_closed=reference_closed,
            language=language,
        ),
        reference_note=note,
        insights=report.insights,
        names=REGION_NAMES,
        sessions_by_week=sessions_by_week,
        for_clinician=for_clinician,
        printed=printed,
        pdf_url=pdf_url,
        handout_url=handout_url,
    )


def handout_html(
    env: jinja2.Environment,
    program: Program,
    *,
    page: PageContext,
    person_name: str | None,
    printed: datetime,
    start: date | None,
    pdf_url: str | None,
    language: str = ENGLISH,
) -> str:
    """The program handout (page and PDF) in `language`: the program's words from the
    catalogue, doses and days in its words, dates by Babel."""
    text = translator(language)
    program = localize_program(program, text)
    week_starts = (
        [short_day(start + timedelta(days=7 * week), language) for week in range(4)]
        if start
        else []
    )
    boxes = {
        e.id: e.frequency.times if isinstance(e.frequency, PerDay) else 1 for e in program.exercises
    }
    return env.get_template("handout.html").render(
        viewer=page.viewer,
        csrf_token=page.csrf_token,
        path=page.path,
        lang=language,
        html_lang=html_language(language),
        program=program,
        person_name=person_name,
        printed=printed,
        start=start,
        weekdays=WEEKDAYS,
        week_starts=week_starts,
        boxes=boxes,
        dose=lambda dose: describe_dose(dose, text=text),
        frequency=lambda frequency: describe_frequency(frequency, text=text),
        rest=lambda exercise: describe_rest(exercise, text=text),
        how_often=lambda exercise: describe_how_often(exercise, text=text),
        safety=GENERAL_SAFETY,
        pdf_url=pdf_url,
    )


def assets(store: Store) -> Callable[[str], Asset | None]:
    """What a PDF may load: our static files and the clinic's drawings, nothing else."""

    def find(path: str) -> Asset | None:
        if path.startswith("/static/"):
            target = (STATIC / path.removeprefix("/static/")).resolve()
            if STATIC.resolve() in target.parents and target.is_file():
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                return target.read_bytes(), kind
            return None
        if path.startswith("/clinic/exercises/") and path.endswith("/drawing"):
            try:
                return clinic_drawing(store, path.split("/")[3])
            except NotFound:
                return None
        return None

    return find


def to_pdf(html: str, store: Store) -> bytes:
    return html_to_pdf(html, assets=assets(store))
