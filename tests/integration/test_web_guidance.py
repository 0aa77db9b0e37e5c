"""Pages anyone may read: the safety advice in full and what to expect, with sources."""

from __future__ import annotations

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.guidance import GENERAL_SAFETY
from footwork.web.app import create_app


def test_what_to_expect_names_the_gains_and_says_pain_relief_is_not_shown(tmp_path):
    client = TestClient(
        create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}")),
        base_url="http://127.0.0.1",
    )
    page = " ".join(client.get("/what-to-expect").text.split())
    assert "Stronger toes" in page and "arch" in page and "Better balance" in page
    assert "What has not been shown" in page and "Less pain" in page
    assert "Jaffri et al." in page and "Mickle et al." in page and "Schwenk et al." in page
    assert "95 per cent interval -0.15 to 0.66" in page
    german = " ".join(client.get("/what-to-expect", headers={"accept-language": "de"}).text.split())
    assert "Kräftigere Zehen." in german and "Weniger Schmerzen." in german
    assert "keine Veränderung beim Gehen" in german and "Rechnen Sie mit kräftigeren" in german
    assert "Stronger toes" not in german and "Less pain" not in german
    # The sources stay as published; the review's figures are written the German way.
    assert "Jaffri et al., Journal of Athletic Training 2023" in german
    assert "95-Prozent-Intervall -0,15 bis 0,66" in german
    safety = client.get("/safety").text
    for line in GENERAL_SAFETY:
        assert line.replace("'", "&#39;") in safety
