"""The citizen area: the survey behind a QR code, the review of flagged answers, and the
administration of service points and their posters.

Each router declares its guard and what its handlers receive by injection once. The
survey is public and on the hot path: it gets the settings and nothing else.
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_admin, requires_manager
from app.citizen import points, review, survey
from app.dependencies import PUBLIC, SIGNED_IN

survey_router = Router(path="/s", dependencies=PUBLIC, route_handlers=survey.ROUTES)
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
