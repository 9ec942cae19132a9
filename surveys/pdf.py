"""The SKM report as an A4 PDF, drawn with fpdf2 (pure Python, no system libraries).

DejaVu Sans is bundled (surveys/fonts) so any text a citizen writes renders. Texts are
message ids passed through the caller's ``gettext``; numbers and dates through the
caller's formatters, so the PDF reads like the HTML report in the same language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from surveys import report_text as text
from surveys.elements import ELEMENTS_BY_CODE, N_
from surveys.followups import STATUS_LABELS
from surveys.report import Report, render_sentence
from surveys.report_chart import GRADE_COLOURS, NO_GRADE_COLOUR
from surveys.scoring import ELEMENT_CODES

PDF_MEDIA_TYPE = "application/pdf"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
BRAND = (11, 92, 171)
HEADING_FILL = (230, 238, 248)
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
CHANNELS = {
    "qr": N_("Kode QR di titik layanan"),
    "kiosk": N_("Kios"),
    "forum": N_("Kode QR di forum"),
    "forum_paper": N_("Formulir kertas forum"),
    "forum_tally": N_("Rekap forum"),
    "import": N_("Impor data"),
}


def indonesian_number(value: Decimal, places: int) -> str:
    """91.48 → "91,48"; 1234 → "1.234" (the default when the caller gives no formatter)."""
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Document(FPDF):
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


class _Writer:
    """Report sections on a document, in the caller's language and number style."""

    def __init__(
        self,
        report: Report,
        gettext: Callable[[str], str],
        number: Callable[[Decimal, int], str],
        day: Callable[[date], str],
    ) -> None:
        self.report = report
        self._ = gettext
        self.number = number
        self.day = day
        source = report.source
        self.period_text = f"{day(source.period.start)} – {day(source.period.end)}"
        self.pdf = _Document(
            f"{source.unit_name} · {self.period_text}",
            gettext(N_("Halaman %(page)s")),
        )

    # --- primitives --------------------------------------------------------------------

    def num(self, value: Decimal | int | None, places: int) -> str:
        return "–" if value is None else self.number(Decimal(value), places)

    def say(self, sentence) -> str:
        return render_sentence(sentence, self._, self.number, self.day)

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
            self._ikm_box(result.ikm, result.grade.letter, _(result.grade.label))
        pdf.set_y(-50)
        pdf.set_font(FONT, size=10)
        made = _("Disusun %(day)s") % {"day": self.day(source.generated_on)}
        pdf.multi_cell(0, 6, made, align="C", new_x="LMARGIN", new_y="NEXT")

    def _ikm_box(self, ikm: Decimal, letter: str, label: str) -> None:
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

    def introduction(self) -> None:
        _, source = self._, self.report.source
        self.chapter(_(N_("BAB I\nPENDAHULUAN")))
        self.heading(_(N_("1.1 Latar Belakang")))
        for paragraph in text.BACKGROUND:
            self.paragraph(_(paragraph))
        self.heading(_(N_("1.2 Dasar Hukum")))
        self.numbered([_(item) for item in text.LEGAL_BASIS])
        self.heading(_(N_("1.3 Maksud dan Tujuan")))
        self.paragraph(_(text.PURPOSE) % {"unit": source.unit_name})
        self.paragraph(_(N_("Tujuan survei ini adalah:")))
        self.numbered([_(goal) for goal in text.GOALS])

    def methodology(self) -> None:
        _, report, source = self._, self.report, self.report.source
        self.chapter(_(N_("BAB II\nMETODOLOGI")))
        self.heading(_(N_("2.1 Periode Survei")))
        self.paragraph(
            _(text.PERIOD)
            % {"start": self.day(source.period.start), "end": self.day(source.period.end)}
        )
        self.heading(_(N_("2.2 Metode")))
        self.paragraph(_(text.METHOD))
        self.heading(_(N_("2.3 Jumlah Responden")))
        n = self.num(source.n, 0)
        if report.sample is not None:
            sample = report.sample
            sentence = _(text.SAMPLE_WITH_POPULATION) % {
                "n": n,
                "population": self.num(sample.population, 0),
                "target": self.num(sample.target, 0),
            }
            if sample.met:
                sentence += " " + _(text.SAMPLE_MET)
            else:
                missing = self.num(sample.target - sample.achieved, 0)
                sentence += " " + _(text.SAMPLE_NOT_MET) % {"missing": missing}
            self.paragraph(sentence)
        else:
            self.paragraph(_(text.SAMPLE_WITHOUT_POPULATION) % {"n": n})
        self.heading(_(N_("2.4 Pengumpulan Data")))
        self.paragraph(_(text.COLLECTION))
        rows = [
            [_(CHANNELS.get(channel, channel)), self.num(count, 0)]
            for channel, count in source.channels.items()
        ] or [[_(N_("Belum ada responden")), "0"]]
        self.table([_(N_("Cara pengisian")), _(N_("Responden"))], rows, (3, 1), ("LEFT", "RIGHT"))
        self.heading(_(N_("2.5 Pengolahan Data")))
        for paragraph in text.PROCESSING:
            self.paragraph(_(paragraph))
        if not report.table.equal_weights:
            self.paragraph(_(text.CUSTOM_WEIGHTS))
        self.table(
            [
                _(N_("Nilai persepsi")),
                _(N_("Nilai interval (NI)")),
                _(N_("Nilai interval konversi (IKM)")),
                _(N_("Mutu pelayanan")),
                _(N_("Kinerja unit pelayanan")),
            ],
            [[a, b, c, d, _(e)] for a, b, c, d, e in text.INTERVALS],
            (1.2, 1.6, 1.8, 1.1, 1.6),
            ("CENTER", "CENTER", "CENTER", "CENTER", "LEFT"),
        )

    def results(self) -> None:
        _, report, source = self._, self.report, self.report.source
        self.chapter(_(N_("BAB III\nHASIL SURVEI")))
        self.heading(_(N_("3.1 Profil Responden")))
        for section in report.profile:
            rows = [
                [_(row.label) if row.translate else row.label, self.num(row.count, 0),
                 self.num(row.percent, 2) + (" %" if row.percent is not None else "")]
                for row in section.rows
            ]  # fmt: skip
            self.table(
                [_(section.title), _(N_("Jumlah")), _(N_("Persentase"))],
                rows,
                (3, 1, 1),
                ("LEFT", "RIGHT", "RIGHT"),
            )
        self.heading(_(N_("3.2 Tabel Pengolahan Data")), keep=55)
        self._processing()
        self.heading(_(N_("3.3 Nilai Rata-rata per Unsur (Peringkat)")))
        rows = [
            [str(r.rank), self.element(r.score.code), self.num(r.score.nrr_display and
             Decimal(r.score.nrr_display), 4), self.num(r.score.score, 2),
             r.score.grade.letter if r.score.grade else "–"]
            for r in report.ranked
        ]  # fmt: skip
        self.table(
            [_(N_("Peringkat")), _(N_("Unsur")), "NRR", _(N_("Nilai konversi")), _(N_("Mutu"))],
            rows,
            (0.9, 3.6, 1, 1.2, 0.7),
            ("CENTER", "LEFT", "RIGHT", "RIGHT", "CENTER"),
        )
        self.heading(_(N_("3.4 Indeks Kepuasan Masyarakat")))
        result = report.result
        if result.ikm is not None and result.grade is not None:
            self._ikm_box(result.ikm, result.grade.letter, _(result.grade.label))
        else:
            self.paragraph(_(text.CONCLUSION_NO_DATA))
        if self.pdf.will_page_break(7.5 * len(result.elements) + 25):
            self.pdf.add_page()
        self.heading(_(N_("Grafik NRR per unsur")))
        self._chart()
        self.heading(_(N_("3.5 Kritik dan Saran")))
        if not source.comments:
            self.paragraph(_(text.NO_COMMENTS))
        for comment in source.comments:
            label = self.day(comment.day) + (
                f" · {comment.service_type}" if comment.service_type else ""
            )
            self.pdf.set_font(FONT, "B", 8.5)
            self.pdf.multi_cell(0, 4.5, label, new_x="LMARGIN", new_y="NEXT")
            self.pdf.set_font(FONT, size=9.5)
            self.pdf.multi_cell(0, 5, comment.text, new_x="LMARGIN", new_y="NEXT")
            self.pdf.ln(1.5)
        if report.more_comments:
            self.paragraph(_(text.MORE_COMMENTS) % {"count": self.num(report.more_comments, 0)})

    def element(self, code: str) -> str:
        return f"{code} {self._(ELEMENTS_BY_CODE[code].name)}"

    def _processing(self) -> None:
        _, table = self._, self.report.table
        columns = table.columns
        rows = [
            [_(N_("Σ nilai per unsur")), *(self.num(c.total, 0) for c in columns)],
            [_(N_("Jumlah jawaban")), *(self.num(c.count, 0) for c in columns)],
            [_(N_("NRR per unsur")), *(self.num(c.nrr_display, 4) for c in columns)],
            [_(N_("Bobot")), *(f"{c.weight.numerator}/{c.weight.denominator}" for c in columns)],
            [_(N_("NRR tertimbang")), *(self.num(c.weighted_display, 4) for c in columns)],
        ]
        self.table(
            [_(N_("Unsur")), *ELEMENT_CODES],
            rows,
            (2.6, *([1] * len(ELEMENT_CODES))),
            ("LEFT", *(["RIGHT"] * len(ELEMENT_CODES))),
            size=8,
        )
        result = table.result
        summary = [
            [_(N_("Jumlah responden")), self.num(table.n, 0)],
            [_(N_("IKM (Σ NRR tertimbang, skala 1–4)")), self.num(table.ni_display, 4)],
            [_(N_("IKM unit pelayanan (× 25)")), self.num(result.ikm, 2)],
            [
                _(N_("Mutu dan kinerja")),
                f"{result.grade.letter} · {_(result.grade.label)}" if result.grade else "–",
            ],
        ]
        self.table([_(N_("Hasil")), _(N_("Nilai"))], summary, (3, 1.4), ("LEFT", "RIGHT"))
        self.pdf.set_font(FONT, size=8.5)
        self.pdf.multi_cell(0, 4.5, _(text.ROUNDING_NOTE), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, size=10)
        self.pdf.ln(2)

    def _chart(self) -> None:
        pdf = self.pdf
        elements = self.report.result.elements
        row, label_width = 7.5, 62
        left = pdf.l_margin + label_width
        plot = pdf.w - pdf.r_margin - left - 16
        top = pdf.get_y()
        pdf.set_font(FONT, size=7.5)
        pdf.set_draw_color(208, 213, 221)
        for tick in range(5):
            x = left + plot * tick / 4
            pdf.line(x, top, x, top + row * len(elements))
            pdf.set_xy(x - 5, top + row * len(elements) + 0.5)
            pdf.cell(10, 4, str(tick), align="C")
        pdf.set_font(FONT, size=8.5)
        for index, element in enumerate(elements):
            y = top + index * row
            pdf.set_xy(pdf.l_margin, y + 1.5)
            pdf.cell(label_width - 2, 4.5, self.element(element.code)[:38], align="R")
            if element.nrr is None:
                pdf.set_xy(left + 1, y + 1.5)
                pdf.cell(10, 4.5, "–")
                continue
            value = Decimal(str(element.nrr_display))
            colour = GRADE_COLOURS.get(
                element.grade.letter if element.grade else "", NO_GRADE_COLOUR
            )
            pdf.set_fill_color(*_rgb(colour))
            width = plot * float(value) / 4
            pdf.rect(left, y + 1.2, width, row - 2.4, style="F")
            pdf.set_xy(left + width + 1, y + 1.5)
            pdf.cell(16, 4.5, self.num(value, 4))
        pdf.set_draw_color(0, 0, 0)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_y(top + row * len(elements) + 8)

    def conclusion(self) -> None:
        _ = self._
        self.chapter(_(N_("BAB IV\nKESIMPULAN DAN SARAN")))
        self.heading(_(N_("4.1 Kesimpulan")))
        self.numbered([self.say(s) for s in self.report.conclusions])
        self.heading(_(N_("4.2 Saran")))
        self.numbered([self.say(s) for s in self.report.suggestions])

    def follow_up(self) -> None:
        _, items = self._, self.report.source.followups
        self.chapter(_(N_("RENCANA TINDAK LANJUT")))
        if not items:
            self.paragraph(_(text.NO_FOLLOWUPS))
            return
        rows = [
            [
                self.element(item.element),
                item.problem,
                item.action,
                item.responsible,
                self.day(item.target_date),
                _(STATUS_LABELS[item.status])
                + (f" ({self.day(item.done_on)})" if item.done_on else ""),
            ]
            for item in items
        ]
        self.table(
            [
                _(N_("Unsur")),
                _(N_("Masalah")),
                _(N_("Tindakan")),
                _(N_("Penanggung jawab")),
                _(N_("Target")),
                _(N_("Status")),
            ],
            rows,
            (1.5, 2, 2.2, 1.3, 1.2, 1.2),
            ("LEFT",) * 6,
            size=8,
        )


def render_report_pdf(
    report: Report,
    gettext: Callable[[str], str] = str,
    number: Callable[[Decimal, int], str] = indonesian_number,
    day: Callable[[date], str] = indonesian_date,
) -> bytes:
    writer = _Writer(report, gettext, number, day)
    writer.cover()
    writer.introduction()
    writer.methodology()
    writer.results()
    writer.conclusion()
    writer.follow_up()
    return bytes(writer.pdf.output())
