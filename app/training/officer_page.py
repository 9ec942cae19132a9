"""An officer's competency development page: administrators, and managers of the officer's unit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Template

from app.dependencies import AppSettings, SignedInAccount
from app.web import RowId, render
from surveys.training import officers as q
from surveys.training.hours import (
    COMPETENCY_LABELS,
    JP_RIGHT_PER_YEAR,
    appointment_year,
    summarise_hours,
)


@get("/officers/{officer_id:int}", name="officer")
async def show_officer(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template:
    officer = await q.officer_by_id(officer_id)
    if officer is None:
        raise NotFoundException()
    if not account.may_see_unit(officer["unit"]):
        raise PermissionDeniedException()
    trainings = await q.trainings_of(officer_id)
    today = datetime.now(settings.timezone).date()
    summary = summarise_hours(trainings, today, since_year=appointment_year(officer["nip"]))
    scale = max([JP_RIGHT_PER_YEAR * 2, *(year.jp for year in summary.years)])
    return await render(
        request,
        "training/officer.html",
        {
            "officer": officer,
            "trainings": trainings,
            "summary": summary,
            "right": JP_RIGHT_PER_YEAR,
            "scale": scale,
            "competencies": COMPETENCY_LABELS,
            "this_year": today.year,
        },
    )


ROUTES = [show_officer]
