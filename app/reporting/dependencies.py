"""What the reporting routers inject besides app/dependencies.py: the unit named in the
path (when this account may see it) and today's date in the app's time zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeAlias

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, SkipValidation

from app.auth import current_account
from app.dependencies import PUBLIC, SIGNED_IN, AppSettings, SignedInAccount, visible_unit
from surveys.store.accounts import Account

# A unit row (a dict, from the store) and a date, as the providers below return them.
VisibleUnit: TypeAlias = NamedDependency[SkipValidation[dict]]
Today: TypeAlias = NamedDependency[SkipValidation[date]]
# On public pages: the signed-in account, or None for an anonymous visitor.
Viewer: TypeAlias = NamedDependency[SkipValidation[Account | None]]


async def provide_unit(account: SignedInAccount, unit_code: FromPath[str]) -> dict:
    """The unit of ``{unit_code}``: 404 unknown, 403 outside the account's units."""
    return await visible_unit(account, unit_code)


def provide_today(settings: AppSettings) -> date:
    return datetime.now(settings.timezone).date()


async def provide_viewer(request: Request[Any, Any, Any]) -> Account | None:
    return await current_account(request)


_TODAY = {"today": Provide(provide_today, sync_to_thread=False)}
PUBLIC_PAGES = {**PUBLIC, **_TODAY, "viewer": Provide(provide_viewer)}
MANAGER_PAGES = {**SIGNED_IN, **_TODAY, "unit": Provide(provide_unit)}
