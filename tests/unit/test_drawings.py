"""The built-in drawings carry no words: one file serves every language (the pages, the
player, the handout, its PDF and the service worker's offline copy all load the same static
file), and what a drawing shows is said in the page's language around it (the caption, the
alt text, the steps)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

DRAWINGS = sorted((Path(str(resources.files("footwork.web"))) / "static/drawings").glob("*.svg"))
SVG = "{http://www.w3.org/2000/svg}"


def test_there_are_drawings():
    assert {path.stem for path in DRAWINGS} >= {"toe-presses", "ankle-circles", "toe-pickups"}


@pytest.mark.parametrize("path", DRAWINGS, ids=lambda path: path.stem)
def test_a_drawing_has_no_words_in_it(path):
    root = ET.parse(path).getroot()
    words = [
        (element.text or "").strip()
        for element in root.iter()
        if element.tag in (f"{SVG}text", f"{SVG}tspan", f"{SVG}textPath")
    ]
    assert words == [], f"{path.name}: put {words} in the page's caption or alt text instead"
