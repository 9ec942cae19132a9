"""Server-side sessions that cost nothing for anonymous visitors and rotate on login.

Litestar's backend stores an empty session (and sets a cookie) on every request; citizens
and the public never log in, so that would write to the store on every page view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

# Put this key in the session to get a fresh session id (against session fixation).
ROTATE_KEY = "_rotate"


class LeanSessionBackend(ServerSideSessionBackend):
    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        cookie_id = connection.cookies.get(self.config.key)
        if (scope_session is Empty or not scope_session) and (not cookie_id or cookie_id == "null"):
            return  # anonymous and staying so: no store write, no cookie
        if isinstance(scope_session, dict) and scope_session.pop(ROTATE_KEY, False):
            store = self.config.get_store_from_app(connection.scope["app"])
            if cookie_id:
                await self.delete(cookie_id, store=store)
            session_id = self.generate_session_id()
            await self.set(session_id, self.serialize_data(scope_session, connection.scope), store)
            params = dict(
                extract_dataclass_items(
                    self.config, exclude_none=True, include=Cookie.__dict__.keys()
                )
            )
            MutableScopeHeaders.from_message(message).add(
                "Set-Cookie",
                Cookie(value=session_id, key=self.config.key, **params).to_header(header=""),
            )
            return
        await super().store_in_message(scope_session or Empty, message, connection)


@dataclass
class LeanSessionConfig(ServerSideSessionConfig):
    _backend_class = LeanSessionBackend  # type: ignore[assignment]
