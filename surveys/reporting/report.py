"""The SKM report's numbers, built from a unit's totals for a period.

Pure: the IKM and grades come from ``surveys.method.scoring.compute_ikm`` on the same totals the
API uses; this module only arranges them (processing table, ranking, respondent profile)
and words the conclusions as message ids with typed parameters, rendered by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from surveys.method.elements import N_
from surveys.method.periods import Period
from surveys.method.scoring import (
    ELEMENT_CODES,
    EQUAL_WEIGHTS,
    ElementScore,
    ElementTotals,
    IkmResult,
    SampleTarget,
    compute_ikm,
    priority_codes,
    round_half_up,
    sample_target,
)
from surveys.method.trends import Spread, ikm_interval
from surveys.reporting import report_text as text
from surveys.reporting.approval import Approval
from surveys.reporting.followups import FollowUpItem
from surveys.reporting.sentences import (
    Elements,
    Msg,
    Sentence,
)
from surveys.store.tables import EDUCATIONS, GENDERS, OCCUPATIONS

# --- the processing table (tabel pengolahan) ---------------------------------------------


@dataclass(frozen=True)
class ProcessingColumn:
    code: str
    total: int  # Σ nilai
    count: int  # answers given (blanks excluded)
    nrr: Fraction | None
    weight: Fraction
    weighted: Fraction | None  # NRR × weight, exact

    @property
    def nrr_display(self) -> Decimal | None:
        return None if self.nrr is None else round_half_up(self.nrr, 4)

    @property
    def weighted_display(self) -> Decimal | None:
        return None if self.weighted is None else round_half_up(self.weighted, 4)

    @property
    def weight_display(self) -> Decimal:
        return round_half_up(self.weight, 4)


@dataclass(frozen=True)
class ProcessingTable:
    n: int
    columns: tuple[ProcessingColumn, ...]
    result: IkmResult
    equal_weights: bool

    @property
    def ni_display(self) -> Decimal | None:
        """The index on the 1–4 scale, exact sum of the weighted NRRs shown to 4 decimals."""
        return None if self.result.ni is None else round_half_up(self.result.ni, 4)

    @property
    def total(self) -> int:
        return sum(column.total for column in self.columns)


def processing_table(
    totals: Mapping[str, ElementTotals],
    n: int,
    weights: Mapping[str, Fraction] | None = None,
    minimum_n: int = 0,
) -> ProcessingTable:
    result = compute_ikm(totals, n, weights=weights, minimum_n=minimum_n)
    exact = dict(weights) if weights else dict(EQUAL_WEIGHTS)
    columns = []
    for code in ELEMENT_CODES:
        element = totals.get(code, ElementTotals(code, 0, 0))
        nrr = Fraction(element.total, element.count) if element.count else None
        weight = Fraction(exact.get(code, 0))
        weighted = None if nrr is None else nrr * weight
        columns.append(ProcessingColumn(code, element.total, element.count, nrr, weight, weighted))
    return ProcessingTable(n, tuple(columns), result, equal_weights=weights is None)


# --- ranking and priorities ----------------------------------------------------------------


@dataclass(frozen=True)
class RankedElement:
    rank: int
    score: ElementScore


def ranked_elements(result: IkmResult) -> tuple[RankedElement, ...]:
    """Answered elements, highest NRR first; equal NRRs share a rank (1, 2, 2, 4)."""
    scored = sorted(
        (e for e in result.elements if e.nrr is not None),
        key=lambda e: (-e.nrr, e.code),  # type: ignore[operator]
    )
    ranked: list[RankedElement] = []
    for position, element in enumerate(scored, start=1):
        same = ranked and ranked[-1].score.nrr == element.nrr
        ranked.append(RankedElement(ranked[-1].rank if same else position, element))
    return tuple(ranked)


# --- respondent profile ----------------------------------------------------------------------

NOT_GIVEN = N_("Tidak diisi")
GENDER_LABELS = {"L": N_("Laki-laki"), "P": N_("Perempuan")}
# The same bands (and keys) as the dashboard's profile query, surveys.reporting.unit_detail.
AGE_BANDS = ("<20", "20-29", "30-39", "40-49", "50-59", "60+")
PROFILE_TITLES = {
    "gender": N_("Jenis kelamin"),
    "age": N_("Usia"),
    "education": N_("Pendidikan"),
    "occupation": N_("Pekerjaan"),
}


@dataclass(frozen=True)
class ProfileRow:
    label: str  # a message id (translate it) or a code shown as is
    count: int
    percent: Decimal | None
    translate: bool = True


@dataclass(frozen=True)
class ProfileSection:
    key: str
    title: str
    rows: tuple[ProfileRow, ...]


def _rows(counts: Mapping[str | None, int], labels: Sequence[tuple[str, str, bool]]):
    total = sum(counts.values())
    rows = []
    for key, label, translate in labels:
        count = counts.get(key, 0)
        percent = round_half_up(Fraction(100 * count, total), 2) if total else None
        rows.append(ProfileRow(label, count, percent, translate))
    missing = counts.get(None, 0)
    if missing:
        percent = round_half_up(Fraction(100 * missing, total), 2)
        rows.append(ProfileRow(NOT_GIVEN, missing, percent))
    return tuple(rows)


def respondent_profile(
    profile: Mapping[str, Mapping],
) -> tuple[ProfileSection, ...]:
    """``profile``: counts per value of gender, age band, education and occupation."""
    labels = {
        "gender": [(code, GENDER_LABELS[code], True) for code in GENDERS],
        "age": [(band, band, False) for band in AGE_BANDS],
        # The codes are message ids too (app/locale/data_messages.py): "Swasta" reads
        # "Private-sector employee" in English.
        "education": [(code, code, True) for code in EDUCATIONS],
        "occupation": [(code, code, True) for code in OCCUPATIONS],
    }
    return tuple(
        ProfileSection(key, PROFILE_TITLES[key], _rows(profile.get(key, {}), labels[key]))
        for key in ("gender", "age", "education", "occupation")
    )


# --- sentences: message ids with typed parameters ---------------------------------------------


def _extremes(result: IkmResult, highest: bool) -> tuple[tuple[str, ...], Decimal] | None:
    scored = [e for e in result.elements if e.nrr is not None]
    if not scored:
        return None
    target = max(e.nrr for e in scored) if highest else min(e.nrr for e in scored)  # type: ignore[type-var]
    codes = tuple(e.code for e in scored if e.nrr == target)
    return codes, round_half_up(target, 4)  # type: ignore[arg-type]


def ikm_missing(result: IkmResult) -> Sentence:
    """Why there is no IKM: no respondent at all, or elements nobody answered (named)."""
    if result.n == 0:
        return Sentence(text.CONCLUSION_NO_DATA)
    unanswered = tuple(e.code for e in result.elements if e.n == 0)
    return Sentence(
        text.CONCLUSION_UNANSWERED[0],
        {"elements": Elements(unanswered), "count": len(unanswered), "n": result.n},
        plural=text.CONCLUSION_UNANSWERED[1],
        count="count",
    )


def sample_sentences(n: int, sample: SampleTarget | None) -> tuple[Sentence, ...]:
    """The report's sentences on its respondents against the Krejcie–Morgan target."""
    if sample is None:
        return (
            Sentence(
                text.SAMPLE_WITHOUT_POPULATION[0],
                {"n": n},
                plural=text.SAMPLE_WITHOUT_POPULATION[1],
                count="n",
            ),
        )
    found = [
        Sentence(
            text.SAMPLE_WITH_POPULATION[0],
            {"n": n, "population": sample.population, "target": sample.target},
            plural=text.SAMPLE_WITH_POPULATION[1],
            count="n",
        )
    ]
    if sample.met:
        found.append(Sentence(text.SAMPLE_MET))
    else:
        missing = sample.target - sample.achieved
        found.append(
            Sentence(
                text.SAMPLE_NOT_MET[0],
                {"missing": missing},
                plural=text.SAMPLE_NOT_MET[1],
                count="missing",
            )
        )
    return tuple(found)


