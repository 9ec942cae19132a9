"""A kiosk that loses its network: answers kept on the device, sent once when it is back.

Real Chromium with the kiosk's service worker (static/kiosk-sw.js). Offline is Playwright's
network emulation (`context.set_offline`), which the worker's own requests obey too.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, screenshot, serious_accessibility_violations
from tests.factories import make_service_point, make_unit

SHOTS = Path("/tmp/kiosk-shots")

# Resolves once the worker is installed (form, styles and token stock kept) and controls
# the page.
UNTIL_CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  }
  return true;
}"""

# The worker's queue of answers, read (or added to) from the page: same origin, same
# IndexedDB database.
QUEUE = """async ([name, entry]) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const result = await new Promise((resolve, reject) => {
    const transaction = db.transaction("queue", entry ? "readwrite" : "readonly");
    const store = transaction.objectStore("queue");
    const request = entry ? store.add(entry) : store.getAll();
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
  return result;
}"""

# Empties the worker's stock of tokens, as a long day offline would.
EMPTY_STOCK = """async (name) => {
  const db = await new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
  });
  await new Promise((resolve) => {
    const transaction = db.transaction("stock", "readwrite");
    transaction.objectStore("stock").clear();
    transaction.oncomplete = resolve;
  });
  db.close();
}"""

# Drops all but `keep` tokens of the worker's stock (a busy morning spent them); the count left.
SPEND_STOCK = """async ([name, keep]) => {
  const db = await new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
  });
  const left = await new Promise((resolve) => {
    const transaction = db.transaction("stock", "readwrite");
    const store = transaction.objectStore("stock");
    const request = store.getAllKeys();
    request.onsuccess = () => request.result.slice(keep).forEach((key) => store.delete(key));
    transaction.oncomplete = () => resolve(Math.min(request.result.length, keep));
  });
  db.close();
  return left;
}"""

STOCK_LEFT = """async (name) => {
  const db = await new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
  });
  const count = await new Promise((resolve) => {
    const request = db.transaction("stock").objectStore("stock").count();
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return count;
}"""

REPLAY = "navigator.serviceWorker.controller.postMessage('replay')"


@pytest.fixture
def kiosk(run):
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    return run(make_service_point(unit["id"], "Anjungan Mandiri", kind="kiosk"))


@pytest.fixture
def kiosk_screen(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="id-ID")
    yield context
    context.close()


async def _stored() -> int:
    from surveys.store.tables import Response

    return await Response.count()


def _answer(page, value: int) -> None:
    for i in range(1, 10):
        page.get_by_test_id(f"U{i}-{value}").check()
    page.get_by_test_id("submit").click()


