"""One unit's dashboard page: elements, trend, breakdowns, officers, profile and comments.

Unknown units are 404, units outside a manager's scope 403; the comments list is an htmx
swap target (#comments) and the charts are separate SVG images with data tables beside them.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.response import Redirect, Template

from app.charts import CHART_HEADERS, WIDTH, elements_svg, trend_svg, width_for
from app.dependencies import AppSettings, UnitScope
from app.i18n import gettext as _
from app.periods import (
    asks_for_picker_fields,
    following_query,
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
from surveys.method.scoring import ELEMENT_CODES, parse_weights, priority_codes, sample_target
from surveys.method.text import whole_number
from surveys.method.trends import (
    PeriodSums,
    element_changes,
    grade_of,
    ikm_change,
    ikm_interval,
)
from surveys.reporting.city import subtree_series
from surveys.reporting.overview_queries import populations_for, unit_sums_by_period
from surveys.reporting.unit_detail import (
    AGE_BANDS,
    CommentFilter,
    breakdown,
    element_moments,
    profile_scores,
    profile_sums,
    unit_comments,
)
from surveys.store.tables import EDUCATIONS, GENDERS, OCCUPATIONS

TREND_PERIODS = 8


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
    return wanted, whole_number(page, 1, 99_999) or 1


def _comment_query(choice: PeriodChoice, wanted: CommentFilter, page: int | None = None) -> str:
    return period_query(
        choice, q=wanted.text, element=wanted.element, score=wanted.score, page=page
    )


async def _trend(
    unit: dict, scope: frozenset[int] | None, choice: PeriodChoice
) -> tuple[list[PeriodChoice], list[PeriodSums], int]:
    """The unit's sums over recent periods, with every visible unit below it added in (a
    parent unit's combined result); and how many units that is."""
    periods = choice.recent(TREND_PERIODS)
    units, series = await subtree_series(unit, scope, periods)
    return periods, series, len(units)


@get("/units/{unit_code:str}", name="dashboard_unit")
async def show_unit(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, unit_scope: UnitScope
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
    periods, series, combined_units = await _trend(unit, unit_scope, choice)
    current, previous = series[-1], series[-2]
    result = current.result(minimum_n=minimum, weights=weights)
    previous_ikm = previous.ikm(weights)
    answered = [e for e in result.elements if e.nrr is not None]
    lowest_first = sorted(answered, key=lambda e: (e.nrr, e.code))
    year_earlier = choice.a_year_earlier()
    earlier = (await unit_sums_by_period([year_earlier.period], [unit["id"]])).get(unit["id"])
    earlier_sums = (earlier or [PeriodSums()])[0]
    earlier_ikm = earlier_sums.ikm(weights)
    moments_now = await element_moments(unit["id"], choice.period)
    moments_before = await element_moments(unit["id"], choice.previous().period)
    sums_by_profile = await profile_sums(unit["id"], choice.period)
    population = (await populations_for(choice.period, [unit["id"]])).get(unit["id"])
    officers, officers_held_back = split_by_minimum(
        [b for b in await breakdown(unit["id"], choice.period, "officer") if b.key is not None],
        lambda b: b.totals.n,
        minimum,
    )
    comments = await unit_comments(unit["id"], choice.period, wanted, page)
    context = {
        "unit": unit,
        "combined_units": combined_units,
        "choice": choice,
        "label": period_label(choice),
        "query": period_query(choice),
        "previous_query": period_query(choice.previous()),
        "next_query": following_query(request, choice),
        "form": period_form(choice, errors, request),
        "form_action": base,
        "htmx_target": None,
        "minimum": minimum,
        "result": result,
        "previous_ikm": previous_ikm,
        "interval": ikm_interval(result.ikm, current.spread),
        "change": ikm_change(result.ikm, current.spread, previous_ikm, previous.spread, minimum),
        "element_changes": element_changes(moments_now, moments_before, minimum),
        "year_earlier": {
            "label": period_label(year_earlier),
            "query": period_query(year_earlier),
            "n": earlier_sums.n,
            "ikm": earlier_ikm,
            "grade": grade_of(earlier_ikm),
            "interval": ikm_interval(earlier_ikm, earlier_sums.spread),
            "enough": earlier_ikm is not None and earlier_sums.n >= minimum,
        },
        "target": None if population is None else sample_target(population, result.n),
        "population": population,
        "elements": lowest_first,
        "priorities": set(priority_codes(result)),
        "trend": [
            (short_period_label(p), period_label(p), p, sums, ikm, ikm_interval(ikm, sums.spread))
            for p, sums in zip(periods, series, strict=True)
            for ikm in [sums.ikm(weights)]
        ],
        "service_types": await breakdown(unit["id"], choice.period, "service_type"),
        "service_points": await breakdown(unit["id"], choice.period, "service_point"),
        "officers": officers,
        "officers_held_back": officers_held_back,
        "profile": {
            field: {cell.value: cell for cell in profile_scores(cells, minimum)}
            for field, cells in sums_by_profile.items()
        },
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
        "current": _comment_query(choice, wanted, comments.page),
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
    request: Request[Any, Any, Any], unit: VisibleUnit, unit_scope: UnitScope
) -> Response[str]:
    choice, _errors = read_period(request)
    periods, series, _units = await _trend(unit, unit_scope, choice)
    weights = parse_weights(unit["weights"])
    values = [None if (ikm := s.ikm(weights)) is None else float(ikm) for s in series]
    title = _("Tren IKM %(unit)s", unit=unit["name"])
    width = width_for(request.query_params.get("size"))
    labels = [short_period_label(p) for p in periods]
    return _svg(trend_svg(title, labels, values, width=width))


@get("/units/{unit_code:str}/elements.svg", name="dashboard_unit_elements")
async def show_unit_elements_chart(
    request: Request[Any, Any, Any], unit: VisibleUnit, unit_scope: UnitScope
) -> Response[str]:
    choice, _errors = read_period(request)
    _units, series = await subtree_series(unit, unit_scope, [choice])
    result = series[0].result(weights=parse_weights(unit["weights"]))
    answered = sorted((e for e in result.elements if e.nrr is not None), key=lambda e: e.nrr or 0)
    width = width_for(request.query_params.get("size"))
    labels = [
        e.code if width < WIDTH else f"{e.code} {_(ELEMENTS_BY_CODE[e.code].name)}"
        for e in answered
    ]
    scores = [float(e.score) for e in answered]  # type: ignore[arg-type]
    title = _("Nilai per unsur, %(period)s (terendah di atas)", period=period_label(choice))
    return _svg(elements_svg(title, labels, scores, width=width))


ROUTES = [show_unit, show_unit_trend_chart, show_unit_elements_chart]
