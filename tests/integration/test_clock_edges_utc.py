"""The clock readers a second before midnight in UTC; see clock_edges.py."""

from tests.integration.clock_edges import run_the_clock_readers_a_second_before_midnight


def test_the_clock_readers_pass_a_second_before_midnight_in_utc() -> None:
    run_the_clock_readers_a_second_before_midnight("UTC")
