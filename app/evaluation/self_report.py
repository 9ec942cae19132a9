"""The participant's own Level 3 report behind the event's link: GET /s/e/{token}/self shows it,
POST stores it once per participant. Open from 60 days after the event, like the supervisor's;
no account, the reaction form's signed single-use token (a salt of its own) and address limit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from app import i18n
from app.evaluation.behaviour import application_labels, questions
from app.evaluation.reaction import BUSY, PARTICIPANTS_BASE
from app.i18n import gettext as _
from app.precompressed import html_response, rendered
from app.ratelimit import address_allowed, client_address, client_fingerprint, local_counters
from app.settings import Settings
from surveys.citizen.tokens import TokenError, issue_token, read_token
from surveys.evaluation import behaviour
from surveys.evaluation import events as q
from surveys.method.nip import normalise_nip

SELF_SALT = "suara.self-report"
CLOSED = "evaluation/reaction_closed.html"
THANKS = "evaluation/reaction_thanks.html"
ALREADY = "evaluation/reaction_already.html"
MAX_EXAMPLE = 2000


async def _page(
    request: Request[Any, Any, Any],
    event: dict | None,
    *,
    template: str = "evaluation/self_report.html",
    status_code: int = 200,
    **extra: Any,
) -> Response[bytes]:
    settings: Settings = request.app.state.settings
    context: dict[str, Any] = {"event": event, "lang": i18n.current_language.get(), **extra}
    if event is not None:
        today = datetime.now(settings.timezone).date()
        context |= {
            "questions": await questions(event["id"]),
            "labels": application_labels(),
            "window": behaviour.behaviour_window(event["end_date"]),
            "open": event["status"] == "finished"
            and today >= behaviour.behaviour_window(event["end_date"]).opens,
            "token": issue_token(
                settings.secret_key, event["id"], datetime.now().astimezone(), salt=SELF_SALT
            ),
        }
        context.setdefault("values", {})
        context.setdefault("errors", {})
    html = rendered(request, template, context)
    return html_response(request, settings, html, status_code=status_code)


@get("/e/{token:str}/self", name="self_report_form", include_in_schema=False)
async def show_self_report(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    event = await q.event_by_token(token)
    if event is None:
        return await _page(request, None, template=CLOSED, status_code=404)
    return await _page(request, event)


@post("/e/{token:str}/self", name="self_report_submit", include_in_schema=False)
async def submit_self_report(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    settings: Settings = request.app.state.settings
    event = await q.event_by_token(token)
    if event is None:
        return await _page(request, None, template=CLOSED, status_code=404)
    data = await request.form()
    values = {key: str(data.get(key) or "").strip() for key in data}
    asked = await questions(event["id"])
    errors: dict[str, str] = {}
    try:
        read_token(
            settings.secret_key,
            values.get("form_token", ""),
            event["id"],
            datetime.now().astimezone(),
            salt=SELF_SALT,
        )
    except TokenError:
        errors[""] = _(
            "Formulir tidak dapat diperiksa. Jawaban Anda masih ada: silakan kirim lagi."
        )
    nip = normalise_nip(values.get("nip", ""))
    participant = await behaviour.participant_present(event["id"], nip) if nip else None
    if participant is None:
        errors["nip"] = _("NIP ini tidak tercatat hadir dalam kegiatan ini.")
    ratings = {}
    for question in asked:
        value = values.get(f"c{question['id']}", "")
        if value in ("1", "2", "3", "4"):
            ratings[question["id"]] = int(value)
        else:
            errors[f"c{question['id']}"] = _("Pilih salah satu jawaban.")
    window = behaviour.behaviour_window(event["end_date"])
    if datetime.now(settings.timezone).date() < window.opens or event["status"] != "finished":
        errors[""] = _("Penilaian diri dibuka mulai %(date)s.", date=window.opens.isoformat())
    if errors:
        return await _page(request, event, values=values, errors=errors, status_code=400)
    network = client_fingerprint(settings.secret_key, client_address(request))
    limit = settings.survey_address_limit
    if not await address_allowed(
        "self-ip:" + network, limit, request.app.stores, local_counters(request.app.state)
    ):
        return await _page(request, event, template=BUSY, status_code=429, base=PARTICIPANTS_BASE)
    assert participant is not None
    example = values.get("example", "")[:MAX_EXAMPLE]
    stored = await behaviour.record_behaviour(None, participant, "self", ratings, example)
    return await _page(request, event, template=THANKS if stored else ALREADY)


ROUTES = [show_self_report, submit_self_report]
