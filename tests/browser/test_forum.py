"""A facilitator runs a forum with the keyboard alone, through a connection that drops."""

from __future__ import annotations

import random
import time

import pytest
from playwright.sync_api import expect

from surveys.method.scoring import ELEMENT_CODES, ikm_from_answers
from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import check_case_answers, make_forum_session, make_unit, make_user

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def forum(run):
    """An open session of DISDUKCAPIL and its facilitator."""
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    facilitator = run(make_user("fasil", "facilitator", ["DISDUKCAPIL"]))
    session = run(
        make_forum_session(
            unit["id"], "open", area="Kelurahan Durian II", attendance_male=14, attendance_female=12
        )
    )
    return {"unit": unit, "facilitator": facilitator, "session": session}


async def _stored(session_id: int) -> list[dict]:
    from surveys.store.tables import Response

    return await Response.select(Response.dedupe_key, Response.channel).where(
        Response.forum_session == session_id
    )


def _codes(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice("234") for _ in range(9)) for _ in range(count)]


def _ikm_text(codes: list[str]) -> str:
    answers = [dict(zip(ELEMENT_CODES, map(int, code), strict=True)) for code in codes]
    return str(ikm_from_answers(answers).ikm).replace(".", ",")


def _count(page) -> int:
    return int(page.locator("[data-testid=count-paper]").inner_text())


def test_a_stack_of_papers_is_typed_with_the_keyboard_alone(desk, forum, run):
    page = desk
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{forum['session']['id']}/paper")
    field = page.locator("[data-testid=paper-code]")
    assert field.evaluate("el => el === document.activeElement")  # ready to type at once

    codes = _codes(20, seed=4)
    codes[17] += " L 45 SMA SWASTA"
    started = time.monotonic()
    for index, code in enumerate(codes):
        page.keyboard.type(code)
        page.keyboard.press("Enter")
        if index == 9:
            # A slip of the finger is caught before it is stored, the text kept to fix.
            page.keyboard.type("343354334")
            page.keyboard.press("Enter")
            error = page.locator("[data-testid=paper-error]")
            assert "Angka ke-5 (U5) adalah 5" in error.inner_text()
            assert field.input_value() == "343354334"
            page.keyboard.press("Control+A")
            page.keyboard.press("Backspace")
            assert error.is_hidden()
    expect(page.locator("[data-testid=count-paper]")).to_have_text("20")
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"20 papers took {elapsed:.1f} s"
    assert page.locator("[data-testid=session-ikm]").inner_text() == _ikm_text(
        [code[:9] for code in codes]
    )
    assert field.input_value() == "" and field.evaluate("el => el === document.activeElement")
    assert page.locator("[data-testid=queue-status]").is_hidden()
    assert "L 45 SMA SWASTA" in page.locator("[data-testid=recent-entries]").inner_text()
    screenshot(page, "forum-paper-entry")

    # Undo the last one, by keyboard: Tab from the field reaches the undo button first.
    page.locator("[data-testid=undo-last]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=count-paper]")).to_have_text("19")
    assert field.evaluate("el => el === document.activeElement")
    stored = run(_stored(forum["session"]["id"]))
    assert len(stored) == 19 and {row["channel"] for row in stored} == {"forum_paper"}
    assert serious_accessibility_violations(page) == []
    print(f"\n20 paper forms typed and stored in {elapsed:.2f} s")


