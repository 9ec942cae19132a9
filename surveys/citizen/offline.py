"""Answers a kiosk keeps while offline (pure): its stock of tokens, and when a queued
answer counts as given.

A kiosk's service worker (static/kiosk-sw.js, docs/kiosk.md) shows the form from its
cache when the network is down, each time with a token of its own taken from a stock the
server signed while the kiosk was online, and queues the answers. When the kiosk is back
it sends each queued answer with the moment it was given (``queued_at``); the token's
nonce is the answer's de-duplication key as usual, so a replay whose acknowledgement got
lost is recognised and not stored twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from surveys.citizen.tokens import (
    SURVEY_SALT,
    TOKEN_LIFETIME,
    FormToken,
    TokenError,
    issue_token,
    read_token,
)

# Stock tokens are signed under a salt of their own: they open only a kiosk's form.
KIOSK_STOCK_SALT = "suara.kiosk-stock"
# How many forms a kiosk can show offline, and how long a stock token stays good for an
# answer (a kiosk offline over a long weekend still takes answers).
KIOSK_STOCK_SIZE = 100
KIOSK_STOCK_LIFETIME = timedelta(days=3)
# How long after it was given a queued answer is still accepted.
REPLAY_WINDOW = timedelta(days=7)


def issue_stock(
    secret: str, service_point_id: int, now: datetime, size: int = KIOSK_STOCK_SIZE
) -> list[str]:
    """``size`` fresh tokens for a kiosk to show while offline, one per form."""
    return [issue_token(secret, service_point_id, now, salt=KIOSK_STOCK_SALT) for _ in range(size)]


def answer_time(queued_at: datetime | None, issued_at: datetime, now: datetime) -> datetime:
    """When an answer counts as given: now, or for a queued one the kiosk's own clock,
    kept between its token's issue and now (a kiosk's clock may be wrong either way)."""
    if queued_at is None:
        return now
    return min(max(queued_at, issued_at), now)


def read_kiosk_token(
    secret: str,
    token: str,
    service_point_id: int,
    now: datetime,
    queued_at: datetime | None = None,
) -> tuple[FormToken, datetime]:
    """A kiosk form's token (the page's own or one from the stock) and when its answer
    counts as given; TokenError when it is forged, for another point, or was too old
    when the answer was given, or the answer itself is older than ``REPLAY_WINDOW``."""
    lifetimes = ((SURVEY_SALT, TOKEN_LIFETIME), (KIOSK_STOCK_SALT, KIOSK_STOCK_LIFETIME))
    for salt, lifetime in lifetimes:
        try:
            form_token = read_token(
                secret, token, service_point_id, now, lifetime + REPLAY_WINDOW, salt=salt
            )
        except TokenError as error:
            if error.reason == "expired":
                raise
            continue  # not signed under this salt: try the other
        answered = answer_time(queued_at, form_token.issued_at, now)
        if answered - form_token.issued_at > lifetime or now - answered > REPLAY_WINDOW:
            raise TokenError("expired")
        return form_token, answered
    raise TokenError("invalid")
