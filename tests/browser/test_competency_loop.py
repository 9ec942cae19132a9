"""BKPSDM walks the loop on a phone: assessment -> gap -> need -> plan -> done -> training
record -> 20 JP -> the officer's profile."""

from __future__ import annotations

import csv
import io
from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_accessibility_violations

NIP = "199001012015032001"


async def _seed() -> dict:
    from surveys.competency.dictionary import save_position
    from surveys.store.audit import Someone
    from surveys.store.competency_dictionary import ensure_competency_dictionary
    from surveys.store.development_tables import Competency
    from tests.factories import make_officer, make_unit, make_user

    await ensure_competency_dictionary()
    unit = await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
    officer = await make_officer(unit["id"], NIP, "Rina Marlina", position="Pelaksana Pelayanan")
    komunikasi = await Competency.select().where(Competency.code == "komunikasi").first()
    await save_position(
        Someone(None, "setup"), None, "PLK", "Pelaksana Pelayanan", {komunikasi["id"]: 3}
    )
    user = await make_user("ratna", "hr")
    return {"user": user, "officer": officer, "komunikasi": komunikasi["id"], "unit": unit}


def test_ratna_takes_an_officer_from_assessment_to_a_done_plan_and_20_jp(page, run):
    seeded = run(_seed())
    year = date.today().year
    log_in(page, seeded["user"])
    page.goto("/competency")
    page.click("[data-testid=unit-DISDUKCAPIL] a")
    page.click(f"[data-testid=row-{NIP}] a")

    # Assessment: communication at level 1 against a standard of 3.
    page.click("[data-testid=new-assessment]")
    page.select_option("#method", "uji_kompetensi")
    page.fill("#assessor", "UPT Penilaian Kompetensi")
    page.select_option(f"#level_{seeded['komunikasi']}", "1")
    page.click("[data-testid=save-assessment]")
    expect(page.locator("[data-testid=gap-komunikasi]")).to_contain_text("−2")

    # The gap is the unit's first need, with its number.
    page.goto("/competency/units/DISDUKCAPIL")
    expect(page.locator("[data-testid=unit-needs] li").first).to_contain_text("Komunikasi")
    expect(page.locator("[data-testid=need-komunikasi]")).to_contain_text("1 dari 1 petugas")
    assert not serious_accessibility_violations(page)

    # The needs list goes to the head as a spreadsheet, its numbers in their own columns.
    with page.expect_download() as download:
        page.click("[data-testid=needs-csv]")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    unit_gap = next(r for r in rows if r["nip"] == "" and r["source"] == "gap")
    assert (unit_gap["competency_code"], unit_gap["officers_below"]) == ("komunikasi", "1")
    assert any(r["nip"] == NIP and r["gap"] == "2" for r in rows)

    # A plan drafted from the needs, the course marked done.
    page.goto(f"/competency/officers/{seeded['officer']['id']}/plans/{year}")
    page.click("[data-testid=draft-plan]")
    course = page.locator("[data-testid=activities] tbody tr", has_text="Pelatihan manajerial")
    expect(course).to_contain_text("24")
    course.locator("button", has_text="Selesai").click()
    expect(page.locator("[data-testid=done]").first).to_be_visible()
    expect(page.locator("[data-testid=plan-jp]")).to_contain_text("terpenuhi")

    # The training record counts on the profile and the unit's 20 JP list is empty.
    page.goto(f"/competency/officers/{seeded['officer']['id']}")
    expect(page.locator(f"[data-testid=year-{year}]")).to_contain_text("24")
    expect(page.locator(f"[data-testid=year-{year}]")).to_contain_text("terpenuhi")
    page.goto("/competency/units/DISDUKCAPIL")
    expect(page.locator("[data-testid=jp-compliance]")).to_contain_text("1 dari 1 petugas")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


async def _seed_for_manager() -> dict:
    from surveys.competency.assessments import AssessmentFields, record_assessment
    from surveys.store.audit import Someone
    from tests.factories import make_officer, make_user

    seeded = await _seed()
    await record_assessment(
        Someone(None, "setup"),
        AssessmentFields(
            seeded["officer"]["id"],
            date(date.today().year, 1, 2),
            "penilaian_atasan",
            "",
            "",
            {seeded["komunikasi"]: 2},
        ),
    )
    await make_officer(
        seeded["unit"]["id"], "197501012000031001", "Pak Harun", position="Kepala Seksi"
    )
    seeded["manager"] = await make_user("kadis", "manager", ["DISDUKCAPIL"])
    return seeded


def test_the_unit_head_plans_for_an_officer_and_pairs_them_with_a_mentor(page, run):
    seeded = run(_seed_for_manager())
    year = date.today().year
    log_in(page, seeded["manager"])
    page.click("[data-testid=nav-competency]")
    page.click("[data-testid=unit-DISDUKCAPIL] a")
    expect(page.locator("[data-testid=need-komunikasi]")).to_contain_text("1 dari 1 petugas")
    page.click(f"[data-testid=row-{NIP}] a")
    expect(page.locator("[data-testid=new-assessment]")).to_have_count(0)

    page.click("[data-testid=plan-link]")
    page.click("[data-testid=draft-plan]")
    coaching = page.locator("[data-testid=activities] tbody tr", has_text="Coaching")
    expect(coaching).to_contain_text("8")  # six hours of coaching, 1.33 JP an hour
    coaching.locator("button", has_text="Selesai").click()
    expect(page.locator("[data-testid=done]").first).to_be_visible()

    page.goto("/competency/mentoring")
    page.select_option("#mentee", str(seeded["officer"]["id"]))
    page.select_option("#mentor", label="Pak Harun · Dinas Kependudukan dan Pencatatan Sipil")
    page.click("[data-testid=save-pair]")
    page.fill("#topic", "Menjelaskan persyaratan dengan santun")
    page.fill("#minutes", "90")
    page.click("[data-testid=save-session]")
    expect(page.locator("[data-testid=sessions]")).to_contain_text("Menjelaskan persyaratan")
    expect(page.locator("[data-testid=score-U7]")).to_contain_text("belum cukup jawaban")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"/competency/officers/{seeded['officer']['id']}")
    expect(page.locator(f"[data-testid=year-{year}]")).to_contain_text("10")  # 8 + 2 JP
