"""Layout primitives for the PDF report: the A4 document, headings, paragraphs, tables,
the IKM box and the charts, drawn with fpdf2 (pure Python, no system libraries).

DejaVu Sans is bundled (surveys/fonts) so any text a citizen writes renders; an SVG chart
naming it as its font is drawn in it too. The charts come from the caller as SVG (the web
layer draws them, for the screen and the PDF alike) and are embedded as vector drawings.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from surveys.method.elements import N_
from surveys.reporting.report import Report
from surveys.reporting.report_sections import ReportSections
from surveys.reporting.sentences import english_like_plural

# fontTools logs every font subsetting step at INFO: one line per table, per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu Sans"
BRAND = (11, 92, 171)
HEADING_FILL = (230, 238, 248)
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def indonesian_number(value: Decimal, places: int) -> str:
    """91.48 → "91,48"; 1234 → "1.234" (the default when the caller gives no formatter)."""
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Document(FPDF):
    def __init__(self, footer_text: str, page_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.page_label = page_label
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        if self.page_no() == 1:
            return  # the cover
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


class Layout(ReportSections):
    """Drawing primitives on an A4 PDF, in the caller's language and number style."""

    def __init__(
        self,
        report: Report,
        gettext: Callable[[str], str],
        number: Callable[[Decimal, int], str],
        day: Callable[[date], str],
        ngettext: Callable[[str, str, int], str] = english_like_plural,
    ) -> None:
        super().__init__(report, gettext, number, day, ngettext)
        self.pdf = Document(
            f"{report.source.unit_name} · {self.period_text}",
            gettext(N_("Halaman %(page)s")),
        )

    # --- primitives --------------------------------------------------------------------

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

    # --- sections ------------------------------------------------------------------------

    def ikm_box(self, ikm: Decimal, letter: str, label: str) -> None:
        pdf = self.pdf
        width, height = 90, 36
        x, y = (pdf.w - width) / 2, pdf.get_y()
        pdf.set_draw_color(*BRAND)
        pdf.set_line_width(0.6)
        pdf.rect(x, y, width, height)
        pdf.set_xy(x, y + 3)
        pdf.set_font(FONT, size=10)
        pdf.cell(width, 6, self._(N_("Indeks Kepuasan Masyarakat")), align="C")
        pdf.set_xy(x, y + 10)
        pdf.set_font(FONT, "B", 24)
        pdf.cell(width, 12, self.num(ikm, 2), align="C")
        pdf.set_xy(x, y + 24)
        pdf.set_font(FONT, size=11)
        pdf.cell(width, 7, self._(N_("Mutu %(grade)s · %(label)s")) % {
            "grade": letter, "label": label
        }, align="C")  # fmt: skip
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_y(y + height + 4)

    def note(self, content: str) -> None:
        self.pdf.set_font(FONT, size=8.5)
        self.pdf.multi_cell(0, 4.5, content, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, size=10)
        self.pdf.ln(2)

    def comment(self, label: str, content: str) -> None:
        self.pdf.set_font(FONT, "B", 8.5)
        self.pdf.multi_cell(0, 4.5, label, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, size=9.5)
        self.pdf.multi_cell(0, 5, content, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def chart(self, svg: str) -> None:
        """An SVG chart across the text width, on the next page unless it fits on this one."""
        pdf = self.pdf
        box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg)
        height = pdf.epw * float(box[2]) / float(box[1]) if box else pdf.epw / 2
        if pdf.will_page_break(height):
            pdf.add_page()
        top = pdf.get_y()
        pdf.image(io.BytesIO(svg.encode()), x=pdf.l_margin, y=top, w=pdf.epw, h=height)
        pdf.set_y(top + height + 4)
