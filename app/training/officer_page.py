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


@get("/officers/{staff_id:int}", name="officer")
async def show_officer(
    request: Request[Any, Any, Any],
    staff_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template:
    staff = await q.staff_by_id(staff_id)
    if staff is None:
        raise NotFoundException()
    if not account.may_see_unit(staff["unit"]):
        raise PermissionDeniedException()
    trainings = await q.trainings_of(staff_id)
    today = datetime.now(settings.timezone).date()
    summary = summarise_hours(trainings, today, since_year=appointment_year(staff["nip"]))
    scale = max([JP_RIGHT_PER_YEAR * 2, *(year.jp for year in summary.years)])
    return await render(
        request,
        "training/officer.html",
        {
            "staff": staff,
            "trainings": trainings,
            "summary": summary,
            "right": JP_RIGHT_PER_YEAR,
            "scale": scale,
            "competencies": COMPETENCY_LABELS,
            "this_year": today.year,
        },
    )


ROUTES = [show_officer]
