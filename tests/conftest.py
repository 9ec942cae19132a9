"""Test set-up: pick the database before anything imports piccolo_conf, migrate once,
clean between tests, and offer personas as fixtures.

SUARA_TEST_DATABASE=sqlite (default) or a postgresql:// URL (its database is recreated).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="suara-test-"))
_TARGET = os.environ.get("SUARA_TEST_DATABASE", "sqlite")
if _TARGET == "sqlite":
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'test.sqlite3'}"
else:
    os.environ["DATABASE_URL"] = _TARGET
os.environ["SUARA_VAR_DIR"] = str(_TMP / "var")
os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-0123456789")
os.environ.pop("REDIS_URL", None)

from piccolo.apps.user.tables import BaseUser  # noqa: E402

# Tests create many users: PBKDF2 at 600,000 rounds would dominate the run.
BaseUser._pbkdf2_iteration_count = 1_000

ENGINE_NAME = "sqlite" if _TARGET == "sqlite" else "postgres"

# Personas and records of the competency tests (BKPSDM, officers, the dictionary).
pytest_plugins = ["tests.competency_support"]


def _recreate_postgres_database(url: str) -> None:
    import asyncpg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")

    async def run() -> None:
        conn = await asyncpg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            database="postgres",
        )
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(run())


def pytest_configure(config: pytest.Config) -> None:
    if ENGINE_NAME == "postgres":
        _recreate_postgres_database(os.environ["DATABASE_URL"])


def pytest_report_header(config: pytest.Config) -> str:
    return f"suara database: {ENGINE_NAME} ({os.environ['DATABASE_URL']})"


@pytest.fixture(scope="session")
async def migrated():
    """Apply every migration once per run, as `suara serve --migrate` does."""
    from surveys.store.db import prepare_engine, release_engine
    from surveys.store.migrate import migrate

    await migrate()
    from piccolo.engine import engine_finder

    engine = engine_finder()
    await prepare_engine(engine)
    yield engine
    await release_engine(engine)


@pytest.fixture
async def db(migrated):
    """An empty database for each test that uses one."""
    from tests.database import empty_all_tables

    await empty_all_tables()
    yield migrated


@pytest.fixture
async def app(db):
    from app.main import create_app

    # Sessions and rate-limit counters live in files under var/store: start each test afresh.
    shutil.rmtree(Path(os.environ["SUARA_VAR_DIR"]) / "store", ignore_errors=True)
    # The engine (and PostgreSQL pool) belongs to the session fixture `migrated`; entering
    # app.lifespan() here would open its anyio scope in one task and leave it in another.
    return create_app()


@pytest.fixture
async def client(app):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


# --- personas -------------------------------------------------------------------------------

from tests.factories import (  # noqa: E402
    PASSWORD,
    login,
    make_unit,
    make_user,
)


@pytest.fixture
async def disdukcapil(db):
    return await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
async def rsud(db):
    return await make_unit("RSUD", "RSUD Sawahlunto")


@pytest.fixture
async def admin(db):
    return await make_user("admin", "admin")


@pytest.fixture
async def manager_of_disdukcapil(disdukcapil):
    return await make_user("kadis", "manager", [disdukcapil["code"]])


@pytest.fixture
async def manager_of_rsud(rsud):
    return await make_user("direktur", "manager", [rsud["code"]])


@pytest.fixture
async def facilitator(disdukcapil):
    return await make_user("fasil", "facilitator", [disdukcapil["code"]])


__all__ = ["PASSWORD", "login"]
