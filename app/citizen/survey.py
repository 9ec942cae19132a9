"""The citizen survey behind a QR code: GET /s/{token} shows the form, POST stores answers.

No login, no session, no JavaScript needed. The form posts back to the same URL with a
signed single-use token; answers go through the per-process batching writer, and the
citizen sees the thank-you page only once they are committed.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from app.citizen import pages
from app.citizen.form import SurveyForm, read_survey_form
from app.i18n import gettext as _
from surveys.citizen.submissions import (
    DEVICE_LIMIT,
    TOO_SOON,
    Submission,
    SurveyPoint,
    record_submissions,
)
from surveys.citizen.tokens import TokenError, issue_token, read_token
from surveys.store.writer import BatchWriter

# One writer per process; app.main drains it on shutdown.
submission_writer: BatchWriter[Submission, Any] = BatchWriter(record_submissions)


def _new_token(request: Request[Any, Any, Any], point: SurveyPoint) -> str:
    return issue_token(request.app.state.settings.secret_key, point.id, pages.now())


async def _closed_page(request: Request[Any, Any, Any], status: str) -> Response[bytes]:
    """A friendly page for a QR code that is unknown (404) or no longer valid (410)."""
    template = "citizen/retired.html" if status == "retired" else "citizen/not_found.html"
    html = pages.render(request, template, {"lang": pages.language()})
    return pages.html_response(request, html, status_code=410 if status == "retired" else 404)


def _form_again(
    request: Request[Any, Any, Any],
    point: SurveyPoint,
    form: SurveyForm,
    alert: str = "",
    status_code: int = 400,
    token: str | None = None,
) -> Response[bytes]:
    """The form with every answer kept, a message per bad field and a fresh token.

    A retry after a failed write keeps its token instead, so that sending again can
    never store the answers twice, whatever the failure left behind.
    """
    context = pages.page_context(
        point,
        token=token or _new_token(request, point),
        values=form.values,
        errors=form.errors,
        alert=alert,
    )
    html = pages.render(request, "citizen/form.html", context)
    return pages.html_response(request, html, status_code=status_code)


@get("/s/{token:str}", name="survey_form", include_in_schema=False)
async def show_survey_form(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    found = await pages.lookup_point(token)
    if found.point is None:
        return await _closed_page(request, found.status)
    point = found.point
    return pages.html_response(
        request, pages.blank_form(request, point), _new_token(request, point)
    )


@post("/s/{token:str}", name="survey_submit", include_in_schema=False)
async def submit_survey(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[bytes]:
    found = await pages.lookup_point(token)
    if found.point is None:
        return await _closed_page(request, found.status)
    point = found.point
    form = read_survey_form(await request.form(), {t[0] for t in point.service_types})
    if form.honeypot_filled:  # a bot: thank it and store nothing
        return pages.html_response(request, pages.cached(request, "citizen/thanks.html", point))
    moment = pages.now()
    try:
        form_token = read_token(request.app.state.settings.secret_key, form.token, point.id, moment)
    except TokenError as error:
        alert = (
            _("Formulir ini sudah kedaluwarsa. Jawaban Anda masih ada: periksa lalu kirim lagi.")
            if error.reason == "expired"
            else _("Formulir tidak dapat diperiksa. Jawaban Anda masih ada: silakan kirim lagi.")
        )
        return _form_again(request, point, form, alert)
    if not form.valid:
        return _form_again(request, point, form, _("Ada jawaban yang belum lengkap."))
    if not await pages.address_allowed(request):
        html = pages.render(request, "citizen/busy.html", pages.page_context(point))
        return pages.html_response(request, html, status_code=429)
    submission = Submission(
        point=point,
        answers=form.answers,
        submitted_at=moment,
        local_time=moment.astimezone(request.app.state.settings.timezone),
        dedupe_key=form_token.dedupe_key,
        device_hash=pages.device_hash(request),
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
        return _form_again(request, point, form, alert, status_code=503, token=form.token)
    if outcome.result == DEVICE_LIMIT:
        return pages.html_response(request, pages.cached(request, "citizen/already.html", point))
    if outcome.result == TOO_SOON:
        alert = _("Jawaban sebelumnya di kios ini baru saja terkirim. Tunggu sebentar, lalu kirim.")
        return _form_again(request, point, SurveyForm(values=form.values), alert, 429)
    return pages.html_response(request, pages.cached(request, "citizen/thanks.html", point))


ROUTES = [show_survey_form, submit_survey]
