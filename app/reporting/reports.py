"""The SKM report (printable HTML and PDF) and the exports of a unit for a period.

Managers of the unit and administrators only. Every URL takes ``?from=YYYY-MM-DD&to=...``
(without them: the current triwulan, as on the dashboard).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from litestar import Request, get
from litestar.exceptions import ValidationException
from litestar.params import FromPath
from litestar.response import Response, Stream, Template
from markupsafe import Markup

from app import formatting
from app.auth import requires_manager
from app.dependencies import signed_in, visible_unit
from app.i18n import gettext as _
from app.periods import read_period
from app.web import render
from surveys.method.elements import ELEMENTS_BY_CODE
from surveys.method.periods import Period
from surveys.method.scoring import parse_weights
from surveys.reporting import report_text
from surveys.reporting.exports import (
    XLSX_MEDIA_TYPE,
    processing_csv,
    processing_xlsx,
    responses_csv_header,
    responses_csv_rows,
    responses_xlsx,
)
from surveys.reporting.followups import STATUS_LABELS
from surveys.reporting.pdf import PDF_MEDIA_TYPE, render_report_pdf
from surveys.reporting.report import (
    ProcessingTable,
    Report,
    build_report,
    processing_table,
    render_sentence,
)
from surveys.reporting.report_chart import Bar, element_bars_svg
from surveys.reporting.report_queries import export_rows, report_input
from surveys.store.scores import unit_totals
from surveys.store.spreadsheet import CSV_MEDIA_TYPE

# openpyxl builds the whole workbook in memory (~0.3 ms a row): beyond this, CSV (streamed).
XLSX_ROW_LIMIT = 200_000


def today(request: Request[Any, Any, Any]) -> date:
    return datetime.now(request.app.state.settings.timezone).date()


async def managed_unit(request: Request[Any, Any, Any], unit_code: str) -> dict:
    """The unit, if this manager (or an admin) may see it: 404 unknown, 403 someone else's."""
    return await visible_unit(await signed_in(request), unit_code)


def chosen_period(request: Request[Any, Any, Any]) -> Period:
    """``from``/``to`` (or the dashboard's picker fields); a bad value is a 400 with the reason."""
    choice, errors = read_period(request)
    if errors:
        raise ValidationException(" ".join(errors.values()))
    return choice.period


def period_query(period: Period) -> str:
    return f"from={period.start.isoformat()}&to={period.end.isoformat()}"


def _file_name(unit: dict, period: Period, what: str, extension: str) -> str:
    return f"{what}-{unit['code']}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def say(sentence) -> str:
    return render_sentence(sentence, _, formatting.number, formatting.long_date)


def element_name(code: str) -> str:
    return f"{code} {_(ELEMENTS_BY_CODE[code].name)}"


def chart_svg(rows, title: str) -> Markup:
    """(code, NRR as a decimal string or None, grade letter or None) rows as an inline SVG.

    Presentation attributes only, so the strict CSP allows it inline in the page.
    """
    bars = []
    for code, nrr, grade in rows:
        value = None if nrr is None else Decimal(nrr)
        text = "–" if value is None else formatting.number(value, 4)
        bars.append(Bar(element_name(code), value, text, grade))
    return Markup(element_bars_svg(bars, title))


async def _report(request: Request[Any, Any, Any], unit: dict, period: Period) -> Report:
    settings = request.app.state.settings
    source = await report_input(
        unit,
        period,
        today=today(request),
        timezone=settings.timezone,
        default_minimum=settings.min_responses,
    )
    return build_report(source)


def report_context(report: Report) -> dict[str, Any]:
    source = report.source
    return {
        "report": report,
        "source": source,
        "table": report.table,
        "result": report.result,
        "text": report_text,
        "conclusions": [say(s) for s in report.conclusions],
        "suggestions": [say(s) for s in report.suggestions],
        "chart": chart_svg(
            [
                (e.code, e.nrr_display, e.grade.letter if e.grade else None)
                for e in report.result.elements
            ],
            _("Nilai rata-rata (NRR) per unsur"),
        ),
        "element_name": element_name,
        "channel_labels": report_text.CHANNELS,
        "status_labels": STATUS_LABELS,
        "query": period_query(source.period),
    }


@get("/dashboard/units/{unit_code:str}/report", name="report_show", guards=[requires_manager])
async def show_report(request: Request[Any, Any, Any], unit_code: FromPath[str]) -> Template:
    unit = await managed_unit(request, unit_code)
    period = chosen_period(request)
    report = await _report(request, unit, period)
    return await render(request, "reporting/report.html", {"unit": unit, **report_context(report)})


