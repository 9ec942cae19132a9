"""What every forum handler shares: which session the account may see, labels, the way back
to a page after a write, and the answer to a refused write (a page without JavaScript, a
fragment with it)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.forms import see_other
from app.i18n import gettext as _
from app.settings import Settings
from app.web import render
from surveys.forum import sessions as q
from surveys.forum.vocabulary import FORUM_KINDS, INPUT_KINDS, TOPICS
from surveys.method.scoring import IkmResult, parse_weights
from surveys.store.accounts import Account

# A browser's client key: a UUID, or anything as plain (it becomes part of a dedupe key).
_CLIENT_KEY = re.compile(r"[0-9A-Za-z-]{8,60}")


async def visible_session(account: Account, session_id: int) -> dict:
    """The session, when it exists and belongs to the account's units; 404 otherwise, so
    another unit's sessions are not even confirmed to exist."""
    session = await q.session_by_id(session_id)
    if session is None or not account.may_see_unit(session["unit"]):
        raise NotFoundException()
    return session


def client_key(raw: Any) -> str:
    """The browser's key for this entry, or a fresh one when it sent none usable."""
    if isinstance(raw, str) and _CLIENT_KEY.fullmatch(raw):
        return raw
    return str(uuid.uuid4())


def new_client_key() -> str:
    """Rendered into forms so that even without JavaScript a double submit stores once."""
    return str(uuid.uuid4())


def now_and_today(settings: Settings) -> tuple[datetime, date]:
    now = datetime.now(settings.timezone)
    return now, now.date()


def to_page(request: Request[Any, Any, Any], name: str, query: str = "", **params: Any) -> Redirect:
    """Post/redirect/get to the forum page named ``name`` (a 303, then the browser GETs)."""
    return see_other(request.app.route_reverse(name, **params) + query)


def labels() -> dict[str, dict[str, str]]:
    """Translated labels of the forum vocabularies, for templates."""
    return {
        "forum_kinds": {code: _(label) for code, label in FORUM_KINDS},
        "input_kinds": {code: _(label) for code, label in INPUT_KINDS},
        "topics": {code: _(label) for code, label in TOPICS},
        "statuses": {
            "draft": _("Draf"),
            "open": _("Berlangsung"),
            "closed": _("Ditutup"),
        },
    }


def session_title(session: dict) -> str:
    kind = labels()["forum_kinds"].get(session["kind"], session["kind"])
    where = session["area"] or session["place"]
    return f"{kind} · {where}" if where else kind


def session_ikm(session: dict, totals) -> IkmResult:
    """The session's IKM with its unit's weights; no minimum: a forum is what it is."""
    return totals.ikm(weights=parse_weights(session["unit_weights"]))


async def refused(
    request: Request[Any, Any, Any],
    error: q.ForumError,
    page: str,
    context: dict[str, Any],
) -> Template:
    """A write the session's state refuses: 409 with the reason, the typed values kept on
    the page (or the reason alone, as the fragment htmx shows)."""
    message = _(error.template)
    return await render(
        request,
        page,
        {**context, "refusal": message, "message": message},
        partial="forum/_entry_error.html",
        status_code=409,
    )
