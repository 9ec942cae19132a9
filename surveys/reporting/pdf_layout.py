"""The SKM report's PDF layout: the shared A4 primitives (``surveys/store/pdf.py``, with the
bundled DejaVu font) in the caller's language and number style, and the IKM box."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from surveys.method.elements import N_
from surveys.reporting.report import Report
from surveys.reporting.report_sections import ReportSections
from surveys.reporting.sentences import english_like_plural
from surveys.store.pdf import BRAND, FONT, Document, Page

__all__ = ["BRAND", "FONT", "Layout", "indonesian_date", "indonesian_number"]

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


class Layout(Page, ReportSections):
    """Drawing primitives on an A4 PDF, in the caller's language and number style."""

    def __init__(
        self,
        report: Report,
        gettext: Callable[[str], str],
        number: Callable[[Decimal, int], str],
        day: Callable[[date], str],
        ngettext: Callable[[str, str, int], str] = english_like_plural,
    ) -> None:
        ReportSections.__init__(self, report, gettext, number, day, ngettext)
        Page.__init__(
            self,
            Document(
                f"{report.source.unit_name} · {self.period_text}",
                gettext(N_("Halaman %(page)s")),
            ),
        )

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
