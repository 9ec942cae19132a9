"""Text from outside, cleaned at the edge before any handler reads it.

One rule (``surveys.method.text``) for every request: a path or query string holding a
control character is refused with 400 and a message; a url-encoded form has its control
characters removed (tab and line breaks stay), so a citizen's comment with a stray NUL is
stored without it instead of failing the batch it travels in. Multipart forms (uploads)
are cleaned field by field by ``app.forms.Form`` and the spreadsheet reader, since their
files may be binary.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar.enums import ScopeType
from litestar.exceptions import ClientException, ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from app.i18n import gettext as _
from surveys.method.text import has_control_characters

# In a url-encoded body a control character is a percent escape (%00-%08, %0B, %0C,
# %0E-%1F, %7F, and the C1 block %C2%80-%C2%9F) or, from a careless client, a raw byte.
_ENCODED_CONTROL = re.compile(
    rb"%(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])|%[cC]2%[89][0-9a-fA-F]"
    rb"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
URL_ENCODED = b"application/x-www-form-urlencoded"


def cleaned_form_body(body: bytes) -> bytes:
    """A url-encoded body without its control characters; the rest byte for byte."""
    return _ENCODED_CONTROL.sub(b"", body)


def query_has_control_characters(query_string: bytes) -> bool:
    if _RAW_CONTROL.search(query_string):
        return True
    if b"%" not in query_string:
        return False
    decoded = unquote_to_bytes(query_string.replace(b"+", b" "))
    return has_control_characters(decoded.decode("utf-8", "replace"))


class CleanInputMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, max_body_size: int) -> None:
        self.max_body_size = max_body_size

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if has_control_characters(scope["path"]) or query_has_control_characters(
            scope.get("query_string", b"")
        ):
            raise ValidationException(_("Alamat berisi karakter kendali yang tidak sah."))
        if _content_type(scope).startswith(URL_ENCODED):
            receive = await self._cleaned_receive(receive)
        await next_app(scope, receive, send)

    async def _cleaned_receive(self, receive: Receive) -> Receive:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return _replay([message], receive)
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body_size:
                raise ClientException(status_code=413)
            if not message.get("more_body", False):
                break
        body = cleaned_form_body(b"".join(chunks))
        return _replay([{"type": "http.request", "body": body, "more_body": False}], receive)


def _content_type(scope: Scope) -> bytes:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return bytes(value).lower()
    return b""


def _replay(messages: list[Any], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> ReceiveMessage:
        if pending:
            message: ReceiveMessage = pending.pop(0)
            return message
        return await receive()

    return replayed