def test_a_tally_is_typed_row_by_row_and_scores_like_the_check_case(desk, forum):
    page = desk
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{forum['session']['id']}/tally")
    counts: dict[str, dict[int, int]] = {}
    for answer in check_case_answers():
        for code, value in answer.items():
            counts.setdefault(code, {}).setdefault(value, 0)
            counts[code][value] += 1
    page.locator("[data-testid=tally-U1_1]").focus()
    for code in ELEMENT_CODES:
        for value in range(1, 5):
            how_many = counts[code].get(value, 0)
            if how_many:
                page.keyboard.type(str(how_many))
            page.keyboard.press("Tab")
    assert page.locator("[data-row-total=U3]").inner_text() == "29"
    assert page.locator("[data-tally-n]").inner_text() == "29"
    screenshot(page, "forum-tally-typed")
    page.locator("[data-testid=tally-U9_4]").press("Enter")
    expect(page.locator("[data-testid=count-tally]")).to_have_text("29")
    assert page.locator("[data-testid=session-ikm]").inner_text() == "91,48"
    assert "Tally: 29 kuesioner" in page.locator("[data-testid=recent-entries]").inner_text()
    assert page.locator("[data-testid=tally-U1_4]").input_value() == ""
    # 29 questionnaires from 26 participants: the reconciliation warns.
    assert page.locator("[data-testid=exceeds-attendance]").is_visible()
    screenshot(page, "forum-tally-stored")


