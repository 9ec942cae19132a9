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
