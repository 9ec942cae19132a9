"""Presentation helpers the reporting pages share: element names, the element chart, the
canonical period query."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from litestar import Request
from markupsafe import Markup

from app.charts import PHONE_WIDTH, nrr_bars_svg
from app.i18n import gettext as _
from app.periods import period_label, short_period_label
from app.web import attachment
from surveys.method.elements import ELEMENTS_BY_CODE
from surveys.method.period_choice import PeriodChoice, infer_kind
from surveys.method.periods import Period


def element_name(code: str) -> str:
    return f"{code} {_(ELEMENTS_BY_CODE[code].name)}"


def period_query(period: Period) -> str:
    return f"from={period.start.isoformat()}&to={period.end.isoformat()}"


def element_chart(
    rows: Iterable[tuple[str, str | Decimal | None, str | None]],
    *,
    phone: bool = False,
    document: bool = False,
) -> Markup:
    """(code, NRR as a decimal string or None, grade letter or None) rows as the NRR chart:
    presentation attributes only, so the strict CSP allows it inline, and the PDF draws the
    same SVG. ``phone``: a phone's width, the bars named by their code; ``document``: for
    the PDF, its label column measured in the PDF's font (see ``nrr_bars_svg``)."""
    bars = [
        (code if phone else element_name(code), None if nrr is None else float(nrr), grade)
        for code, nrr, grade in rows
    ]
    title = _("Nilai rata-rata (NRR) per unsur")
    if phone:
        return Markup(nrr_bars_svg(title, bars, width=PHONE_WIDTH))
    return Markup(nrr_bars_svg(title, bars, document=document))


def label_of_period(period: Period) -> str:
    """ "Triwulan I 2026", "Tahun 2025", or the dates of a custom period."""
    return period_label(PeriodChoice(infer_kind(period), period))


def short_label_of(period: Period) -> str:
    """A label short enough for a chart axis: "TW I 2026"."""
    return short_period_label(PeriodChoice(infer_kind(period), period))


_DOWNLOAD_TOKEN = re.compile(r"[A-Za-z0-9]{8,32}")


def attachment_headers(request: Request[Any, Any, Any], name: str) -> dict[str, str]:
    """A download named ``name``; when the page asked with ``?download=<token>`` (see
    static/downloads.js), a short cookie carrying the token tells it the file is ready."""
    headers = attachment(name)
    token = request.query_params.get("download") or ""
    if _DOWNLOAD_TOKEN.fullmatch(token):
        headers["set-cookie"] = f"suara_download={token}; Max-Age=120; Path=/; SameSite=Lax"
    return headers
