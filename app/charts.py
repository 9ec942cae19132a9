"""Server-rendered SVG charts (pygal), served as images.

pygal writes a <style> and a config <script> into every chart; the script is removed here,
and the charts are served as separate ``image/svg+xml`` responses shown through <img>: an
SVG loaded as an image never runs scripts, and its own response may allow its inline
<style> without loosening the pages' strict CSP. Every chart on a page also has a data
table with the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from app.formatting import number

SVG_NS = "http://www.w3.org/2000/svg"
# The chart's own response: its inline <style> may apply, nothing may load or run.
CHART_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "cache-control": "private, max-age=300",
}
GRADE_COLOURS = {"A": "#13653f", "B": "#1f6f8b", "C": "#8a4b00", "D": "#a3141b"}

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4b5563",
    opacity="1",
    opacity_hover="1",
    colors=("#0b5cab", "#8a4b00", "#13653f", "#a3141b"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    tooltip_font_size=13,
    transition="0ms",
)


SPARKLINE_STYLE = Style(
    **{
        **STYLE.to_dict(),
        "background": "transparent",
        "plot_background": "transparent",
        "stroke_width": 3,
        "stroke_width_hover": 3,
    }
)


# Values printed inside the element bars: white on the bar colour.
BAR_STYLE = Style(**{**STYLE.to_dict(), "value_colors": ("#ffffff",), "value_font_size": 14})


def _without_scripts(chart: pygal.graph.graph.Graph) -> str:
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}script", "script"):
                parent.remove(child)
    return ElementTree.tostring(root, encoding="unicode")


def _config(**extra: object) -> dict[str, object]:
    return {
        "style": STYLE,
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
    chart = pygal.Line(
        **_config(
            width=120,
            height=32,
            range=_sparkline_range(values),
            show_dots=False,
            style=SPARKLINE_STYLE,
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


def trend_svg(title: str, labels: Sequence[str], values: Sequence[float | None]) -> str:
    """IKM per period as a line, 25–100 scale, with the grade A and B thresholds as guides."""
    chart = pygal.Line(
        **_config(
            title=title,
            width=760,
            height=320,
            range=_ikm_range(values),
            y_labels=_guides(*_ikm_range(values)),
            show_y_guides=True,
            dots_size=4,
            print_values=True,
            allow_interruptions=True,
            x_label_rotation=0,
            truncate_label=-1,
            margin=16,
            margin_right=48,
        )
    )
    chart.x_labels = list(labels)
    chart.add("IKM", list(values))
    return _without_scripts(chart)


def elements_svg(title: str, labels: Sequence[str], scores: Sequence[float | None]) -> str:
    """Element scores (NRR × 25) as horizontal bars from the scale's floor of 25."""
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            width=760,
            height=60 + 34 * max(1, len(labels)),
            range=(25, 100),
            zero=25,
            y_labels=_guides(25.0, 100.0),
            print_values=True,
            style=BAR_STYLE,
            truncate_label=-1,
            margin=16,
        )
    )
    # pygal draws the first bar at the bottom: reverse so the list reads top-down.
    chart.x_labels = list(reversed(labels))
    chart.add("NRR × 25", list(reversed(scores)))
    return _without_scripts(chart)
