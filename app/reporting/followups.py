"""Follow-up actions (rencana tindak lanjut, RTL) of a unit, and the overdue list.

Managers of the unit and administrators only. Forms post and redirect (303); a bad field
shows its message next to it with every value kept. The list's filters are an htmx swap
target (#followup-list) and work as a plain GET form too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount, UnitScope
from app.formatting import long_date, number, short_date
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.reporting.dependencies import Today, VisibleUnit
from app.reporting.present import element_name, period_query
from app.web import RowId, render
from surveys.method.elements import ELEMENTS
from surveys.method.period_choice import containing, parse_period_choice
from surveys.method.periods import Period
from surveys.method.scoring import ELEMENT_CODES, parse_weights
from surveys.reporting import followup_queries as q
from surveys.reporting.followups import OPEN_STATUSES, STATUS_LABELS, STATUSES, indicators
from surveys.reporting.report_text import ELEMENT_SUGGESTIONS
from surveys.store.scores import unit_totals

TEXT_LIMIT = 2000


def _choices() -> dict[str, Any]:
    return {
        "element_choices": [(e.code, f"{e.code} {_(e.name)}") for e in ELEMENTS],
        "status_choices": [(code, _(STATUS_LABELS[code])) for code in STATUSES],
        "status_labels": STATUS_LABELS,
        "element_name": element_name,
    }


def _read_fields(
    form: Form, today_: date, stored_target: date | None = None
) -> q.FollowUpFields | None:
    element = form.choice("element", ELEMENT_CODES)
    start = form.date("period_start")
    end = form.date("period_end")
    problem = form.text("problem", max_length=TEXT_LIMIT)
    action = form.text("action", max_length=TEXT_LIMIT)
    responsible = form.text("responsible", max_length=200)
    target = form.date("target_date")
    status = form.choice("status", STATUSES)
    done_on = form.date("done_on", required=False)
    evidence = form.text("evidence", required=False, max_length=TEXT_LIMIT)
    if start and end and end < start:
        form.error("period_end", _("Akhir periode tidak boleh sebelum awal periode."))
    if status == "done" and done_on is None and "done_on" not in form.errors:
        form.error("done_on", _("Isi tanggal selesai untuk tindak lanjut yang sudah selesai."))
    if done_on is not None and status != "done":
        form.error("done_on", _("Tanggal selesai hanya diisi bila status Selesai."))
    elif done_on is not None and done_on > today_:
        form.error("done_on", _("Tanggal selesai tidak boleh di masa depan."))
    if target and _target_needs_confirming(target, status, today_, stored_target, form):
        form.error(
            "confirm_past_target",
            _(
                "Target selesai %(date)s sudah lewat. Periksa tanggalnya; bila memang benar "
                "(misalnya mencatat rencana yang sudah berjalan), centang kotak ini lalu simpan.",
                date=long_date(target),
            ),
        )
    if not form.ok:
        return None
    assert start and end and target
    return q.FollowUpFields(
        element=element,
        period_start=start,
        period_end=end,
        problem=problem,
        action=action,
        responsible=responsible,
        target_date=target,
        status=status,
        done_on=done_on,
        evidence=evidence,
    )


def _target_needs_confirming(
    target: date, status: str, today_: date, stored_target: date | None, form: Form
) -> bool:
    """A still-open action given a target date already past asks once: most often it is a
    typo (a wrong year). An item that went overdue by itself is not asked about again."""
    past = target < today_ and status in OPEN_STATUSES and target != stored_target
    return past and not form.boolean("confirm_past_target")


def _list_filters(
    request: Request[Any, Any, Any], today: Today
) -> tuple[dict, Period | None, dict]:
    """The list's filters as typed; a bad date is reported next to its field and ignored."""
    params = request.query_params
    values = {
        name: (params.get(name) or "").strip() for name in ("status", "element", "from", "to")
    }
    errors: dict[str, str] = {}
    period = None
    if values["from"] or values["to"]:
        choice, problems = parse_period_choice({"from": values["from"], "to": values["to"]}, today)
        errors = {field: _(message) for field, message in problems.items()}
        period = None if errors else choice.period
    if values["status"] not in STATUSES:
        values["status"] = ""
    if values["element"] not in ELEMENT_CODES:
        values["element"] = ""
    return values, period, errors


@get("/units/{unit_code:str}/followups", name="followups_list")
async def list_followups(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, today: Today
) -> Template:
    filters, period, errors = _list_filters(request, today)
    in_period = await q.followups_of_unit(unit["id"], settings.timezone, period=period)
    shown = [
        item
        for item in in_period
        if (not filters["status"] or item.status == filters["status"])
        and (not filters["element"] or item.element == filters["element"])
    ]
    context = {
        "unit": unit,
        "items": shown,
        "filters": filters,
        "filter_errors": errors,
        "indicators": indicators(in_period, today),
        "today": today,
        "saved": request.query_params.get("saved") == "1",
        "new_query": period_query(period) if period else "",
        **_choices(),
    }
    return await render(
        request, "reporting/followups.html", context, partial="reporting/_followup_list.html"
    )


