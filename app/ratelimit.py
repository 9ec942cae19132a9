"""Fixed-window counters in a Litestar store (Redis when configured, so workers share them)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any

from litestar import Request
from litestar.stores.base import Store

Network = IPv4Network | IPv6Network


def client_fingerprint(secret: str, *parts: str) -> str:
    """A salted hash of request signals (address, user agent): never the raw address."""
    digest = hashlib.sha256(secret.encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:32]


def client_address(request: Request[Any, Any, Any]) -> str:
    """The address of the client, seen through the reverse proxies the settings trust."""
    peer = request.client.host if request.client else ""
    trusted = request.app.state.settings.trusted_proxies
    if not trusted:
        return peer
    return address_behind_proxies(peer, request.headers.get("x-forwarded-for"), trusted)


def address_behind_proxies(peer: str, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address from X-Forwarded-For, read from the right: each trusted proxy
    appends the address it received from, so the first untrusted one is the client. Entries
    further left are whatever the client claimed, and are ignored."""
    if not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


class RateLimiter:
    def __init__(self, store: Store, limit: int, window_seconds: int) -> None:
        self.store = store
        self.limit = limit
        self.window = window_seconds

    def _key(self, name: str) -> str:
        return f"{name}:{int(time.time()) // self.window}"

    async def exceeded(self, name: str) -> bool:
        raw = await self.store.get(self._key(name))
        return raw is not None and int(raw) >= self.limit

    async def hit(self, name: str) -> int:
        key = self._key(name)
        raw = await self.store.get(key)
        count = (int(raw) if raw is not None else 0) + 1
        await self.store.set(key, str(count), expires_in=self.window)
        return count

    async def reset(self, name: str) -> None:
        await self.store.delete(self._key(name))
