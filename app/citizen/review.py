"""Reviewing responses flagged as possible stuffing: managers (their units) and admins.

The router (app/citizen/__init__.py) lets managers and admins in and injects the
account, its scope and the settings.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount, UnitScope
from app.forms import read_form
from app.i18n import gettext as _
from app.i18n import ngettext
from app.settings import Settings
from app.web import RowId, is_htmx, render
from surveys.citizen.flagged import (
    REVIEW_LIMIT,
    flagged_responses,
    review_flagged_response,
    review_flagged_responses,
)
from surveys.citizen.stuffing import FLAG_LABELS
from surveys.method.text import whole_number
from surveys.store.accounts import Account

PAGE = "citizen/flagged.html"
PARTIAL = "citizen/_flagged_list.html"  # the swap target #flagged-list


@get("/flagged", name="flagged_list")
async def show_flagged(
    request: Request[Any, Any, Any],
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template:
    context = await _context(unit_scope, settings)
    decided = request.query_params.get("decided", "")
    count = whole_number(decided, 0, 10**9)
    if count is not None and request.query_params.get("decision") in ("accept", "reject"):
        context["notice"] = _decided_notice(count, request.query_params["decision"])
    return await render(request, PAGE, context, partial=PARTIAL)


@post("/flagged/review", name="flagged_review_many")
async def review_many(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template | Redirect:
    """Accept or reject every ticked response at once (those still flagged and in scope)."""
    form = await read_form(request, multi=("response",))
    decision = form.raw("decision")
    # Row ids in ASCII digits only: "²²" passes str.isdigit() but not int().
    ids = form.ids("response")
    if decision not in ("accept", "reject") or not ids:
        context = await _context(unit_scope, settings)
        context["refusal"] = _(
            "Centang dulu jawaban yang akan diputuskan, lalu pilih Terima atau Tolak."
        )
        return await render(request, PAGE, context, partial=PARTIAL, status_code=400)
    decided = await review_flagged_responses(
        ids[:REVIEW_LIMIT],
        decision == "accept",
        unit_scope,
        user_id=account.id,
        username=account.username,
    )
    if is_htmx(request):
        context = await _context(unit_scope, settings)
        context["notice"] = _decided_notice(decided, decision)
        return await render(request, PAGE, context, partial=PARTIAL)
    query = f"decided={decided}&decision={decision}"
    return Redirect(f"{request.app.route_reverse('flagged_list')}?{query}", status_code=303)


def _decided_notice(count: int, decision: str) -> str:
    if decision == "accept":
        return ngettext("%(num)s jawaban diterima.", "%(num)s jawaban diterima.", count)
    return ngettext("%(num)s jawaban ditolak.", "%(num)s jawaban ditolak.", count)


@post("/flagged/{response_id:int}/accept", name="flagged_accept")
async def accept_flagged(
    request: Request[Any, Any, Any],
    response_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template | Redirect:
    return await _review(request, response_id, True, account, unit_scope, settings)


@post("/flagged/{response_id:int}/reject", name="flagged_reject")
async def reject_flagged(
    request: Request[Any, Any, Any],
    response_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template | Redirect:
    return await _review(request, response_id, False, account, unit_scope, settings)


async def _review(
    request: Request[Any, Any, Any],
    response_id: int,
    accept: bool,
    account: Account,
    scope: frozenset[int] | None,
    settings: Settings,
) -> Template | Redirect:
    """Decide, then the updated list for htmx, or back to the page for a plain form."""
    done = await review_flagged_response(
        response_id, accept, scope, user_id=account.id, username=account.username
    )
    if not done:  # already reviewed, or outside the manager's units
        raise NotFoundException()
    if is_htmx(request):
        return await render(request, PAGE, await _context(scope, settings), partial=PARTIAL)
    return Redirect(request.app.route_reverse("flagged_list"), status_code=303)


async def _context(scope: frozenset[int] | None, settings: Settings) -> dict[str, Any]:
    rows = await flagged_responses(scope)
    for row in rows:
        row["local_time"] = row["submitted_at"].astimezone(settings.timezone)
        row["answers"] = [row[f"u{i}"] for i in range(1, 10)]
    return {"responses": rows, "flag_labels": FLAG_LABELS}


ROUTES = [show_flagged, review_many, accept_flagged, reject_flagged]