def _until(check, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "still not so after waiting"
        time.sleep(0.25)


def test_a_kiosk_offline_keeps_two_answers_and_sends_each_once_when_back(run, kiosk, kiosk_screen):
    form = f"/s/{kiosk['token']}"
    database = f"suara-kiosk:{form}"
    page = kiosk_screen.new_page()
    page.goto(form)
    page.evaluate(UNTIL_CONTROLLED)
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == page.url.split("?")[0]  # this kiosk's form only: no staff page, no other

    kiosk_screen.set_offline(True)
    tokens = []
    for citizen, value in enumerate((4, 2)):
        if citizen:
            time.sleep(15.5)  # the kiosk's minimum interval between two citizens' answers
        page.goto(f"{form}?lang=id")  # the next citizen's blank form, from the device
        tokens.append(page.locator("input[name=form_token]").input_value())
        _answer(page, value)
        saved = page.get_by_test_id("saved-offline")
        saved.wait_for()
        last_answer = time.monotonic()
        assert "Jawaban tersimpan di perangkat ini dan akan dikirim saat tersambung." in (
            saved.inner_text()
        )
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "saved-offline-360.png"), full_page=True)
    screenshot(page, "kiosk-saved-offline")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The kiosk hands itself to the next citizen after 5 s, as its thank-you page does.
    violations = serious_accessibility_violations(page)
    assert [v for v in violations if not v.startswith("meta-refresh:")] == []
    assert len(set(tokens)) == 2  # each citizen's form had a token of its own
    queued = page.evaluate(QUEUE, [database, None])
    assert len(queued) == 2
    assert run(_stored()) == 0  # nothing reached the server

    # The next citizen's form, from the device: its staff see the two answers waiting.
    page.goto(f"{form}?lang=id")
    expect(page.get_by_test_id("kiosk-waiting")).to_have_text(
        "2 jawaban tersimpan di perangkat, menunggu jaringan"
    )
    assert page.get_by_test_id("kiosk-refused").count() == 0
    screenshot(page, "kiosk-offline-waiting")

    page.goto(f"{form}/tersimpan?lang=en")  # the English page, kept on the device too
    assert "saved on this device" in page.get_by_test_id("saved-offline").inner_text()
    page.screenshot(path=str(SHOTS / "saved-offline-360-en.png"), full_page=True)

    # No token left: the kiosk says it cannot take answers instead of reusing one.
    page.evaluate(EMPTY_STOCK, database)
    page.goto(f"{form}?lang=id")
    page.get_by_test_id("no-forms-offline").wait_for()
    assert page.get_by_test_id("saved-offline").is_hidden()
    assert page.locator("input[name=form_token]").count() == 0
    page.screenshot(path=str(SHOTS / "no-forms-offline-360.png"), full_page=True)

    kiosk_screen.set_offline(False)
    page.goto(form)  # back online: the form again, and a new stock
    page.get_by_test_id("survey-form").wait_for()
    page.evaluate(REPLAY)
    _until(lambda: run(_stored()) == 2 and page.evaluate(QUEUE, [database, None]) == [])

    # The first answer's acknowledgement "got lost": the same body is sent once more.
    lost = {key: queued[0][key] for key in ("body", "lang", "queuedAt")}
    page.evaluate(QUEUE, [database, lost])
    page.evaluate(REPLAY)
    _until(lambda: page.evaluate(QUEUE, [database, None]) == [])
    assert run(_stored()) == 2

    # Online, the next citizen's answer passes through the worker to the thank-you page.
    time.sleep(max(0.0, last_answer + 15.5 - time.monotonic()))
    page.goto(f"{form}?lang=id")
    _answer(page, 3)
    page.get_by_test_id("kiosk-reset").wait_for()
    assert run(_stored()) == 3
    assert page.evaluate(QUEUE, [database, None]) == []


def test_an_answer_the_server_refuses_stays_on_the_kiosk_and_its_staff_see_why(
    run, kiosk, kiosk_screen
):
    form = f"/s/{kiosk['token']}"
    database = f"suara-kiosk:{form}"
    page = kiosk_screen.new_page()
    page.goto(form)
    page.evaluate(UNTIL_CONTROLLED)
    page.goto(f"{form}?lang=id")  # now through the worker, which tells the page what it holds
    page.get_by_test_id("survey-form").wait_for()
    assert page.get_by_test_id("kiosk-held").is_hidden()

    # An answer whose token the server cannot check (a kiosk's codes changed meanwhile).
    body = "&".join(f"U{i}=4" for i in range(1, 10)) + "&form_token=tidak-sah"
    now = page.evaluate("Date.now()")
    forged = {"body": f"{body}&queued_at={now}", "lang": "id", "queuedAt": now}
    page.evaluate(QUEUE, [database, forged])
    page.evaluate(REPLAY)
    expect(page.get_by_test_id("kiosk-refused")).to_have_text(
        "1 jawaban ditolak server: formulir kedaluwarsa atau tidak sah"
    )
    kept = page.evaluate(QUEUE, [database, None])
    assert [entry["refused"] for entry in kept] == [400]  # kept on the device, marked
    assert run(_stored()) == 0

    # Offline, the next citizen's answer waits beside it; both lines show, calmly.
    kiosk_screen.set_offline(True)
    page.goto(f"{form}?lang=id")
    _answer(page, 4)
    page.get_by_test_id("saved-offline").wait_for()
    page.goto(f"{form}?lang=id")
    expect(page.get_by_test_id("kiosk-waiting")).to_have_text(
        "1 jawaban tersimpan di perangkat, menunggu jaringan"
    )
    expect(page.get_by_test_id("kiosk-refused")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "kiosk-held-360")
    assert serious_accessibility_violations(page) == []
    page.goto(f"{form}?lang=en")
    expect(page.get_by_test_id("kiosk-waiting")).to_have_text(
        "1 answer saved on this device, waiting for the network"
    )
    expect(page.get_by_test_id("kiosk-refused")).to_have_text(
        "1 answer refused by the server: the form had expired or was not valid"
    )
    screenshot(page, "kiosk-held-360-en")

    # Back online the waiting answer is sent; the refused one stays, and still shows.
    kiosk_screen.set_offline(False)
    page.goto(f"{form}?lang=id")
    page.evaluate(REPLAY)
    _until(lambda: run(_stored()) == 1)
    expect(page.get_by_test_id("kiosk-waiting")).to_have_count(0)
    expect(page.get_by_test_id("kiosk-refused")).to_be_visible()
    assert [entry["refused"] for entry in page.evaluate(QUEUE, [database, None])] == [400]


