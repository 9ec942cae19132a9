"""Who may see which officer: the officer's unit must be in the account's scope."""

from __future__ import annotations

from datetime import date, datetime

from litestar.exceptions import NotFoundException, PermissionDeniedException

from app.settings import Settings
from surveys.store.accounts import Account
from surveys.training.officers import officer_by_id


async def visible_officer(account: Account, officer_id: int) -> dict:
    """The officer when this account may see them: 404 unknown, 403 another unit's."""
    officer = await officer_by_id(officer_id)
    if officer is None:
        raise NotFoundException()
    if not account.may_see_unit(officer["unit"]):
        raise PermissionDeniedException()
    return officer


def today(settings: Settings) -> date:
    return datetime.now(settings.timezone).date()
