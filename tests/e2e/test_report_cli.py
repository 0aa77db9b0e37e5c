"""`footwork report` and `footwork handout` write what they say, where they say."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.e2e.browser_support import seed_history


def footwork(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", "--database", url, *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
        env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip


def test_charts_pdf_report_and_handout(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'footwork.db'}"
    seed_history(url, days=14)
    charts = tmp_path / "charts"  # made by the command, as in the README
    for fmt in ("svg", "png"):
        done = footwork(url, "report", "--format", fmt, "--output", str(charts))
        assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in charts.iterdir())
    assert names == sorted(f"footwork-{n}.{x}" for n in ("adherence", "balance", "minutes", "pain")
                           for x in ("png", "svg"))  # fmt: skip
    assert (charts / "footwork-pain.png").read_bytes().startswith(b"\x89PNG")
    assert (charts / "footwork-pain.svg").read_text().lstrip().startswith("<?xml")

    pdf = tmp_path / "progress.pdf"
    done = footwork(url, "report", "--output", str(pdf))
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "In short" in text and "Week by week" in text

    handout = tmp_path / "program.pdf"
    done = footwork(url, "handout", "--output", str(handout))
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handout.read_bytes())).pages)
    assert "Toe pickups" in text and "Four-week log" in text


def test_bad_report_options_are_named(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'footwork.db'}"
    done = footwork(url, "report", "--format", "gif")
    assert done.returncode == 2 and "--format: expected pdf, png or svg, got 'gif'" in done.stderr
    a_file = tmp_path / "notes.txt"
    a_file.write_text("kept")
    done = footwork(url, "report", "--format", "svg", "--output", str(a_file))
    assert done.returncode == 2 and f"--output: {a_file} is a file" in done.stderr
    assert a_file.read_text() == "kept"
