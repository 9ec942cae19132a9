"""The organisation area under /admin: units, user accounts, imports and the audit trail."""

from __future__ import annotations

from app.organisation.admin import ROUTES

__all__ = ["ROUTES"]
