"""Progress charts drawn with matplotlib: for the web pages (SVG), the PDF report and
`footwork report` (PNG, SVG, PDF). Each function takes plain figures and returns a Figure;
no global pyplot state, so pages can draw in several threads at once."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")  # no display; set before anything draws

from markupsafe import Markup
from matplotlib import dates as mdates
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from footwork.core.language import ENGLISH, N_, Translator
from footwork.core.progress import CalendarDay
from footwork.core.records import PAIN_REGIONS, REGION_NAMES
from footwork.i18n import translator
from footwork.reports.translation import short_day

Format = Literal["png", "svg", "pdf"]
# Narrow and with large type: a phone shows the chart at about 360 px wide, text near 11 px.
WIDTH_IN, HEIGHT_IN = 4.8, 3.2
STYLE: Any = {
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "path",  # text as outlines: the SVG looks the same on every device
    "svg.hashsalt": "footwork",  # stable ids, so the same chart is the same file
}
SERIES = ("#1d5fa8", "#b4410c", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e00", "#ad1457")
# One colour per pain region, the same on every chart (the pages' .s1 to .s7 in app.css).
REGION_COLOURS = {REGION_NAMES[r]: SERIES[i % len(SERIES)] for i, r in enumerate(PAIN_REGIONS)}
# The calendar's colours. Non-text contrast (WCAG 1.4.11) is at least 3:1 for each against
# the white background and between the two ends; days with nothing due are left white with
# grey hatching, so they cannot be mistaken for 0 %. tests/unit/test_charts_contrast.py checks.
BACKGROUND = "#ffffff"
NOTHING_DONE, HALF_DONE, ALL_DONE = "#d9730d", "#7a6a0c", "#0b4a1a"
NOTHING_DUE_HATCH = "#6b6b6b"
ADHERENCE_MAP = LinearSegmentedColormap.from_list(
    "adherence", [NOTHING_DONE, HALF_DONE, ALL_DONE]
).with_extremes(bad=BACKGROUND)
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _words(language: str) -> Translator:
    return translator(language)


def _figure(height: float = HEIGHT_IN) -> Figure:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _empty(figure: Figure, title: str, message: str) -> Figure:
    axes = figure.add_subplot()
    axes.set_title(title, loc="left")
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, color="#555")
    axes.set_axis_off()
    return figure


def adherence_heatmap(weeks: Sequence[Sequence[CalendarDay]], *, language: str = ENGLISH) -> Figure:
    """A calendar: one column per week, one row per weekday, coloured by the share done."""
    text = _words(language)
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.2)
        title = text.gettext("Share of each day's exercises done")
        if not weeks or all(d.ratio is None for w in weeks for d in w):
            return _empty(figure, title, text.gettext("Nothing was due in these weeks."))
        axes = figure.add_subplot()
        nan = float("nan")  # masked: drawn as the background, then hatched
        cells = [[nan if (ratio := w[r].ratio) is None else ratio for w in weeks] for r in range(7)]
        image = axes.pcolormesh(
            cells, cmap=ADHERENCE_MAP, vmin=0, vmax=1, edgecolors=BACKGROUND, linewidth=1.5
        )
        for r in range(7):
            for w, week in enumerate(weeks):
                if week[r].ratio is None:  # nothing due: hatched, not a colour of the scale
                    axes.add_patch(
                        Rectangle(
                            (w + 0.08, r + 0.08), 0.84, 0.84, fill=False, hatch="///",
                            edgecolor=NOTHING_DUE_HATCH, linewidth=0,
                        )
                    )  # fmt: skip
        axes.invert_yaxis()
        axes.set_yticks([r + 0.5 for r in range(7)], [text.gettext(d) for d in WEEKDAYS])
        step = max(1, -(-len(weeks) // 4))  # at most 4 labels: they must not touch
        axes.set_xticks(
            [i + 0.5 for i in range(0, len(weeks), step)],
            [short_day(weeks[i][0].day, language) for i in range(0, len(weeks), step)],
        )
        axes.set_xlabel(text.gettext("Week starting"))
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        bar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02, ticks=[0, 0.5, 1])
        bar.ax.set_yticklabels(["0 %", "50 %", "100 %"])
        bar.outline.set_visible(False)
        axes.set_title(title + "\n" + text.gettext("(hatched: nothing due)"), loc="left")
        return figure


def pain_chart(
    daily: Mapping[str, Mapping[date, float]],
    rolling: Mapping[str, Mapping[date, float]],
    *,
    first: date,
    last: date,
    language: str = ENGLISH,
) -> Figure:
    """Daily pain per region (dots) with its 7-day rolling median (line), 0 to 10."""
    text = _words(language)
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.6)
        title = (
            text.gettext("Pain, 0 to 10") + "\n" + text.gettext("(dots: days; line: 7-day median)")
        )
        if not daily:
            return _empty(figure, title, text.gettext("No pain scores in this period."))
        axes = figure.add_subplot()
        for index, (name, values) in enumerate(daily.items()):
            colour = REGION_COLOURS.get(name, SERIES[index % len(SERIES)])
            days = sorted(values)
            axes.scatter(_x(days), [values[d] for d in days], s=10, color=colour, alpha=0.5)
            smooth = rolling[name]
            ordered = sorted(smooth)
            axes.plot(
                _x(ordered), [smooth[d] for d in ordered], color=colour, label=text.gettext(name)
            )
        axes.set_ylim(-0.3, 10.3)
        axes.set_yticks(range(0, 11, 2))
        axes.set_ylabel(text.gettext("Pain"))
        axes.set_xlim(*_x([first - timedelta(days=1), last + timedelta(days=1)]))
        _date_axis(axes, language)
        axes.grid(axis="y", color="#e5e5e5")
        figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=9)
        axes.set_title(title, loc="left")
        return figure


def minutes_chart(weeks: Mapping[date, float], *, language: str = ENGLISH) -> Figure:
    """Minutes of exercise per week."""
    text = _words(language)
    with matplotlib.rc_context(STYLE):
        figure = _figure(2.6)
        title = text.gettext("Minutes of exercise per week")
        if not any(minutes > 0 for minutes in weeks.values()):
            return _empty(figure, title, text.gettext("No exercise in these weeks yet."))
        axes = figure.add_subplot()
        mondays = sorted(weeks)
        axes.bar(_x(mondays), [weeks[m] for m in mondays], width=5, color=SERIES[0])
        axes.set_ylim(bottom=0)  # minutes are never below 0
        axes.set_ylabel(text.gettext("Minutes"))
        axes.set_xlabel(text.gettext("Week starting"))
        _date_axis(axes, language)
        axes.grid(axis="y", color="#e5e5e5")
        axes.set_title(title, loc="left")
        return figure


def balance_chart(
    tests: Sequence[tuple[datetime, bool, float | None, float | None]],
    *,
    reference_open: float | None,
    reference_closed: float | None,
    language: str = ENGLISH,
) -> Figure:
    """Single-leg stance times (left and right; eyes open and closed) with the average for
    the person's age as dashed lines."""
    text = _words(language)
    with matplotlib.rc_context(STYLE):
        figure = _figure(4.4)
        title = (
            text.gettext("Standing on one leg, seconds") + "\n" + text.gettext("(best of three)")
        )
        if not tests:
            return _empty(figure, title, text.gettext("No balance tests yet."))
        axes = figure.add_subplot()
        shown = [
            text.gettext(
                N_("eyes closed {seconds} s") if closed else N_("eyes open {seconds} s")
            ).format(seconds=f"{value:.0f}")
            for closed, value in ((False, reference_open), (True, reference_closed))
            if value is not None and any(t[1] == closed for t in tests)
        ]
        if shown:
            dashed = text.gettext("dashed: average for your age")
            title += f"; {dashed}\n(" + ", ".join(shown) + ")"
        for closed, colour, reference in (
            (False, SERIES[0], reference_open),
            (True, SERIES[1], reference_closed),
        ):
            chosen = [t for t in tests if t[1] == closed]
            for side, marker in (("left", "o"), ("right", "s")):
                points = [
                    (at, seconds)
                    for at, _, left, right in chosen
                    if (seconds := left if side == "left" else right) is not None
                ]
                if points:
                    axes.plot(
                        _x([p[0] for p in points]),
                        [p[1] for p in points],
                        marker=marker,
                        color=colour,
                        linestyle="-" if side == "left" else ":",
                        label=text.gettext(LINE_LABELS[closed, side]),
                    )
            if reference is not None and chosen:
                axes.axhline(
                    reference,
                    color=colour,
                    linestyle="--",
                    linewidth=1,
                    label=text.gettext(
                        N_("age average, closed") if closed else N_("age average, open")
                    ),
                )
        axes.set_ylim(0, 47)
        axes.set_ylabel(text.gettext("Seconds (45 at most)"))
        _date_axis(axes, language)
        axes.grid(axis="y", color="#e5e5e5")
        figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
        axes.set_title(title, loc="left")
        return figure