def test_typing_through_a_dropped_connection_stores_every_paper_once(desk, forum, run):
    page = desk
    session_id = forum["session"]["id"]
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{session_id}/paper")
    # Typing goes to the focused element: wait until the page has focused the code field.
    expect(page.locator("[data-testid=paper-code]")).to_be_focused()
    codes = _codes(12, seed=7)

    def type_code(code: str) -> None:
        page.keyboard.type(code)
        page.keyboard.press("Enter")

    for code in codes[:3]:
        type_code(code)
    expect(page.locator("[data-testid=count-paper]")).to_have_text("3")

    # The network drops: entries are kept on the device and shown as waiting.
    page.context.set_offline(True)
    for code in codes[3:7]:
        type_code(code)
    status = page.locator("[data-testid=queue-status]")
    status.get_by_text("4 entri menunggu dikirim").wait_for()
    assert "Koneksi terputus" in status.inner_text()
    assert codes[6] in status.inner_text()
    screenshot(page, "forum-offline-queue")
    assert len(run(_stored(session_id))) == 3

    # Back online: the queue empties by itself, every entry once.
    page.context.set_offline(False)
    expect(page.locator("[data-testid=count-paper]")).to_have_text("7")
    status.wait_for(state="hidden")

    # Worse: the server stores two entries but their answers never arrive. The browser
    # keeps them queued, resends, and the server recognises their keys.
    lost = {"left": 2}

    def lose_the_answer(route):
        if route.request.method == "POST" and lost["left"] > 0:
            lost["left"] -= 1
            route.fetch()  # reaches the server, which stores the entry
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/paper", lose_the_answer)
    for code in codes[7:10]:
        type_code(code)
    expect(page.locator("[data-testid=count-paper]")).to_have_text("10", timeout=20000)
    page.unroute("**/paper")

    # And a reload while requests fail: what was typed survives in this browser.
    page.route(
        "**/paper",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    for code in codes[10:]:
        type_code(code)
    status.get_by_text("2 entri menunggu dikirim").wait_for()
    page.reload()
    status.get_by_text("2 entri menunggu dikirim").wait_for()
    page.unroute("**/paper")
    page.locator("[data-queue-retry]").click()
    expect(page.locator("[data-testid=count-paper]")).to_have_text("12")
    stored = run(_stored(session_id))
    assert len(stored) == 12
    assert len({row["dedupe_key"] for row in stored}) == 12
    assert page.locator("[data-testid=session-ikm]").inner_text() == _ikm_text(codes)
    screenshot(page, "forum-after-reconnect")


def test_a_closed_session_refuses_queued_entries_visibly_and_keeps_their_text(desk, forum, run):
    from surveys.forum import sessions as q
    from surveys.store.accounts import account_by_id

    page = desk
    session_id = forum["session"]["id"]
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{session_id}/paper")
    page.context.set_offline(True)
    page.keyboard.type("444444444 P")
    page.keyboard.press("Enter")
    page.locator("[data-testid=queue-status]").get_by_text("1 entri menunggu dikirim").wait_for()

    async def close() -> None:
        from datetime import UTC, datetime

        account = await account_by_id(forum["facilitator"]["id"])
        await q.close_session(session_id, account, datetime.now(UTC))

    run(close())
    page.context.set_offline(False)
    rejected = page.locator("[data-testid=rejected-entry]")
    rejected.wait_for()
    assert "444444444 P" in rejected.inner_text() and "sudah ditutup" in rejected.inner_text()
    screenshot(page, "forum-rejected-after-close")
    assert run(_stored(session_id)) == []


def test_the_projector_page_shows_a_big_qr_code(desk, forum):
    page = desk
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{forum['session']['id']}/qr")
    box = page.locator("[data-testid=session-qr] svg").bounding_box()
    assert box and box["width"] >= 500
    code = forum["session"]["short_code"]
    assert page.locator("[data-testid=short-code]").inner_text() == f"{code[:3]} {code[3:]}"
    assert page.locator("[data-testid=short-url]").inner_text().endswith(f"/f/{code}")
    screenshot(page, "forum-qr-projector")
    assert serious_accessibility_violations(page) == []


async def _input_count() -> int:
    from surveys.store.tables import ForumInput

    return await ForumInput.count()


def test_inputs_are_recorded_offline_and_sent_once(desk, forum, run):
    page = desk
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{forum['session']['id']}/inputs")
    page.select_option("#f-kind", "pengaduan")
    page.select_option("#f-topic", "U3")
    page.fill("#f-text", "Antrean KTP-el terlalu lama.")
    page.fill("#f-votes", "17")
    page.context.set_offline(True)
    page.locator("#f-text").press("Control+Enter")
    page.locator("[data-testid=queue-status]").get_by_text("1 entri menunggu dikirim").wait_for()
    assert page.locator("#f-text").input_value() == ""
    page.context.set_offline(False)
    page.locator("[data-testid=input-row]").first.wait_for()
    assert "Antrean KTP-el" in page.locator("[data-testid=inputs-table]").inner_text()
    assert run(_input_count()) == 1
    page.select_option("#filter-kind", "saran")
    page.locator("[data-testid=no-inputs]").wait_for()
    screenshot(page, "forum-inputs")


async def _forum_results(forum: dict) -> None:
    from datetime import UTC, datetime

    from surveys.forum import entries as forum_entries
    from surveys.forum import inputs as forum_inputs
    from surveys.forum.paper import parse_paper_code
    from surveys.method.periods import DEFAULT_TIMEZONE
    from surveys.store.accounts import account_by_id

    account = await account_by_id(forum["facilitator"]["id"])
    session_id = forum["session"]["id"]
    for index, code in enumerate(_codes(12, seed=11)):
        await forum_entries.record_paper_entry(
            session_id,
            parse_paper_code(code),
            f"print-{index:04d}",
            account,
            datetime.now(UTC),
            DEFAULT_TIMEZONE,
        )
    for index, (kind, topic, text, votes) in enumerate(
        [
            ("aspirasi", "air_bersih", "Sumur bor untuk RW 02 yang sering kekeringan.", 31),
            ("pengaduan", "U3", "Antrean perekaman KTP-el lebih dari tiga jam.", 44),
            ("saran", "U9", "Tambah kursi tunggu dan kipas angin.", 9),
        ]
    ):
        fields = forum_inputs.InputFields(kind, topic, text, votes, None)
        await forum_inputs.create_input(session_id, fields, f"print-input-{index}", account)


def test_the_berita_acara_prints_on_a4(desk, forum, run):
    run(_forum_results(forum))
    page = desk
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{forum['session']['id']}/berita-acara")
    assert "BERITA ACARA" in page.locator("[data-testid=berita-acara]").inner_text()
    page.emulate_media(media="print")
    screenshot(page, "forum-berita-acara-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="null")


def test_without_javascript_papers_are_stored_and_mistakes_explained(
    browser, live_server, forum, run
):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, forum["facilitator"])
        page.goto(f"/forum/sessions/{forum['session']['id']}/paper")
        page.fill("[data-testid=paper-code]", "343344334 P 30")
        page.press("[data-testid=paper-code]", "Enter")
        page.wait_for_load_state()
        expect(page.locator("[data-testid=count-paper]")).to_have_text("1")
        page.fill("[data-testid=paper-code]", "3433443")
        page.press("[data-testid=paper-code]", "Enter")
        page.wait_for_load_state()
        assert "terketik 7" in page.locator("[data-testid=paper-error]").inner_text()
        assert page.locator("[data-testid=paper-code]").input_value() == "3433443"
        expect(page.locator("[data-testid=count-paper]")).to_have_text("1")
        screenshot(page, "forum-paper-no-js-error")
        assert len(run(_stored(forum["session"]["id"]))) == 1
    finally:
        context.close()


def test_a_facilitator_creates_and_opens_a_session(desk, run):
    run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    facilitator = run(make_user("fasil", "facilitator", ["DISDUKCAPIL"]))
    page = desk
    log_in(page, facilitator)
    assert page.url.endswith("/forum")
    page.click("[data-testid=new-session]")
    page.fill("#f-area", "Kelurahan Durian II, Kecamatan Barangin")
    page.select_option("#f-kind", "musrenbang_kelurahan")
    page.fill("#f-place", "Aula Kantor Lurah")
    page.fill("#f-attendance_male", "23")
    page.fill("#f-attendance_female", "19")
    page.click("[data-testid=save-session]")
    expect(page.locator("[data-testid=session-status]")).to_have_text("Draf")
    assert "jumlah 42" in page.locator("[data-testid=attendance-detail]").inner_text()
    page.click("[data-testid=open-session]")
    expect(page.locator("[data-testid=session-status]")).to_have_text("Berlangsung")
    screenshot(page, "forum-session-hub")
    assert serious_accessibility_violations(page) == []
    hub = page.url
    page.click("[data-testid=show-qr]")
    assert page.locator("[data-testid=session-qr] svg").is_visible()
    for tail in ("/paper", "/tally", "/inputs", "/summary"):
        page.goto(hub + tail)
        assert serious_accessibility_violations(page) == [], tail


def test_a_refused_upload_on_a_phone_shows_the_first_problems_and_downloads_them_all(
    page, forum, run, tmp_path
):
    from datetime import date

    session = forum["session"]
    bad = tmp_path / "kuesioner.csv"
    row = f"DISDUKCAPIL,{date.today().isoformat()},5,4,4,4,4,4,4,4,4\n"
    bad.write_text("unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + row * 150)
    log_in(page, forum["facilitator"])
    page.goto(f"/forum/sessions/{session['id']}/upload")
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(bad))
    page.click("[data-testid=upload-submit]")

    expect(page.locator("[data-testid=upload-rejected]")).to_contain_text("150 masalah")
    expect(page.locator("[data-testid=row-error]")).to_have_count(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "forum-upload-refused-phone")
    with page.expect_download() as download:
        page.click("[data-testid=row-errors-download]")
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,message" and len(lines) == 151


def test_the_berita_acara_on_a_phone_shows_the_attendance_and_signatures_in_english_too(
    page, forum, run
):
    run(_forum_results(forum))
    log_in(page, forum["facilitator"])
    record = f"/forum/sessions/{forum['session']['id']}/berita-acara"
    for language in ("id", "en"):
        page.goto(f"/lang/{language}?next={record}")
        screenshot(page, f"forum-berita-acara-phone-{language}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, language
        total = page.locator("[data-testid=attendance-table] tr.total td")
        expect(total).to_have_text("26")
        box = total.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360, language
        grade = page.locator("[data-testid=element-table] .grade").first
        grade_box = grade.bounding_box()
        assert grade_box is not None and grade_box["x"] + grade_box["width"] <= 360, language
