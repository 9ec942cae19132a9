"""Events through the levels on phones. A new event: BKPSDM creates it and registers Andi, Andi
rates it from the QR link without an account, BKPSDM records attendance and tests and finishes
it, and Andi's head of unit finds the evaluation due on the dashboard, answers it and plans
coaching. The demo's event, months later: a participant rates it and reports on their own
application, a head of unit answers Level 3, and BKPSDM reads Level 4 and the report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import make_officer, make_unit, make_user

NIP_ANDI = "198503102010011001"


@pytest.fixture
def city(run):
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    return {
        "andi": run(make_officer(unit["id"], NIP_ANDI, "Andi Saputra")),
        "ratna": run(make_user("ratna", "hr")),
        "kadis": run(make_user("kadis", "manager", ["DISDUKCAPIL"])),
    }


def test_an_event_goes_from_creation_to_a_planned_coaching(page, phone, browser, city):
    page.set_default_timeout(20_000)
    ended = date.today() - timedelta(days=70)
    # BKPSDM creates the event and registers Andi.
    log_in(page, city["ratna"])
    page.goto("/development/events/new")
    page.fill("#title", "Pelayanan Prima")
    page.fill("#form", "Pelatihan teknis")
    page.fill("#start_date", (ended - timedelta(days=3)).isoformat())
    page.fill("#end_date", ended.isoformat())
    page.fill("#jp", "32")
    page.fill("#cost", "9600000")
    page.get_by_test_id("save-event").click()
    page.get_by_test_id("event-title").wait_for()
    page.get_by_test_id("nips").fill(NIP_ANDI)
    page.get_by_test_id("register").click()
    page.get_by_test_id(f"participant-{NIP_ANDI}").wait_for()
    link = page.get_by_test_id("reaction-link").get_attribute("href")

    # Andi rates it on his own phone, with no account.
    andi = browser.new_context(viewport={"width": 360, "height": 740})
    form = andi.new_page()
    form.goto(link.replace("http://127.0.0.1:8000", page.url.split("/development")[0]))
    form.get_by_test_id("nip").fill(NIP_ANDI)
    for item in ("material", "trainer", "method", "facilities", "usefulness"):
        form.get_by_test_id(f"{item}-4").check()
    assert serious_accessibility_violations(form) == []
    screenshot(form, "event-reaction-form")
    form.get_by_test_id("submit").click()
    form.get_by_test_id("thanks").wait_for()
    andi.close()

    # BKPSDM records attendance and the tests, then finishes the event.
    page.reload()
    page.get_by_test_id(f"attended-{NIP_ANDI}").check()
    page.get_by_test_id(f"pre-{NIP_ANDI}").fill("40")
    page.get_by_test_id(f"post-{NIP_ANDI}").fill("80")
    page.get_by_test_id("save-results").click()
    page.get_by_test_id("saved").wait_for()
    page.get_by_test_id("finish").click()
    page.get_by_test_id("records-written").wait_for()
    assert "1" in page.get_by_test_id("reaction-count").inner_text()
    screenshot(page, "event-page-bkpsdm")
    page.get_by_test_id("logout").click()

    # Andi's head of unit finds the evaluation due on the dashboard and answers it.
    log_in(page, city["kadis"])
    page.goto("/dashboard")
    due = page.get_by_test_id("behaviour-due")
    due.wait_for()
    due.get_by_role("link", name="Andi Saputra").click()
    page.get_by_test_id("c0-1").check()
    page.get_by_test_id("example").fill("Belum menerapkan alur antrean baru.")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "event-behaviour-form")
    page.get_by_test_id("save-behaviour").click()
    page.get_by_test_id(f"plan-follow-up-{NIP_ANDI}").click()
    page.get_by_test_id("follow-up-planned").wait_for()
    page.get_by_test_id(f"follow-up-{NIP_ANDI}").wait_for()
    assert page.get_by_test_id("impact-not-ready").is_visible()
    screenshot(page, "event-page-manager")
    page.goto("/development/events/overview")
    page.get_by_test_id("overview").wait_for()
    screenshot(page, "event-overview")
    page.go_back()
    page.get_by_test_id("event-report-link").click()
    page.get_by_test_id("reading-en").wait_for()
    screenshot(page, "event-report")


async def _demo_event() -> dict:
    """The demo city with enough citizens' answers for its event's Level 4; the participants
    the walk needs: one without a reaction yet, one whose supervisor has not answered."""
    from surveys.store.development_tables import (
        BehaviourAnswer,
        EventParticipant,
        ReactionAnswer,
        TrainingEvent,
    )
    from surveys.store.seed import DEMO_USERS, seed_demo

    await seed_demo(2017, scale=0.3, today=date.today())
    event = await TrainingEvent.select(TrainingEvent.id, TrainingEvent.token).first()
    people = await EventParticipant.select(
        EventParticipant.id,
        EventParticipant.officer._.nip.as_alias("nip"),
        EventParticipant.officer._.name.as_alias("name"),
        EventParticipant.officer._.unit._.code.as_alias("unit"),
    ).where(EventParticipant.event == event["id"])
    reacted = {r["participant"] for r in await ReactionAnswer.select(ReactionAnswer.participant)}
    rated = {
        a["participant"]
        for a in await BehaviourAnswer.select(BehaviourAnswer.participant).where(
            BehaviourAnswer.respondent == "supervisor"
        )
    }
    pending = [p for p in people if p["id"] not in rated]
    heads = {
        u["units"][0]: u for u in DEMO_USERS if u["role"] == "manager" and len(u["units"]) == 1
    }
    # The participant's own head of unit when the demo has one, else the city's SKM coordinator.
    pending.sort(key=lambda p: p["unit"] not in heads)
    supervised = pending[0]
    city_wide = next(u for u in DEMO_USERS if u["username"] == "kabag.organisasi")
    return {
        "event": event,
        "silent": next(p for p in people if p["id"] not in reacted),
        "supervised": supervised,
        "head": heads.get(supervised["unit"], city_wide),
        "bkpsdm": next(u for u in DEMO_USERS if u["role"] == "hr"),
    }


def test_the_demo_event_goes_through_the_four_levels(page, phone, browser, run):
    page.set_default_timeout(20_000)
    demo = run(_demo_event())
    event, token = demo["event"], demo["event"]["token"]

    # A participant rates the event and reports on their own application, by phone.
    participant = phone.new_page()
    participant.goto(f"/s/e/{token}")
    participant.get_by_test_id("nip").fill(demo["silent"]["nip"])
    for item in ("material", "trainer", "method", "facilities", "usefulness"):
        participant.get_by_test_id(f"{item}-3").check()
    participant.get_by_test_id("submit").click()
    participant.get_by_test_id("thanks").wait_for()
    participant.goto(f"/s/e/{token}/self")
    participant.get_by_test_id("nip").fill(demo["silent"]["nip"])
    for radio in participant.locator("input[type=radio][value='3']").all():
        radio.check()
    assert participant.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(participant, "demo-event-self-report")
    participant.get_by_test_id("submit").click()
    participant.get_by_test_id("thanks").wait_for()
    participant.close()

    # The supervisor (the participant's head of unit) answers Level 3 from the dashboard.
    log_in(page, demo["head"])
    page.goto("/dashboard")
    due = page.get_by_test_id("behaviour-due")
    due.wait_for()
    due.get_by_role("link", name=demo["supervised"]["name"]).first.click()
    for radio in page.locator("input[type=radio][value='3']").all():
        radio.check()
    page.get_by_test_id("save-behaviour").click()
    row = page.get_by_test_id(f"behaviour-{demo['supervised']['nip']}")
    row.wait_for()
    assert "sudah" in row.inner_text()
    page.get_by_test_id("logout").click()

    # BKPSDM reads Level 4 against colleagues who did not attend, then the report.
    log_in(page, demo["bkpsdm"])
    page.goto(f"/development/events/{event['id']}")
    verdict = page.get_by_test_id("verdict-IKM").inner_text()
    assert verdict.strip() and "terlalu sedikit" not in verdict
    assert " s.d. " in page.get_by_test_id("interval-IKM").inner_text()
    screenshot(page, "demo-event-level-4")
    page.get_by_test_id("event-report-link").click()
    levels = page.get_by_test_id("report-levels").inner_text()
    assert all(f"{level} ·" in levels for level in "1234")
    assert "terlalu sedikit petugas" not in page.get_by_test_id("level-4").inner_text()
    screenshot(page, "demo-event-report")
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
