"""The SKM report as an editable Word document (.docx) that offices finish and sign.

The same chapters as the PDF (report_sections.py) through python-docx primitives, the
cover, the element chart as a PNG (chart_png.py; its numbers are also in the ranked
table of 3.3) and the approval page. python-docx loads with the first document.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from surveys.method.elements import N_
from surveys.reporting import report_text as text
from surveys.reporting.approval import signatories
from surveys.reporting.chart_png import nrr_bars_png
from surveys.reporting.report import Report
from surveys.reporting.report_sections import ReportSections

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ALIGN = {"LEFT": 0, "CENTER": 1, "RIGHT": 2}  # WD_ALIGN_PARAGRAPH values
BRAND = "0B5CAB"


class _DocxWriter(ReportSections):
    def __init__(
        self,
        report: Report,
        gettext: Callable[[str], str],
        number: Callable[[Decimal, int], str],
        day: Callable[[date], str],
        ngettext: Callable[[str, str, int], str],
    ) -> None:
        from docx import Document
        from docx.shared import Cm, Pt

        super().__init__(report, gettext, number, day, ngettext)
        self.doc: Any = Document()
        self.pt, self.cm = Pt, Cm
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        self._chapters = 0

    # --- primitives ---------------------------------------------------------------------

    def _centred(self, content: str, size: float, bold: bool = False) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = _ALIGN["CENTER"]
        run = paragraph.add_run(content)
        run.bold = bold
        run.font.size = self.pt(size)

    def chapter(self, title: str) -> None:
        self.doc.add_page_break()
        heading = self.doc.add_heading(level=1)
        heading.alignment = _ALIGN["CENTER"]
        for index, line in enumerate(title.split("\n")):
            run = heading.add_run(line)
            if index < len(title.split("\n")) - 1:
                run.add_break()

    def heading(self, title: str, keep: float = 30) -> None:
        self.doc.add_heading(title, level=2)

    def paragraph(self, content: str) -> None:
        self.doc.add_paragraph(content).alignment = 3  # justified

    def numbered(self, items: Sequence[str]) -> None:
        # Numbers written out: Word's list numbering would run on from one list to the next.
        for index, item in enumerate(items, start=1):
            paragraph = self.doc.add_paragraph(f"{index}.\t{item}")
            paragraph.paragraph_format.left_indent = self.cm(0.8)
            paragraph.paragraph_format.first_line_indent = self.cm(-0.8)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str],
        size: float = 9,
    ) -> None:
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        total = sum(widths)
        for row_index, values in enumerate((header, *rows)):
            cells = table.rows[row_index].cells
            for column, value in enumerate(values):
                cell = cells[column]
                cell.width = self.cm(16 * widths[column] / total)
                paragraph = cell.paragraphs[0]
                paragraph.alignment = _ALIGN.get(align[column], 0)
                run = paragraph.add_run(str(value))
                run.font.size = self.pt(size + 1)
                run.bold = row_index == 0
        self.doc.add_paragraph()

    def ikm_box(self, ikm: Decimal, letter: str, label: str) -> None:
        box = self.doc.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        cell = box.rows[0].cells[0]
        lines = (
            (self._(N_("Indeks Kepuasan Masyarakat")), 11, False),
            (self.num(ikm, 2), 28, True),
            (
                self._(N_("Mutu %(grade)s · %(label)s")) % {"grade": letter, "label": label},
                12,
                False,
            ),
        )
        for index, (content, size, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = _ALIGN["CENTER"]
            run = paragraph.add_run(content)
            run.font.size, run.bold = self.pt(size), bold
        self.doc.add_paragraph()

    def note(self, content: str) -> None:
        self.doc.add_paragraph().add_run(content).font.size = self.pt(8.5)

    def comment(self, label: str, content: str) -> None:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(label)
        run.bold, run.font.size = True, self.pt(9)
        paragraph.add_run().add_break()
        paragraph.add_run(content)

    def element_chart(self) -> None:
        bars = [
            (
                self.element(e.code),
                None if e.nrr is None else float(e.nrr),
                None if e.grade is None else e.grade.letter,
            )
            for e in self.report.result.elements
        ]
        if all(value is None for _label, value, _grade in bars):
            return
        self.heading(self._(N_("Grafik NRR per unsur")))
        title = self._(N_("Nilai rata-rata (NRR) per unsur"))
        png = nrr_bars_png(title, bars, lambda value: self.num(Decimal(str(value)), 4))
        self.doc.add_picture(io.BytesIO(png), width=self.cm(16))

    # --- the pages of their own -----------------------------------------------------------

    def cover(self) -> None:
        _, source, result = self._, self.report.source, self.report.result
        for _blank in range(3):
            self.doc.add_paragraph()
        if source.government:
            self._centred(source.government.upper(), 14, bold=True)
        self.doc.add_paragraph()
        self._centred(_(text.TITLE).upper(), 20, bold=True)
        self._centred(source.unit_name, 16, bold=True)
        self._centred(_(N_("Periode %(period)s")) % {"period": self.period_text}, 12)
        self.doc.add_paragraph()
        if result.ikm is not None and result.grade is not None:
            self.ikm_box(result.ikm, result.grade.letter, _(result.grade.label))
        self._centred(_(N_("Disusun %(day)s")) % {"day": self.day(source.generated_on)}, 10)

    def approval(self) -> None:
        _, approval = self._, self.report.source.approval
        place_and_date = self.approval_opening()
        self.doc.add_paragraph(place_and_date).alignment = _ALIGN["RIGHT"]
        people = signatories(approval)
        grid = self.doc.add_table(rows=1, cols=len(people))
        for cell, person in zip(grid.rows[0].cells, people, strict=True):
            first = cell.paragraphs[0]
            first.alignment = _ALIGN["CENTER"]
            first.add_run(_(person.role))
            if person.position:
                first.add_run().add_break()
                first.add_run(person.position)
            for _space in range(4):
                cell.add_paragraph()
            name = cell.add_paragraph()
            name.alignment = _ALIGN["CENTER"]
            run = name.add_run(person.name)
            run.bold = run.underline = True
            nip = cell.add_paragraph(f"{_(N_('NIP'))} {person.nip}")
            nip.alignment = _ALIGN["CENTER"]

    def saved(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def render_report_docx(
    report: Report,
    gettext: Callable[[str], str] = str,
    number: Callable[[Decimal, int], str] | None = None,
    day: Callable[[date], str] | None = None,
    ngettext: Callable[[str, str, int], str] | None = None,
) -> bytes:
    """The report as .docx bytes, in the language of ``gettext``."""
    from surveys.reporting.pdf_layout import indonesian_date, indonesian_number
    from surveys.reporting.sentences import english_like_plural

    writer = _DocxWriter(
        report,
        gettext,
        number or indonesian_number,
        day or indonesian_date,
        ngettext or english_like_plural,
    )
    writer.write_pages()
    return writer.saved()
