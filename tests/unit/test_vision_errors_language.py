"""The vision errors a person reads (a video that is not there, the vision extra missing) in
the terminal's language; str() stays English for logs. No OpenCV needed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from footwork.i18n import translator
from footwork.vision.pose import VisionNotInstalled
from footwork.vision.sources import VideoError, VideoFile, _cv2


def test_a_missing_video_and_a_folder_are_named_in_german(tmp_path: Path) -> None:
    with pytest.raises(VideoError) as missing:
        VideoFile(tmp_path / "clip.mp4").check()
    assert str(missing.value) == f"{tmp_path / 'clip.mp4'}: no such file"
    assert (
        missing.value.said(translator("de"))
        == f"{tmp_path / 'clip.mp4'}: diese Datei gibt es nicht"
    )
    with pytest.raises(VideoError) as folder:
        VideoFile(tmp_path).check()
    assert folder.value.said(translator("de")) == f"{tmp_path}: keine Datei"
    assert folder.value.said(translator("fr")) == f"{tmp_path} : pas un fichier"


def test_without_opencv_the_install_hint_is_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)  # import cv2 raises ImportError
    with pytest.raises(VisionNotInstalled) as missing:
        _cv2()
    assert str(missing.value).startswith("the camera check needs the optional vision packages")
    said = missing.value.said(translator("de"))
    assert said.startswith("die Kameraprüfung braucht die optionalen Bildverarbeitungspakete")
    assert "`uv sync --extra vision`" in said
