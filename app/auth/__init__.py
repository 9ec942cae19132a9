"""Who is logged in, and the guards that enforce roles in handlers (not only in templates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from surveys.store.accounts import Account, account_by_id

SESSION_USER_KEY = "uid"
# The account's session version at sign-in: a password reset or a deactivation moves the
# account's on, and every older session is then signed out. (Sessions from before this key
# existed count as version 0.)
SESSION_VERSION_KEY = "sv"


async def current_account(connection: ASGIConnection[Any, Any, Any, Any]) -> Account | None:
    """The logged-in account, loaded once per request."""
    state = connection.state
    if "account" not in state:
        found = connection.scope.get("session")
        session: dict[str, Any] = found if isinstance(found, dict) else {}
        user_id = session.get(SESSION_USER_KEY)
        account = await account_by_id(user_id) if isinstance(user_id, int) else None
        if account is not None and session.get(SESSION_VERSION_KEY, 0) != account.session_version:
            account = None
            connection.clear_session()
        state.account = account
    return state.account


def requires_role(*roles: str) -> Callable[..., Any]:
    """A guard: anonymous users are sent to log in; other roles get 403."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        account = await current_account(connection)
        if account is None:
            raise NotAuthorizedException()
        if account.role not in roles:
            raise PermissionDeniedException()

    guard.__name__ = f"requires_{'_or_'.join(roles)}"
    return guard


requires_admin = requires_role("admin")
requires_manager = requires_role("manager", "admin")
requires_facilitator = requires_role("facilitator", "manager", "admin")
# Officers' development: the HR agency city-wide, managers for their own units.
requires_hr = requires_role("hr", "admin")
requires_development = requires_role("hr", "manager", "admin")
requires_login = requires_role("admin", "manager", "facilitator", "hr")
