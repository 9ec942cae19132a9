"""One unit's dashboard page: elements, trend, breakdowns, officers, profile and comments.

Unknown units are 404, units outside a manager's scope 403; the comments list is an htmx
swap target (#comments) and the charts are separate SVG images with data tables beside them.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.response import Redirect, Template

from app.charts import CHART_HEADERS, elements_svg, trend_svg
from app.dependencies import AppSettings
from app.i18n import gettext as _
from app.periods import (
    asks_for_picker_fields,
    period_form,
    period_label,
    period_query,
    read_period,
    short_period_label,
)
from app.reporting.dependencies import VisibleUnit
from app.web import is_htmx, render
from surveys.method.elements import ELEMENTS_BY_CODE
from surveys.method.period_choice import PeriodChoice
from surveys.method.ranking import split_by_minimum
from surveys.method.scoring import ELEMENT_CODES, parse_weights, sample_target
from surveys.method.trends import PeriodSums, grade_of, ikm_change
from surveys.reporting.overview_queries import populations_covering, unit_sums_by_period
from surveys.reporting.unit_detail import (
    AGE_BANDS,
    CommentFilter,
    breakdown,
    respondent_profile,
    unit_comments,
)
from surveys.store.tables import EDUCATIONS, GENDERS, OCCUPATIONS

TREND_PERIODS = 8
PRIORITIES = 3


def _comment_filter(request: Request[Any, Any, Any]) -> tuple[CommentFilter, int]:
    """The comments' search and filter; unknown values are ignored rather than refused."""
    params = request.query_params
    element = params.get("element") or ""
    score = params.get("score") or ""
    wanted = CommentFilter(
        text=(params.get("q") or "")[:200],
        element=element if element in ELEMENT_CODES else "",
        score=score if score in ("low", "high") else "",
    )
    page = params.get("page") or "1"
    return wanted, int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


def _comment_query(choice: PeriodChoice, wanted: CommentFilter, page: int | None = None) -> str:
    return period_query(
        choice, q=wanted.text, element=wanted.element, score=wanted.score, page=page
    )


async def _trend(unit: dict, choice: PeriodChoice) -> tuple[list[PeriodChoice], list[PeriodSums]]:
    periods = choice.recent(TREND_PERIODS)
    sums = await unit_sums_by_period([p.period for p in periods], [unit["id"]])
    return periods, sums.get(unit["id"], [PeriodSums()] * len(periods))


