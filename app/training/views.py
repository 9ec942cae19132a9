"""The training analysis for the web: which units a caller asked for and may see,
running the analysis off the event loop with a short per-app cache, and its numbers in words.

The page, its charts, its CSV exports and the JSON API share all of this, so they always show
the same officers and the same figures for the same request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from litestar import Litestar
from litestar.exceptions import PermissionDeniedException

from app import formatting, i18n
from app.i18n import current_language
from app.i18n import gettext as _
from app.training.charts import EventRow, ForestRow
from surveys.method.elements import N_
from surveys.method.periods import Period
from surveys.store.accounts import Account
from surveys.store.units import subtree, unit_by_code, units_in_scope
from surveys.training import summary as words
from surveys.training.analysis import TrainingData, training_data
from surveys.training.statistics import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    SPEARMAN_JP,
    WINDOW_MIN_RESPONSES,
    TestResult,
    TrainingAnalysis,
)

# The same request always gives the same numbers: resampling uses this seed.
SEED = 2017
# Longest period analysed at once (the before/after windows reach months beyond it).
MAX_DAYS = 3 * 366
# The page, its two charts and its exports ask for the same analysis within seconds.
CACHE_SECONDS = 120
CACHE_ENTRIES = 32

TEST_NAMES = {
    SPEARMAN_JP: N_("Korelasi dengan JP 12 bulan, dalam unit (Spearman)"),
    MANNWHITNEY_20JP: N_("20 JP ke atas dibanding di bawah 20 JP, dalam unit (van Elteren)"),
    DID_TRAINING: N_("Sebelum dan sesudah pelatihan, dibanding rekan satu unit (DiD bertahap)"),
}
OUTCOME_NAMES = {
    "U6": N_("U6 Kompetensi Pelaksana"),
    "U7": N_("U7 Perilaku Pelaksana"),
    "IKM": N_("IKM"),
}


@dataclass(frozen=True)
class Scope:
    """The units analysed (their subtrees, within what the caller may see)."""

    units: tuple[Mapping[str, Any], ...]
    unit_ids: tuple[int, ...] | None  # None: every unit (an administrator without a filter)
    codes: tuple[str, ...]  # the codes asked for, as canonical query values
    minimum: int


@dataclass(frozen=True)
class AnalysisRun:
    period: Period
    scope: Scope
    data: TrainingData
    analysis: TrainingAnalysis

    def shown_officers(self) -> list:
        """Only officers with at least the minimum responses are shown individually."""
        return [o for o in self.data.officers if o.outcomes.responses >= self.scope.minimum]


async def resolve_scope(
    account: Account, codes: Sequence[str], default_minimum: int
) -> tuple[Scope, list[str]]:
    """The units behind ``codes`` (none: all the caller may see) and the codes not known.

    A unit outside a manager's units is refused with 403, as the unit pages do.
    """
    visible = await units_in_scope(None if account.is_admin else account.unit_ids)
    wanted = [code.strip() for code in codes if code and code.strip()]
    chosen: dict[int, Mapping[str, Any]] = {}
    unknown: list[str] = []
    for code in dict.fromkeys(wanted):
        unit = await unit_by_code(code)
        if unit is None:
            unknown.append(code)
            continue
        if not account.may_see_unit(unit["id"]):
            raise PermissionDeniedException(_("Unit ini di luar wewenang Anda."))
        chosen.update((u["id"], u) for u in subtree(visible, unit["id"]))
    units = tuple(chosen.values()) if wanted else tuple(visible)
    if account.is_admin and not wanted:
        unit_ids = None
    else:
        unit_ids = tuple(sorted(chosen if wanted else (u["id"] for u in units)))
    minimum = max((u["minimum_responses"] or default_minimum for u in units), default=0)
    return Scope(
        units=units,
        unit_ids=unit_ids,
        codes=tuple(dict.fromkeys(wanted)),
        minimum=minimum or default_minimum,
    ), unknown


async def run_analysis(app: Litestar, period: Period, scope: Scope) -> AnalysisRun:
    """The analysis for a period and scope, from this app's cache when it is fresh."""
    cache: dict[tuple, tuple[float, AnalysisRun]] = app.state.setdefault("training_analysis", {})
    key = (period, scope.unit_ids, scope.minimum)
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    # numpy and scipy load here, on the first analysis, not when the app starts.
    from surveys.training.statistics import analyse_training

    data = await training_data(period, scope.unit_ids)
    # Thousands of officers take a second or two of numpy: keep the event loop free.
    analysis = await asyncio.to_thread(
        analyse_training, data.outcomes(), min_responses=scope.minimum, seed=SEED
    )
    run = AnalysisRun(period, scope, data, analysis)
    for stale in [k for k, (expires, _run) in cache.items() if expires <= now]:
        del cache[stale]
    if len(cache) >= CACHE_ENTRIES:
        del cache[min(cache, key=lambda k: cache[k][0])]
    cache[key] = (now + CACHE_SECONDS, run)
    return run


def language() -> Any:
    return "en" if current_language.get() == "en" else "id"


class Words:
    """The summary's words in the request's language (surveys.training.summary.Words)."""

    @property
    def language(self) -> str:
        return str(language())

    def gettext(self, message: str, **params: object) -> str:
        return i18n.gettext(message, **params)

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        return i18n.ngettext(singular, plural, n, **params)


