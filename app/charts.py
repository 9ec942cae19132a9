"""Server-rendered SVG charts (pygal): the one way the app draws a chart.

pygal writes a <style> and a config <script> into every chart; the script is removed here.
Screen charts are served as separate ``image/svg+xml`` responses shown through <img>: an
SVG loaded as an image never runs scripts, and its own response may allow its inline
<style> without loosening the pages' strict CSP. The element chart of the report, the
public page and the PDF is flattened instead (its stylesheet becomes presentation
attributes), so it may sit inline in a page and fpdf2 can draw it. Every chart on a page
also has a data table with the same numbers.

pygal is imported on first use: starting the app does not load it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from app.formatting import number

if TYPE_CHECKING:
    from pygal.graph.graph import Graph
    from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
# The chart's own response: its inline <style> may apply, nothing may load or run.
CHART_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "cache-control": "private, max-age=300",
}
GRADE_COLOURS = {"A": "#13653f", "B": "#1f6f8b", "C": "#8a4b00", "D": "#a3141b"}
NO_GRADE_COLOUR = "#9aa3af"
# The printed element chart's font: the PDF's own (surveys/store/fonts), then the
# browser's nearest.
DOCUMENT_FONT = "DejaVu Sans, Verdana, sans-serif"
# Room for labels in a font wider than pygal guessed (Verdana for DejaVu: "…Saran dan Mas").
LABEL_SLACK = 64
# A chart's width in its own pixels: the full one (pages, print, the PDF), and the one drawn
# for a phone, where a 760 px chart would shrink its text to half its size. A phone's bar
# charts name their bars by code; the names stand in the table beside every chart.
WIDTH = 760
PHONE_WIDTH = 360


def width_for(size: str | None) -> int:
    """The width asked for by a chart URL's ``size`` (``phone`` or nothing)."""
    return PHONE_WIDTH if size == "phone" else WIDTH


_STYLE = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1b1f24",
    "foreground_strong": "#1b1f24",
    "foreground_subtle": "#4b5563",
    "opacity": "1",
    "opacity_hover": "1",
    "colors": ("#0b5cab", "#8a4b00", "#13653f", "#a3141b"),
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "title_font_size": 18,
    "label_font_size": 13,
    "major_label_font_size": 13,
    "value_font_size": 13,
    "value_label_font_size": 13,
    "tooltip_font_size": 13,
    "transition": "0ms",
}


@cache
def _styles() -> dict[str, Style]:
    from pygal.style import Style

    return {
        "STYLE": Style(**_STYLE),
        "SPARKLINE_STYLE": Style(
            **{
                **_STYLE,
                "background": "transparent",
                "plot_background": "transparent",
                "stroke_width": 3,
                "stroke_width_hover": 3,
            }
        ),
        # Values printed inside the element bars: white on the bar colour.
        "BAR_STYLE": Style(**{**_STYLE, "value_colors": ("#ffffff",), "value_font_size": 14}),
    }


def __getattr__(name: str) -> Any:
    """``STYLE``, ``SPARKLINE_STYLE`` and ``BAR_STYLE`` are built (with pygal) when first asked."""
    if name in ("STYLE", "SPARKLINE_STYLE", "BAR_STYLE"):
        return _styles()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _without_scripts(chart: Graph) -> str:
    return ElementTree.tostring(_tree(chart), encoding="unicode")


def _tree(chart: Graph) -> ElementTree.Element:
    from pygal.etree import etree

    etree.to_etree()  # not lxml's tree, even when python-docx brings lxml
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}script", "script"):
                parent.remove(child)
    return root


def _config(**extra: object) -> dict[str, object]:
    return {
        "style": _styles()["STYLE"],
        "js": [],
        "disable_xml_declaration": True,
        "show_legend": False,
        # Axis labels are thresholds or whole numbers; printed values keep two decimals.
        "value_formatter": lambda value: number(value),
        "formatter": lambda value: number(value),
        **extra,
    }


def _ikm_range(values: Sequence[float | None]) -> tuple[float, float]:
    present = [v for v in values if v is not None]
    low = min(present, default=25.0)
    # Start a little below the lowest point, on a multiple of 5, never below the scale's 25.
    return max(25.0, math.floor((low - 5) / 5) * 5), 100.0


# Grade boundaries on the 25–100 scale, drawn as guide lines: D below 65, A from 88,31.
GRADE_LINES = (65.0, 76.61, 88.31)


def _guides(low: float, high: float) -> list[float]:
    return [low, *(line for line in GRADE_LINES if low < line < high), high]


def _sparkline_range(values: Sequence[float | None]) -> tuple[float, float]:
    """The data's own range, but never narrower than 10 points: small noise stays small."""
    present = [v for v in values if v is not None] or [75.0]
    middle = (min(present) + max(present)) / 2
    half = max(5.0, (max(present) - min(present)) / 2 + 1)
    low, high = max(25.0, middle - half), min(100.0, middle + half)
    return low, max(high, low + 1)


def sparkline_svg(values: Sequence[float | None]) -> str:
    """A small IKM trend line without axes or text, for the units table."""
    import pygal

    chart = pygal.Line(
        **_config(
            width=120,
            height=32,
            range=_sparkline_range(values),
            show_dots=False,
            style=_styles()["SPARKLINE_STYLE"],
            allow_interruptions=True,
        )
    )
    chart.add("IKM", list(values))
    root = chart.render_sparkline(width=120, height=32)
    return _strip_script_text(root.decode() if isinstance(root, bytes) else root)


