"""Use cases: load, call the core, save."""