WORDS = Words()


def summary(run: AnalysisRun) -> list[str]:
    return words.summarise(run.analysis, WORDS)


def within_units(run: AnalysisRun) -> str:
    """Who could be compared with whom inside their unit (for the page and the API)."""
    if not run.analysis.officers_included:
        return ""
    return words.within_units(run.analysis, WORDS)


def result_rows(run: AnalysisRun) -> list[dict[str, Any]]:
    """Every outcome x test, formatted for the table (numbers stay raw for the API)."""
    rows = []
    for row in run.analysis.results:
        rows.append(
            {
                "result": row,
                "outcome_name": _(OUTCOME_NAMES[row.outcome]),
                "test_name": _(TEST_NAMES[row.test]),
                "estimate_unit": _estimate_unit(row),
                "verdict": verdict(row, run.analysis.alpha),
                "detectable": words.detectable_text(row, WORDS),
            }
        )
    return rows


def _estimate_unit(row: TestResult) -> str:
    if row.test == SPEARMAN_JP:
        return _("korelasi ρ")
    if row.test == MANNWHITNEY_20JP:
        return _("korelasi rank-biserial")
    return _("poin IKM") if row.outcome == "IKM" else _("poin skala 1–4")


def verdict(row: TestResult, alpha: float) -> str:
    """The note column in words: why a test did not run, or how large and how certain."""
    return words.verdict(row, alpha, WORDS)


def exclusions(run: AnalysisRun) -> list[tuple[str, int]]:
    """Who was left out of what, and why: (sentence, officers) pairs with at least one officer."""
    analysis = run.analysis
    found = [
        (
            _(
                "melayani kurang dari %(n)s responden dalam periode ini: tidak diikutkan dalam "
                "uji mana pun dan tidak ditampilkan per orang",
                n=analysis.min_responses,
            ),
            analysis.below_min_responses,
        )
    ]
    for sample in analysis.samples:
        name = _(OUTCOME_NAMES[sample.outcome])
        found.append((_("tidak memiliki nilai %(outcome)s", outcome=name), sample.missing_outcome))
    if analysis.samples:
        did = analysis.sample("U6")
        found += [
            (
                _(
                    "perbandingan sebelum–sesudah: berlatih dalam periode ini, tetapi kurang "
                    "dari %(n)s responden di sekitar pelatihannya (atau pembandingnya)",
                    n=WINDOW_MIN_RESPONSES,
                ),
                did.did_thin_windows,
            ),
            (
                _(
                    "perbandingan sebelum–sesudah: berlatih dalam periode ini, tetapi tidak ada "
                    "rekan satu unit yang belum atau tidak berlatih di sekitar pelatihannya"
                ),
                did.did_no_comparison,
            ),
        ]
    return [(text, count) for text, count in found if count > 0]


def probability(value: float | None) -> str:
    """p and q values: three decimals, '< 0,001' below that."""
    if value is None:
        return "–"
    if value < 0.001:
        return "< " + formatting.number(0.001, 3)
    return formatting.number(value, 3)


def event_rows(run: AnalysisRun, outcome: str) -> list[EventRow]:
    """The event study of one outcome, on the 1-4 scale (an IKM point is a 25th of it)."""
    scale = 25.0 if outcome == "IKM" else 1.0
    return [
        EventRow(
            point.month,
            None if point.estimate is None else point.estimate / scale,
            None if point.ci_low is None else point.ci_low / scale,
            None if point.ci_high is None else point.ci_high / scale,
        )
        for point in run.analysis.event_study
        if point.outcome == outcome
    ]


FOREST_FAMILIES = {
    "correlation": (SPEARMAN_JP, MANNWHITNEY_20JP),
    "did": (DID_TRAINING,),
}
_SHORT_TESTS = {
    SPEARMAN_JP: N_("Spearman JP"),
    MANNWHITNEY_20JP: N_("≥20 JP vs <20 JP"),
    DID_TRAINING: N_("sebelum–sesudah"),
}


def forest_rows(run: AnalysisRun, family: str) -> list[ForestRow]:
    """The forest plot's rows of one family of tests: correlations share a -1..1 axis; the
    differences in differences are put on the 1-4 scale (an IKM point is a 25th of it)."""
    rows = []
    for outcome in ("U6", "U7", "IKM"):
        for test in FOREST_FAMILIES[family]:
            row = run.analysis.result(outcome, test)
            scale = 25.0 if test == DID_TRAINING and outcome == "IKM" else 1.0
            label = f"{outcome} · {_(_SHORT_TESTS[test])}"
            if test == DID_TRAINING and outcome == "IKM":
                label = f"IKM ÷ 25 · {_(_SHORT_TESTS[test])}"
            if not row.ran or row.estimate is None:
                rows.append(ForestRow(label, None, None, None, _("tidak dihitung")))
                continue
            rows.append(
                ForestRow(
                    label,
                    row.estimate / scale,
                    None if row.ci_low is None else row.ci_low / scale,
                    None if row.ci_high is None else row.ci_high / scale,
                    "q = " + probability(row.q_value),
                )
            )
    return rows