def _strip_script_text(svg: str) -> str:
    """render_sparkline returns text: drop the <script> element from it."""
    start = svg.find("<script")
    if start == -1:
        return svg
    end = svg.find("</script>", start) + len("</script>")
    return svg[:start] + svg[end:]


def trend_svg(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    flat: bool = False,
    width: int = WIDTH,
) -> str:
    """IKM per period as a line, 25–100 scale, with the grade A and B thresholds as guides;
    ``flat``: without a stylesheet (``flat_svg``), to draw inline on a public page. Narrower
    than the full width, it names four periods or, of more, three (what fits a phone) and
    prints the values only when they are few."""
    import pygal

    narrow = width < WIDTH
    every = math.ceil(len(labels) / 3) if narrow and len(labels) > 4 else 1
    chart = pygal.Line(
        **_config(
            title=title,
            width=width,
            height=280 if narrow else 320,
            range=_ikm_range(values),
            y_labels=_guides(*_ikm_range(values)),
            show_y_guides=True,
            dots_size=4,
            print_values=not narrow or len(labels) <= 4,
            allow_interruptions=True,
            x_label_rotation=0,
            x_labels_major_every=every,
            show_minor_x_labels=every == 1,
            truncate_label=-1,
            margin=16 if not narrow else 8,
            margin_right=48,
        )
    )
    chart.x_labels = list(labels)
    chart.add("IKM", list(values))
    return flat_svg(chart, title) if flat else _without_scripts(chart)


def elements_svg(
    title: str, labels: Sequence[str], scores: Sequence[float | None], width: int = WIDTH
) -> str:
    """Element scores (NRR × 25) as horizontal bars from the scale's floor of 25."""
    import pygal

    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            width=width,
            height=60 + 34 * max(1, len(labels)),
            range=(25, 100),
            zero=25,
            y_labels=_guides(25.0, 100.0),
            print_values=True,
            style=_styles()["BAR_STYLE"],
            truncate_label=-1,
            margin=16,
            margin_left=LABEL_SLACK if width == WIDTH else 16,
        )
    )
    # pygal draws the first bar at the bottom: reverse so the list reads top-down.
    chart.x_labels = list(reversed(labels))
    chart.add("NRR × 25", list(reversed(scores)))
    return _without_scripts(chart)


def nrr_bars_svg(
    title: str,
    bars: Sequence[tuple[str, float | None, str | None]],
    value_places: int = 4,
    width: int = WIDTH,
    *,
    document: bool = False,
) -> str:
    """The elements' NRR (1–4 scale) as horizontal bars in the colour of their grade.

    ``bars`` are (label, NRR or None, grade letter or None), drawn top-down in that order;
    a missing NRR draws no bar. Flattened (see ``flat_svg``): for the printable report, the
    public page and the PDF alike. ``document``: for the PDF, which draws the labels in
    DejaVu Sans: their column is as wide as they measure in it, where a browser (which may
    fall back to a wider font) gets pygal's guess and some slack.
    """
    import pygal

    labels = [label for label, _value, _grade in bars]
    if document:
        margin_left = _measured_margin(labels, _document_style().label_font_size)
    else:
        margin_left = LABEL_SLACK if width == WIDTH else 16
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            width=width,
            height=70 + 34 * max(1, len(bars)),
            range=(0, 4),
            y_labels=[0, 1, 2, 3, 4],
            show_y_guides=True,
            print_values=True,
            style=_document_style(),
            truncate_label=-1,
            margin=16,
            margin_left=margin_left,
            # The scale's whole numbers below, each bar's NRR printed in it.
            value_formatter=lambda value: number(value, 0),
            formatter=lambda value: number(value, value_places),
        )
    )
    chart.x_labels = list(reversed(labels))
    chart.add(
        "NRR",
        [
            None
            if value is None
            else {"value": value, "color": GRADE_COLOURS.get(grade or "", NO_GRADE_COLOUR)}
            for _label, value, grade in reversed(bars)
        ],
    )
    return flat_svg(chart, title)


def _measured_margin(labels: Sequence[str], size: float) -> float:
    """The left margin that makes pygal's label column as wide as the longest label measures
    in DejaVu Sans: pygal reserves 0.6 of the font size a character (for the longest element
    name 328 px, for its 315 px), and the margin takes back what it guessed too much."""
    from pygal.util import text_len

    from surveys.reporting.chart_png import text_width

    guessed = text_len(max(map(len, labels), default=0), size)
    measured = max((text_width(label, size) for label in labels), default=0.0)
    return 16 + math.ceil(measured - guessed)


@cache
def _document_style() -> Style:
    from pygal.style import Style

    return Style(
        **{
            **_STYLE,
            "font_family": DOCUMENT_FONT,
            "value_colors": ("#ffffff",),
            "title_font_size": 16,
            "guide_stroke_color": "#9aa3af",
            "major_guide_stroke_color": "#4b5563",
        }
    )


def flat_svg(chart: Graph, title: str) -> str:
    """The chart without <style> or <script>, its styles as attributes (see app.chart_flat)."""
    from app.chart_flat import flatten

    return flatten(_tree(chart), title)