@get("/dashboard/units/{unit_code:str}/report.pdf", name="report_pdf", guards=[requires_manager])
async def download_report_pdf(
    request: Request[Any, Any, Any], unit_code: FromPath[str]
) -> Response[bytes]:
    unit = await managed_unit(request, unit_code)
    period = chosen_period(request)
    report = await _report(request, unit, period)
    # fpdf2 is CPU-bound: keep the event loop free (the context keeps the language).
    pdf = await asyncio.to_thread(
        render_report_pdf, report, _, formatting.number, formatting.long_date
    )
    return Response(
        pdf,
        media_type=PDF_MEDIA_TYPE,
        headers=_attachment(_file_name(unit, period, "laporan-skm", "pdf")),
    )


@get(
    "/dashboard/units/{unit_code:str}/responses.csv",
    name="export_responses_csv",
    guards=[requires_manager],
)
async def export_responses_csv(request: Request[Any, Any, Any], unit_code: FromPath[str]) -> Stream:
    unit = await managed_unit(request, unit_code)
    period = chosen_period(request)
    timezone = request.app.state.settings.timezone

    async def body() -> AsyncIterator[str]:
        # Streamed chunk by chunk: a year of a big unit never sits in memory at once.
        yield responses_csv_header()
        async for chunk in export_rows(unit, period):
            yield responses_csv_rows(chunk, timezone)

    return Stream(
        body(),
        media_type=CSV_MEDIA_TYPE,
        headers=_attachment(_file_name(unit, period, "responden", "csv")),
    )


@get(
    "/dashboard/units/{unit_code:str}/responses.xlsx",
    name="export_responses_xlsx",
    guards=[requires_manager],
)
async def export_responses_xlsx(
    request: Request[Any, Any, Any], unit_code: FromPath[str]
) -> Response[bytes]:
    unit = await managed_unit(request, unit_code)
    period = chosen_period(request)
    table = await _table(request, unit, period)
    if table.n > XLSX_ROW_LIMIT:
        raise ValidationException(
            _(
                "Periode ini berisi %(n)s responden, terlalu banyak untuk satu berkas XLSX "
                "(paling banyak %(limit)s). Gunakan ekspor CSV atau periode yang lebih pendek.",
                n=formatting.integer(table.n),
                limit=formatting.integer(XLSX_ROW_LIMIT),
            )
        )
    rows = [row async for chunk in export_rows(unit, period) for row in chunk]
    data = await asyncio.to_thread(
        responses_xlsx, rows, table, request.app.state.settings.timezone, _
    )
    return Response(
        data,
        media_type=XLSX_MEDIA_TYPE,
        headers=_attachment(_file_name(unit, period, "responden", "xlsx")),
    )


async def _table(request: Request[Any, Any, Any], unit: dict, period: Period) -> ProcessingTable:
    """The processing table alone, from the same totals and weights as the API and report."""
    totals = await unit_totals(period, unit["id"])
    minimum = unit["minimum_responses"] or request.app.state.settings.min_responses
    return processing_table(totals.totals, totals.n, parse_weights(unit["weights"]), minimum)


async def _processing(request: Request[Any, Any, Any], unit_code: str):
    unit = await managed_unit(request, unit_code)
    period = chosen_period(request)
    return unit, period, await _table(request, unit, period)


@get(
    "/dashboard/units/{unit_code:str}/processing.csv",
    name="export_processing_csv",
    guards=[requires_manager],
)
async def export_processing_csv(
    request: Request[Any, Any, Any], unit_code: FromPath[str]
) -> Response[str]:
    unit, period, table = await _processing(request, unit_code)
    return Response(
        processing_csv(table, _),
        media_type=CSV_MEDIA_TYPE,
        headers=_attachment(_file_name(unit, period, "pengolahan", "csv")),
    )


@get(
    "/dashboard/units/{unit_code:str}/processing.xlsx",
    name="export_processing_xlsx",
    guards=[requires_manager],
)
async def export_processing_xlsx(
    request: Request[Any, Any, Any], unit_code: FromPath[str]
) -> Response[bytes]:
    unit, period, table = await _processing(request, unit_code)
    return Response(
        processing_xlsx(table, _),
        media_type=XLSX_MEDIA_TYPE,
        headers=_attachment(_file_name(unit, period, "pengolahan", "xlsx")),
    )


ROUTES = [
    show_report,
    download_report_pdf,
    export_responses_csv,
    export_responses_xlsx,
    export_processing_csv,
    export_processing_xlsx,
]
