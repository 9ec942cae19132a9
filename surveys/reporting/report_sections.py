"""The SKM report's chapters, written once for every format: BAB I–IV and the follow-up
plan (RTL), from a built ``Report`` through drawing primitives that a layout supplies
(``pdf_layout.Layout`` for the PDF, ``docx_report`` for Word).

Texts are message ids passed through the caller's ``gettext``; numbers and dates through
the caller's formatters, so every format reads like the HTML report in the same language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from surveys.method.elements import ELEMENTS_BY_CODE, N_
from surveys.method.scoring import ELEMENT_CODES
from surveys.reporting import report_text as text
from surveys.reporting.approval import BLANK_DATE
from surveys.reporting.followups import STATUS_LABELS
from surveys.reporting.report import Report
from surveys.reporting.sentences import english_like_plural, render_sentence


class ReportSections:
    """The chapters, in order, over primitives a layout overrides."""

    def __init__(
        self,
        report: Report,
        gettext: Callable[[str], str],
        number: Callable[[Decimal, int], str],
        day: Callable[[date], str],
        ngettext: Callable[[str, str, int], str] = english_like_plural,
    ) -> None:
        self.report = report
        self.ngettext = ngettext
        self._ = gettext
        self.number = number
        self.day = day
        source = report.source
        self.period_text = f"{day(source.period.start)} – {day(source.period.end)}"

    def num(self, value: Decimal | int | None, places: int) -> str:
        return "–" if value is None else self.number(Decimal(value), places)

    def say(self, sentence) -> str:
        return render_sentence(sentence, self._, self.number, self.day, self.ngettext)

    def element(self, code: str) -> str:
        return f"{code} {self._(ELEMENTS_BY_CODE[code].name)}"

    # --- primitives: each layout draws these its own way -----------------------------------

    def chapter(self, title: str) -> None:
        raise NotImplementedError

    def heading(self, title: str, keep: float = 30) -> None:
        raise NotImplementedError

    def paragraph(self, content: str) -> None:
        raise NotImplementedError

    def numbered(self, items: Sequence[str]) -> None:
        raise NotImplementedError

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str],
        size: float = 9,
    ) -> None:
        raise NotImplementedError

    def ikm_box(self, ikm: Decimal, letter: str, label: str) -> None:
        raise NotImplementedError

    def note(self, content: str) -> None:
        """A small-print remark under a table."""
        raise NotImplementedError

    def comment(self, label: str, content: str) -> None:
        """One citizen's comment under its date (and service)."""
        raise NotImplementedError

    def element_chart(self) -> None:
        """The elements' NRR chart, where the format can draw one."""
        raise NotImplementedError

    def cover(self) -> None:
        """The title page."""
        raise NotImplementedError

    def approval(self) -> None:
        """The approval page: place and date, then who prepared and who approved it."""
        raise NotImplementedError

    # --- the chapters ---------------------------------------------------------------------

    def write_pages(self) -> None:
        """The whole report, cover to approval page, in the same order in every format."""
        self.cover()
        self.introduction()
        self.methodology()
        self.results()
        self.conclusion()
        self.follow_up()
        self.approval()

    def approval_opening(self) -> str:
        """The approval page's chapter and first paragraph; returns its "place, date" line."""
        _, source = self._, self.report.source
        approval = source.approval
        self.chapter(_(N_("LEMBAR PENGESAHAN")))
        self.paragraph(
            _(N_("Laporan Hasil Survei Kepuasan Masyarakat %(unit)s periode %(start)s – %(end)s."))
            % {
                "unit": source.unit_name,
                "start": self.day(source.period.start),
                "end": self.day(source.period.end),
            }
        )
        place = approval.place if approval else ""
        when = self.day(approval.signed_on) if approval and approval.signed_on else BLANK_DATE
        return f"{place}, {when}" if place else when

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
        self.paragraph(" ".join(self.say(sentence) for sentence in report.sample_text))
        self.heading(_(N_("2.4 Pengumpulan Data")))
        self.paragraph(_(text.COLLECTION))
        rows = [
            [_(text.CHANNELS.get(channel, channel)), self.num(count, 0)]
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
        # Ranked elements are answered ones: NRR, score and grade are all present.
        rows = [
            [
                str(r.rank),
                self.element(r.score.code),
                self.num(Decimal(r.score.nrr_display or "0"), 4),
                self.num(r.score.score, 2),
                r.score.grade.letter if r.score.grade else "–",
            ]
            for r in report.ranked
        ]
        self.table(
            [_(N_("Peringkat")), _(N_("Unsur")), "NRR", _(N_("Nilai konversi")), _(N_("Mutu"))],
            rows,
            (0.9, 3.6, 1, 1.2, 0.7),
            ("CENTER", "LEFT", "RIGHT", "RIGHT", "CENTER"),
        )
        self.heading(_(N_("3.4 Indeks Kepuasan Masyarakat")))
        result = report.result
        if result.ikm is not None and result.grade is not None:
            self.ikm_box(result.ikm, result.grade.letter, _(result.grade.label))
            if report.interval_text is not None:
                self.paragraph(self.say(report.interval_text))
        elif report.ikm_missing is not None:
            self.paragraph(self.say(report.ikm_missing))
        self.element_chart()
        self.heading(_(N_("3.5 Kritik dan Saran")))
        if not source.comments:
            self.paragraph(_(text.NO_COMMENTS))
        for comment in source.comments:
            label = self.day(comment.day) + (
                f" · {comment.service_type}" if comment.service_type else ""
            )
            self.comment(label, comment.text)
        if report.more_comments:
            self.paragraph(self.say(report.more_comments_text))

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
        self.note(_(text.ROUNDING_NOTE))

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
