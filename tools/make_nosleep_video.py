"""Write the silent looping videos the player plays to keep a phone's screen awake where the
Wake Lock API is missing (a page over http:// on the local network is not a secure context).

The videos are nosleep.js's own (MIT, Rich Tibbett; pinned in package.json): this script takes
them out of its src/media.js, where they are data: URLs, into files served from our origin, so
the Content-Security-Policy's media-src stays 'self' (no data:). Run after `npm ci`:

    .venv/bin/python tools/make_nosleep_video.py
"""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "node_modules" / "nosleep.js" / "src" / "media.js"
STATIC = ROOT / "src" / "footwork" / "web" / "static"


def videos(source: str) -> dict[str, bytes]:
    """{"webm": bytes, "mp4": bytes} from the text of nosleep.js's media.js."""
    found = dict(re.findall(r'(webm|mp4):\s*"data:video/\1;base64,([A-Za-z0-9+/=]+)"', source))
    if set(found) != {"webm", "mp4"}:
        raise SystemExit(f"{MEDIA}: expected a webm and an mp4 data URL, found {sorted(found)}")
    return {kind: base64.b64decode(data) for kind, data in found.items()}


def main() -> None:
    if not MEDIA.exists():
        sys.exit(f"{MEDIA} is missing: run `npm ci` first")
    for kind, data in videos(MEDIA.read_text()).items():
        target = STATIC / f"awake.{kind}"
        target.write_bytes(data)
        print(f"{target.relative_to(ROOT)}: {len(data)} bytes")


if __name__ == "__main__":
    main()
