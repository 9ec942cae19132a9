"""JSON API of the training analysis: the same numbers as the analysis page.

Needs a logged-in manager (scoped to their units: another unit is 403) or administrator; this
path keeps the session (see the session's ``exclude`` in app.main), and it only answers GET,
so CSRF does not come into it. Anonymous callers get 401, facilitators 403, bad parameters 400.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Request, get
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from msgspec import Struct

from app.dependencies import AppSettings, SignedInAccount
from app.i18n import gettext as _
from app.periods import parse_period
from app.training.views import (
    MAX_DAYS,
    SEED,
    WORDS,
    resolve_scope,
    run_analysis,
    summary,
    verdict,
    within_units,
)
from surveys.training.statistics import TestResult
from surveys.training.summary import detectable_text


class TrainingTestResult(Struct):
    outcome: str  # U6, U7 or IKM
    test: str  # spearman_jp, mannwhitney_20jp or did_training
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    q_value: float | None
    n: int  # officers in this test
    note: str  # "" when the test ran normally, else why it did not (a code)
    note_text: str  # the note, or the effect's size and certainty, in words
    standardized: float | None
    groups: list[int] | None  # (>= 20 JP, < 20 JP) or (trained, comparison) officers
    units: int  # units that took part: with officers in both groups (or at different JP)
    # The minimum detectable effect, on the estimate's scale: the smallest true effect this test
    # would find at p <= alpha 8 times in 10 with these officers and responses (None: not run).
    # A result that is not significant does not show there is no effect below it.
    minimum_detectable: float | None
    minimum_detectable_text: str  # the same in words, with its unit ("" when None)


class EventStudyPoint(Struct):
    outcome: str
    month: int  # relative to the training: -6..-1 before it starts, 1..3 after it ends
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    trained: int  # trained officers with a value in that month


class TrainingAnalysisResult(Struct):
    period_from: str
    period_to: str
    units: list[str]  # the unit codes asked for; empty: every unit the caller may see
    min_responses: int
    officers: int  # officers who entered the analysis (at least min_responses responses)
    officers_total: int  # officers who served someone in the period and scope
    below_min_responses: int
    alpha: float
    n_resamples: int
    seed: int
    # Every test compares officers only with colleagues of their own unit.
    within_units: bool
    comparison: str  # who could be compared with whom, in words
    results: list[TrainingTestResult]
    # The difference in differences' check that trained officers and their controls moved
    # alike before the training (test "pretrend"; not among the q-value corrected results).
    pretrends: list[TrainingTestResult]
    event_study: list[EventStudyPoint]
    summary: list[str]


@get(
    "/api/v1/analysis/training",
    name="api_training_analysis",
    description="Officers' training (JP) against U6, U7 and IKM: three tests per outcome.",
)
async def training_analysis(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    from_date: Annotated[str | None, QueryParameter(name="from", description="YYYY-MM-DD")] = None,
    to_date: Annotated[str | None, QueryParameter(name="to", description="YYYY-MM-DD")] = None,
    unit: Annotated[
        list[str] | None, QueryParameter(description="unit code; repeat for several")
    ] = None,
) -> TrainingAnalysisResult:
    period = parse_period(from_date, to_date, datetime.now(settings.timezone).date())
    if period.days > MAX_DAYS:
        raise ValidationException(_("Periode analisis paling panjang tiga tahun."))
    scope, unknown = await resolve_scope(account, unit or [], settings.min_responses)
    if unknown:
        raise ValidationException(_("Unit tidak dikenal: %(codes)s.", codes=", ".join(unknown)))
    run = await run_analysis(request.app, period, scope)
    analysis = run.analysis
    return TrainingAnalysisResult(
        period_from=period.start.isoformat(),
        period_to=period.end.isoformat(),
        units=list(scope.codes),
        min_responses=analysis.min_responses,
        officers=analysis.officers_included,
        officers_total=analysis.officers_total,
        below_min_responses=analysis.below_min_responses,
        alpha=analysis.alpha,
        n_resamples=analysis.n_resamples,
        seed=SEED,
        within_units=True,
        comparison=within_units(run),
        results=[_result(r, analysis.alpha) for r in analysis.results],
        pretrends=[_result(r, analysis.alpha) for r in analysis.pretrends],
        event_study=[
            EventStudyPoint(p.outcome, p.month, p.estimate, p.ci_low, p.ci_high, p.stacks)
            for p in analysis.event_study
        ],
        summary=summary(run),
    )


def _result(r: TestResult, alpha: float) -> TrainingTestResult:
    return TrainingTestResult(
        outcome=r.outcome,
        test=r.test,
        estimate=r.estimate,
        ci_low=r.ci_low,
        ci_high=r.ci_high,
        p_value=r.p_value,
        q_value=r.q_value,
        n=r.n,
        note=r.note,
        note_text=verdict(r, alpha),
        standardized=r.standardized,
        groups=list(r.groups) if r.groups else None,
        units=r.units,
        minimum_detectable=r.detectable,
        minimum_detectable_text=detectable_text(r, WORDS),
    )


ROUTES = [training_analysis]
