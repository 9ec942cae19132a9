"""The training analysis page: officers' training against citizens' satisfaction.

Managers see their own units, administrators all; facilitators get 403 from the router's guard
and a manager asking for another unit gets 403. The results section (#analysis-results) and the
officers table (#officer-table) are htmx swap targets of the page's own URL; the charts and the
CSV exports are separate URLs with the same parameters and the same checks.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.exceptions import ValidationException
from litestar.plugins.htmx import HTMXHeaders, HTMXRequest
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount, UnitScope
from app.i18n import gettext as _
from app.periods import (
    asks_for_picker_fields,
    period_errors_text,
    period_form,
    period_label,
    read_period,
)
from app.settings import Settings
from app.training.charts import event_study_svg, forest_svg, scatter_svg
from app.training.views import (
    FOREST_FAMILIES,
    MAX_DAYS,
    AnalysisRun,
    Scope,
    event_rows,
    exclusions,
    forest_rows,
    probability,
    resolve_scope,
    result_rows,
    run_analysis,
    summary,
    within_units,
)
from app.web import render
from surveys.method.elements import N_
from surveys.method.period_choice import PeriodChoice
from surveys.method.text import whole_number
from surveys.store.accounts import Account
from surveys.store.spreadsheet import CSV_MEDIA_TYPE, csv_document
from surveys.store.units import hierarchy_options, units_in_scope
from surveys.training.hours import COMPETENCY_LABELS
from surveys.training.statistics import (
    LEAD_MONTHS,
    OUTCOMES,
    ROLE_CONTROL,
    ROLE_NOT_COMPARED,
    ROLE_TRAINED,
    WINDOW_MIN_RESPONSES,
    WINDOW_MONTHS,
)

BASE = "/dashboard/analysis"
OFFICERS_PER_PAGE = 50
ROLE_NAMES = {
    ROLE_TRAINED: N_("berlatih dalam periode"),
    ROLE_CONTROL: N_("pembanding"),
    ROLE_NOT_COMPARED: N_("tidak dibandingkan"),
}


def _query(choice: PeriodChoice, codes: tuple[str, ...], **extra: Any) -> str:
    pairs = [*choice.query().items(), *(("unit", code) for code in codes)]
    pairs += [(k, str(v)) for k, v in extra.items() if v not in (None, "")]
    return urlencode(pairs)


async def _read(
    request: Request[Any, Any, Any], account: Account, settings: Settings
) -> tuple[PeriodChoice, Scope, dict[str, str]]:
    choice, errors = read_period(request)
    if not errors and choice.period.days > MAX_DAYS:
        errors["to"] = _("Periode analisis paling panjang tiga tahun.")
    codes = request.query_params.getall("unit", [])
    scope, unknown = await resolve_scope(account, codes, settings.min_responses)
    if unknown:
        errors["unit"] = _("Pilih unit dari daftar.")
    return choice, scope, errors


async def _checked_run(
    request: Request[Any, Any, Any], account: Account, settings: Settings
) -> AnalysisRun:
    """For the charts and exports: the page's analysis, or 400 with the reason."""
    choice, scope, errors = await _read(request, account, settings)
    if errors:
        raise ValidationException(period_errors_text(errors))
    return await run_analysis(request.app, choice.period, scope)


def _htmx_headers(request: HTMXRequest, response: Template, headers: dict[str, str]) -> Template:
    """htmx's response headers (pushed URL, retarget) on a fragment; a page needs none."""
    if request.htmx:
        response.headers.update(headers)
    return response


