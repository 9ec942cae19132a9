"""One citizen's answers, decided top to bottom.

The handler parses the form and shows the reply; ``submit`` decides in between: the
honeypot, the signed form token, the answers, the hourly limit per network address,
and then the batching writer, which settles the once-a-day device limit and the kiosk
interval against what is committed and stores the answers in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Request
from litestar.stores.registry import StoreRegistry

from app.citizen import pages
from app.citizen.form import SurveyForm
from app.forms import form_token_alert
from app.i18n import gettext as _
from app.ratelimit import (
    LocalLimiter,
    address_allowed,
    client_address,
    client_fingerprint,
    local_counters,
)
from app.settings import Settings
from surveys.citizen.offline import read_kiosk_token
from surveys.citizen.submissions import (
    DEVICE_LIMIT,
    TOO_SOON,
    Submission,
    SurveyPoint,
    record_submissions,
)
from surveys.citizen.tokens import FormToken, TokenError, read_token
from surveys.store.writer import BatchWriter

# One writer per process; app.main drains it on shutdown.
submission_writer: BatchWriter[Submission, Any] = BatchWriter(record_submissions)

# The pages a reply can show.
THANKS = "thanks"
ALREADY = "already"  # this device has answered at this point today
BUSY = "busy"  # too many answers from this network address this hour
FORM = "form"  # the form again, answers kept, with what to do


@dataclass(frozen=True)
class Reply:
    """What the citizen sees next: one of the pages above, and for the form its answers."""

    page: str
    status_code: int = 200
    form: SurveyForm | None = None
    alert: str = ""
    keep_token: bool = False  # a retry after a failed write must resend the same token


@dataclass(frozen=True)
class Sender:
    """Who sends, as salted hashes only (never the address itself).

    ``device`` names the device: its long-lived cookie, else its address and browser (many
    phones share one address: office Wi-Fi, carrier NAT). ``network`` names the address,
    counted against the hourly limit; ``stores`` keep that count when Redis is shared, and
    ``counters`` (the app's own) while it is not.
    """

    device: str
    network: str
    stores: StoreRegistry
    counters: dict[tuple[int, int], LocalLimiter]

    @classmethod
    def of(cls, request: Request[Any, Any, Any], settings: Settings) -> Sender:
        secret = settings.secret_key
        address = client_address(request)
        device = request.cookies.get(pages.DEVICE_COOKIE, "")
        if pages.DEVICE_ID.match(device):
            device_hash = client_fingerprint(secret, "device", device)
        else:
            agent = request.headers.get("user-agent", "")
            device_hash = client_fingerprint(secret, "network", address, agent)
        counters = local_counters(request.app.state)
        return cls(device_hash, client_fingerprint(secret, address), request.app.stores, counters)


async def submit(point: SurveyPoint, form: SurveyForm, sender: Sender, settings: Settings) -> Reply:
    """Decide on one submission and store it if it counts; what the citizen sees next."""
    if form.honeypot_filled:  # a bot: thank it and store nothing
        return Reply(THANKS)
    moment = pages.now()
    try:
        form_token, answered = _read_form_token(point, form, settings, moment)
    except TokenError as error:
        alert = form_token_alert(error.reason)
        return Reply(FORM, 400, form, alert)
    if not form.valid:
        return Reply(FORM, 400, form, _("Ada jawaban yang belum lengkap."))
    if not await _address_allowed(sender, settings):
        return Reply(BUSY, 429)
    submission = Submission(
        point=point,
        answers=form.answers,
        submitted_at=answered,
        local_time=answered.astimezone(settings.timezone),
        dedupe_key=form_token.dedupe_key,
        device_hash=sender.device,
        service_type_id=form.service_type_id,
        gender=form.gender,
        age=form.age,
        education=form.education,
        occupation=form.occupation,
        comment=form.comment,
        locale=pages.language(),
    )
    try:
        outcome = await submission_writer.submit(submission)
    except Exception:
        alert = _("Jawaban Anda belum tersimpan karena gangguan. Jawaban masih ada: kirim lagi.")
        return Reply(FORM, 503, form, alert, keep_token=True)
    if outcome.result == DEVICE_LIMIT:
        return Reply(ALREADY)
    if outcome.result == TOO_SOON:
        alert = _("Jawaban sebelumnya di kios ini baru saja terkirim. Tunggu sebentar, lalu kirim.")
        # A queued answer keeps the moment it was given: sending it again cannot help, and
        # 409 (not 429, "later") tells the kiosk's worker to stop trying.
        status = 409 if form.queued_at else 429
        return Reply(FORM, status, SurveyForm(values=form.values), alert)
    return Reply(THANKS)


def _read_form_token(
    point: SurveyPoint, form: SurveyForm, settings: Settings, moment: datetime
) -> tuple[FormToken, datetime]:
    """The form's token and when the answer counts as given. A kiosk's form may carry a
    token of its offline stock and, queued while offline, the moment it was given
    (surveys/citizen/offline.py); any other form is answered now, with the page's token."""
    if point.kind == "kiosk":
        return read_kiosk_token(settings.secret_key, form.token, point.id, moment, form.queued_at)
    return read_token(settings.secret_key, form.token, point.id, moment), moment


async def _address_allowed(sender: Sender, settings: Settings) -> bool:
    """Counts one submission from the sender's address; False once over the hourly limit."""
    return await address_allowed(
        "survey-ip:" + sender.network, settings.survey_address_limit, sender.stores, sender.counters
    )
