"""An administrator sets up a unit and a counter, then prints its poster and desk card."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in, screenshot
from tests.factories import make_user

DESKTOP = {"width": 1280, "height": 900}


async def _officer(unit_code: str) -> None:
    from surveys.store.tables import Officer, Unit

    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    await Officer(nip="198703152010011002", name="Andi Pratama, S.Kom.", unit=unit["id"]).save()


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_an_admin_creates_a_unit_and_a_counter_and_prints_its_poster(desk, run):
    admin = run(make_user("admin", "admin"))
    page = desk
    log_in(page, admin)
    assert page.url.endswith("/admin")

    page.goto("/admin/units/new")
    page.fill("#code", "DISDUKCAPIL")
    page.fill("#name", "Dinas Kependudukan dan Pencatatan Sipil")
    page.click("[data-testid=save-unit]")
    assert page.locator("[data-testid=saved]").is_visible()
    run(_officer("DISDUKCAPIL"))

    page.goto("/admin/points/new")
    page.select_option("#unit", label="Dinas Kependudukan dan Pencatatan Sipil (DISDUKCAPIL)")
    page.fill("#name", "Loket 2 · Akta Kelahiran")
    page.select_option("#officer", label="Andi Pratama, S.Kom. (198703152010011002)")
    page.click("[data-testid=save-point]")
    assert page.locator("[data-testid=saved]").is_visible()
    url = page.locator("[data-testid=survey-url]").inner_text()
    assert re.fullmatch(r"http://\S+/s/[A-Za-z0-9_-]{32}", url)

    page.click("[data-testid=poster-link]")
    poster = page.locator("[data-testid=poster]")
    assert "Loket 2 · Akta Kelahiran" in poster.inner_text()
    assert page.locator("[data-testid=poster-url]").inner_text() == url
    box = page.locator("[data-testid=poster-qr] svg").bounding_box()
    assert box and box["width"] > 400  # 125 mm at 96 dpi is about 472 px
    screenshot(page, "admin-poster")
    page.emulate_media(media="print")
    screenshot(page, "admin-poster-print")
    assert _pdf_pages(page.pdf(prefer_css_page_size=True)) == 1
    page.emulate_media(media="null")  # back to no emulation: PDFs use print media

    page.goto("/admin/desk-cards")
    cards = page.locator("[data-testid=desk-card]")
    assert cards.count() == 1
    assert "Andi Pratama" in cards.first.inner_text()
    screenshot(page, "admin-desk-cards")
    assert _pdf_pages(page.pdf(prefer_css_page_size=True)) == 1


def test_revoking_a_code_needs_a_confirmation(desk, run):
    from tests.factories import make_service_point, make_unit

    admin = run(make_user("admin", "admin"))
    unit = run(make_unit("RSUD", "RSUD Sawahlunto"))
    point = run(make_service_point(unit["id"], "Loket IGD"))
    page = desk
    log_in(page, admin)
    page.goto(f"/admin/points/{point['id']}")
    page.click("[data-testid=revoke-link]")
    page.click("[data-testid=confirm-revoke]")
    assert page.locator("[data-testid=revoked]").is_visible()
    assert point["token"] not in page.locator("[data-testid=survey-url]").inner_text()


async def _officer_with_history() -> dict:
    from datetime import UTC, date, datetime

    from surveys.store.tables import (
        DutyAssignment,
        Officer,
        ServicePoint,
        Training,
        Unit,
        UnitPopulation,
    )

    unit = Unit(code="DISDUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil")
    await unit.save()
    await UnitPopulation(
        unit=unit.id, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), population=1500
    ).save()
    siti = Officer(nip="198501012010012001", name="Siti Rahma, S.E.", unit=unit.id)
    budi = Officer(nip="198703152010011002", name="Budi Santoso", unit=unit.id)
    await siti.save()
    await budi.save()
    point = ServicePoint(unit=unit.id, name="Loket 1", token="t" * 32)
    await point.save()
    for officer in (siti, budi):
        await DutyAssignment(
            officer=officer.id,
            service_point=point.id,
            starts_at=datetime(2026, 3, 1, 1, tzinfo=UTC),
        ).save()
    for title, end, jp, competency, form, classical in (
        ("Pelayanan Prima", date(2025, 2, 14), 24, "teknis", "Pelatihan teknis", True),
        ("Etika Pelayanan Publik", date(2025, 6, 20), 8, "sosial_kultural", "E-learning", False),
        ("Komunikasi Publik", date(2024, 3, 1), 12, "manajerial", "Workshop/lokakarya", True),
        ("Administrasi Kependudukan", date(2026, 5, 8), 16, "teknis", "Bimbingan teknis", True),
    ):
        await Training(
            officer=siti.id,
            title=title,
            form=form,
            classical=classical,
            competency=competency,
            provider="BPSDM Sumatera Barat",
            start_date=end,
            end_date=end,
            jp=jp,
        ).save()
    return {"unit": unit.id, "officer": siti.id}


def test_the_unit_page_and_both_officer_pages_are_accessible(desk, run):
    from tests.browser.conftest import serious_accessibility_violations

    admin = run(make_user("admin", "admin"))
    ids = run(_officer_with_history())
    page = desk
    log_in(page, admin)
    for path, name in (
        (f"/admin/units/{ids['unit']}", "admin-unit"),
        (f"/admin/officers/{ids['officer']}", "admin-officer"),
        (f"/officers/{ids['officer']}", "officer-page"),
        ("/admin/imports", "admin-imports"),
    ):
        page.goto(path)
        screenshot(page, name)
        assert serious_accessibility_violations(page) == [], path
    page.goto(f"/admin/officers/{ids['officer']}")
    assert page.locator("[data-testid=duty-overlap]").count() == 1


def test_the_officer_search_filters_as_you_type(desk, run):
    admin = run(make_user("admin", "admin"))
    run(_officer_with_history())
    page = desk
    log_in(page, admin)
    page.goto("/admin/officers")
    assert page.locator("#officer-table tbody tr").count() == 2
    page.fill("#search", "budi")
    page.wait_for_url("**/admin/officers?search=budi*")
    assert page.locator("#officer-table tbody tr").count() == 1
    assert "Budi Santoso" in page.locator("#officer-table").inner_text()
