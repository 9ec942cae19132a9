"""The elements' NRR bars as a PNG, for documents that take no SVG (Word).

Drawn with Pillow (already there for fpdf2; no system library) in the bundled DejaVu
font. Labels that do not fit their column wrap onto more lines instead of being cut.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from surveys.store.fonts import FONT_DIR

GRADE_COLOURS = {"A": "#13653f", "B": "#1f6f8b", "C": "#8a4b00", "D": "#a3141b"}
NO_GRADE_COLOUR = "#9aa3af"
_FONTS = FONT_DIR
WIDTH = 1600
LABEL_WIDTH = 640
ROW = 64
TOP = 90
BOTTOM = 60
PAD = 24


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` in lines that each fit (a single word too long for a line stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def nrr_bars_png(
    title: str,
    bars: Sequence[tuple[str, float | None, str | None]],
    value_text: Callable[[float], str],
) -> bytes:
    """(label, NRR 1–4 or None, grade letter) bars, top-down, on a 0–4 scale."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_FONTS / "DejaVuSans.ttf"), 26)
    bold = ImageFont.truetype(str(_FONTS / "DejaVuSans-Bold.ttf"), 30)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def fits(line: str) -> bool:
        return probe.textlength(line, font=font) <= LABEL_WIDTH - PAD

    labels = [wrap(label, fits) for label, _value, _grade in bars]
    heights = [max(ROW, 32 * len(lines) + 16) for lines in labels]
    image = Image.new("RGB", (WIDTH, TOP + sum(heights) + BOTTOM), "white")
    draw = ImageDraw.Draw(image)
    draw.text((PAD, 24), title, font=bold, fill="#1b1f24")
    left, right = LABEL_WIDTH, WIDTH - PAD
    scale = (right - left) / 4
    bottom = TOP + sum(heights)
    for tick in range(5):
        x = left + tick * scale
        draw.line([(x, TOP - 8), (x, bottom)], fill="#d0d5dd", width=2)
        draw.text((x - 8, bottom + 10), str(tick), font=font, fill="#4b5563")
    y = TOP
    for (_label, value, grade), lines, height in zip(bars, labels, heights, strict=True):
        block = 32 * len(lines)
        for index, line in enumerate(lines):
            draw.text((PAD, y + (height - block) / 2 + 32 * index), line, font=font, fill="#1b1f24")
        if value is not None:
            colour = GRADE_COLOURS.get(grade or "", NO_GRADE_COLOUR)
            end = left + value * scale
            draw.rectangle([(left, y + 10), (end, y + height - 10)], fill=colour)
            text = value_text(value)
            width = draw.textlength(text, font=font)
            draw.text((end - width - 10, y + height / 2 - 15), text, font=font, fill="white")
        y += height
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
