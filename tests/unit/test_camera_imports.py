"""The server half of the camera coach needs no pose model: importing its route, service and
the pages that show camera reports loads neither mediapipe nor OpenCV."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "footwork.web.app",
    "footwork.web.camera_api",
    "footwork.services.camera",
    "footwork.services.camera_summary",
    "footwork.vision.live",
    "footwork.vision.summary",
)


def test_the_camera_route_imports_no_pose_model_or_opencv():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in MODULES)
        + "heavy = sorted(n for n in sys.modules if n.split('.')[0] in ('mediapipe', 'cv2'))\n"
        + "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