def test_a_kiosk_refused_a_new_stock_keeps_the_one_it_has_and_waits_before_asking_again(
    run, kiosk, kiosk_screen
):
    form = f"/s/{kiosk['token']}"
    database = f"suara-kiosk:{form}"
    page = kiosk_screen.new_page()
    page.goto(form)
    page.evaluate(UNTIL_CONTROLLED)
    assert page.evaluate(STOCK_LEFT, database) == 100
    assert page.evaluate(SPEND_STOCK, [database, 40]) == 40  # low: the next form asks for more

    asked = []

    def too_often(route):
        asked.append(route.request.url)
        route.fulfill(status=429, headers={"retry-after": "600"}, json={"error": "terlalu sering"})

    kiosk_screen.route("**/kiosk-tokens", too_often)
    page.goto(f"{form}?lang=id")
    page.get_by_test_id("survey-form").wait_for()
    _until(lambda: len(asked) == 1)
    page.goto(f"{form}?lang=en")  # within the server's Retry-After: not asked again
    page.get_by_test_id("survey-form").wait_for()
    time.sleep(1.0)
    assert len(asked) == 1
    assert page.evaluate(STOCK_LEFT, database) == 40  # the stock it had, kept whole


def test_a_kiosk_refused_its_first_stock_still_installs_its_worker(run, kiosk, kiosk_screen):
    def too_often(route):
        route.fulfill(status=429, headers={"retry-after": "600"}, json={"error": "terlalu sering"})

    kiosk_screen.route("**/kiosk-tokens", too_often)
    form = f"/s/{kiosk['token']}"
    page = kiosk_screen.new_page()
    page.goto(form)
    within = f"() => Promise.race([({UNTIL_CONTROLLED})(), new Promise((r) => setTimeout(r, 60000, false))])"
    assert page.evaluate(within) is True  # the form and its files kept; tokens come later
    assert page.evaluate(STOCK_LEFT, f"suara-kiosk:{form}") == 0


def test_a_kiosk_without_its_service_worker_takes_answers_online_as_before(
    run, kiosk, browser, live_server
):
    context = browser.new_context(viewport=PHONE, base_url=live_server, service_workers="block")
    page = context.new_page()
    page.goto(f"/s/{kiosk['token']}")
    _answer(page, 3)
    page.get_by_test_id("kiosk-reset").wait_for()
    assert run(_stored()) == 1
    context.close()


def test_a_kiosk_without_javascript_installs_nothing_and_takes_answers(
    run, kiosk, browser, live_server
):
    context = browser.new_context(viewport=PHONE, base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/s/{kiosk['token']}")
    _answer(page, 3)
    page.get_by_test_id("kiosk-reset").wait_for()
    assert run(_stored()) == 1
    assert context.service_workers == []
    context.close()
