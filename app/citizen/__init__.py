"""The citizen area: the survey behind a QR code, the review of flagged answers, and the
administration of service points and their posters."""

from __future__ import annotations

from litestar import Router

from app.auth import requires_admin
from app.citizen import points, review, survey

admin_router = Router(path="/admin", guards=[requires_admin], route_handlers=points.ROUTES)

ROUTES = [*survey.ROUTES, *review.ROUTES, admin_router]
