"""Each role's main task on a 360 px phone, without sideways scrolling at any step."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, log_in, screenshot
from tests.factories import make_forum_session, make_unit, make_user


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_facilitator_opens_a_meeting_and_a_villager_types_its_code(page, browser, run):
    unit = run(make_unit("KEC-BARANGIN", "Kecamatan Barangin"))
    session = run(make_forum_session(unit["id"], area="Kelurahan Durian II"))
    log_in(page, run(make_user("fasil", "facilitator", ["KEC-BARANGIN"])))
    page.goto(f"/forum/sessions/{session['id']}")
    page.get_by_test_id("open-session").click()
    code = page.get_by_test_id("session-code").inner_text()
    assert len(code) == 6 and code.isdigit() and fits(page)
    page.get_by_test_id("show-qr").click()
    expect(page.get_by_test_id("short-code")).to_have_text(f"{code[:3]} {code[3:]}")
    assert fits(page)
    screenshot(page, "phone-forum-qr")

    villager = page.context.browser.new_context(
        viewport=PHONE, base_url=page.url.split("/forum")[0]
    )
    phone = villager.new_page()
    phone.goto("/f")
    assert phone.get_by_test_id("join-code").get_attribute("inputmode") == "numeric"
    phone.get_by_test_id("join-code").fill(f"{code[:3]} {code[3:]}")
    phone.get_by_test_id("join-submit").click()
    phone.get_by_test_id("survey-form").wait_for()
    assert "Kecamatan Barangin" in phone.content() and fits(phone)
    villager.close()


def test_an_administrator_imports_officer_saved_by_excel_on_a_phone(page, run, tmp_path):
    run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    log_in(page, run(make_user("admin", "admin")))
    saved = tmp_path / "petugas.csv"
    saved.write_bytes(
        "\ufeffnip;name;unit_code;position\r\n"
        "198503102010011001;Andi Saputra;DISDUKCAPIL;Petugas Loket, Pelayanan\r\n".encode()
    )
    page.goto("/admin/imports")
    assert fits(page)
    page.set_input_files("#file", str(saved))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-report")).to_contain_text("1 baru")
    assert fits(page)


def test_a_manager_adds_a_follow_up_whose_target_has_passed_after_confirming(page, run):
    run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    log_in(page, run(make_user("kadis", "manager", ["DISDUKCAPIL"])))
    page.goto("/dashboard/units/DISDUKCAPIL/followups/new")
    page.select_option("#element", "U3")
    page.fill("#period_start", f"{date.today().year}-01-01")
    page.fill("#period_end", date.today().isoformat())
    page.fill("#problem", "Antrean panjang pada Senin pagi")
    page.fill("#action", "Membuka loket kedua pada Senin pagi")
    page.fill("#responsible", "Kepala Seksi Pelayanan")
    page.fill("#target_date", (date.today() - timedelta(days=3)).isoformat())
    page.get_by_test_id("save-followup").click()
    warning = page.get_by_test_id("error-confirm_past_target")
    expect(warning).to_contain_text("sudah lewat")
    assert fits(page)
    page.check("#confirm_past_target")
    page.get_by_test_id("save-followup").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    assert "Membuka loket kedua" in page.get_by_test_id("followup-list").inner_text()
    assert fits(page)


def visit(page, name: str) -> None:
    """The page fits the phone: checked, and saved under tests/artifacts/ to look at."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, f"phone-walk-{name}")
    assert width <= PHONE["width"], f"{name}: {width} px wide"


def test_a_facilitator_runs_a_village_meeting_from_opening_to_its_result(page, run):
    run(make_unit("KEC-BARANGIN", "Kecamatan Barangin"))
    log_in(page, run(make_user("fasil", "facilitator", ["KEC-BARANGIN"])))
    visit(page, "forum-home")
    page.get_by_test_id("new-session").click()
    visit(page, "forum-new-session")
    page.fill("#f-area", "Kelurahan Durian II, Kecamatan Barangin")
    page.select_option("#f-kind", "musrenbang_kelurahan")
    page.fill("#f-place", "Aula Kantor Lurah Durian II")
    page.fill("#f-attendance_male", "14")
    page.fill("#f-attendance_female", "12")
    page.get_by_test_id("save-session").click()
    page.get_by_test_id("open-session").click()
    expect(page.get_by_test_id("session-status")).to_have_text("Berlangsung")
    visit(page, "forum-session-open")
    hub = page.url

    # One paper questionnaire, typed as its nine digits.
    page.get_by_test_id("session-nav").get_by_text("Kertas satu per satu").click()
    expect(page.get_by_test_id("paper-code")).to_be_focused()
    page.keyboard.type("344334433 P 41")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("count-paper")).to_have_text("1")
    visit(page, "forum-paper")

    # Three more questionnaires as a tally: every element answered 3 twice and 4 once.
    page.get_by_test_id("session-nav").get_by_text("Tally").click()
    for element in range(1, 10):
        page.get_by_test_id(f"tally-U{element}_3").fill("2")
        page.get_by_test_id(f"tally-U{element}_4").fill("1")
    page.get_by_test_id("tally-submit").click()
    expect(page.get_by_test_id("count-tally")).to_have_text("3")
    visit(page, "forum-tally")

    # A complaint from the floor, with the hands raised for it.
    page.get_by_test_id("session-nav").get_by_text("Aspirasi & pengaduan").click()
    page.select_option("#f-kind", "pengaduan")
    page.select_option("#f-topic", "U3")
    page.fill("#f-text", "Antrean perekaman KTP-el di kecamatan lebih dari tiga jam.")
    page.fill("#f-votes", "17")
    page.get_by_test_id("input-submit").click()
    expect(page.get_by_test_id("input-row").first).to_contain_text("Antrean perekaman")
    visit(page, "forum-inputs")

    # The result counts all four questionnaires and ranks the complaint.
    page.get_by_test_id("session-nav").get_by_text("Hasil").click()
    expect(page.locator("body")).to_contain_text("Kuesioner terkumpul: 4")
    expect(page.get_by_test_id("ranked-inputs")).to_contain_text("Antrean perekaman")
    assert page.get_by_test_id("session-ikm").inner_text() != "belum ada"
    visit(page, "forum-summary")

    page.goto(hub)
    page.get_by_test_id("close-session").click()
    visit(page, "forum-close")
    page.get_by_test_id("confirm-close").click()
    expect(page.get_by_test_id("session-status")).to_have_text("Ditutup")
    visit(page, "forum-closed")


