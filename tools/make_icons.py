"""Draw the app's PNG icons from our own foot drawing (the one in static/favicon.svg).

Run it after changing the drawing or the colours, and commit the PNGs it writes:

    .venv/bin/python tools/make_icons.py

It writes src/footwork/web/static/icons/: icon-192.png and icon-512.png (a rounded tile, for
"any" use), maskable-512.png (the tile filling the square, the foot inside the central 80 %
circle that every mask keeps) and apple-touch-icon.png (180 px, opaque; iOS rounds it).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch, PathPatch
from matplotlib.path import Path as Curve

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "src" / "footwork" / "web" / "static" / "icons"
ACCENT = "#1f5f8b"  # --accent in app.css, the favicon's tile
INK = "#ffffff"

# favicon.svg's foot (a 32 x 32 drawing), its relative cubic curves written out as absolute
# points: M10 24 c0-6 2-10 6-13 s6-4 6-2 -2 4-2 7 2 5 2 8 -3 4-6 4 -6-2-6-4 z
SOLE = [
    (10, 24),
    (10, 18), (12, 14), (16, 11),
    (20, 8), (22, 7), (22, 9),
    (22, 11), (20, 13), (20, 16),
    (20, 19), (22, 21), (22, 24),
    (22, 27), (19, 28), (16, 28),
    (13, 28), (10, 26), (10, 24),
]  # fmt: skip
TOES = [((11, 9), 2.0), ((15, 6.5), 1.6)]


def sole_path() -> Curve:
    codes = [Curve.MOVETO] + [Curve.CURVE4] * (len(SOLE) - 1)
    return Curve(SOLE, codes, closed=False)


def draw(size: int, *, rounded: bool, foot_scale: float, transparent: bool) -> plt.Figure:
    """The tile at `size` pixels; the foot drawn at `foot_scale` of its favicon size."""
    figure = plt.figure(figsize=(size / 100, size / 100), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 32)
    axes.set_ylim(32, 0)  # SVG's y runs down
    axes.set_axis_off()
    figure.patch.set_alpha(0.0 if transparent else 1.0)
    figure.patch.set_facecolor(ACCENT)
    if rounded:
        axes.add_patch(
            FancyBboxPatch(
                (0.5, 0.5), 31, 31, boxstyle="round,pad=0,rounding_size=6.5",
                facecolor=ACCENT, edgecolor="none",
            )
        )  # fmt: skip
    else:
        axes.add_patch(FancyBboxPatch((0, 0), 32, 32, boxstyle="square,pad=0", color=ACCENT))
    # The foot spans x 9..22, y 4.9..28: centre it, then scale about the centre.
    centre = (15.5, 16.45)
    shift = (16 - centre[0], 16 - centre[1])

    def place(x: float, y: float) -> tuple[float, float]:
        return (
            16 + (x + shift[0] - 16) * foot_scale,
            16 + (y + shift[1] - 16) * foot_scale,
        )

    path = sole_path()
    moved = Curve([place(x, y) for x, y in path.vertices], path.codes)
    axes.add_patch(PathPatch(moved, facecolor=INK, edgecolor="none"))
    for (x, y), radius in TOES:
        axes.add_patch(Circle(place(x, y), radius * foot_scale, facecolor=INK, edgecolor="none"))
    return figure


def save(figure: plt.Figure, name: str, *, transparent: bool) -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    figure.savefig(ICONS / name, dpi=100, transparent=transparent, metadata={"Software": None})
    plt.close(figure)


def main() -> None:
    for size in (192, 512):
        save(draw(size, rounded=True, foot_scale=1.0, transparent=True),
             f"icon-{size}.png", transparent=True)  # fmt: skip
    # Maskable: the foot (about 24 of 32 units tall) scaled to fit the safe circle's 80 %.
    save(draw(512, rounded=False, foot_scale=0.8, transparent=False),
         "maskable-512.png", transparent=False)  # fmt: skip
    save(draw(180, rounded=False, foot_scale=0.85, transparent=False),
         "apple-touch-icon.png", transparent=False)  # fmt: skip
    print(f"wrote the icons to {ICONS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
