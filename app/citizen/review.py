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
from app.settings import Settings
from app.web import RowId, is_htmx, render
from surveys.citizen.flagged import flagged_responses, review_flagged_response
from surveys.citizen.stuffing import FLAG_LABELS
from surveys.store.accounts import Account

PAGE = "citizen/flagged.html"
PARTIAL = "citizen/_flagged_list.html"  # the swap target #flagged-list


@get("/flagged", name="flagged_list")
async def show_flagged(
    request: Request[Any, Any, Any],
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template:
    return await render(request, PAGE, await _context(unit_scope, settings), partial=PARTIAL)


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


ROUTES = [show_flagged, accept_flagged, reject_flagged]
