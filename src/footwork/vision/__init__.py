"""The camera coach: per-exercise analysis of foot and leg landmarks.

The analyzers are pure functions over keypoint sequences (`keypoints`, `signals`,
`analyzers`, `report`, `synthetic`). Only `pose` and `sources` touch a model or a camera,
and they import mediapipe and OpenCV lazily: install them with the `vision` extra.
"""
