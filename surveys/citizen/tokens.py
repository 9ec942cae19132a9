"""Signed, expiring, single-use tokens for the forms behind a QR code (pure).

A token names what it was issued for (the citizen survey's service point, or another
form's subject under a ``salt`` of its own, such as a training event's reaction form),
when, and a random nonce. The
form carries it in a hidden field; on submission the nonce becomes the response's
``dedupe_key``, so a double tap, a back-button resend or a retry stores one response.
Nothing is kept on the server until the answers arrive.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from itsdangerous import BadSignature, Signer

TOKEN_LIFETIME = timedelta(hours=6)
# A small allowance for clocks of several app servers that disagree a little.
CLOCK_SKEW = timedelta(minutes=2)
SURVEY_SALT = "suara.survey-form"


class TokenError(ValueError):
    """A token that cannot be used; ``reason`` is "invalid" or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FormToken:
    service_point_id: int
    issued_at: datetime
    nonce: str

    @property
    def dedupe_key(self) -> str:
        return "f:" + self.nonce


@lru_cache(maxsize=8)
def _signer(secret: str, salt: str) -> Signer:
    return Signer(secret, salt=salt, digest_method=hashlib.sha256)


def issue_token(
    secret: str,
    service_point_id: int,
    now: datetime,
    nonce: str | None = None,
    *,
    salt: str = SURVEY_SALT,
) -> str:
    """A fresh token for one form display at ``service_point_id`` (or, under another
    ``salt``, for that form's subject: a token of one form never opens another)."""
    nonce = nonce or secrets.token_urlsafe(12)
    payload = f"{service_point_id}.{int(now.timestamp())}.{nonce}"
    return _signer(secret, salt).sign(payload).decode()


def read_token(
    secret: str,
    token: str,
    service_point_id: int,
    now: datetime,
    lifetime: timedelta = TOKEN_LIFETIME,
    *,
    salt: str = SURVEY_SALT,
) -> FormToken:
    """The token's content, or TokenError when it is forged, for another point, or too old."""
    if not token or len(token) > 200:
        raise TokenError("invalid")
    try:
        payload = _signer(secret, salt).unsign(token).decode()
    except (BadSignature, UnicodeDecodeError):
        raise TokenError("invalid") from None
    try:
        point, issued, nonce = payload.split(".", 2)
        issued_at = datetime.fromtimestamp(int(issued), UTC)
        point_id = int(point)
    except (ValueError, OverflowError, OSError):
        raise TokenError("invalid") from None
    if point_id != service_point_id or not nonce:
        raise TokenError("invalid")
    if now - issued_at > lifetime or issued_at - now > CLOCK_SKEW:
        raise TokenError("expired")
    return FormToken(service_point_id=point_id, issued_at=issued_at, nonce=nonce)