async def _hr_city() -> dict:
    from surveys.competency.dictionary import save_position
    from surveys.store.audit import Someone
    from surveys.store.competency_dictionary import ensure_competency_dictionary
    from surveys.store.development_tables import Competency
    from tests.factories import make_officer

    await ensure_competency_dictionary()
    unit = await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
    officer = await make_officer(
        unit["id"], "199001012015032001", "Rina Marlina Simanjuntak", position="Pelaksana Pelayanan"
    )
    komunikasi = await Competency.select().where(Competency.code == "komunikasi").first()
    await save_position(
        Someone(None, "setup"), None, "PLK", "Pelaksana Pelayanan", {komunikasi["id"]: 3}
    )
    return {
        "user": await make_user("ratna", "hr"),
        "officer": officer,
        "komunikasi": komunikasi["id"],
    }


def test_bkpsdm_assesses_an_officer_sees_the_need_and_drafts_a_plan_on_a_phone(page, run):
    city = run(_hr_city())
    nip = city["officer"]["nip"]
    log_in(page, city["user"])
    visit(page, "competency-overview")
    page.click("[data-testid=unit-DISDUKCAPIL] a")
    visit(page, "competency-unit")
    page.click(f"[data-testid=row-{nip}] a")
    visit(page, "competency-officer")

    page.click("[data-testid=new-assessment]")
    visit(page, "competency-assessment-form")
    page.select_option("#method", "uji_kompetensi")
    page.fill("#assessor", "UPT Penilaian Kompetensi Kota Sawahlunto")
    page.select_option(f"#level_{city['komunikasi']}", "1")
    page.click("[data-testid=save-assessment]")
    expect(page.get_by_test_id("gap-komunikasi")).to_contain_text("−2")
    visit(page, "competency-officer-assessed")

    page.goto("/competency/units/DISDUKCAPIL")
    expect(page.get_by_test_id("need-komunikasi")).to_contain_text("1 dari 1 petugas")
    visit(page, "competency-unit-needs")

    page.goto(f"/competency/officers/{city['officer']['id']}/plans/{date.today().year}")
    visit(page, "competency-plan-empty")
    page.click("[data-testid=draft-plan]")
    expect(page.get_by_test_id("activities")).to_contain_text("Pelatihan manajerial")
    visit(page, "competency-plan-drafted")


async def _event_with_andi() -> str:
    from surveys.store.development_tables import EventParticipant, TrainingEvent
    from tests.factories import make_officer

    unit = await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
    andi = await make_officer(unit["id"], "198503102010011001", "Andi Saputra")
    ended = date.today() - timedelta(days=1)
    event = TrainingEvent(
        title="Pelatihan Pelayanan Prima bagi Petugas Loket Administrasi Kependudukan",
        form="Pelatihan teknis",
        competency="teknis",
        start_date=ended - timedelta(days=2),
        end_date=ended,
        jp=24,
        token="reaksi-pelayanan-prima-2026",
    )
    await event.save()
    await EventParticipant(event=event.id, officer=andi["id"]).save()
    return event.token


def test_a_participant_rates_the_training_from_its_qr_code_on_a_phone(page, run):
    token = run(_event_with_andi())
    page.goto(f"/s/e/{token}")
    visit(page, "reaction-form")
    page.get_by_test_id("nip").fill("198503102010011001")
    for item in ("material", "trainer", "method", "facilities", "usefulness"):
        page.get_by_test_id(f"{item}-3").check()
    page.get_by_test_id("submit").click()
    page.get_by_test_id("thanks").wait_for()
    visit(page, "reaction-thanks")