@get(BASE, name="training_analysis")
async def show_analysis(
    request: HTMXRequest,
    account: SignedInAccount,
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template | Redirect:
    choice, scope, errors = await _read(request, account, settings)
    base = request.app.route_reverse("training_analysis")
    query = _query(choice, scope.codes)
    if not errors and asks_for_picker_fields(request) and not request.htmx:
        return Redirect(f"{base}?{query}", status_code=303)
    context: dict[str, Any] = {
        "form": period_form(choice, errors, request),
        "form_action": base,
        "htmx_target": "#analysis-results",
        "unit_options": hierarchy_options(await units_in_scope(unit_scope)),
        "unit_code": scope.codes[0] if scope.codes else "",
        "errors": errors,
    }
    if errors:
        # htmx swaps only successful answers: the form comes back in its own place, explained.
        response = await render(
            request,
            "training/analysis.html",
            context,
            partial="reporting/_period_form.html",
            status_code=200 if request.htmx else 400,
        )
        return _htmx_headers(
            request,
            response,
            {
                HTMXHeaders.RE_TARGET.value: "#period-form",
                HTMXHeaders.RE_SWAP.value: "outerHTML",
                HTMXHeaders.PUSH_URL.value: "false",
            },
        )

    run = await run_analysis(request.app, choice.period, scope)
    page = request.query_params.get("page") or "1"
    context |= _results_context(run, choice, scope.codes, whole_number(page, 1, 99_999) or 1)
    # The officers' pager swaps its table alone; the period form swaps all the results.
    pager = bool(request.htmx) and request.htmx.target == "officer-table"
    response = await render(
        request,
        "training/analysis.html",
        context,
        partial="training/_officer_table.html" if pager else "training/_analysis_results.html",
    )
    pushed = f"{base}?{context['page_query'] if pager else query}"
    return _htmx_headers(request, response, {HTMXHeaders.PUSH_URL.value: pushed})


def _results_context(
    run: AnalysisRun, choice: PeriodChoice, codes: tuple[str, ...], page: int
) -> dict[str, Any]:
    shown = run.shown_officers()
    pages = max(1, -(-len(shown) // OFFICERS_PER_PAGE))
    page = min(max(1, page), pages)
    units = {u["id"]: u for u in run.scope.units}
    return {
        "run": run,
        "analysis": run.analysis,
        "choice": choice,
        "label": period_label(choice),
        "query": _query(choice, codes),
        "page_query": _query(choice, codes, page=page) + "#officers",
        "chosen_units": run.scope.units if codes else (),
        "summary": summary(run),
        "within_units": within_units(run),
        "roles": run.analysis.did_roles,
        "pretrends": {row.outcome: row for row in run.analysis.pretrends},
        "rows": result_rows(run),
        "exclusions": exclusions(run),
        "officers": shown[(page - 1) * OFFICERS_PER_PAGE : page * OFFICERS_PER_PAGE],
        "officers_total": len(shown),
        "officer_page": page,
        "officer_pages": pages,
        "officer_page_queries": {
            "previous": _query(choice, codes, page=page - 1),
            "next": _query(choice, codes, page=page + 1),
        },
        "units": units,
        "several_units": len({o.outcomes.unit_id for o in shown}) > 1,
        "competencies": [(kind, _(label)) for kind, label in COMPETENCY_LABELS.items()],
        "role_names": {role: _(name) for role, name in ROLE_NAMES.items()},
        "window_months": WINDOW_MONTHS,
        "lead_months": LEAD_MONTHS,
        "window_minimum": WINDOW_MIN_RESPONSES,
        "probability": probability,
    }


def _svg(content: str) -> Response[str]:
    from app.charts import CHART_HEADERS

    return Response(content, media_type="image/svg+xml", headers=CHART_HEADERS)


def _width(request: Request[Any, Any, Any]) -> int:
    from app.charts import width_for

    return width_for(request.query_params.get("size"))


@get(f"{BASE}/scatter.svg", name="training_analysis_scatter")
async def show_analysis_scatter(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[str]:
    """JP in the last 12 months against the mean U6 or U7 of the officers shown on the page."""
    outcome = request.query_params.get("outcome") or "U6"
    if outcome not in ("U6", "U7"):
        raise ValidationException(_("Pilih U6 atau U7."))
    run = await _checked_run(request, account, settings)
    points = [
        (o.outcomes.jp_12m, value)
        for o in run.shown_officers()
        if (value := o.outcomes.outcome(outcome)) is not None
    ]
    name = _("Kompetensi Pelaksana") if outcome == "U6" else _("Perilaku Pelaksana")
    return _svg(
        scatter_svg(
            _("JP pelatihan dan rata-rata %(outcome)s per petugas", outcome=outcome),
            _("JP pelatihan dalam 12 bulan"),
            f"{outcome} {name}",
            points,
            width=_width(request),
        )
    )


@get(f"{BASE}/forest.svg", name="training_analysis_forest")
async def show_analysis_forest(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[str]:
    """Effects with their intervals: the correlations, or the before/after differences."""
    family = request.query_params.get("family") or "correlation"
    if family not in FOREST_FAMILIES:
        raise ValidationException(_("Grafik tidak dikenal."))
    run = await _checked_run(request, account, settings)
    if family == "correlation":
        title = _("Korelasi dengan JP pelatihan (−1 sampai 1)")
        axis = _("korelasi; titik = perkiraan, garis = interval kepercayaan 95%")
    else:
        title = _("Sebelum dan sesudah pelatihan, dibanding rekan satu unit")
        axis = _("selisih perubahan, poin skala 1–4; garis = interval kepercayaan 95%")
    # Correlations live on -1..1; the differences get an axis fitted to their intervals.
    edge = 1.0 if family == "correlation" else None
    rows = forest_rows(run, family)
    return _svg(forest_svg(title, axis, rows, edge=edge, width=_width(request)))


@get(f"{BASE}/event-study.svg", name="training_analysis_event_study")
async def show_analysis_event_study(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[str]:
    """Trained officers against their controls, month by month around the training."""
    outcome = request.query_params.get("outcome") or "U6"
    if outcome not in OUTCOMES:
        raise ValidationException(_("Pilih U6, U7 atau IKM."))
    run = await _checked_run(request, account, settings)
    title = _("%(outcome)s sebulan demi sebulan di sekitar pelatihan", outcome=outcome)
    axis = _("bulan sebelum (−) dan sesudah (+) pelatihan; poin skala 1–4, garis = interval 95%")
    return _svg(event_study_svg(title, axis, event_rows(run, outcome), width=_width(request)))


def _attachment(what: str, run: AnalysisRun) -> dict[str, str]:
    scope = "-".join(run.scope.codes) or "semua"
    name = f"{what}-{scope}-{run.period.start.isoformat()}-{run.period.end.isoformat()}.csv"
    return {"content-disposition": f'attachment; filename="{name}"'}


@get(f"{BASE}/results.csv", name="training_analysis_results_csv")
async def export_analysis_results(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[str]:
    run = await _checked_run(request, account, settings)
    header = ["outcome", "test", "estimate", "ci_low", "ci_high", "p_value", "q_value", "n"]
    header += ["note", "standardized", "group_a", "group_b", "minimum_detectable", "explanation"]
    lines = [header]
    for row in result_rows(run):
        r = row["result"]
        groups = r.groups or (None, None)
        lines.append(
            [r.outcome, r.test, r.estimate, r.ci_low, r.ci_high, r.p_value, r.q_value, r.n]
            + [r.note, r.standardized, *groups, r.detectable, row["verdict"]]
        )
    return Response(
        csv_document(lines), media_type=CSV_MEDIA_TYPE, headers=_attachment("analisis-hasil", run)
    )


@get(f"{BASE}/officers.csv", name="training_analysis_officers_csv")
async def export_analysis_officers(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[str]:
    """Per officer, only those shown on the page (at least the minimum responses); the scope
    check has already refused anyone but administrators and managers of these units."""
    run = await _checked_run(request, account, settings)
    units = {u["id"]: u["code"] for u in run.scope.units}
    kinds = list(COMPETENCY_LABELS)
    header = ["nip", "name", "unit_code", "responses", "mean_u6", "mean_u7", "ikm", "jp_12m"]
    header += [f"trainings_{kind}" for kind in kinds]
    header += ["days_since_last_training", "did_role", "training_start", "training_end"]
    lines = [header]
    roles = run.analysis.did_roles
    for officer in run.shown_officers():
        o = officer.outcomes
        event = officer.event or (None, None)
        lines.append(
            [officer.nip, officer.name, units.get(o.unit_id, ""), o.responses]
            + [o.mean_u6, o.mean_u7, officer.ikm, o.jp_12m]
            + [o.trainings_by_kind.get(kind, 0) for kind in kinds]
            + [o.days_since_last, roles.get(o.officer_id, ROLE_NOT_COMPARED)]
            + [d and d.isoformat() for d in event]
        )
    return Response(
        csv_document(lines), media_type=CSV_MEDIA_TYPE, headers=_attachment("analisis-petugas", run)
    )


ROUTES = [
    show_analysis,
    show_analysis_scatter,
    show_analysis_forest,
    show_analysis_event_study,
    export_analysis_results,
    export_analysis_officers,
]
