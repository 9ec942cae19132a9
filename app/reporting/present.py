"""Presentation helpers the reporting pages share: element names, the element chart, the
canonical period query."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from markupsafe import Markup

from app.charts import nrr_bars_svg
from app.i18n import gettext as _
from app.periods import period_label, short_period_label
from surveys.method.elements import ELEMENTS_BY_CODE
from surveys.method.period_choice import PeriodChoice, infer_kind
from surveys.method.periods import Period


def element_name(code: str) -> str:
    return f"{code} {_(ELEMENTS_BY_CODE[code].name)}"


def period_query(period: Period) -> str:
    return f"from={period.start.isoformat()}&to={period.end.isoformat()}"


def element_chart(rows: Iterable[tuple[str, str | Decimal | None, str | None]]) -> Markup:
    """(code, NRR as a decimal string or None, grade letter or None) rows as the NRR chart:
    presentation attributes only, so the strict CSP allows it inline, and the PDF draws the
    same SVG."""
    bars = [
        (element_name(code), None if nrr is None else float(nrr), grade)
        for code, nrr, grade in rows
    ]
    return Markup(nrr_bars_svg(_("Nilai rata-rata (NRR) per unsur"), bars))


def label_of_period(period: Period) -> str:
    """ "Triwulan I 2026", "Tahun 2025", or the dates of a custom period."""
    return period_label(PeriodChoice(infer_kind(period), period))


def short_label_of(period: Period) -> str:
    """A label short enough for a chart axis: "TW I 2026"."""
    return short_period_label(PeriodChoice(infer_kind(period), period))
