"""A4 documents drawn with fpdf2 (pure Python, no system libraries): the bundled font and the
drawing primitives every printed document shares (the SKM report, an event's report).

DejaVu Sans is bundled (``surveys/store/fonts``) so any text a citizen or an officer writes renders,
Indonesian or not; an SVG chart naming it as its font is drawn in it too. Charts come from
the caller as SVG (the web layer draws them, for the screen and the PDF alike) and are
embedded as vector drawings. fpdf2 loads with this module: import it where a PDF is drawn.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.fonts import FontFace

from surveys.store.fonts import FONT_DIR

# fontTools logs every font subsetting step at INFO: one line per table, per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "DejaVu Sans"
BRAND = (11, 92, 171)
HEADING_FILL = (230, 238, 248)
_FONT_SIZE_IN_PX = re.compile(r'font-size="([\d.]+)px"')


class Document(FPDF):
    """An A4 page with the bundled font, and a footer (text left, page number right) on every
    page but a cover."""

    def __init__(self, footer_text: str, page_label: str, *, cover: bool = True) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.page_label = page_label
        self.cover = cover
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        if self.cover and self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        page = self.page_label % {"page": self.page_no()}
        room = self.epw - self.get_string_width(page) - 6
        footer = self.footer_text
        while footer and self.get_string_width(footer) > room:
            footer = footer[:-2]
        if footer != self.footer_text:
            footer = footer.rstrip() + "…"
        self.cell(room, 5, footer, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, page, align="R")
        self.set_text_color(0, 0, 0)


class Page:
    """Drawing primitives on a Document: titles, paragraphs, tables, notes and charts."""

    def __init__(self, pdf: Document) -> None:
        self.pdf = pdf

    def chapter(self, title: str) -> None:
        self.pdf.add_page()
        self.pdf.set_font(FONT, "B", 14)
        self.pdf.set_text_color(*BRAND)
        self.pdf.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(4)

    def heading(self, title: str, keep: float = 30) -> None:
        """A section title, moved to the next page unless ``keep`` mm fit below it."""
        if self.pdf.will_page_break(keep):
            self.pdf.add_page()
        self.pdf.ln(2)
        self.pdf.set_font(FONT, "B", 11)
        self.pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, size=10)
        self.pdf.ln(1)

    def paragraph(self, content: str) -> None:
        self.pdf.set_font(FONT, size=10)
        self.pdf.multi_cell(0, 5.2, content, align="J", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def numbered(self, items: Sequence[str]) -> None:
        for index, item in enumerate(items, start=1):
            self.pdf.set_x(self.pdf.l_margin)
            self.pdf.cell(8, 5.2, f"{index}.")
            self.pdf.multi_cell(0, 5.2, item, align="J", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str],
        size: float = 9,
    ) -> None:
        self.pdf.set_font(FONT, size=size)
        # Keep a short table on one page; long ones break and repeat their header.
        if len(rows) < 20 and self.pdf.will_page_break((len(rows) + 1) * (size * 0.5 + 2.4) + 4):
            self.pdf.add_page()
        self.pdf.set_fill_color(255, 255, 255)
        style = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with self.pdf.table(
            col_widths=tuple(widths),
            text_align=tuple(align),
            line_height=size * 0.5,
            headings_style=style,
            padding=1,
        ) as table:
            for values in (header, *rows):
                row = table.row()
                for value in values:
                    row.cell(value)
        self.pdf.ln(3)
        self.pdf.set_font(FONT, size=10)

    def note(self, content: str) -> None:
        """A small-print remark under a table."""
        self.pdf.set_font(FONT, size=8.5)
        self.pdf.multi_cell(0, 4.5, content, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, size=10)
        self.pdf.ln(2)

    def comment(self, label: str, content: str) -> None:
        """A quoted text under its label (a date, a service)."""
        self.pdf.set_font(FONT, "B", 8.5)
        self.pdf.multi_cell(0, 4.5, label, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, size=9.5)
        self.pdf.multi_cell(0, 5, content, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def chart(self, svg: str) -> None:
        """An SVG chart across the text width, on the next page unless it fits on this one.

        Its texts are drawn at the size they were laid out for: fpdf2 reads a length in px as
        0.75 pt and pt as the drawing's own unit, so "13px" would print at three quarters of
        the chart's 13.
        """
        # str(): a Markup's own sub() would escape the replacement's quotes.
        svg = _FONT_SIZE_IN_PX.sub(r'font-size="\1"', str(svg))
        pdf = self.pdf
        box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg)
        height = pdf.epw * float(box[2]) / float(box[1]) if box else pdf.epw / 2
        if pdf.will_page_break(height):
            pdf.add_page()
        top = pdf.get_y()
        pdf.image(io.BytesIO(svg.encode()), x=pdf.l_margin, y=top, w=pdf.epw, h=height)
        pdf.set_y(top + height + 4)