def _x(moments: Sequence[date | datetime]) -> list[float]:
    """Dates as matplotlib's numbers for the x axis."""
    return [float(mdates.date2num(m)) for m in moments]  # type: ignore[no-untyped-call]


LINE_LABELS = {
    (False, "left"): N_("eyes open, left"),
    (False, "right"): N_("eyes open, right"),
    (True, "left"): N_("eyes closed, left"),
    (True, "right"): N_("eyes closed, right"),
}


def _date_axis(axes: Any, language: str) -> None:
    locator = mdates.AutoDateLocator(minticks=2, maxticks=4)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)

    def label(value: float, _: object = None) -> str:
        return short_day(mdates.num2date(value).date(), language)  # type: ignore[no-untyped-call]

    axes.xaxis.set_major_formatter(FuncFormatter(label))


def render(figure: Figure, fmt: Format) -> bytes:
    """The figure as PNG (150 dpi), SVG or PDF bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=fmt, dpi=150, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: Format) -> dict[str, object]:
    # No creation dates in the files: the same chart makes the same file.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return {}


def inline_svg(figure: Figure, *, label: str) -> Markup:
    """The figure as an <svg> element for a page, sized by its container, with a label.

    The one place chart markup is made (so it is Markup, not escaped again); matplotlib's
    style attributes and <style> element become presentation attributes, which a
    Content-Security-Policy without 'unsafe-inline' styles still applies."""
    text = render(figure, "svg").decode()
    start = text.index("<svg")
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _presentation(m.group(1)), text[start:])
    sheet = _STYLE_ELEMENT.search(svg)
    inherited = ""
    if sheet:
        inherited = _presentation(sheet.group(1))
        svg = svg[: sheet.start()] + svg[sheet.end() :]
    if "<style" in svg or " style=" in svg:
        raise ValueError("the chart has styles a Content-Security-Policy would block")
    head_end = svg.index(">")
    head = svg[:head_end]
    for attribute in ("width", "height"):
        head = _drop_attribute(head, attribute)
    return Markup(f'{head}{inherited} role="img" aria-label="{_escape(label)}"{svg[head_end:]}')


_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r'<style type="text/css">\s*\*\s*\{([^}<]*)\}\s*</style>')


def _presentation(declarations: str) -> str:
    """'fill: #fff; stroke-width: 0.8' as attributes: ' fill="#fff" stroke-width="0.8"'."""
    attributes = []
    for declaration in declarations.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and re.fullmatch(r"[a-z-]+", name.strip()):
            attributes.append(f' {name.strip()}="{value.strip()}"')
    return "".join(attributes)


def _drop_attribute(tag: str, name: str) -> str:
    marker = f' {name}="'
    start = tag.find(marker)
    if start < 0:
        return tag
    end = tag.index('"', start + len(marker))
    return tag[:start] + tag[end + 1 :]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
