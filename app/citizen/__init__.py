"""The citizen area: the survey behind a QR code, the review of flagged answers, and the
administration of service points and their posters.

Each router declares its guard and what its handlers receive by injection once. The
survey is public and on the hot path: its router declares nothing, not even the settings
(see app/citizen/survey.py).
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_admin, requires_manager
from app.citizen import kiosk, points, review, survey
from app.dependencies import SIGNED_IN

survey_router = Router(path="/s", route_handlers=[*survey.ROUTES, *kiosk.ROUTES])
review_router = Router(
    path="/dashboard",
    guards=[requires_manager],
    dependencies=SIGNED_IN,
    route_handlers=review.ROUTES,
)
admin_router = Router(
    path="/admin",
    guards=[requires_admin],
    dependencies=SIGNED_IN,
    route_handlers=points.ROUTES,
)

ROUTES = [survey_router, review_router, admin_router]
