"""`footwork analyze`: check a recorded video of one exercise against its dose.

Rendering functions return Rich renderables; the command reads the video, calls the pose
model and the analyzer, and prints. mediapipe and OpenCV load only inside the command.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from footwork.cli.common import (
    EXIT_FAILURE,
    fail,
    program_for,
    settings_of,
    translator_of,
    write_atomically,
)
from footwork.cli.words import ENGLISH_WORDS, Words, words_for
from footwork.core.language import ENGLISH, N_, Message, Plural, Translator, say
from footwork.core.program import Exercise, Program
from footwork.vision.keypoints import KeypointFileError, PoseFrame, keypoints_from_json
from footwork.vision.results import Analysis

PLOT_FORMATS = (".png", ".svg", ".pdf")
# The exercises with a camera check, and where the camera goes for each. The analyzers
# (numpy, scipy) load only when the command runs, so other commands start quickly.
CAMERA_PLACES = {
    "toe-presses": N_("from the side, whole body in view"),
    "toe-walking": N_("from the side, a few steps back, feet in view the whole time"),
    "ankle-circles": N_("at the foot end of the mat, looking at the soles"),
    "resistance-band": N_("from the side, level with the feet"),
    "toe-pickups": N_("from the side, level with the feet"),
}


def analysis_view(
    analysis: Analysis, exercise: Exercise, video: Path, words: Words = ENGLISH_WORDS
) -> RenderableType:
    """The summary against the dose, each effort, and what could not be seen."""
    from footwork.vision.report import effort_rows, summary_rows

    text, coverage = words.text, analysis.coverage
    said = text.gettext("{title} in {video}: {seconds} s of video, feet in view for {feet} s.")
    parts: list[RenderableType] = [
        Text(
            said.format(
                title=text.gettext(exercise.title),
                video=video.name,
                seconds=words.seconds(coverage.duration_s),
                feet=words.seconds(coverage.feet_s),
            ),
            style="bold",
        )
    ]
    summary = Table(title=text.gettext("Against the dose"), title_justify="left", show_edge=False)
    for column in ("", text.gettext("Seen"), text.gettext("Dose")):
        summary.add_column(column)
    for what, seen, dose in summary_rows(analysis, exercise, text=text, number=words.number):
        summary.add_row(what, seen, dose)
    parts.append(summary)
    rows = effort_rows(analysis, exercise, text=text, number=words.number)
    if rows:
        efforts = Table(title=text.gettext("Each one"), title_justify="left", show_edge=False)
        for column in ("#", N_("What"), N_("Foot"), N_("Starts"), N_("Seconds"), N_("Long enough")):
            efforts.add_column(
                text.gettext(column) if column != "#" else column,
                justify="right" if column in ("#", "Seconds") else "left",
            )
        for row in rows:
            efforts.add_row(*row)
        parts.append(efforts)
    for note in analysis.notes:
        parts.append(Text(say(note, text) if isinstance(note, Message) else text.gettext(note)))
    if not analysis.efforts:
        tip = text.gettext("Tip: for this exercise, place the camera {place}.")
        parts.append(Text(tip.format(place=text.gettext(CAMERA_PLACES[exercise.id]))))
    if analysis.cannot_see:
        parts.append(Text(text.gettext(analysis.cannot_see), style="yellow"))
    return Group(*parts)


def analyze(
    ctx: typer.Context,
    video: Annotated[
        Path,
        typer.Argument(
            help="The video file, or a keypoint file (.json) of one.", show_default=False
        ),
    ],
    exercise_id: Annotated[
        str,
        typer.Option(
            "--exercise",
            "-e",
            metavar="ID",
            # Written out for the catalogue; tests/e2e/test_cli_language_all.py checks the list.
            help="Which exercise the video shows: toe-presses, toe-walking, ankle-circles, "
            "resistance-band, toe-pickups.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")] = False,
    plot_path: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE",
            help="Also draw the signal over time with each rep marked (.png, .svg or .pdf).",
        ),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Record what was seen in your history as a session.")
    ] = False,
) -> None:
    """Check a video of one exercise against its dose (needs the vision extra).

    Place the camera as for each exercise: toe presses, toe walking, band flexes and toe
    pickups from the side; ankle circles from the foot end, looking at the soles.
    """
    program = program_for(ctx)
    words = words_of(ctx)
    exercise = _exercise(program, exercise_id, words.text)
    _check_options(exercise, plot_path, save, words.text)
    from footwork.vision.analyzers import analyze as analyze_frames

    frames, aspect = _landmarks(video, words.text)
    analysis = analyze_frames(exercise.id, frames, aspect=aspect)
    ended = datetime.fromtimestamp(video.stat().st_mtime, UTC) if save else None
    _report(ctx, program, exercise, analysis, video, as_json, plot_path, ended)


def _check_options(
    exercise: Exercise, plot_path: Path | None, save: bool, text: Translator
) -> None:
    if plot_path is not None and plot_path.suffix.lower() not in PLOT_FORMATS:
        said = text.gettext("--plot {path}: the file must end in .png, .svg or .pdf")
        raise fail(said.format(path=plot_path))
    if plot_path is not None and not plot_path.resolve().parent.is_dir():
        said = text.gettext("--plot {path}: the folder {folder} does not exist")
        raise fail(said.format(path=plot_path, folder=plot_path.resolve().parent))
    if save and exercise.id == "toe-presses":
        raise fail(
            text.gettext(
                "--save: a camera cannot count toe presses, so there is nothing to record; "
                "run `footwork session toe-presses` to do and record them"
            )
        )


def _report(
    ctx: typer.Context,
    program: Program,
    exercise: Exercise,
    analysis: Analysis,
    video: Path,
    as_json: bool,
    plot_path: Path | None,
    ended: datetime | None,
) -> None:
    """Show what was seen (and plot it); with `ended`, save it as a session that ended then."""
    from footwork.vision.report import to_json

    words = words_of(ctx)
    text = words.text
    if plot_path is not None:
        _write_plot(analysis, exercise, plot_path, text)
    if as_json:
        print(json.dumps({"video": str(video), **to_json(analysis, exercise)}, indent=2))
    else:
        Console(highlight=False).print(analysis_view(analysis, exercise, video, words))
    if not analysis.seen:
        raise fail(f"{video}: {text.gettext(analysis.problem or '')}", code=EXIT_FAILURE)
    if ended is not None and not analysis.efforts:
        said = text.gettext("{video}: nothing was seen to record").format(video=video)
        raise fail(said, code=EXIT_FAILURE)
    if ended is not None:
        _save(ctx, program, exercise, analysis, ended)


LIVE_UPDATE_S = 1.0


def live_view(
    analysis: Analysis, exercise: Exercise, seconds: float, words: Words = ENGLISH_WORDS
) -> RenderableType:
    """The counts so far, for the screen while watching."""
    from footwork.vision.report import summary_rows

    text = words.text
    title = text.gettext("{title}: watching for {seconds} s (Ctrl-C to stop)")
    table = Table(
        title=title.format(title=text.gettext(exercise.title), seconds=words.seconds(seconds, 0)),
        title_justify="left",
        show_edge=False,
    )
    for column in ("", text.gettext("Seen so far"), text.gettext("Dose")):
        table.add_column(column)
    for what, seen, dose in summary_rows(analysis, exercise, text=text, number=words.number):
        table.add_row(what, seen, dose)
    return table


def watch(
    ctx: typer.Context,
    exercise_id: Annotated[
        str,
        typer.Option(
            "--exercise",
            "-e",
            metavar="ID",
            help="Which exercise you will do: toe-presses, toe-walking, ankle-circles, "
            "resistance-band, toe-pickups.",
        ),
    ],
    device: Annotated[int, typer.Option("--camera", help="Which camera (0: the first).")] = 0,
    video: Annotated[
        Path | None,
        typer.Option("--video", help="Play this video file as if it were the camera."),
    ] = None,
    seconds: Annotated[
        float | None, typer.Option("--seconds", min=1, help="Stop after this long.")
    ] = None,
    plot_path: Annotated[
        Path | None,
        typer.Option("--plot", metavar="FILE", help="At the end, draw the signal with the reps."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Record what was seen in your history as a session.")
    ] = False,
) -> None:
    """Watch one exercise live from a camera, with the counts on screen; Ctrl-C stops and
    shows the report (needs the vision extra)."""
    import time

    from rich.live import Live

    from footwork.vision.analyzers import analyze as analyze_frames
    from footwork.vision.pose import PoseEstimator, VisionNotInstalled
    from footwork.vision.sources import Camera, FrameSource, VideoError, VideoFile

    program = program_for(ctx)
    words = words_of(ctx)
    text = words.text
    exercise = _exercise(program, exercise_id, text)
    _check_options(exercise, plot_path, save, text)
    source: FrameSource = VideoFile(video) if video else Camera(time.monotonic, device=device)
    label = video or Path(text.gettext("camera {number}").format(number=device))
    found: list[PoseFrame] = []
    aspect, shown_at = 1.0, float("-inf")
    console = Console(highlight=False)
    place = text.gettext("Place the camera {place}.")
    Console(stderr=True).print(place.format(place=text.gettext(CAMERA_PLACES[exercise.id])))
    try:
        with PoseEstimator() as estimator, Live(console=console, auto_refresh=False) as live:
            for t, image in source.frames():
                aspect = image.shape[1] / image.shape[0]
                found.append(estimator.estimate(image, t))
                if t - shown_at >= LIVE_UPDATE_S:
                    shown_at = t
                    so_far = analyze_frames(exercise.id, found, aspect=aspect)
                    live.update(live_view(so_far, exercise, t, words), refresh=True)
                if seconds is not None and t >= seconds:
                    break
    except KeyboardInterrupt:
        pass  # stop watching; the report follows
    except (VideoError, VisionNotInstalled) as error:
        raise fail(error.said(text)) from None
    analysis = analyze_frames(exercise.id, found, aspect=aspect)
    _report(ctx, program, exercise, analysis, label, False, plot_path,
            datetime.now(UTC) if save else None)  # fmt: skip


def _exercise(program: Program, exercise_id: str, text: Translator) -> Exercise:
    try:
        exercise = program.exercise(exercise_id)
    except KeyError as error:
        raise fail(f"--exercise: {say(error.args[0], text)}") from None
    if exercise.id not in CAMERA_PLACES:
        said = text.gettext("--exercise {id}: there is no camera check for it (only {known})")
        raise fail(said.format(id=exercise.id, known=", ".join(CAMERA_PLACES)))
    return exercise


def _landmarks(video: Path, text: Translator) -> tuple[tuple[PoseFrame, ...], float]:
    """The video's landmarks and picture shape: from the pose model, or straight from a
    keypoint file (.json, as `footwork.vision.keypoints` writes them)."""
    if video.suffix.lower() == ".json":
        return _keypoint_file(video, text)
    from footwork.vision.pose import PoseEstimator, VisionNotInstalled, estimate_all
    from footwork.vision.sources import VideoError, VideoFile

    source = VideoFile(video)
    try:
        source.check()
        # A spinner on a terminal only: piped output stays clean.
        with (
            Console(stderr=True).status(text.gettext("Looking for feet in the video...")) as status,
            PoseEstimator() as estimator,
        ):

            def progress(count: int) -> None:
                if count % 30 == 0:
                    said = text.gettext("Looking for feet in the video: {count} frames so far...")
                    status.update(said.format(count=count))

            found = estimate_all(source.frames(), estimator, progress=progress)
    except (VideoError, VisionNotInstalled) as error:
        raise fail(error.said(text)) from None
    return found.frames, found.aspect


def _keypoint_file(path: Path, text: Translator) -> tuple[tuple[PoseFrame, ...], float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return keypoints_from_json(data)
    except FileNotFoundError:
        raise fail(text.gettext("{path}: no such file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        said = text.gettext("{path}: cannot be read ({reason})")
        raise fail(said.format(path=path, reason=error)) from None
    except json.JSONDecodeError as error:
        said = text.gettext("{path}: not valid JSON (line {line}: {reason})")
        raise fail(said.format(path=path, line=error.lineno, reason=error.msg)) from None
    except KeypointFileError as error:
        raise fail(f"{path}: {error}") from None


def _write_plot(analysis: Analysis, exercise: Exercise, path: Path, text: Translator) -> None:
    import io

    from footwork.vision.report import plot

    buffer = io.BytesIO()
    plot(analysis, exercise, text=text).savefig(
        buffer, format=path.suffix.lower().lstrip("."), dpi=120
    )
    write_atomically(path, buffer.getvalue())


def _save(
    ctx: typer.Context, program: Program, exercise: Exercise, analysis: Analysis, ended: datetime
) -> None:
    from footwork.core.timeline import compile_timeline
    from footwork.services.personal import open_personal, this_process
    from footwork.services.recording import start_recorded_session
    from footwork.store.repository import new_id
    from footwork.vision.session import session_efforts

    # A video file ended when it was last written, a camera when watching stopped; either
    # began its length before that.
    started = ended - timedelta(seconds=analysis.coverage.duration_s)
    personal = open_personal(settings_of(ctx))
    recorded = start_recorded_session(
        personal.store,
        personal.person.id,
        program,
        [exercise],
        now=started,
        owner=this_process(),
    )
    timeline = compile_timeline([exercise], program.timing)
    found = session_efforts(analysis, timeline, video_started_at=started, new_id=new_id)
    for record in found.records:
        personal.store.record_effort(recorded.session_id, record)
    status = personal.store.finish_session(recorded.session_id, ended_at=ended)
    console = Console(stderr=as_stderr(ctx), highlight=False)
    text = translator_of(ctx)
    saved = SAVED[exercise.dose.effort]
    said = text.ngettext(saved.one, saved.many, exercise.dose.efforts)
    console.print(
        said.format(
            status=text.gettext(SESSION_STATUS.get(status, status)),
            done=len(found.records),
            dose=exercise.dose.efforts,
        )
    )
    if found.extra:
        more = text.ngettext(
            "{n} more than the dose was seen and not recorded.",
            "{n} more than the dose were seen and not recorded.",
            len(found.extra),
        )
        console.print(more.format(n=len(found.extra)))


SAVED = {
    "hold": Plural(
        "Saved to your history as a session ({status}): {done} of {dose} hold.",
        "Saved to your history as a session ({status}): {done} of {dose} holds.",
    ),
    "bout": Plural(
        "Saved to your history as a session ({status}): {done} of {dose} bout.",
        "Saved to your history as a session ({status}): {done} of {dose} bouts.",
    ),
    "circle": Plural(
        "Saved to your history as a session ({status}): {done} of {dose} circle.",
        "Saved to your history as a session ({status}): {done} of {dose} circles.",
    ),
}
SESSION_STATUS = {"completed": N_("completed"), "partial": N_("partial")}


def words_of(ctx: typer.Context) -> Words:
    """The terminal's language: its catalogue and its way of writing numbers."""
    return words_for(settings_of(ctx).lang or ENGLISH)


def as_stderr(ctx: typer.Context) -> bool:
    """With --json, other messages go to stderr so that stdout stays JSON."""
    return bool(ctx.params.get("as_json"))
