"""Exit 0 when the PostgreSQL server of a URL answers (used by `make test`)."""

import asyncio
import sys
from urllib.parse import urlparse

import asyncpg


async def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        conn = await asyncpg.connect(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            database="postgres",
            timeout=5,
        )
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


if __name__ == "__main__":
    sys.exit(0 if asyncio.run(_reachable(sys.argv[1])) else 1)
