"""Run a timeline in real time: the player, its clock, its controls and its sinks."""
