"""Browser tests: a live server on the test database, and headless Chromium at a phone size.

The live server is a real `suara serve` (granian) subprocess pointed at the SAME database
and var/ folder as the test process, so tests create their data with the usual `db`
fixture and factories (SQLite in WAL mode lets both processes use the file). The whole
folder is marked `browser`; the PostgreSQL run skips it with `-m "not browser"`.

Playwright's sync API marks its own event loop as running in the main thread while a
browser is open, so browser tests are plain (sync) functions that use no async fixture:
they get an empty database from `run` and seed it by passing factory coroutines to it
(each runs in a worker thread with its own loop). The browser is module-scoped so that
async tests collected after this folder find no foreign loop running.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import expect

from tests.live_server import running_server

T = TypeVar("T")

# The suite runs Chromium, the live server and pytest on two cores: waits for a page to settle
# get more than Playwright's 5 s default, so a busy machine is not mistaken for a broken page.
expect.set_options(timeout=15_000)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 11; SM-A025F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(migrated) -> Iterator[str]:
    """The base URL of a real server on the test database (already migrated)."""
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("browser tests run on SQLite only")
    log_path = Path(os.environ["SUARA_VAR_DIR"]).parent / "live-server.log"
    with running_server(os.environ, log_path) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context (its own cookies), JavaScript on."""
    context = browser.new_context(
        viewport=PHONE, user_agent=PHONE_USER_AGENT, base_url=live_server, locale="id-ID"
    )
    yield context
    context.close()


@pytest.fixture
def phone_without_js(browser, live_server):
    context = browser.new_context(
        viewport=PHONE,
        user_agent=PHONE_USER_AGENT,
        base_url=live_server,
        locale="id-ID",
        java_script_enabled=False,
    )
    yield context
    context.close()


@pytest.fixture
def page(phone):
    page = phone.new_page()
    yield page
    page.close()


def _in_thread(work: Awaitable[T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()  # type: ignore[arg-type]


@pytest.fixture
def run(live_server) -> Callable[[Awaitable[T]], T]:
    """Empty the database, then run coroutines (factory calls) for a sync browser test."""
    from tests.database import empty_all_tables

    _in_thread(empty_all_tables())
    return _in_thread


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ (git-ignored) to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_violations(page: Any) -> list[str]:
    """axe-core violations of impact serious or critical on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def log_in(page: Any, user: dict) -> None:
    """Log in through the real form (users come from tests.factories.make_user via `run`)."""
    page.goto("/login")
    page.fill("input[name=username]", user["username"])
    page.fill("input[name=password]", user["password"])
    page.click("button[type=submit]")
    page.wait_for_load_state()
