"""What a handler receives by injection, declared once on each area's router.

A handler names the parameter (``account``, ``unit_scope``, ``settings``) and Litestar's
dependency injection supplies it; nothing is re-fetched by hand in a handler.

- ``settings``: the typed settings the app was built with.
- ``account``: the signed-in account. Only on routers whose guard lets signed-in users
  alone through, so it is never None there.
- ``unit_scope``: the unit ids the account may see; None means every unit (administrators).
  (Not ``scope``: Litestar reserves that name for the ASGI scope and refuses it as a key.)

A handler annotates them with the aliases below (``account: SignedInAccount``): Litestar
wants injected parameters marked, and the values come from these providers, so they are not
validated again (the settings could not be: msgspec has no type for some of their fields).
"""

from __future__ import annotations

from typing import Any, TypeAlias

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.params import SkipValidation

from app.auth import current_account
from app.i18n import gettext as _
from app.settings import Settings
from surveys.store.accounts import Account
from surveys.store.units import unit_by_code

SignedInAccount: TypeAlias = NamedDependency[SkipValidation[Account]]
UnitScope: TypeAlias = NamedDependency[SkipValidation[frozenset[int] | None]]
AppSettings: TypeAlias = NamedDependency[SkipValidation[Settings]]


def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def provide_account(request: Request[Any, Any, Any]) -> Account:
    account = await current_account(request)
    if account is None:  # a route without a guard asked for the account
        raise NotAuthorizedException()
    return account


def provide_scope(account: SignedInAccount) -> frozenset[int] | None:
    return None if account.sees_every_unit else account.unit_ids


PUBLIC = {"settings": Provide(provide_settings, sync_to_thread=False)}
SIGNED_IN = {
    **PUBLIC,
    "account": Provide(provide_account),
    "unit_scope": Provide(provide_scope, sync_to_thread=False),
}


async def visible_unit(account: Account, code: str) -> dict:
    """The unit behind ``code`` when this account may see it: 404 unknown, 403 out of scope."""
    unit = await unit_by_code(code)
    if unit is None:
        raise NotFoundException(_("Unit %(code)s tidak ditemukan.", code=code))
    if not account.may_see_unit(unit["id"]):
        raise PermissionDeniedException(_("Unit ini di luar wewenang Anda."))
    return unit
