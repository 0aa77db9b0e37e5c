"""Sinks that turn player events into sound and speech."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from footwork.player.events import CueEnded, CueStarted, Event, SessionEnded


class BellSink:
    """A sound at the start and at the end of every effort, and at the session's end."""

    def __init__(self, ring: Callable[[], None]) -> None:
        self._ring = ring

    def emit(self, event: Event) -> None:
        if (
            (isinstance(event, CueStarted) and event.cue.kind == "work")
            or (
                isinstance(event, CueEnded) and event.cue.kind == "work" and event.outcome == "done"
            )
            or (isinstance(event, SessionEnded) and event.outcome == "completed")
        ):
            self._ring()


class Speaker:
    """Speaks with espeak-ng in the background; a new phrase cuts off the one before."""

    def __init__(
        self, executable: str, *, words_per_minute: int = 160, voice: str | None = None
    ) -> None:
        self._command = [executable, "-s", str(words_per_minute)]
        if voice:
            self._command += ["-v", voice]
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def find(cls, *, voice: str | None = None) -> Speaker | None:
        """A Speaker (in espeak-ng's `voice`, e.g. "de") when espeak-ng is installed."""
        executable = shutil.which("espeak-ng")
        return cls(executable, voice=voice) if executable else None

    def say(self, text: str) -> None:
        self.stop()
        self._process = subprocess.Popen(
            [*self._command, "--", text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait()
        self._process = None

    def wait(self) -> None:
        """Let the last phrase finish."""
        if self._process is not None:
            self._process.wait()


class SpeechSink:
    """Speaks every cue's words, and its safety notes, as the cue starts."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self._say = say

    def emit(self, event: Event) -> None:
        if isinstance(event, CueStarted):
            self._say(" ".join([event.cue.text, *event.cue.notes]))


class TallySink:
    """Counts efforts done and skipped, for the closing summary."""

    def __init__(self) -> None:
        self.done = 0
        self.skipped = 0

    def emit(self, event: Event) -> None:
        if isinstance(event, CueEnded) and event.cue.kind == "work":
            if event.outcome == "done":
                self.done += 1
            elif event.outcome == "skipped":
                self.skipped += 1
