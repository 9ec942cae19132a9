"""The elements' NRR bars as a PNG, for documents that take no SVG (Word).

Drawn with Pillow (already there for fpdf2; no system library) in the bundled DejaVu
font. The chart is laid out first (``layout``: every text with the box it will cover),
then drawn, so a test can check in the chart's own terms that each label fits its space:
a label wraps onto more lines (a word too long for a line is broken), and a value too
wide for its bar is written after the bar instead of over the labels.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from surveys.store.fonts import FONT_DIR

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

GRADE_COLOURS = {"A": "#13653f", "B": "#1f6f8b", "C": "#8a4b00", "D": "#a3141b"}
NO_GRADE_COLOUR = "#9aa3af"
INK = "#1b1f24"
_FONTS = FONT_DIR
# Pixels of a 16 cm wide picture in the .docx: 1 px is 0.1 mm, the 30 px text about 8.5 pt.
WIDTH = 1600
LABEL_WIDTH = 640  # the label column, from the left edge to the bars' zero
FONT_SIZE = 30
TITLE_SIZE = 32
LINE = 38
ROW = 70
PAD = 24
TOP_GAP = 24  # between the title and the first bar
BOTTOM = 70  # the scale's numbers under the bars
VALUE_PAD = 10  # a value's distance from the end of its bar


@dataclass(frozen=True)
class Text:
    text: str
    xy: tuple[float, float]  # top-left, as Pillow's draw.text takes it
    box: tuple[float, float, float, float]  # left, top, right, bottom as drawn
    bold: bool = False
    fill: str = INK
    role: str = "label"  # title, label, value, tick


@dataclass(frozen=True)
class Bar:
    box: tuple[float, float, float, float]
    colour: str


@dataclass(frozen=True)
class Layout:
    size: tuple[int, int]
    label_column: tuple[float, float]  # where labels may stand: left, right
    plot: tuple[float, float]  # the 0 and 4 of the scale
    texts: list[Text]
    bars: list[Bar]
    gridlines: list[tuple[float, float, float]]  # x, top, bottom


@cache
def _font(bold: bool) -> FreeTypeFont:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(_FONTS / name), TITLE_SIZE if bold else FONT_SIZE)


def text_width(text: str, size: float) -> float:
    """``text``'s width in DejaVu Sans (regular) at ``size`` pixels: what the PDF draws a
    chart's label in, measured as this chart measures its own."""
    return _font(False).getlength(text) * size / FONT_SIZE


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` in lines that each fit; a word too long for a line is broken where it must."""
    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while not fits(word) and len(word) > 1:
            cut = max((n for n in range(1, len(word)) if fits(word[:n] + "-")), default=1)
            lines.append(word[:cut] + "-")
            word = word[cut:]
        lines.append(word)
    return lines or [""]


def layout(
    title: str,
    bars: Sequence[tuple[str, float | None, str | None]],
    value_text: Callable[[float], str],
) -> Layout:
    """Where everything of ``nrr_bars_png`` goes (see there), each text with its box."""
    font, bold = _font(False), _font(True)

    def box(
        xy: tuple[float, float], text: str, face: FreeTypeFont
    ) -> tuple[float, float, float, float]:
        left, top, right, bottom = face.getbbox(text)
        return (xy[0] + left, xy[1] + top, xy[0] + right, xy[1] + bottom)

    texts: list[Text] = []
    label_column = (float(PAD), float(LABEL_WIDTH - PAD))
    room = label_column[1] - label_column[0]
    y = float(PAD)
    for line in wrap(title, lambda line: bold.getlength(line) <= WIDTH - 2 * PAD):
        texts.append(Text(line, (PAD, y), box((PAD, y), line, bold), bold=True, role="title"))
        y += TITLE_SIZE + 10
    top = y + TOP_GAP
    left, right = float(LABEL_WIDTH), float(WIDTH - PAD)
    scale = (right - left) / 4
    y = top
    drawn: list[Bar] = []
    for label, value, grade in bars:
        lines = wrap(label, lambda line: font.getlength(line) <= room)
        height = max(ROW, LINE * len(lines) + 20)
        first = y + (height - LINE * len(lines)) / 2
        for index, line in enumerate(lines):
            xy = (label_column[0], first + LINE * index)
            texts.append(Text(line, xy, box(xy, line, font)))
        if value is not None:
            end = left + max(0.0, min(value, 4.0)) * scale
            colour = GRADE_COLOURS.get(grade or "", NO_GRADE_COLOUR)
            drawn.append(Bar((left, y + 10, end, y + height - 10), colour))
            text = value_text(value)
            width = font.getlength(text)
            inside = end - left >= width + 2 * VALUE_PAD
            x = end - width - VALUE_PAD if inside else end + VALUE_PAD
            xy = (x, y + (height - FONT_SIZE) / 2 - 3)
            fill = "#ffffff" if inside else INK
            texts.append(Text(text, xy, box(xy, text, font), fill=fill, role="value"))
        y += height
    bottom = y
    gridlines = []
    for tick in range(5):
        x = left + tick * scale
        gridlines.append((x, top - 8, bottom))
        xy = (x - font.getlength(str(tick)) / 2, bottom + 12)
        texts.append(Text(str(tick), xy, box(xy, str(tick), font), fill="#4b5563", role="tick"))
    size = (WIDTH, int(bottom + BOTTOM))
    return Layout(size, label_column, (left, right), texts, drawn, gridlines)


def nrr_bars_png(
    title: str,
    bars: Sequence[tuple[str, float | None, str | None]],
    value_text: Callable[[float], str],
) -> bytes:
    """(label, NRR 1–4 or None, grade letter) bars, top-down, on a 0–4 scale."""
    from PIL import Image, ImageDraw

    placed = layout(title, bars, value_text)
    image = Image.new("RGB", placed.size, "white")
    draw = ImageDraw.Draw(image)
    for x, top, bottom in placed.gridlines:
        draw.line([(x, top), (x, bottom)], fill="#d0d5dd", width=2)
    for bar in placed.bars:
        draw.rectangle(bar.box, fill=bar.colour)
    for text in placed.texts:
        draw.text(text.xy, text.text, font=_font(text.bold), fill=text.fill)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