def conclusions(
    unit_name: str, period: Period, result: IkmResult, sample: SampleTarget | None, minimum_n: int
) -> tuple[Sentence, ...]:
    if result.ikm is None or result.grade is None:
        return (ikm_missing(result),)
    found = [
        Sentence(
            text.CONCLUSION_IKM,
            {
                "unit": unit_name,
                "start": period.start,
                "end": period.end,
                "ikm": result.ikm,
                "grade": result.grade.letter,
                "label": Msg(result.grade.label),
            },
        )
    ]
    for highest, template in ((True, text.CONCLUSION_STRONGEST), (False, text.CONCLUSION_WEAKEST)):
        extreme = _extremes(result, highest)
        if extreme:
            found.append(Sentence(template, {"elements": Elements(extreme[0]), "nrr": extreme[1]}))
    if not result.enough:
        found.append(Sentence(text.CONCLUSION_TOO_FEW, {"n": result.n, "minimum": minimum_n}))
    if sample is not None:
        template = text.CONCLUSION_SAMPLE_MET if sample.met else text.CONCLUSION_SAMPLE_NOT_MET
        found.append(Sentence(template, {"n": sample.achieved, "target": sample.target}))
    return tuple(found)


def suggestions(
    result: IkmResult, priorities: Iterable[str], sample: SampleTarget | None
) -> tuple[Sentence, ...]:
    if result.n == 0:
        return (Sentence(text.SUGGESTION_MORE_RESPONDENTS),)
    found = [
        Sentence(
            text.SUGGESTION_PRIORITY,
            {"element": Elements((code,)), "suggestion": Msg(text.ELEMENT_SUGGESTIONS[code])},
        )
        for code in priorities
    ]
    found.append(Sentence(text.SUGGESTION_FOLLOW_UP))
    if not result.enough or (sample is not None and not sample.met):
        found.append(Sentence(text.SUGGESTION_MORE_RESPONDENTS))
    return tuple(found)


