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

from footwork.cli.common import EXIT_FAILURE, fail, program_for, settings_of, write_atomically
from footwork.core.program import Exercise, Program
from footwork.vision.keypoints import KeypointFileError, PoseFrame, keypoints_from_json
from footwork.vision.results import Analysis

PLOT_FORMATS = (".png", ".svg", ".pdf")
# The exercises with a camera check, and where the camera goes for each. The analyzers
# (numpy, scipy) load only when the command runs, so other commands start quickly.
CAMERA_PLACES = {
    "toe-presses": "from the side, whole body in view",
    "toe-walking": "from the side, a few steps back, feet in view the whole time",
    "ankle-circles": "at the foot end of the mat, looking at the soles",
    "resistance-band": "from the side, level with the feet",
    "toe-pickups": "from the side, level with the feet",
}


def analysis_view(analysis: Analysis, exercise: Exercise, video: Path) -> RenderableType:
    """The summary against the dose, each effort, and what could not be seen."""
    from footwork.vision.report import effort_rows, summary_rows

    coverage = analysis.coverage
    parts: list[RenderableType] = [
        Text(
            f"{exercise.title} in {video.name}: {coverage.duration_s:.1f} s of video, "
            f"feet in view for {coverage.feet_s:.1f} s.",
            style="bold",
        )
    ]
    summary = Table(title="Against the dose", title_justify="left", show_edge=False)
    for column in ("", "Seen", "Dose"):
        summary.add_column(column)
    for what, seen, dose in summary_rows(analysis, exercise):
        summary.add_row(what, seen, dose)
    parts.append(summary)
    rows = effort_rows(analysis, exercise)
    if rows:
        efforts = Table(title="Each one", title_justify="left", show_edge=False)
        for column in ("#", "What", "Foot", "Starts", "Seconds", "Long enough"):
            efforts.add_column(column, justify="right" if column in ("#", "Seconds") else "left")
        for row in rows:
            efforts.add_row(*row)
        parts.append(efforts)
    for note in analysis.notes:
        parts.append(Text(note))
    if not analysis.efforts:
        parts.append(
            Text(f"Tip: for this exercise, place the camera {CAMERA_PLACES[exercise.id]}.")
        )
    if analysis.cannot_see:
        parts.append(Text(analysis.cannot_see, style="yellow"))
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
            help=f"Which exercise the video shows: {', '.join(CAMERA_PLACES)}.",
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
    exercise = _exercise(program, exercise_id)
    if plot_path is not None and plot_path.suffix.lower() not in PLOT_FORMATS:
        raise fail(f"--plot {plot_path}: the file must end in .png, .svg or .pdf")
    if plot_path is not None and not plot_path.resolve().parent.is_dir():
        raise fail(f"--plot {plot_path}: the folder {plot_path.resolve().parent} does not exist")
    if save and exercise.id == "toe-presses":
        raise fail(
            "--save: a camera cannot count toe presses, so there is nothing to record; "
            "run `footwork session toe-presses` to do and record them"
        )
    from footwork.vision.analyzers import analyze as analyze_frames
    from footwork.vision.report import to_json

    frames, aspect = _landmarks(video)
    analysis = analyze_frames(exercise.id, frames, aspect=aspect)
    if plot_path is not None:
        _write_plot(analysis, exercise, plot_path)
    if as_json:
        print(json.dumps({"video": str(video), **to_json(analysis, exercise)}, indent=2))
    else:
        Console(highlight=False).print(analysis_view(analysis, exercise, video))
    if not analysis.seen:
        raise fail(f"{video}: {analysis.problem}", code=EXIT_FAILURE)
    if save and not analysis.efforts:
        raise fail(f"{video}: nothing was seen to record", code=EXIT_FAILURE)
    if save:
        _save(ctx, program, exercise, analysis, video)


def _exercise(program: Program, exercise_id: str) -> Exercise:
    try:
        exercise = program.exercise(exercise_id)
    except KeyError as error:
        raise fail(f"--exercise: {error.args[0]}") from None
    if exercise.id not in CAMERA_PLACES:
        known = ", ".join(CAMERA_PLACES)
        raise fail(f"--exercise {exercise.id}: there is no camera check for it (only {known})")
    return exercise


def _landmarks(video: Path) -> tuple[tuple[PoseFrame, ...], float]:
    """The video's landmarks and picture shape: from the pose model, or straight from a
    keypoint file (.json, as `footwork.vision.keypoints` writes them)."""
    if video.suffix.lower() == ".json":
        return _keypoint_file(video)
    from footwork.vision.pose import PoseEstimator, VisionNotInstalled, estimate_all
    from footwork.vision.sources import VideoError, VideoFile

    source = VideoFile(video)
    try:
        source.check()
        # A spinner on a terminal only: piped output stays clean.
        with (
            Console(stderr=True).status("Looking for feet in the video...") as status,
            PoseEstimator() as estimator,
        ):

            def progress(count: int) -> None:
                if count % 30 == 0:
                    status.update(f"Looking for feet in the video: {count} frames so far...")

            found = estimate_all(source.frames(), estimator, progress=progress)
    except (VideoError, VisionNotInstalled) as error:
        raise fail(str(error)) from None
    return found.frames, found.aspect


def _keypoint_file(path: Path) -> tuple[tuple[PoseFrame, ...], float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return keypoints_from_json(data)
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise fail(f"{path}: not valid JSON (line {error.lineno}: {error.msg})") from None
    except KeypointFileError as error:
        raise fail(f"{path}: {error}") from None


def _write_plot(analysis: Analysis, exercise: Exercise, path: Path) -> None:
    import io

    from footwork.vision.report import plot

    buffer = io.BytesIO()
    plot(analysis, exercise).savefig(buffer, format=path.suffix.lower().lstrip("."), dpi=120)
    write_atomically(path, buffer.getvalue())


def _save(
    ctx: typer.Context, program: Program, exercise: Exercise, analysis: Analysis, video: Path
) -> None:
    from footwork.core.timeline import compile_timeline
    from footwork.services.personal import open_personal, this_process
    from footwork.services.recording import start_recorded_session
    from footwork.store.repository import new_id
    from footwork.vision.session import session_efforts

    # The video ended when the file was last written; it began its length before that.
    ended = datetime.fromtimestamp(video.stat().st_mtime, UTC)
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
    console.print(
        f"Saved to your history as a session ({status}): {len(found.records)} of "
        f"{exercise.dose.efforts} {exercise.dose.effort}s."
    )
    if found.extra:
        console.print(f"{len(found.extra)} more than the dose were seen and not recorded.")


def as_stderr(ctx: typer.Context) -> bool:
    """With --json, other messages go to stderr so that stdout stays JSON."""
    return bool(ctx.params.get("as_json"))
