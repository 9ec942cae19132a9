"""An event's report: the printable page and its PDF, the four levels side by side with their
sample sizes and a plain reading of each (both languages on the page, the user's in the PDF)."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

from app import formatting
from app.charts import nrr_bars_svg
from app.dependencies import SignedInAccount, UnitScope
from app.evaluation.common import event_or_404
from app.evaluation.events import event_context
from app.i18n import current_language
from app.i18n import gettext as _
from app.web import RowId, download, render
from surveys.evaluation.reading import event_reading
from surveys.store.accounts import Account

PDF_MEDIA_TYPE = "application/pdf"


async def _report_context(
    request: Request[Any, Any, Any],
    event_id: int,
    account: Account,
    unit_scope: frozenset[int] | None,
) -> dict[str, Any]:
    event = await event_or_404(event_id, unit_scope)
    context = await event_context(request, event, account)
    figures = (context["reactions"], context["learning"], context["behaviour"], context["impact"])
    context["reading"] = {language: event_reading(*figures, language) for language in ("id", "en")}
    return context


@get("/events/{event_id:int}/report", name="event_report")
async def show_report(
    request: Request[Any, Any, Any],
    event_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
) -> Template:
    """The printable report: the four levels side by side, with their reading in both languages."""
    context = await _report_context(request, event_id, account, unit_scope)
    return await render(request, "evaluation/report.html", context)


@get("/events/{event_id:int}/report.pdf", name="event_report_pdf")
async def download_report_pdf(
    request: Request[Any, Any, Any],
    event_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
) -> Response[bytes]:
    """The report as an A4 PDF in the user's language, drawn in a worker thread (the context
    keeps the language); fpdf2 loads with the first one."""
    from surveys.evaluation.report_pdf import EventFigures, render_event_report_pdf

    context = await _report_context(request, event_id, account, unit_scope)
    reactions, labels = context["reactions"], context["item_labels"]
    figures = EventFigures(
        event=context["event"],
        present=context["present"],
        registered=context["registered"],
        reactions=reactions,
        item_labels=labels,
        learning=context["learning"],
        behaviour=context["behaviour"],
        impact=context["impact"],
        reading=context["reading"][current_language.get()],
    )
    chart = nrr_bars_svg(
        _("Reaksi peserta per butir (1–4)"),
        [
            (labels[item], float(spread.mean) if spread.mean is not None else None, None)
            for item, spread in reactions.items.items()
        ],
        value_places=2,
        document=True,
    )
    data = await asyncio.to_thread(
        render_event_report_pdf, figures, _, formatting.number, formatting.long_date, chart
    )
    name = f"laporan-kegiatan-{event_id}.pdf"
    return download(data, name, PDF_MEDIA_TYPE)


ROUTES = [show_report, download_report_pdf]