# --- the whole report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    day: date
    text: str
    service_type: str | None = None


@dataclass(frozen=True)
class ReportInput:
    unit_code: str
    unit_name: str
    government: str  # the Pemda (the unit's top instansi); empty when unknown
    period: Period
    n: int
    totals: Mapping[str, ElementTotals]
    weights: Mapping[str, Fraction] | None
    minimum_n: int
    population: int | None
    profile: Mapping[str, Mapping]
    channels: Mapping[str, int]
    comments: Sequence[Comment]
    comments_total: int
    followups: Sequence[FollowUpItem]
    generated_on: date
    spread: Spread = Spread()  # the complete respondents' totals, for the IKM's interval
    approval: Approval | None = None  # the approval page, once entered


@dataclass(frozen=True)
class Report:
    source: ReportInput
    table: ProcessingTable
    ranked: tuple[RankedElement, ...]
    priorities: tuple[str, ...]
    sample: SampleTarget | None
    profile: tuple[ProfileSection, ...]
    conclusions: tuple[Sentence, ...]
    suggestions: tuple[Sentence, ...]

    @property
    def result(self) -> IkmResult:
        return self.table.result

    @property
    def more_comments(self) -> int:
        return max(self.source.comments_total - len(self.source.comments), 0)

    @property
    def sample_text(self) -> tuple[Sentence, ...]:
        return sample_sentences(self.source.n, self.sample)

    @property
    def interval_text(self) -> Sentence | None:
        """The IKM's 95 % interval and its n; None without an IKM or two complete respondents."""
        interval = ikm_interval(self.result.ikm, self.source.spread)
        if interval is None:
            return None
        return Sentence(
            text.IKM_INTERVAL[0],
            {"low": interval.low, "high": interval.high, "n": interval.n},
            plural=text.IKM_INTERVAL[1],
            count="n",
        )

    @property
    def ikm_missing(self) -> Sentence | None:
        """Why the report has no IKM; None when it has one."""
        return None if self.result.ikm is not None else ikm_missing(self.result)

    @property
    def more_comments_text(self) -> Sentence:
        count = self.more_comments
        return Sentence(
            text.MORE_COMMENTS[0], {"count": count}, plural=text.MORE_COMMENTS[1], count="count"
        )


def build_report(source: ReportInput) -> Report:
    table = processing_table(source.totals, source.n, source.weights, source.minimum_n)
    result = table.result
    sample = sample_target(source.population, source.n) if source.population else None
    priorities = priority_codes(result)
    return Report(
        source=source,
        table=table,
        ranked=ranked_elements(result),
        priorities=priorities,
        sample=sample,
        profile=respondent_profile(source.profile),
        conclusions=conclusions(source.unit_name, source.period, result, sample, source.minimum_n),
        suggestions=suggestions(result, priorities, sample),
    )
