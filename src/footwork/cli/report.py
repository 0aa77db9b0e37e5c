"""`footwork report` and `footwork handout`: the progress charts and report, and the program
handout, as files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from footwork.cli.common import (
    fail,
    program_for,
    settings_of,
    translator_of,
    write_atomically,
)
from footwork.core.language import ENGLISH
from footwork.services import care
from footwork.services.personal import open_personal

FORMATS = ("pdf", "png", "svg")


def _language(ctx: typer.Context) -> str:
    """Documents made in the terminal are in the terminal's language."""
    return settings_of(ctx).lang or ENGLISH


def report(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="pdf: the whole progress report; png or svg: one file per chart."
        ),
    ] = "pdf",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="The PDF file, or the folder for the charts (default: here)."
        ),
    ] = None,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="How many weeks back.")] = 12,
) -> None:
    """Your progress: adherence, pain, minutes and balance charts, and "is it helping?"."""
    text = translator_of(ctx)
    if fmt not in FORMATS:
        raise fail(
            text.gettext("--format: expected pdf, png or svg, got {value}").format(value=repr(fmt))
        )
    # Drawing and PDF libraries load only for this command.
    from footwork.reports.charts import render
    from footwork.reports.documents import PageContext, environment, progress_html, to_pdf
    from footwork.reports.pdf import PdfUnavailable
    from footwork.reports.progress import progress_charts
    from footwork.services.progress import progress

    personal = open_personal(settings_of(ctx))
    now = datetime.now(UTC)
    program = care.program_for(personal.store, personal.person.id, program_for(ctx), now=now)
    found = progress(
        personal.store,
        personal.person.id,
        program,
        now=now,
        weeks=weeks,
        text=translator_of(ctx),
    )
    console = Console(stderr=True)
    if fmt == "pdf":
        html = progress_html(
            environment(), found, page=PageContext(), for_clinician=False, printed=now,
            pdf_url=None, handout_url=None, language=_language(ctx),
        )  # fmt: skip
        try:
            data = to_pdf(html, personal.store)
        except PdfUnavailable as error:
            raise fail(str(error), code=1) from None
        target = output or Path("footwork-progress.pdf")
        write_atomically(target, data)
        said = text.gettext("Progress report written to {path}.").format(path=target)
        console.print(said, markup=False, highlight=False)
        return
    folder = output or Path()
    if folder.exists() and not folder.is_dir():
        raise fail(
            text.gettext(
                "--output: {path} is a file (png and svg write one file per chart)"
            ).format(path=folder)
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        said = text.gettext("--output: cannot create the folder {path} ({reason})")
        raise fail(said.format(path=folder, reason=error.strerror)) from None
    from footwork.reports.documents import balance_references

    reference_open, reference_closed, _ = balance_references(found.age)
    for chart in progress_charts(
        found,
        reference_open=reference_open,
        reference_closed=reference_closed,
        language=_language(ctx),
    ):
        target = folder / f"footwork-{chart.name}.{fmt}"
        write_atomically(target, render(chart.figure, "png" if fmt == "png" else "svg"))
        console.print(f"{chart.label}: {target}")


def handout(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The PDF file to write.")] = Path(
        "footwork-program.pdf"
    ),
) -> None:
    """A printable handout of your program: each exercise with its drawing, instructions and
    dose, and a tick-box log for four weeks."""
    from footwork.reports.documents import PageContext, environment, handout_html, to_pdf
    from footwork.reports.pdf import PdfUnavailable

    personal = open_personal(settings_of(ctx))
    now = datetime.now(UTC)
    program = care.program_for(personal.store, personal.person.id, program_for(ctx), now=now)
    html = handout_html(
        environment(), program, page=PageContext(), person_name=None, printed=now,
        start=None, pdf_url=None, language=_language(ctx),
    )  # fmt: skip
    try:
        data = to_pdf(html, personal.store)
    except PdfUnavailable as error:
        raise fail(str(error), code=1) from None
    write_atomically(output, data)
    said = translator_of(ctx).gettext("Program handout written to {path}.").format(path=output)
    Console(stderr=True).print(said, markup=False, highlight=False)
