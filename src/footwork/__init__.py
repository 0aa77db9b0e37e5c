"""Footwork: a coach for home foot exercises."""

__version__ = "0.1.0"
