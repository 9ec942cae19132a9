"""Level 1 behind the event's QR code: GET /s/e/{token} shows the reaction form, POST stores it.

The citizen survey's engine, reused: a signed single-use form token (its own salt, so a
survey token never opens this form), the page rendered and compressed once per event and
language with the token spliced in, the hourly limit per address, no session and no
JavaScript. A participant names themselves by NIP and answers once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cachetools import TTLCache
from litestar import Request, Response, get, post
from litestar.params import FromPath

from app import i18n
from app.evaluation.events import reaction_item_labels
from app.forms import form_token_alert
from app.i18n import gettext as _
from app.precompressed import SplitPage, html_response, rendered
from app.ratelimit import address_allowed, client_address, client_fingerprint, local_counters
from app.settings import Settings
from surveys.citizen.tokens import TokenError, issue_token, read_token
from surveys.evaluation import events as q
from surveys.evaluation.reactions import ALREADY, NOT_PARTICIPANT, Reaction, record_reaction
from surveys.method.nip import NIP_SHAPE, normalise_nip
from surveys.store.development_tables import REACTION_ITEMS

REACTION_SALT = "suara.reaction-form"
TOKEN_FIELD = "form_token"
HONEYPOT = "website"
MAX_COMMENT = 2000
_TOKEN_SLOT = "\x00form-token\x00"
_pages: TTLCache[tuple, SplitPage] = TTLCache(maxsize=256, ttl=300.0)
# Too many answers from one network: the citizen survey's page, on the participants' base.
BUSY = "citizen/busy.html"
PARTICIPANTS_BASE = "evaluation/reaction_base.html"


def now() -> datetime:
    """The current time (tests replace this to pin the clock)."""
    return datetime.now(UTC)


@dataclass
class ReactionForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    token: str = ""
    honeypot_filled: bool = False


def read_reaction_form(data: Mapping[str, Any]) -> ReactionForm:
    """Every answer kept as sent, a message per bad field."""
    names = (*REACTION_ITEMS, "nip", "comment")
    values = {name: str(data.get(name) or "").strip() for name in names}
    values["comment"] = values["comment"][:MAX_COMMENT]
    form = ReactionForm(
        values,
        token=str(data.get(TOKEN_FIELD) or ""),
        honeypot_filled=bool(str(data.get(HONEYPOT) or "").strip()),
    )
    if not NIP_SHAPE.fullmatch(normalise_nip(values["nip"])):
        form.errors["nip"] = _("Isi NIP Anda (18 angka).")
    for item in REACTION_ITEMS:
        if values[item] in ("1", "2", "3", "4"):
            form.ratings[item] = int(values[item])
        else:
            form.errors[item] = _("Pilih salah satu jawaban.")
    return form


def _context(event: dict, **extra: Any) -> dict[str, Any]:
    return {
        "event": event,
        "lang": i18n.current_language.get(),
        "items": REACTION_ITEMS,
        "item_labels": reaction_item_labels(),
        "questions": _questions(),
        "values": {},
        "errors": {},
        **extra,
    }


def _questions() -> dict[str, str]:
    return {
        "material": _("Materi sesuai kebutuhan dan mudah dipahami."),
        "trainer": _("Pengajar menguasai materi dan menyampaikannya dengan jelas."),
        "method": _("Cara belajar (diskusi, praktik, studi kasus) membantu Anda belajar."),
        "facilities": _("Tempat, waktu dan sarana mendukung kegiatan."),
        "usefulness": _("Yang Anda pelajari berguna dalam pekerjaan melayani masyarakat."),
    }


def _new_token(settings: Settings, event: dict) -> str:
    return issue_token(settings.secret_key, event["id"], now(), salt=REACTION_SALT)


def _blank_form(request: Request[Any, Any, Any], event: dict) -> SplitPage:
    key = ("form", tuple(sorted(event.items())), i18n.current_language.get())
    page = _pages.get(key)
    if page is None:
        html = rendered(
            request, "evaluation/reaction_form.html", _context(event, token=_TOKEN_SLOT)
        )
        page = _pages[key] = SplitPage.from_html(html, _TOKEN_SLOT)
    return page


async def _event(token: str) -> dict | None:
    return await q.event_by_token(token)


@get("/e/{token:str}", name="reaction_form", include_in_schema=False)
async def show_reaction_form(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    settings: Settings = request.app.state.settings
    event = await _event(token)
    if event is None:
        return _page(request, settings, "evaluation/reaction_closed.html", None, 404)
    return html_response(
        request, settings, _blank_form(request, event), _new_token(settings, event)
    )


@post("/e/{token:str}", name="reaction_submit", include_in_schema=False)
async def submit_reaction(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[bytes]:
    settings: Settings = request.app.state.settings
    event = await _event(token)
    if event is None:
        return _page(request, settings, "evaluation/reaction_closed.html", None, 404)
    form = read_reaction_form(await request.form())
    if form.honeypot_filled:
        return _page(request, settings, "evaluation/reaction_thanks.html", event)
    try:
        form_token = read_token(
            settings.secret_key, form.token, event["id"], now(), salt=REACTION_SALT
        )
    except TokenError as error:
        alert = form_token_alert(error.reason)
        return _form_again(request, settings, event, form, alert)
    if form.errors:
        return _form_again(request, settings, event, form, _("Ada jawaban yang belum lengkap."))
    network = client_fingerprint(settings.secret_key, client_address(request))
    limit = settings.survey_address_limit
    if not await address_allowed(
        "reaction-ip:" + network, limit, request.app.stores, local_counters(request.app.state)
    ):
        return _page(request, settings, BUSY, event, 429, base=PARTICIPANTS_BASE)
    outcome = await record_reaction(
        Reaction(
            event_id=event["id"],
            nip=form.values["nip"],
            ratings=form.ratings,
            comment=form.values["comment"],
            dedupe_key="r:" + form_token.nonce,
        )
    )
    if outcome == NOT_PARTICIPANT:
        form.errors["nip"] = _("NIP ini tidak terdaftar sebagai peserta kegiatan ini.")
        return _form_again(request, settings, event, form, _("Periksa NIP Anda."))
    if outcome == ALREADY:
        return _page(request, settings, "evaluation/reaction_already.html", event)
    return _page(request, settings, "evaluation/reaction_thanks.html", event)


def _form_again(
    request: Request[Any, Any, Any],
    settings: Settings,
    event: dict,
    form: ReactionForm,
    alert: str,
) -> Response[bytes]:
    context = _context(
        event,
        token=_new_token(settings, event),
        values=form.values,
        errors=form.errors,
        alert=alert,
    )
    html = rendered(request, "evaluation/reaction_form.html", context)
    return html_response(request, settings, html, status_code=400)


def _page(
    request: Request[Any, Any, Any],
    settings: Settings,
    template: str,
    event: dict | None,
    status_code: int = 200,
    **extra: Any,
) -> Response[bytes]:
    html = rendered(
        request,
        template,
        _context(event, **extra) if event else {"lang": i18n.current_language.get(), "event": None},
    )
    return html_response(request, settings, html, status_code=status_code)


ROUTES = [show_reaction_form, submit_reaction]
