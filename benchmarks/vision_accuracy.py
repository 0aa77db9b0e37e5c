"""Accuracy of the camera coach's analyzers on a held-out set of synthetic sequences.

Usage: python benchmarks/vision_accuracy.py [--per-exercise 40] [--seed 20261124] [--json]

Each sequence comes from `footwork.vision.synthetic` with its own seed (from 100,000 up,
apart from the unit tests' seeds) and conditions drawn at random: landmark jitter up to 0.04
shank lengths, up to 15 % of frames lost, a foot hidden for 0.2-0.6 s up to 4 times a
minute, stray points in up to 1 % of frames, tempo 0.7-1.5x, shank 0.1-0.3 of the picture's
height, facing either way, landscape or portrait. `--hard` doubles the first four.

Per exercise it prints:
- count MAE: mean absolute count error per sequence, summed over the dose's sides and
  directions (bouts; circles per foot and direction; band holds of 5 s or more; lifts per foot);
- OBO: the share of sequences whose count is off by at most one (off-by-one accuracy);
- hold error: median and 90th percentile of |found - true| duration over matched efforts;
- for toe presses, which cannot be counted, the error in seconds standing in position.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
from typing import Any

import numpy as np

from footwork.content.loader import load_program
from footwork.vision.analyzers import analyze
from footwork.vision.report import count_groups
from footwork.vision.synthetic import Options, generate, match_efforts

EXERCISES = ("toe-walking", "ankle-circles", "resistance-band", "toe-pickups", "toe-presses")
FIRST_SEED = 100_000


def conditions(rng: np.random.Generator, seed: int, *, hard: bool = False) -> Options:
    worse = 2.0 if hard else 1.0
    return Options(
        seed=seed,
        noise=float(rng.uniform(0, 0.04 * worse)),
        drop=float(rng.uniform(0, 0.15 * worse)),
        occlusion=float(rng.uniform(0, 4 * worse)),
        outliers=float(rng.uniform(0, 0.01 * worse)),
        speed=float(rng.uniform(0.7, 1.5)),
        shank=float(rng.uniform(0.1, 0.3)),
        facing="left" if rng.random() < 0.5 else "right",
        aspect=float(rng.choice([16 / 9, 4 / 3, 9 / 16])),
    )


def measure(
    exercise_id: str, count: int, rng: np.random.Generator, seed: int, *, hard: bool
) -> dict[str, Any]:
    exercise = load_program(None).exercise(exercise_id)
    count_errors: list[int] = []
    hold_errors: list[float] = []
    position_errors: list[float] = []
    for k in range(count):
        clip = generate(exercise_id, conditions(rng, seed + k, hard=hard))
        analysis = analyze(exercise_id, clip.frames, aspect=clip.aspect)
        if exercise_id == "toe-presses":
            found = sum(e.duration_s for e in analysis.efforts)
            real = sum(e.duration_s for e in clip.truth)
            position_errors.append(abs(found - real))
            continue
        real_counts = count_groups(clip.truth, exercise)
        found_counts = count_groups(analysis.efforts, exercise)
        keys = set(real_counts) | set(found_counts)
        count_errors.append(
            sum(abs(real_counts.get(key, 0) - found_counts.get(key, 0)) for key in keys)
        )
        hold_errors += [
            abs(seen.duration_s - real.duration_s)
            for real, seen in match_efforts(clip.truth, analysis.efforts)
        ]
    row: dict[str, Any] = {"exercise": exercise_id, "sequences": count}
    if count_errors:
        row["count_mae"] = round(statistics.fmean(count_errors), 3)
        row["obo"] = round(sum(e <= 1 for e in count_errors) / len(count_errors), 3)
        row["exact"] = round(sum(e == 0 for e in count_errors) / len(count_errors), 3)
    if hold_errors:
        row["hold_error_median_s"] = round(statistics.median(hold_errors), 3)
        row["hold_error_p90_s"] = round(float(np.percentile(hold_errors, 90)), 3)
        row["matched_efforts"] = len(hold_errors)
    if position_errors:
        row["position_error_median_s"] = round(statistics.median(position_errors), 3)
        row["position_error_max_s"] = round(max(position_errors), 3)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-exercise", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20261124, help="seed for the conditions")
    parser.add_argument(
        "--hard", action="store_true", help="twice the jitter, lost frames, hidden feet, strays"
    )
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = [
        measure(exercise_id, args.per_exercise, rng, FIRST_SEED + 1000 * i, hard=args.hard)
        for i, exercise_id in enumerate(EXERCISES)
    ]
    counted = [r for r in rows if "obo" in r]
    overall = {
        "sequences": sum(r["sequences"] for r in counted),
        "count_mae": round(statistics.fmean(r["count_mae"] for r in counted), 3),
        "obo": round(statistics.fmean(r["obo"] for r in counted), 3),
        "hold_error_median_s": round(
            statistics.median(r["hold_error_median_s"] for r in counted), 3
        ),
    }
    result = {
        "python": platform.python_version(),
        "conditions": "hard" if args.hard else "usual",
        "exercises": rows,
        "overall": overall,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{'exercise':16} {'n':>3} {'MAE':>6} {'OBO':>6} {'exact':>6} {'hold med':>9} {'p90':>6}")
    for r in rows:
        if "obo" in r:
            print(
                f"{r['exercise']:16} {r['sequences']:3d} {r['count_mae']:6.2f} {r['obo']:6.0%} "
                f"{r['exact']:6.0%} {r['hold_error_median_s']:8.2f}s {r['hold_error_p90_s']:5.2f}s"
            )
        else:
            print(
                f"{r['exercise']:16} {r['sequences']:3d} {'-':>6} {'-':>6} {'-':>6} "
                f"{r['position_error_median_s']:8.2f}s {r['position_error_max_s']:5.2f}s"
                "  (time in position; presses cannot be counted)"
            )
    print(
        f"overall (counted exercises): MAE {overall['count_mae']:.2f}, OBO {overall['obo']:.0%}, "
        f"median hold error {overall['hold_error_median_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
