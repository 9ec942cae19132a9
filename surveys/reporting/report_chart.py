"""A horizontal bar chart of the elements' NRR as SVG, for the report and the public page.

Pure string building with presentation attributes only (the CSP blocks inline styles);
every text is escaped. Colours match the grade badges of static/suara.css.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

GRADE_COLOURS = {"A": "#13653f", "B": "#1f6f8b", "C": "#8a4b00", "D": "#a3141b"}
NO_GRADE_COLOUR = "#9aa3af"


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "U1 Persyaratan", already translated
    value: Decimal | None  # NRR on the 1–4 scale
    value_text: str  # how the value is written next to the bar ("3,62")
    grade: str | None


def element_bars_svg(
    bars: Sequence[Bar], title: str, *, width: int = 640, label_width: int = 250
) -> str:
    """Bars from 0 to 4 with gridlines at 1–4; a missing value draws no bar but says "–"."""
    row, top, bottom = 30, 10, 26
    height = top + row * len(bars) + bottom
    plot_left, plot_right = label_width, width - 52
    scale = (plot_right - plot_left) / 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, Verdana, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    axis_y = top + row * len(bars)
    for tick in range(5):
        x = plot_left + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" '
            'stroke="#d0d5dd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle" fill="#4b5563">{tick}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        middle = y + row / 2 + 4
        parts.append(
            f'<text x="{plot_left - 8}" y="{middle:.1f}" text-anchor="end" fill="#1b1f24">'
            f"{escape(_shorten(bar.label, label_width))}</text>"
        )
        if bar.value is not None:
            length = float(bar.value) * scale
            colour = GRADE_COLOURS.get(bar.grade or "", NO_GRADE_COLOUR)
            parts.append(
                f'<rect x="{plot_left}" y="{y + 6}" width="{length:.1f}" height="{row - 12}" '
                f'fill="{colour}"/>'
            )
            value_x = plot_left + length + 6
        else:
            value_x = plot_left + 6
        value = escape(bar.value_text)
        parts.append(f'<text x="{value_x:.1f}" y="{middle:.1f}" fill="#1b1f24">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _shorten(label: str, label_width: int) -> str:
    # About 8 px per character at 13 px: cut long official names instead of overlapping bars.
    limit = max(label_width // 8, 8)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
