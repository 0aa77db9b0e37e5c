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
    exercise = _exercise(program, exercise_id)
    _check_options(exercise, plot_path, save)
    from footwork.vision.analyzers import analyze as analyze_frames

    frames, aspect = _landmarks(video)
    analysis = analyze_frames(exercise.id, frames, aspect=aspect)
    ended = datetime.fromtimestamp(video.stat().st_mtime, UTC) if save else None
    _report(ctx, program, exercise, analysis, video, as_json, plot_path, ended)


def _check_options(exercise: Exercise, plot_path: Path | None, save: bool) -> None:
    if plot_path is not None and plot_path.suffix.lower() not in PLOT_FORMATS:
        raise fail(f"--plot {plot_path}: the file must end in .png, .svg or .pdf")
    if plot_path is not None and not plot_path.resolve().parent.is_dir():
        raise fail(f"--plot {plot_path}: the folder {plot_path.resolve().parent} does not exist")
    if save and exercise.id == "toe-presses":
        raise fail(
            "--save: a camera cannot count toe presses, so there is nothing to record; "
            "run `footwork session toe-presses` to do and record them"
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

    if plot_path is not None:
        _write_plot(analysis, exercise, plot_path)
    if as_json:
        print(json.dumps({"video": str(video), **to_json(analysis, exercise)}, indent=2))
    else:
        Console(highlight=False).print(analysis_view(analysis, exercise, video))
    if not analysis.seen:
        raise fail(f"{video}: {analysis.problem}", code=EXIT_FAILURE)
    if ended is not None and not analysis.efforts:
        raise fail(f"{video}: nothing was seen to record", code=EXIT_FAILURE)
    if ended is not None:
        _save(ctx, program, exercise, analysis, ended)


LIVE_UPDATE_S = 1.0


def live_view(analysis: Analysis, exercise: Exercise, seconds: float) -> RenderableType:
    """The counts so far, for the screen while watching."""
    from footwork.vision.report import summary_rows

    table = Table(
        title=f"{exercise.title}: watching for {seconds:.0f} s (Ctrl-C to stop)",
        title_justify="left",
        show_edge=False,
    )
    for column in ("", "Seen so far", "Dose"):
        table.add_column(column)
    for what, seen, dose in summary_rows(analysis, exercise):
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
    exercise = _exercise(program, exercise_id)
    _check_options(exercise, plot_path, save)
    source: FrameSource = VideoFile(video) if video else Camera(time.monotonic, device=device)
    label = video or Path(f"camera {device}")
    found: list[PoseFrame] = []
    aspect, shown_at = 1.0, float("-inf")
    console = Console(highlight=False)
    Console(stderr=True).print(f"Place the camera {CAMERA_PLACES[exercise.id]}.")
    try:
        with PoseEstimator() as estimator, Live(console=console, auto_refresh=False) as live:
            for t, image in source.frames():
                aspect = image.shape[1] / image.shape[0]
                found.append(estimator.estimate(image, t))
                if t - shown_at >= LIVE_UPDATE_S:
                    shown_at = t
                    so_far = analyze_frames(exercise.id, found, aspect=aspect)
                    live.update(live_view(so_far, exercise, t), refresh=True)
                if seconds is not None and t >= seconds:
                    break
    except KeyboardInterrupt:
        pass  # stop watching; the report follows
    except (VideoError, VisionNotInstalled) as error:
        raise fail(str(error)) from None
    analysis = analyze_frames(exercise.id, found, aspect=aspect)
    _report(ctx, program, exercise, analysis, label, False, plot_path,
            datetime.now(UTC) if save else None)  # fmt: skip


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
    console.print(
        f"Saved to your history as a session ({status}): {len(found.records)} of "
        f"{exercise.dose.efforts} {exercise.dose.effort}s."
    )
    if found.extra:
        console.print(f"{len(found.extra)} more than the dose were seen and not recorded.")


def as_stderr(ctx: typer.Context) -> bool:
    """With --json, other messages go to stderr so that stdout stays JSON."""
    return bool(ctx.params.get("as_json"))
