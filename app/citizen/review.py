"""Reviewing responses flagged as possible stuffing: managers (their units) and admins."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.auth import current_account, requires_manager
from app.web import RowId, render
from surveys.citizen.flagged import flagged_responses, review_flagged_response
from surveys.citizen.stuffing import FLAG_LABELS
from surveys.store.accounts import Account

PAGE = "citizen/flagged.html"
PARTIAL = "citizen/_flagged_list.html"


def _scope(account: Account) -> frozenset[int] | None:
    return None if account.is_admin else account.unit_ids


async def _context(request: Request[Any, Any, Any], account: Account) -> dict[str, Any]:
    timezone = request.app.state.settings.timezone
    rows = await flagged_responses(_scope(account))
    for row in rows:
        row["local_time"] = row["submitted_at"].astimezone(timezone)
        row["answers"] = [row[f"u{i}"] for i in range(1, 10)]
    return {"responses": rows, "flag_labels": FLAG_LABELS}


@get("/dashboard/flagged", name="flagged_list", guards=[requires_manager])
async def show_flagged(request: Request[Any, Any, Any]) -> Template:
    account = await current_account(request)
    assert account is not None  # the guard let only logged-in managers and admins in
    return await render(request, PAGE, await _context(request, account), partial=PARTIAL)


async def _review(request: Request[Any, Any, Any], response_id: int, accept: bool):
    account = await current_account(request)
    assert account is not None
    done = await review_flagged_response(
        response_id, accept, _scope(account), user_id=account.id, username=account.username
    )
    if not done:  # already reviewed, or outside the manager's units
        raise NotFoundException()
    if request.headers.get("hx-request") == "true":
        return await render(request, PAGE, await _context(request, account), partial=PARTIAL)
    return Redirect("/dashboard/flagged", status_code=303)


@post(
    "/dashboard/flagged/{response_id:int}/accept", name="flagged_accept", guards=[requires_manager]
)
async def accept_flagged(
    request: Request[Any, Any, Any], response_id: RowId
) -> Template | Redirect:
    return await _review(request, response_id, accept=True)


@post(
    "/dashboard/flagged/{response_id:int}/reject", name="flagged_reject", guards=[requires_manager]
)
async def reject_flagged(
    request: Request[Any, Any, Any], response_id: RowId
) -> Template | Redirect:
    return await _review(request, response_id, accept=False)


ROUTES = [show_flagged, accept_flagged, reject_flagged]
