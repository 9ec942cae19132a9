"""The SKM report as an A4 PDF: the cover, the chapters (report_sections.py) and the
approval page, drawn with the primitives of pdf_layout.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from surveys.method.elements import N_
from surveys.reporting import report_text as text
from surveys.reporting.approval import signatories
from surveys.reporting.pdf_layout import BRAND, FONT, Layout, indonesian_date, indonesian_number
from surveys.reporting.report import Report
from surveys.reporting.sentences import english_like_plural


class _Writer(Layout):
    """The report's sections, in order; ``chart_svg`` is the element chart (see Layout.chart)."""

    chart_svg: str | None = None

    def cover(self) -> None:
        pdf, _, source, result = self.pdf, self._, self.report.source, self.report.result
        pdf.add_page()
        pdf.set_y(40)
        pdf.set_font(FONT, "B", 13)
        if source.government:
            pdf.multi_cell(
                0, 7, source.government.upper(), align="C", new_x="LMARGIN", new_y="NEXT"
            )
        pdf.ln(25)
        pdf.set_font(FONT, "B", 20)
        pdf.set_text_color(*BRAND)
        pdf.multi_cell(0, 10, _(text.TITLE).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(8)
        pdf.set_font(FONT, "B", 15)
        pdf.multi_cell(0, 8, source.unit_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font(FONT, size=12)
        period = _("Periode %(period)s") % {"period": self.period_text}
        pdf.multi_cell(0, 7, period, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(20)
        if result.ikm is not None and result.grade is not None:
            self.ikm_box(result.ikm, result.grade.letter, _(result.grade.label))
        pdf.set_y(-50)
        pdf.set_font(FONT, size=10)
        made = _("Disusun %(day)s") % {"day": self.day(source.generated_on)}
        pdf.multi_cell(0, 6, made, align="C", new_x="LMARGIN", new_y="NEXT")

    def element_chart(self) -> None:
        if self.chart_svg:
            self.heading(self._(N_("Grafik NRR per unsur")), keep=80)
            self.chart(self.chart_svg)

    def approval(self) -> None:
        """The approval page: place and date, then who prepared and who approved it."""
        _, pdf, approval = self._, self.pdf, self.report.source.approval
        place_and_date = self.approval_opening()
        pdf.ln(6)
        pdf.multi_cell(0, 6, place_and_date, align="R")
        pdf.ln(6)
        width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
        top = pdf.get_y()
        for column, person in enumerate(signatories(approval)):
            left = pdf.l_margin + column * width
            pdf.set_xy(left, top)
            pdf.set_font(FONT, size=10)
            heading = _(person.role) + (f"\n{person.position}" if person.position else "")
            pdf.multi_cell(width - 4, 5.5, heading, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_xy(left, top + 40)
            pdf.set_font(FONT, "BU", 10)
            pdf.multi_cell(width - 4, 5.5, person.name, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_font(FONT, size=10)
            pdf.multi_cell(
                width - 4,
                5.5,
                f"{_(N_('NIP'))} {person.nip}",
                align="C",
                new_x="LEFT",
                new_y="NEXT",
            )


def render_report_pdf(
    report: Report,
    gettext: Callable[[str], str] = str,
    number: Callable[[Decimal, int], str] = indonesian_number,
    day: Callable[[date], str] = indonesian_date,
    chart_svg: str | None = None,
    ngettext: Callable[[str, str, int], str] = english_like_plural,
) -> bytes:
    """The PDF; ``chart_svg`` is the elements' NRR chart as SVG (app/charts.py draws it)."""
    writer = _Writer(report, gettext, number, day, ngettext)
    writer.chart_svg = chart_svg
    writer.write_pages()
    return bytes(writer.pdf.output())