async def _prefill(request: Request[Any, Any, Any], unit: dict, today: date) -> Form:
    """A new item for the element and period in the query (from a report's "Buat RTL")."""
    params = request.query_params
    choice, errors = parse_period_choice(
        {"from": params.get("from"), "to": params.get("to")}, today
    )
    if errors:
        choice = containing(today, "quarter")
    period = choice.period
    element = params.get("element") or ""
    values = {
        "element": element if element in ELEMENT_CODES else "",
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "status": "planned",
    }
    if values["element"]:
        values["problem"] = await _problem_text(unit, period, values["element"])
    return Form.filled(values)


async def _problem_text(unit: dict, period: Period, code: str) -> str:
    totals = await unit_totals(period, unit["id"])
    result = totals.ikm(weights=parse_weights(unit["weights"]))
    score = next(e for e in result.elements if e.code == code)
    if score.score is None or score.grade is None:
        return ""
    return _(
        "Nilai unsur %(element)s %(score)s (mutu %(grade)s) pada periode %(start)s – %(end)s.",
        element=element_name(code),
        score=number(score.score, 2),
        grade=score.grade.letter,
        start=short_date(period.start),
        end=short_date(period.end),
    )


async def _form_page(
    request: Request[Any, Any, Any],
    unit: VisibleUnit,
    form: Form,
    item: dict | None,
    status_code: int = 200,
) -> Template:
    context = {"unit": unit, "form": form, "item": item, **_choices()}
    if form.values.get("element") in ELEMENT_SUGGESTIONS:
        context["suggestion"] = ELEMENT_SUGGESTIONS[form.values["element"]]
    return await render(request, "reporting/followup_form.html", context, status_code=status_code)


@get("/units/{unit_code:str}/followups/new", name="followups_new")
async def new_followup(
    request: Request[Any, Any, Any], unit: VisibleUnit, today: Today
) -> Template:
    return await _form_page(request, unit, await _prefill(request, unit, today), None)


def _saved(request: Request[Any, Any, Any], unit: dict) -> Redirect:
    """Back to the unit's list, saying it was saved (post, redirect, get)."""
    target = request.app.route_reverse("followups_list", unit_code=unit["code"])
    return see_other(f"{target}?saved=1")


@post("/units/{unit_code:str}/followups", name="followups_create")
async def create_followup(
    request: Request[Any, Any, Any], unit: VisibleUnit, account: SignedInAccount, today: Today
) -> Template | Redirect:
    form = await read_form(request)
    fields = _read_fields(form, today)
    if fields is None:
        return await _form_page(request, unit, form, None, status_code=400)
    await q.create_followup(account, unit["id"], fields)
    return _saved(request, unit)


async def _item_or_404(unit: dict, followup_id: int) -> dict:
    item = await q.followup_of_unit(unit["id"], followup_id)
    if item is None:
        raise NotFoundException()
    return item


@get("/units/{unit_code:str}/followups/{followup_id:int}", name="followups_edit")
async def edit_followup(
    request: Request[Any, Any, Any], unit: VisibleUnit, followup_id: RowId
) -> Template:
    item = await _item_or_404(unit, followup_id)
    values = {
        key: value.isoformat() if isinstance(value, date) else value for key, value in item.items()
    }
    return await _form_page(request, unit, Form.filled(values), item)


@post("/units/{unit_code:str}/followups/{followup_id:int}", name="followups_update")
async def update_followup(
    request: Request[Any, Any, Any],
    unit: VisibleUnit,
    followup_id: RowId,
    account: SignedInAccount,
    today: Today,
) -> Template | Redirect:
    item = await _item_or_404(unit, followup_id)
    form = await read_form(request)
    fields = _read_fields(form, today, item["target_date"])
    if fields is None:
        return await _form_page(request, unit, form, item, status_code=400)
    await q.update_followup(account, followup_id, fields)
    return _saved(request, unit)


@post("/units/{unit_code:str}/followups/{followup_id:int}/delete", name="followups_delete")
async def delete_followup(
    request: Request[Any, Any, Any], unit: VisibleUnit, followup_id: RowId, account: SignedInAccount
) -> Redirect:
    await _item_or_404(unit, followup_id)
    await q.delete_followup(account, followup_id)
    return _saved(request, unit)


@get("/followups/overdue", name="followups_overdue")
async def list_overdue(
    request: Request[Any, Any, Any], unit_scope: UnitScope, today: Today
) -> Template:
    rows = await q.overdue_followups(unit_scope, today)
    for row in rows:
        row["days_late"] = (today - row["target_date"]).days
    return await render(
        request, "reporting/overdue.html", {"rows": rows, "today": today, **_choices()}
    )


ROUTES = [
    list_overdue,
    list_followups,
    new_followup,
    create_followup,
    edit_followup,
    update_followup,
    delete_followup,
]
