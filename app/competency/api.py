"""JSON API of competency development: a unit's matrix and needs, an officer's profile.

Signed-in BKPSDM, administrators and the unit's own managers only (the session is kept on
this path, see app.main); GET only, so CSRF does not come into it. Assessment results are
personal data: every call that returns them is recorded in the audit trail.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from msgspec import Struct

from app.competency.access import today, visible_officer
from app.dependencies import AppSettings, SignedInAccount, visible_unit
from surveys.competency.assessments import assessments_of, competencies, record_access
from surveys.competency.needs import Need, unit_needs
from surveys.competency.profiles import Profile, officer_profile
from surveys.competency.rules import expires_on
from surveys.store.tables import Officer


class GapOut(Struct):
    competency: str
    required: int
    level: int | None  # None: no current assessment


class OfficerOut(Struct):
    nip: str
    name: str
    position: str
    match_percent: str | None  # decimal string, e.g. "83.3"; None until fully assessed
    band: str | None
    gaps: list[GapOut]


class EvidenceOut(Struct):
    source: str  # gap, citizens, forum, jp
    figures: dict[str, Any]


class NeedOut(Struct):
    competency: str | None  # None: the 20 JP shortfall
    sources: int
    evidence: list[EvidenceOut]


class ShortOfJp(Struct):
    nip: str
    name: str
    jp: int


class UnitCompetencyOut(Struct):
    unit: str
    year: int
    officers: list[OfficerOut]
    needs: list[NeedOut]
    below_20_jp: list[ShortOfJp]


class AssessmentOut(Struct):
    id: int
    assessed_on: str
    method: str
    assessor: str
    levels: dict[str, int]
    replaces: int | None
    replaced_by: int | None
    expires_on: str
    current: bool


class OfficerProfileOut(Struct):
    officer: OfficerOut
    assessments: list[AssessmentOut]


def _officer(profile: Profile, codes: dict[int, str]) -> OfficerOut:
    match = profile.match
    return OfficerOut(
        nip=profile.officer["nip"],
        name=profile.officer["name"],
        position=profile.officer["position"],
        match_percent=None if match.percent is None else str(match.percent),
        band=match.band.code if match.band else None,
        gaps=[GapOut(codes[g.competency], g.required, g.level) for g in match.gaps],
    )


def _need(need: Need, codes: dict[int, str]) -> NeedOut:
    return NeedOut(
        competency=codes.get(need.competency) if need.competency else None,
        sources=need.sources,
        evidence=[EvidenceOut(item.source, item.figures) for item in need.evidence],
    )


@get(
    "/units/{unit_code:str}",
    name="api_competency_unit",
    description="A unit's officers against their positions' standards, its ranked needs with "
    "their evidence, and the officers below 20 JP this year.",
)
async def unit_competency(
    unit_code: FromPath[str], account: SignedInAccount, settings: AppSettings
) -> UnitCompetencyOut:
    unit = await visible_unit(account, unit_code)
    minimum = unit["minimum_responses"] or settings.min_responses
    analysis = await unit_needs(unit["id"], today(settings), minimum)
    codes = {row["id"]: row["code"] for row in await competencies(active_only=False)}
    officers = [profile.officer["id"] for profile in analysis.matrix.profiles]
    await record_access(account, officers, "api_competency_unit")
    return UnitCompetencyOut(
        unit=unit["code"],
        year=analysis.year,
        officers=[_officer(p, codes) for p in analysis.matrix.profiles],
        needs=[_need(n, codes) for n in analysis.needs],
        below_20_jp=[ShortOfJp(o["nip"], o["name"], jp) for o, jp in analysis.below_jp],
    )


@get(
    "/officers/{nip:str}",
    name="api_competency_officer",
    description="An officer's match, gaps and assessment history (personal data; audited).",
)
async def officer_competency(
    request: Request[Any, Any, Any],
    nip: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> OfficerProfileOut:
    row = await Officer.select(Officer.id).where(Officer.nip == nip).first()
    if row is None:
        raise NotFoundException()
    officer = await visible_officer(account, row["id"])
    day = today(settings)
    await record_access(account, officer["id"], "api_competency_officer")
    codes = {c["id"]: c["code"] for c in await competencies(active_only=False)}
    history = [
        AssessmentOut(
            id=a["id"],
            assessed_on=a["assessed_on"].isoformat(),
            method=a["method"],
            assessor=a["assessor"],
            levels={codes[c]: level for c, level in a["levels"].items()},
            replaces=a["replaces"],
            replaced_by=a["replaced_by"],
            expires_on=expires_on(a["assessed_on"]).isoformat(),
            current=a["replaced_by"] is None and expires_on(a["assessed_on"]) > day,
        )
        for a in await assessments_of(officer["id"])
    ]
    profile = await officer_profile(officer, day)
    return OfficerProfileOut(officer=_officer(profile, codes), assessments=history)


ROUTES = [unit_competency, officer_competency]