@get("/units/{unit_code:str}", name="dashboard_unit")
async def show_unit(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings
) -> Template | Redirect:
    choice, errors = read_period(request)
    wanted, page = _comment_filter(request)
    base = request.app.route_reverse("dashboard_unit", unit_code=unit["code"])
    if is_htmx(request):
        # The comment filter and pager swap #comments alone: nothing else is read.
        comments = await unit_comments(unit["id"], choice.period, wanted, page)
        return await render(
            request,
            "reporting/unit.html",
            _comments_context(unit, choice, wanted, comments),
            partial="reporting/_comments.html",
            push_url=f"{base}?{_comment_query(choice, wanted, comments.page)}#comments",
        )
    if not errors and asks_for_picker_fields(request):
        return Redirect(f"{base}?{period_query(choice)}", status_code=303)

    minimum = unit["minimum_responses"] or settings.min_responses
    weights = parse_weights(unit["weights"])
    periods, series = await _trend(unit, choice)
    current, previous = series[-1], series[-2]
    result = current.result(minimum_n=minimum, weights=weights)
    previous_ikm = previous.ikm(weights)
    answered = [e for e in result.elements if e.nrr is not None]
    lowest_first = sorted(answered, key=lambda e: (e.nrr, e.code))
    population = (await populations_covering(choice.period, [unit["id"]])).get(unit["id"])
    officers, officers_held_back = split_by_minimum(
        [b for b in await breakdown(unit["id"], choice.period, "officer") if b.key is not None],
        lambda b: b.totals.n,
        minimum,
    )
    comments = await unit_comments(unit["id"], choice.period, wanted, page)
    context = {
        "unit": unit,
        "choice": choice,
        "label": period_label(choice),
        "query": period_query(choice),
        "previous_query": period_query(choice.previous()),
        "next_query": period_query(choice.following()),
        "form": period_form(choice, errors, request),
        "form_action": base,
        "htmx_target": None,
        "minimum": minimum,
        "result": result,
        "previous_ikm": previous_ikm,
        "change": ikm_change(result.ikm, current.spread, previous_ikm, previous.spread),
        "target": None if population is None else sample_target(population["population"], result.n),
        "population": population,
        "elements": lowest_first,
        "priorities": {e.code for e in lowest_first[:PRIORITIES]},
        "trend": [
            (short_period_label(p), period_label(p), p, sums, sums.ikm(weights))
            for p, sums in zip(periods, series, strict=True)
        ],
        "service_types": await breakdown(unit["id"], choice.period, "service_type"),
        "service_points": await breakdown(unit["id"], choice.period, "service_point"),
        "officers": officers,
        "officers_held_back": officers_held_back,
        "profile": await respondent_profile(unit["id"], choice.period),
        "profile_order": {
            "gender": GENDERS,
            "age": AGE_BANDS,
            "education": EDUCATIONS,
            "occupation": OCCUPATIONS,
        },
        "grade_of": grade_of,
        **_comments_context(unit, choice, wanted, comments),
    }
    return await render(request, "reporting/unit.html", context)


def _comments_context(
    unit: dict, choice: PeriodChoice, wanted: CommentFilter, comments: Any
) -> dict[str, Any]:
    pages = {
        "previous": _comment_query(choice, wanted, comments.page - 1),
        "next": _comment_query(choice, wanted, comments.page + 1),
    }
    return {
        "unit": unit,
        "choice": choice,
        "wanted": wanted,
        "comments": comments,
        "comment_pages": pages,
        "element_codes": ELEMENT_CODES,
        "element_names": {code: _(e.name) for code, e in ELEMENTS_BY_CODE.items()},
    }


def _svg(content: str) -> Response[str]:
    return Response(content, media_type="image/svg+xml", headers=CHART_HEADERS)


@get("/units/{unit_code:str}/trend.svg", name="dashboard_unit_trend")
async def show_unit_trend_chart(
    request: Request[Any, Any, Any], unit: VisibleUnit
) -> Response[str]:
    choice, _errors = read_period(request)
    periods, series = await _trend(unit, choice)
    weights = parse_weights(unit["weights"])
    values = [None if (ikm := s.ikm(weights)) is None else float(ikm) for s in series]
    title = _("Tren IKM %(unit)s", unit=unit["name"])
    return _svg(trend_svg(title, [short_period_label(p) for p in periods], values))


@get("/units/{unit_code:str}/elements.svg", name="dashboard_unit_elements")
async def show_unit_elements_chart(
    request: Request[Any, Any, Any], unit: VisibleUnit
) -> Response[str]:
    choice, _errors = read_period(request)
    sums = (await unit_sums_by_period([choice.period], [unit["id"]])).get(unit["id"])
    result = (sums or [PeriodSums()])[0].result(weights=parse_weights(unit["weights"]))
    answered = sorted((e for e in result.elements if e.nrr is not None), key=lambda e: e.nrr or 0)
    labels = [f"{e.code} {_(ELEMENTS_BY_CODE[e.code].name)}" for e in answered]
    scores = [float(e.score) for e in answered]  # type: ignore[arg-type]
    title = _("Nilai per unsur, %(period)s (terendah di atas)", period=period_label(choice))
    return _svg(elements_svg(title, labels, scores))


ROUTES = [show_unit, show_unit_trend_chart, show_unit_elements_chart]
