"""What one unit's dashboard page reads besides its totals: results by service type, service
point and officer, the respondent profile, and the comments.

Every function is scoped to one unit and one period and counts valid responses only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from piccolo.columns.combination import And, Or, Where, WhereRaw

from surveys.method.periods import Period
from surveys.method.scoring import ELEMENT_CODES
from surveys.store.scores import GroupTotals, element_totals_by
from surveys.store.tables import Officer, Response, ServicePoint, ServiceType

AGE_BANDS = ("<20", "20-29", "30-39", "40-49", "50-59", "60+")
_AGE_BAND_SQL = (
    "CASE WHEN age IS NULL THEN NULL WHEN age < 20 THEN '<20' WHEN age < 30 THEN '20-29' "
    "WHEN age < 40 THEN '30-39' WHEN age < 50 THEN '40-49' WHEN age < 60 THEN '50-59' "
    "ELSE '60+' END"
)
PROFILE_FIELDS = {
    "gender": "gender",
    "age": _AGE_BAND_SQL,
    "education": "education",
    "occupation": "occupation",
}
COMMENTS_PER_PAGE = 20


@dataclass(frozen=True)
class Breakdown:
    """One service type, service point or officer of the unit with its sums."""

    key: int | None
    name: str
    detail: str  # the officer's NIP, the service point's kind; "" otherwise
    totals: GroupTotals


async def breakdown(
    unit_id: int, period: Period, dimension: Literal["service_type", "service_point", "officer"]
) -> list[Breakdown]:
    """The unit's sums per service type, service point or officer (None: not recorded)."""
    groups = await element_totals_by(dimension, period, [unit_id])
    ids = [key for key in groups if key is not None]
    names: dict[int, tuple[str, str]] = {}
    if ids and dimension == "service_type":
        rows = await ServiceType.select(ServiceType.id, ServiceType.name).where(
            ServiceType.id.is_in(ids)
        )
        names = {r["id"]: (r["name"], "") for r in rows}
    elif ids and dimension == "service_point":
        rows = await ServicePoint.select(
            ServicePoint.id, ServicePoint.name, ServicePoint.kind
        ).where(ServicePoint.id.is_in(ids))
        names = {r["id"]: (r["name"], r["kind"]) for r in rows}
    elif ids:
        rows = await Officer.select(Officer.id, Officer.name, Officer.nip).where(
            Officer.id.is_in(ids)
        )
        names = {r["id"]: (r["name"], r["nip"]) for r in rows}
    result = [
        Breakdown(key, *names.get(key, ("", "")), totals)  # type: ignore[arg-type]
        for key, totals in groups.items()
    ]
    return sorted(result, key=lambda b: (b.key is None, -b.totals.n, b.name))


async def respondent_profile(unit_id: int, period: Period) -> dict[str, dict[str | None, int]]:
    """Counts per gender, age band, education and occupation (None: not given)."""
    profile: dict[str, dict[str | None, int]] = {}
    for name, expression in PROFILE_FIELDS.items():
        rows = await Response.raw(
            f"SELECT {expression} AS value, COUNT(*) AS n FROM response "
            "WHERE unit = {} AND local_day >= {} AND local_day <= {} AND status = 'valid' "
            f"GROUP BY {expression}",
            unit_id,
            period.start,
            period.end,
        )
        profile[name] = {row["value"]: int(row["n"]) for row in rows}
    return profile


@dataclass(frozen=True)
class CommentFilter:
    """Text to look for, and an element score condition: ``low`` (1–2) or ``high`` (3–4)."""

    text: str = ""
    element: str = ""  # "" for any element, else U1…U9
    score: str = ""  # "", "low" or "high"

    def __post_init__(self) -> None:
        if self.element and self.element not in ELEMENT_CODES:
            raise ValueError(f"unknown element {self.element!r}")
        if self.score not in ("", "low", "high"):
            raise ValueError(f"unknown score filter {self.score!r}")


@dataclass(frozen=True)
class CommentPage:
    comments: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


async def unit_comments(
    unit_id: int,
    period: Period,
    wanted: CommentFilter,
    page: int = 1,
    per_page: int = COMMENTS_PER_PAGE,
) -> CommentPage:
    """The unit's non-empty comments in the period, newest first, one page of them."""
    where = _comment_conditions(unit_id, period, wanted)
    total = await Response.count().where(where)
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = (
        await Response.select(
            Response.id,
            Response.submitted_at,
            Response.local_day,
            Response.comment,
            Response.channel,
            Response.service_type.name.as_alias("service_type_name"),
            Response.service_point.name.as_alias("service_point_name"),
            *(getattr(Response, code.lower()) for code in ELEMENT_CODES),
        )
        .where(where)
        .order_by(Response.submitted_at, ascending=False)
        .order_by(Response.id, ascending=False)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return CommentPage(rows, total, page, per_page)


def _comment_conditions(unit_id: int, period: Period, wanted: CommentFilter) -> Where | And | Or:
    where = (
        (Response.unit == unit_id)
        & (Response.local_day >= period.start)
        & (Response.local_day <= period.end)
        & (Response.status == "valid")
        & (Response.comment != "")
    )
    text = wanted.text.strip().lower()
    if text:
        # LIKE's wildcards in the search text are matched literally.
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = where & WhereRaw("LOWER(comment) LIKE {} ESCAPE '\\'", pattern)
    if wanted.score:
        columns = [getattr(Response, (wanted.element or code).lower()) for code in ELEMENT_CODES]
        if wanted.element:
            columns = columns[:1]
        if wanted.score == "low":
            conditions = [column <= 2 for column in columns]
            where = where & _combine(Or, conditions)
        elif wanted.element:
            where = where & (columns[0] >= 3)
        else:
            # Every answered element high; blanks do not count against a response.
            conditions = [(column >= 3) | column.is_null() for column in columns]
            where = where & _combine(And, conditions)
    return where


def _combine(kind: type[And] | type[Or], conditions: list) -> Where | And | Or:
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = kind(combined, condition)
    return combined
