"""Fixed-window counters in a Litestar store (Redis when configured, so workers share them)."""

from __future__ import annotations

import hashlib
import time

from litestar.stores.base import Store


def client_fingerprint(secret: str, *parts: str) -> str:
    """A salted hash of request signals (address, user agent): never the raw address."""
    digest = hashlib.sha256(secret.encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:32]


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
