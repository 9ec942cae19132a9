"""An officer's competency profile: match and gaps, assessment history, JP per year."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from app.competency.access import today, visible_officer
from app.competency.labels import labels
from app.dependencies import AppSettings, SignedInAccount
from app.web import RowId, render
from surveys.competency.assessments import assessments_of, competencies, record_access
from surveys.competency.mentoring import pairs_of_officer
from surveys.competency.needs import needs_of_officer
from surveys.competency.plans import plan_of
from surveys.competency.profiles import officer_profile, scores_by_quarter
from surveys.competency.rules import expires_on
from surveys.method.elements import ELEMENTS
from surveys.store.units import unit_by_code
from surveys.training.hours import JP_RIGHT_PER_YEAR, appointment_year, summarise_hours
from surveys.training.officers import trainings_of


@get("/officers/{officer_id:int}", name="competency_officer")
async def show_officer_profile(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template:
    officer = await visible_officer(account, officer_id)
    day = today(settings)
    await record_access(account, officer_id, "competency_officer")
    history = await assessments_of(officer_id)
    for row in history:
        row["expires_on"] = expires_on(row["assessed_on"])
        row["expired"] = row["expires_on"] <= day
    hours = summarise_hours(
        await trainings_of(officer_id), day, since_year=appointment_year(officer["nip"])
    )
    unit = await unit_by_code(officer["unit_code"])
    minimum = (unit or {}).get("minimum_responses") or settings.min_responses
    return await render(
        request,
        "competency/officer.html",
        {
            "needs": await needs_of_officer(officer_id, officer["unit"], day, minimum),
            "plan": await plan_of(officer_id, day.year),
            "pairs": await pairs_of_officer(officer_id),
            "quarters": await scores_by_quarter(officer_id, day, minimum),
            "minimum": minimum,
            "elements": {element.code: element.name for element in ELEMENTS},
            "officer": officer,
            "profile": await officer_profile(officer, day),
            "history": history,
            "dictionary": {row["id"]: row for row in await competencies(active_only=False)},
            "hours": hours,
            "right": JP_RIGHT_PER_YEAR,
            "labels": labels(),
            "today": day,
        },
    )


ROUTES = [show_officer_profile]
