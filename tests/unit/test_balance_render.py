"""The terminal balance test: what each screen says, and the guided tries against a fake clock."""

from __future__ import annotations

import io
import math

import pytest
from rich.console import Console

from footwork.cli.balance import (
    comparison_view,
    condition_intro,
    introduction,
    results_table,
    run_trials,
    safety_panel,
    timer_view,
    trial_line,
    trial_prompt,
)
from footwork.core.balance import BalanceRun, Trial, plan_trials
from footwork.player.clock import FakeClock


def text_of(renderable) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def flat(renderable) -> str:
    """The text with line breaks and box edges folded away, to match across wrapped lines."""
    return " ".join(text_of(renderable).replace("│", " ").split())


def finished_run(times: list[float]) -> BalanceRun:
    run = BalanceRun(plan_trials())
    for value in times:
        run = run.record(value)
    return run


OPEN_LEFT = Trial(eyes_closed=False, leg="left", attempt=1)
CLOSED_RIGHT = Trial(eyes_closed=True, leg="right", attempt=3)


# -- screens --------------------------------------------------------------------------------


def test_safety_comes_first_and_names_a_support_and_when_to_stop():
    text = flat(safety_panel())
    assert "Before you start" in text
    assert "wall" in text and "sturdy chair" in text
    assert "dizzy" in text and "pain" in text
    assert "someone stand beside you" in text


def test_introduction_mentions_the_cap_the_tries_and_the_conditions():
    both = flat(introduction(eyes_closed_too=True))
    assert "up to 45 seconds" in both and "3 tries on each leg" in both
    assert "closed" in both
    assert "closed" not in flat(introduction(eyes_closed_too=False))


def test_condition_intros():
    assert "Eyes open" in flat(condition_intro(False))
    closed = flat(condition_intro(True))
    assert "Eyes closed" in closed and "a few seconds is usual" in closed


def test_the_prompt_names_the_leg_to_stand_on_and_the_foot_to_lift():
    text = flat(trial_prompt(OPEN_LEFT))
    assert "Eyes open · try 1 of 3 · left leg" in text
    assert "Stand on your left leg, lift your right foot" in text
    assert "press Enter or space to start." in text
    closed = flat(trial_prompt(CLOSED_RIGHT))
    assert "Eyes closed · try 3 of 3 · right leg" in closed
    assert "lift your left foot" in closed
    assert "then close your eyes" in closed


@pytest.mark.parametrize(
    ("elapsed", "shown"),
    [(0, "0.0 s of 45"), (12.34, "12.3 s of 45"), (99, "45.0 s of 45"), (-1, "0.0 s of 45")],
)
def test_the_timer_shows_the_seconds_and_stops_at_the_cap(elapsed, shown):
    text = flat(timer_view(OPEN_LEFT, elapsed))
    assert shown in text
    assert "Press any key when your foot touches down." in text
    assert "stops by itself at 45 s" in text


def test_the_timer_with_eyes_closed_says_to_open_them():
    assert "Open your eyes and press any key" in flat(timer_view(CLOSED_RIGHT, 3))


def test_trial_lines():
    assert flat(trial_line(OPEN_LEFT, 12.3)) == "Eyes open, left leg, try 1: 12.3 s"
    assert flat(trial_line(OPEN_LEFT, 45.0)).endswith("45.0 s the full time")
    assert flat(trial_line(OPEN_LEFT, 44.9)) == "Eyes open, left leg, try 1: 44.9 s"


def test_results_table_shows_best_and_every_try():
    run = finished_run([10, 20, 30, 40, 45, 5, 1, 2, 3, 4, 5, 6])
    text = text_of(results_table(run))
    assert "best of 3 tries" in text
    assert "45.0 s  (10.0, 30.0, 45.0)" in text  # eyes open, left
    assert "40.0 s  (20.0, 40.0, 5.0)" in text  # eyes open, right
    assert "5.0 s  (1.0, 3.0, 5.0)" in text  # eyes closed, left
    assert "6.0 s  (2.0, 4.0, 6.0)" in text


