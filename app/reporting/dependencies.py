"""What the reporting routers inject besides app/dependencies.py: the unit named in the
path (when this account may see it) and today's date in the app's time zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeAlias

from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, SkipValidation

from app.dependencies import PUBLIC, SIGNED_IN, AppSettings, SignedInAccount, visible_unit

# A unit row (a dict, from the store) and a date, as the providers below return them.
VisibleUnit: TypeAlias = NamedDependency[SkipValidation[dict]]
Today: TypeAlias = NamedDependency[SkipValidation[date]]


async def provide_unit(account: SignedInAccount, unit_code: FromPath[str]) -> dict:
    """The unit of ``{unit_code}``: 404 unknown, 403 outside the account's units."""
    return await visible_unit(account, unit_code)


def provide_today(settings: AppSettings) -> date:
    return datetime.now(settings.timezone).date()


_TODAY = {"today": Provide(provide_today, sync_to_thread=False)}
PUBLIC_PAGES = {**PUBLIC, **_TODAY}
MANAGER_PAGES = {**SIGNED_IN, **_TODAY, "unit": Provide(provide_unit)}
