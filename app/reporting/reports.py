"""The SKM report (printable HTML and PDF) and the exports of a unit for a period.

Managers of the unit and administrators only. Every URL takes ``?from=YYYY-MM-DD&to=...``
(without them: the current triwulan, as on the dashboard).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import ValidationException
from litestar.response import Redirect, Response, Stream, Template

from app import formatting
from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, read_form, see_other
from app.i18n import current_language, translations
from app.i18n import gettext as _
from app.periods import checked_period
from app.reporting.dependencies import Today, VisibleUnit
from app.reporting.present import attachment_headers, element_chart, element_name, period_query
from app.settings import Settings
from app.web import render
from surveys.method.periods import Period
from surveys.method.scoring import parse_weights
from surveys.reporting import report_text
from surveys.reporting.approval import (
    BLANK_DATE,
    Approval,
    read_approval,
    save_approval,
    signatories,
)
from surveys.reporting.exports import (
    processing_csv,
    processing_xlsx,
    responses_csv_chunks,
    responses_xlsx,
)
from surveys.reporting.followups import STATUS_LABELS
from surveys.reporting.report import (
    ProcessingTable,
    Report,
    build_report,
    processing_table,
)
from surveys.reporting.report_queries import export_rows, report_input
from surveys.reporting.sentences import render_sentence
from surveys.store.scores import unit_totals
from surveys.store.spreadsheet import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE

PDF_MEDIA_TYPE = "application/pdf"
# openpyxl builds the whole workbook in memory (~0.3 ms a row): beyond this, CSV (streamed).
XLSX_ROW_LIMIT = 200_000


def chosen_period(request: Request[Any, Any, Any]) -> Period:
    """``from``/``to`` (or the dashboard's picker fields); a bad value is a 400 with the reason."""
    return checked_period(request).period


def _file_name(unit: dict, period: Period, what: str, extension: str) -> str:
    return f"{what}-{unit['code']}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


def plural_of(singular: str, plural: str, n: int) -> str:
    """The message in the current language, its plural form chosen by ``n`` (not filled in)."""
    return translations(current_language.get()).ungettext(singular, plural, n)


def say(sentence) -> str:
    return render_sentence(sentence, _, formatting.number, formatting.long_date, plural_of)


async def _report(unit: dict, period: Period, settings: Settings, today: date) -> Report:
    source = await report_input(
        unit,
        period,
        today=today,
        timezone=settings.timezone,
        default_minimum=settings.min_responses,
    )
    return build_report(source)


def _chart(report: Report, *, phone: bool = False, document: bool = False) -> str:
    elements = report.result.elements
    rows = ((e.code, e.nrr_display, e.grade.letter if e.grade else None) for e in elements)
    return element_chart(rows, phone=phone, document=document)


def approval_form(report: Report) -> Form:
    """The approval page's form, filled with what is stored."""
    approval = report.source.approval or Approval()
    return Form.filled(asdict(approval))


def report_context(report: Report, form: Form | None = None) -> dict[str, Any]:
    source = report.source
    return {
        "approval_form": form or approval_form(report),
        "signatories": signatories,
        "blank_date": BLANK_DATE,
        "report": report,
        "source": source,
        "table": report.table,
        "result": report.result,
        "text": report_text,
        "conclusions": [say(s) for s in report.conclusions],
        "suggestions": [say(s) for s in report.suggestions],
        "sample_text": [say(s) for s in report.sample_text],
        "ikm_missing": None if report.ikm_missing is None else say(report.ikm_missing),
        "interval": None if report.interval_text is None else say(report.interval_text),
        "more_comments": say(report.more_comments_text),
        "chart": _chart(report),
        "chart_phone": _chart(report, phone=True),
        "element_name": element_name,
        "channel_labels": report_text.CHANNELS,
        "status_labels": STATUS_LABELS,
        "query": period_query(source.period),
    }


@get("/units/{unit_code:str}/report", name="report_show")
async def show_report(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, today: Today
) -> Template:
    report = await _report(unit, chosen_period(request), settings, today)
    context = {
        "unit": unit,
        "saved": request.query_params.get("saved") == "1",
        **report_context(report),
    }
    return await render(request, "reporting/report.html", context)


@post("/units/{unit_code:str}/report/approval", name="report_approval_save")
async def save_report_approval(
    request: Request[Any, Any, Any],
    unit: VisibleUnit,
    account: SignedInAccount,
    settings: AppSettings,
    today: Today,
) -> Template | Redirect:
    """Store the approval page of the report for the period in ``from``/``to``."""
    period = chosen_period(request)
    form = await read_form(request)
    signed_on = form.date("signed_on", required=False)
    approval, problems = read_approval(form.values, signed_on, today)
    for name, problem in problems.items():
        form.error(name, _(problem))
    if form.ok:
        await save_approval(account, unit["id"], period, approval)
        target = request.app.route_reverse("report_show", unit_code=unit["code"])
        return see_other(f"{target}?{period_query(period)}&saved=1#approval")
    report = await _report(unit, period, settings, today)
    context = {"unit": unit, **report_context(report, form)}
    return await render(request, "reporting/report.html", context, status_code=400)


async def _document(
    request: Request[Any, Any, Any], unit: dict, settings: Settings, today: date, kind: str
) -> Response[bytes]:
    """The report as a PDF or .docx, drawn in a worker thread (the context keeps the
    language); fpdf2 and python-docx load with the first document of their kind."""
    period = chosen_period(request)
    report = await _report(unit, period, settings, today)
    words = (report, _, formatting.number, formatting.long_date)
    if kind == "pdf":
        from surveys.reporting.pdf import render_report_pdf

        data = await asyncio.to_thread(
            render_report_pdf, *words, chart_svg=_chart(report, document=True), ngettext=plural_of
        )
        media_type = PDF_MEDIA_TYPE
    else:
        from surveys.reporting.docx_report import DOCX_MEDIA_TYPE, render_report_docx

        data = await asyncio.to_thread(render_report_docx, *words, ngettext=plural_of)
        media_type = DOCX_MEDIA_TYPE
    name = _file_name(unit, period, "laporan-skm", kind)
    return Response(data, media_type=media_type, headers=attachment_headers(request, name))


@get("/units/{unit_code:str}/report.pdf", name="report_pdf")
async def download_report_pdf(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, today: Today
) -> Response[bytes]:
    return await _document(request, unit, settings, today, "pdf")


@get("/units/{unit_code:str}/report.docx", name="report_docx")
async def download_report_docx(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, today: Today
) -> Response[bytes]:
    """The report as an editable Word document, with its approval page to sign."""
    return await _document(request, unit, settings, today, "docx")


@get("/units/{unit_code:str}/responses.csv", name="export_responses_csv")
async def export_responses_csv(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings
) -> Stream:
    period = chosen_period(request)
    return Stream(
        responses_csv_chunks(export_rows(unit, period), settings.timezone),
        media_type=CSV_MEDIA_TYPE,
        headers=attachment_headers(request, _file_name(unit, period, "responden", "csv")),
    )


@get("/units/{unit_code:str}/responses.xlsx", name="export_responses_xlsx")
async def export_responses_xlsx(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings
) -> Response[bytes]:
    period = chosen_period(request)
    table = await _table(unit, period, settings)
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
    data = await asyncio.to_thread(responses_xlsx, rows, table, settings.timezone, _)
    return Response(
        data,
        media_type=XLSX_MEDIA_TYPE,
        headers=attachment_headers(request, _file_name(unit, period, "responden", "xlsx")),
    )


async def _table(unit: dict, period: Period, settings: Settings) -> ProcessingTable:
    """The processing table alone, from the same totals and weights as the API and report."""
    totals = await unit_totals(period, unit["id"])
    minimum = unit["minimum_responses"] or settings.min_responses
    return processing_table(totals.totals, totals.n, parse_weights(unit["weights"]), minimum)


@get("/units/{unit_code:str}/processing.csv", name="export_processing_csv")
async def export_processing_csv(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings
) -> Response[str]:
    period = chosen_period(request)
    table = await _table(unit, period, settings)
    return Response(
        processing_csv(table, _),
        media_type=CSV_MEDIA_TYPE,
        headers=attachment_headers(request, _file_name(unit, period, "pengolahan", "csv")),
    )


@get("/units/{unit_code:str}/processing.xlsx", name="export_processing_xlsx")
async def export_processing_xlsx(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings
) -> Response[bytes]:
    period = chosen_period(request)
    table = await _table(unit, period, settings)
    return Response(
        processing_xlsx(table, _),
        media_type=XLSX_MEDIA_TYPE,
        headers=attachment_headers(request, _file_name(unit, period, "pengolahan", "xlsx")),
    )


ROUTES = [
    show_report,
    save_report_approval,
    download_report_pdf,
    download_report_docx,
    export_responses_csv,
    export_responses_xlsx,
    export_processing_csv,
    export_processing_xlsx,
]
