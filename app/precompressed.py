"""Pages compressed once, with a small per-request part spliced in (gzip, RFC 1951/1952),
and the response that serves them: the forms behind a QR code (the citizen survey, a
training event's reaction form) share both.

A page is cached as two raw-deflate segments: the head ends with a full flush (so it is
byte-aligned and self-contained) and the tail is the final block. A request's part (the
form token) goes between them as an uncompressed "stored" block, and the gzip trailer's
CRC-32 is continued over it. Compressing the ~10 KB form on every request was a large
share of its cost; this makes it a few string joins.
"""

from __future__ import annotations

import re
import secrets
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType

from app.settings import Settings

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no mtime
_LEVEL = 6
DEVICE_COOKIE = "suara_device"
DEVICE_COOKIE_AGE = 400 * 86400  # the longest browsers keep a cookie
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _deflate(data: bytes, final: bool) -> bytes:
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(
        zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH
    )


def _stored_block(data: bytes) -> bytes:
    """A non-final uncompressed deflate block; the stream is byte-aligned before it."""
    if len(data) > 0xFFFF:
        raise ValueError("a stored block holds at most 65535 bytes")
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


@dataclass(frozen=True)
class SplitPage:
    head: bytes
    tail: bytes
    head_deflated: bytes
    tail_deflated: bytes
    head_crc: int

    @classmethod
    def from_html(cls, html: str, slot: str | None = None) -> SplitPage:
        """Split at ``slot`` (which must occur once), or keep the whole page as the head."""
        if slot is None:
            head, tail = html, ""
        else:
            parts = html.split(slot)
            if len(parts) != 2:
                raise ValueError("the slot must occur exactly once in the page")
            head, tail = parts
        head_bytes, tail_bytes = head.encode(), tail.encode()
        return cls(
            head=head_bytes,
            tail=tail_bytes,
            head_deflated=_deflate(head_bytes, final=False),
            tail_deflated=_deflate(tail_bytes, final=True),
            head_crc=zlib.crc32(head_bytes),
        )

    def plain(self, middle: str = "") -> bytes:
        return self.head + middle.encode() + self.tail

    def gzip(self, middle: str = "") -> bytes:
        inner = middle.encode()
        crc = zlib.crc32(self.tail, zlib.crc32(inner, self.head_crc))
        size = (len(self.head) + len(inner) + len(self.tail)) & 0xFFFFFFFF
        return b"".join(
            (
                GZIP_HEADER,
                self.head_deflated,
                _stored_block(inner) if inner else b"",
                self.tail_deflated,
                struct.pack("<II", crc, size),
            )
        )


def rendered(request: Request[Any, Any, Any], template: str, context: dict[str, Any]) -> str:
    """A page as text; ``url_for`` in it finds the app's routes through the request.

    ``kiosk_idle_seconds`` is there for the kiosk form, which clears itself when idle.
    """
    environment = request.app.template_engine.engine  # type: ignore[union-attr]
    idle = request.app.state.settings.kiosk_idle_seconds
    return environment.get_template(template).render(
        {"kiosk_idle_seconds": idle, **context, "request": request}
    )


def html_response(
    request: Request[Any, Any, Any],
    settings: Settings,
    page: SplitPage | str,
    middle: str = "",
    status_code: int = 200,
) -> Response[bytes]:
    """An uncached HTML response, gzip-compressed here when the client accepts it.

    The app's compression middleware skips /s/: these pages come compressed already.
    A browser without a device cookie gets one (see ``app.citizen.service.Sender``).
    """
    if isinstance(page, str):
        page = SplitPage.from_html(page)
    headers = {"cache-control": "no-store", "vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = page.gzip(middle)
        headers["content-encoding"] = "gzip"
    else:
        body = page.plain(middle)
    if not DEVICE_ID.match(request.cookies.get(DEVICE_COOKIE, "")):
        headers["set-cookie"] = device_cookie(secrets.token_urlsafe(16), settings.secure_cookies)
    return Response(
        content=body, media_type=MediaType.HTML, status_code=status_code, headers=headers
    )


def redirect_response(
    request: Request[Any, Any, Any], settings: Settings, target: str
) -> Response[bytes]:
    """A 303 to ``target`` after a submission, giving a device cookie as pages do."""
    headers = {"cache-control": "no-store", "location": target}
    if not DEVICE_ID.match(request.cookies.get(DEVICE_COOKIE, "")):
        headers["set-cookie"] = device_cookie(secrets.token_urlsafe(16), settings.secure_cookies)
    return Response(content=b"", status_code=303, headers=headers)


def device_cookie(device: str, secure: bool) -> str:
    """The Set-Cookie value naming a new device, written out: Litestar's Cookie goes
    through http.cookies and dataclass copies, a tenth of a form request's time."""
    return (
        f"{DEVICE_COOKIE}={device}; HttpOnly; Max-Age={DEVICE_COOKIE_AGE}; Path=/s/;"
        f" SameSite=Lax{'; Secure' if secure else ''}"
    )
