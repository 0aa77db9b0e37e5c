"""Cue lateness and drift: the real player against a naive sleep-per-step loop.

Usage: python benchmarks/timer_drift.py [--cues 2000] [--spacing-ms 5] [--json]

Both run the same timeline of short holds and rests on the real monotonic clock.
Lateness of a cue is when it started minus when it was due (session start plus
its offset). Drift is how late the session's end is against its planned length.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time

from footwork.core.program import Dose, Exercise, PerDay, Timing
from footwork.core.timeline import Timeline, compile_timeline
from footwork.player.clock import MonotonicClock, QueueInbox
from footwork.player.events import CueStarted, Event, SessionEnded
from footwork.player.player import Player


def make_timeline(cues: int, spacing_ms: int) -> Timeline:
    """At least `cues` cues, all `spacing_ms` long: exercises of 100 holds and 99 rests."""
    seconds = spacing_ms / 1000
    dose = Dose(effort="hold", work_s=seconds, reps=100, rest_s=seconds)
    per_exercise = 1 + 100 + 99 + 1  # prepare, holds, rests, done
    exercises = [
        Exercise(
            id=f"bench-{i}",
            title="Bench",
            position="Any",
            steps=("Hold.",),
            dose=dose,
            frequency=PerDay(kind="per_day", times=1),
        )
        for i in range(-(-cues // per_exercise))
    ]
    return compile_timeline(exercises, Timing(prepare_s=seconds, switch_s=seconds, done_s=seconds))


def summarise(lateness_s: list[float], drift_s: float) -> dict[str, float]:
    ms = sorted(x * 1000 for x in lateness_s)
    return {
        "p50_ms": round(statistics.median(ms), 3),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 3),
        "max_ms": round(ms[-1], 3),
        "drift_ms": round(drift_s * 1000, 3),
    }


class LatenessSink:
    def __init__(self) -> None:
        self.start: float | None = None
        self.lateness: list[float] = []
        self.end = 0.0

    def emit(self, event: Event) -> None:
        if isinstance(event, CueStarted):
            if self.start is None:
                self.start = event.scheduled
            self.lateness.append(event.at - (self.start + event.cue.offset_s))
        elif isinstance(event, SessionEnded):
            self.end = event.at


def run_player(timeline: Timeline) -> dict[str, float]:
    clock = MonotonicClock()
    sink = LatenessSink()
    Player(timeline, clock=clock, inbox=QueueInbox(clock), sinks=[sink]).run()
    assert sink.start is not None
    return summarise(sink.lateness, sink.end - sink.start - timeline.total_s)


def run_naive(timeline: Timeline) -> dict[str, float]:
    """What a first attempt looks like: sleep each cue's duration in turn."""
    lateness = []
    start = time.monotonic()
    for cue in timeline.cues:
        lateness.append(time.monotonic() - (start + cue.offset_s))
        time.sleep(cue.duration_s)
    return summarise(lateness, time.monotonic() - start - timeline.total_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=2000)
    parser.add_argument("--spacing-ms", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    timeline = make_timeline(args.cues, args.spacing_ms)
    results = {"player": run_player(timeline), "naive": run_naive(timeline)}
    if args.json:
        print(json.dumps(results))
        return
    print(
        f"{len(timeline.cues)} cues, {args.spacing_ms} ms apart, {timeline.total_s:.1f} s in all; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"{'':8}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'drift ms':>10}")
    for name, figures in results.items():
        print(
            f"{name:8}"
            + "".join(f"{figures[k]:>10.3f}" for k in ("p50_ms", "p99_ms", "max_ms", "drift_ms"))
        )


if __name__ == "__main__":
    main()