def test_results_table_leaves_out_a_condition_not_started():
    text = text_of(results_table(finished_run([10, 12])))
    assert "eyes open" in text
    assert "eyes closed" not in text


def test_comparison_for_an_age_in_words_with_the_caveat_and_citation():
    run = finished_run([45, 45, 45, 45, 45, 45, 4, 1, 4, 1, 4, 1])
    text = flat(comparison_view(run, 65))
    assert "Compared with your age (65)" in text
    assert "Left leg: 45.0 s, above the average for your age" in text
    assert "people aged 60-69 averaged about 32 s" in text
    assert "Left leg: 4.0 s, about the average for your age" in text
    assert "averaged about 4 s; not yet confirmed against the paper)" in text  # eyes closed
    assert "averaged about 32 s)" in text  # eyes open: confirmed twice, no mark
    # the other leg is shown as it is: the study compared one leg of each person's choice
    assert (
        "Right leg: 45.0 s (not compared: the study timed only the leg each person chose)" in text
    )
    assert "Right leg: 1.0 s (not compared" in text
    assert "Right leg: 1.0 s, below" not in text
    assert "rough guide only" in text
    assert "eyes-closed ones come from a single summary and are not yet confirmed" in text
    assert "not a diagnosis" in text
    assert "J Geriatr Phys Ther. 2007;30(1):8-15" in text


def test_comparison_without_an_age_or_outside_the_reference():
    run = finished_run([20] * 12)
    assert "run the test with --age" in flat(comparison_view(run, None))
    assert "no age reference for age 15" in flat(comparison_view(run, 15))


def test_comparison_of_the_chosen_right_leg():
    run = finished_run([45, 10, 45, 10, 45, 10])
    text = flat(comparison_view(run, 65, chosen="right"))
    assert "Right leg: 10.0 s, below the average for your age" in text
    assert "Left leg: 45.0 s (not compared" in text
    assert "above" not in text


def test_comparison_skips_a_leg_without_tries():
    text = flat(comparison_view(finished_run([30]), 45))
    assert "Left leg: 30.0 s" in text
    assert "Right leg" not in text


# -- the guided tries, against a fake clock -------------------------------------------------


class ScriptedKeys:
    """Keys at given moments of a FakeClock; waiting jumps the clock forward."""

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.script = sorted(script)
        self.discarded = 0

    def next_key(self, deadline: float) -> str | None:
        if self.script and self.script[0][0] <= deadline:
            moment, key = self.script.pop(0)
            self.clock.advance_to(max(moment, self.clock.now()))
            return key
        if math.isinf(deadline):
            raise AssertionError("waiting for a key with none left in the script")
        self.clock.advance_to(max(deadline, self.clock.now()))
        return None

    def discard_pending(self) -> None:
        self.discarded += 1


class InterruptingKeys(ScriptedKeys):
    def next_key(self, deadline: float) -> str | None:
        if not self.script:
            raise KeyboardInterrupt
        return super().next_key(deadline)


def guided(script: list[tuple[float, str]], *, speed: float = 1.0, keys_class=ScriptedKeys):
    clock = FakeClock(start=0.0)
    keys = keys_class(clock, script)
    bells: list[float] = []
    console = Console(file=io.StringIO(), width=80, color_system=None)
    run, outcome = run_trials(
        BalanceRun(plan_trials()),
        console=console,
        clock=clock,
        keys=keys,
        bell=lambda: bells.append(clock.now()),
        speed=speed,
        live=False,
    )
    return run, outcome, bells, console.file.getvalue(), keys


