"""The citizen survey behind a QR code: GET /s/{token} shows the form, POST stores answers.

No login, no session, no JavaScript needed. The form posts back to the same URL with a
signed single-use token. A POST reads top to bottom: the handler parses the form, the
citizen service (app/citizen/service.py) decides and stores through the batching
writer, and the handler shows its reply; the citizen sees the thank-you page only once
the answers are committed.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from app.citizen import pages, service
from app.citizen.form import read_survey_form
from app.settings import Settings
from surveys.citizen.survey_point import PointLookup, SurveyPoint
from surveys.citizen.tokens import issue_token

# Drained by app.main on shutdown.
submission_writer = service.submission_writer


@get("/{token:str}", name="survey_form", include_in_schema=False)
async def show_survey_form(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    settings = _settings(request)
    found = await pages.lookup_point(token)
    if found.point is None:
        return closed_page(request, settings, found)
    form = pages.blank_form(request, found.point)
    return pages.html_response(request, settings, form, _new_token(settings, found.point))


@post("/{token:str}", name="survey_submit", include_in_schema=False)
async def submit_survey(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[bytes]:
    settings = _settings(request)
    found = await pages.lookup_point(token)
    if found.point is None:
        return closed_page(request, settings, found)
    form = read_survey_form(await request.form(), found.point.service_type_ids)
    sender = service.Sender.of(request, settings)
    reply = await service.submit(found.point, form, sender, settings)
    return _show(request, settings, found.point, reply)


def _show(
    request: Request[Any, Any, Any], settings: Settings, point: SurveyPoint, reply: service.Reply
) -> Response[bytes]:
    """The page a reply names: cached for thanks and already-answered, rendered otherwise.

    The form again keeps every answer and shows a message per bad field, with a fresh
    token; a retry after a failed write keeps its token instead, so that sending again
    can never store the answers twice, whatever the failure left behind.
    """
    if reply.page == service.FORM:
        assert reply.form is not None
        token = reply.form.token if reply.keep_token else _new_token(settings, point)
        context = pages.page_context(
            point,
            token=token,
            values=reply.form.values,
            errors=reply.form.errors,
            alert=reply.alert,
        )
        html = pages.render(request, "citizen/form.html", context)
    elif reply.page == service.BUSY:
        html = pages.render(request, "citizen/busy.html", pages.page_context(point))
    else:
        # Post/redirect/get: the final page is a GET of its own, so going back or reloading
        # never offers to send the answers again.
        route = {service.THANKS: "survey_thanks", service.ALREADY: "survey_answered"}
        target = request.app.route_reverse(route[reply.page], token=point.token)
        return pages.redirect_response(request, settings, f"{target}?lang={pages.language()}")
    return pages.html_response(request, settings, html, status_code=reply.status_code)


@get("/{token:str}/terima-kasih", name="survey_thanks", include_in_schema=False)
async def show_thanks(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[bytes]:
    """The thank-you page a submission redirects to (anyone may see it: it says nothing)."""
    return await _final_page(request, token, "citizen/thanks.html")


@get("/{token:str}/sudah-dijawab", name="survey_answered", include_in_schema=False)
async def show_already_answered(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    """Where a device that already answered here today is sent."""
    return await _final_page(request, token, "citizen/already.html")


async def _final_page(
    request: Request[Any, Any, Any], token: str, template: str
) -> Response[bytes]:
    settings = _settings(request)
    found = await pages.lookup_point(token)
    if found.point is None:
        return closed_page(request, settings, found)
    return pages.html_response(request, settings, pages.cached(request, template, found.point))


def closed_page(
    request: Request[Any, Any, Any], settings: Settings, found: PointLookup
) -> Response[bytes]:
    """A friendly page for a QR code that is unknown (404) or no longer valid (410); a
    closed forum session's code speaks of the meeting, not of a counter."""
    retired = found.status == "retired"
    template = "citizen/retired.html" if retired else "citizen/not_found.html"
    context = pages.page_context(None, meeting=found.kind == "forum")
    html = pages.render(request, template, context)
    return pages.html_response(request, settings, html, status_code=410 if retired else 404)


def _settings(request: Request[Any, Any, Any]) -> Settings:
    """The app's settings, read directly: injecting them (``AppSettings``) costs Litestar's
    dependency machinery about 20 µs a request, some 8% of a form display, on the one path
    that is benchmarked. The survey router therefore declares no dependencies."""
    settings: Settings = request.app.state.settings
    return settings


def _new_token(settings: Settings, point: SurveyPoint) -> str:
    return issue_token(settings.secret_key, point.id, pages.now())


ROUTES = [show_survey_form, submit_survey, show_thanks, show_already_answered]
__all__ = ["ROUTES", "submission_writer"]