def test_each_try_is_timed_from_the_start_key_to_the_stop_key():
    script = []
    moment = 0.0
    for held in (12.5, 30.0, 7.25, 0.4, 44.9, 3.0, 2.0, 1.0, 3.5, 1.5, 2.5, 0.5):
        script += [(moment + 5, " "), (moment + 5 + held, "x")]
        moment += 5 + held + 5
    run, outcome, bells, screen, keys = guided(script)
    assert outcome == "finished"
    assert run.times == (12.5, 30.0, 7.2, 0.4, 44.9, 3.0, 2.0, 1.0, 3.5, 1.5, 2.5, 0.5)
    assert len(bells) == 24  # a start and a stop for each try
    assert keys.discarded == 12  # stray keys are dropped before each prompt
    assert screen.count("lift your") == 12
    assert "Eyes closed" in screen
    assert "Eyes open, left leg, try 1: 12.5 s" in screen


def test_a_try_stops_by_itself_at_45_seconds():
    script = [(1, "\n")]  # start, then no key: the cap stops it
    for n in range(11):
        script += [(1000 + 100 * n, " "), (1000 + 100 * n + 1, "x")]
    run, outcome, bells, screen, _ = guided(script)
    assert outcome == "finished"
    assert run.times[0] == 45.0
    assert bells[:2] == [1, 46]
    assert "try 1: 45.0 s  the full time" in screen


def test_a_stop_at_44_9_seconds_counts_as_held_and_the_cap_is_exactly_45():
    rest = [(1000 + 100 * n + d, k) for n in range(10) for d, k in ((0, " "), (1, "x"))]
    run, _, bells, screen, _ = guided([(1, " "), (45.9, "x"), (100, " "), *rest])
    assert run.times[:2] == (44.9, 45.0)  # the first stopped by a key, the second by the cap
    assert bells[:4] == [1, 45.9, 100, 145]  # the cap rang at 45.0 s, not later
    assert "try 1: 44.9 s" in screen and "try 1: 44.9 s  the full time" not in screen
    assert "try 1: 45.0 s  the full time" in screen


def test_a_key_at_exactly_45_seconds_is_the_full_time():
    rest = [(1000 + 100 * n + d, k) for n in range(11) for d, k in ((0, " "), (1, "x"))]
    run, _, bells, screen, _ = guided([(0, " "), (45, "x"), *rest])
    assert run.times[0] == 45.0 and bells[:2] == [0, 45]
    assert "try 1: 45.0 s  the full time" in screen


def test_speed_runs_the_clock_faster():
    script = [(0, " "), (1, "x")] + [(10 + n, k) for n, k in enumerate(" x" * 11)]
    run, _, bells, _, _ = guided(script, speed=10)
    assert run.times[0] == 10.0
    script = [(0, " ")] + [(100 + n, k) for n, k in enumerate(" x" * 11)]
    run, _, bells, _, _ = guided(script, speed=10)
    assert run.times[0] == 45.0
    assert bells[1] == pytest.approx(4.5)


def test_other_keys_do_not_start_a_try():
    script = [(1, "a"), (2, "7"), (3, " "), (8, "x"), (9, "q")]
    run, outcome, bells, _, _ = guided(script)
    assert run.times == (5.0,)
    assert outcome == "stopped"
    assert bells == [3, 8]


def test_q_during_a_try_stops_without_recording_it():
    run, outcome, _, _, _ = guided([(0, " "), (2, "x"), (3, " "), (4, "q")])
    assert outcome == "stopped"
    assert run.times == (2.0,)


def test_ctrl_c_ends_the_test_with_what_was_recorded():
    run, outcome, _, _, _ = guided([(0, " "), (2, "x")], keys_class=InterruptingKeys)
    assert outcome == "interrupted"
    assert run.times == (2.0,)


def test_the_protocol_is_springers_barefoot_arms_crossed_and_its_stopping_rules():
    from footwork.cli.balance import condition_intro

    eyes_open = " ".join(flat(condition_intro(False)).split())
    assert "barefoot" in eyes_open and "arms crossed over your chest" in eyes_open
    assert "the standing foot moves" in eyes_open and "arms uncross" in eyes_open
    assert "open your eyes" in eyes_open
    assert "Springer et al., 2007" in eyes_open
