"""The dashboard over HTTP: role scoping, the period picker, htmx partials, ranking order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from surveys.store.tables import Unit, UnitPopulation
from tests.factories import login, make_responses, make_unit

FULL_4 = dict.fromkeys([f"U{i}" for i in range(1, 10)], 4)
FULL_3 = dict.fromkeys([f"U{i}" for i in range(1, 10)], 3)
Q1 = "from=2026-01-01&to=2026-03-31"
HX = {"HX-Request": "true"}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, tzinfo=UTC)


# --- who may see what -----------------------------------------------------------------------


async def test_anonymous_visitors_are_sent_to_log_in(client, disdukcapil):
    response = await client.get(f"/dashboard?{Q1}")
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login?next=/dashboard")
    hx = await client.get("/dashboard", headers=HX)
    assert hx.status_code == 401
    assert hx.headers["hx-redirect"] == "/login"


async def test_facilitators_get_403_on_every_dashboard_url(client, facilitator, disdukcapil):
    await login(client, facilitator)
    for url in ("/dashboard", "/dashboard/sparkline.svg?v=80,81"):
        assert (await client.get(url)).status_code == 403, url
        assert (await client.get(url, headers=HX)).status_code == 403, url


async def test_a_manager_sees_only_their_own_units(client, manager_of_disdukcapil, rsud):
    await make_responses(rsud["id"], [FULL_4] * 3, at(date(2026, 2, 1)))
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"/dashboard?{Q1}")
    assert page.status_code == 200
    assert 'data-unit="DISDUKCAPIL"' in page.text
    assert "RSUD" not in page.text
    filtered = await client.get(f"/dashboard?{Q1}&unit=RSUD")
    assert filtered.status_code == 200
    assert 'data-unit="RSUD"' not in filtered.text
    assert "Pilih unit dari daftar." in filtered.text


async def test_an_administrator_sees_every_unit(client, admin, disdukcapil, rsud):
    await login(client, admin)
    page = await client.get(f"/dashboard?{Q1}")
    assert 'data-unit="DISDUKCAPIL"' in page.text
    assert 'data-unit="RSUD"' in page.text


# --- the period picker and htmx -------------------------------------------------------------


async def test_the_plain_picker_form_redirects_to_the_short_shareable_url(client, admin, rsud):
    await login(client, admin)
    response = await client.get("/dashboard?kind=quarter&year=2026&quarter=1&month=5&unit=RSUD")
    assert response.status_code == 303
    assert response.headers["location"] == f"/dashboard?{Q1}&unit=RSUD"


async def test_htmx_gets_the_units_table_alone_with_the_canonical_url_pushed(client, admin, rsud):
    await login(client, admin)
    response = await client.get("/dashboard?kind=month&year=2026&month=2", headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="units-table"')
    assert "<html" not in response.text
    assert response.headers["hx-push-url"] == "/dashboard?from=2026-02-01&to=2026-02-28"
    assert "Februari 2026" in response.text


async def test_a_bad_custom_range_is_explained_next_to_the_field(client, admin, rsud):
    await login(client, admin)
    bad = "kind=custom&from=2026-03-10&to=2026-03-01"
    page = await client.get(f"/dashboard?{bad}")
    assert page.status_code == 200
    assert 'id="error-to"' in page.text
    assert 'value="2026-03-10"' in page.text  # what was typed is kept
    hx = await client.get(f"/dashboard?{bad}", headers=HX)
    assert hx.text.lstrip().startswith('<form id="period-form"')
    assert hx.headers["hx-retarget"] == "#period-form"
    assert 'id="error-to"' in hx.text


async def test_the_unit_filter_shows_the_unit_and_everything_below_it(client, admin, db):
    dinas = await make_unit("DINKES", "Dinas Kesehatan")
    await make_unit("PKM-1", "Puskesmas Satu", parent=dinas["id"])
    await make_unit("RSUD", "RSUD")
    await login(client, admin)
    page = await client.get(f"/dashboard?{Q1}&unit=DINKES")
    assert 'data-unit="DINKES"' in page.text
    assert 'data-unit="PKM-1"' in page.text
    assert 'data-unit="RSUD"' not in page.text


# --- what the table says --------------------------------------------------------------------


async def test_units_below_their_minimum_are_listed_after_the_ranked_ones(client, admin, db):
    await make_unit("BESAR", "Unit Besar", minimum_responses=3)
    await make_unit("KECIL", "Unit Kecil", minimum_responses=3)
    besar, kecil = [u["id"] for u in await Unit.select(Unit.id).order_by(Unit.code)]
    await make_responses(besar, [FULL_3] * 4, at(date(2026, 2, 1)))
    await make_responses(kecil, [FULL_4] * 2, at(date(2026, 2, 1)))  # higher IKM, too few
    await login(client, admin)
    page = (await client.get(f"/dashboard?{Q1}")).text
    assert page.index('data-unit="BESAR"') < page.index('data-testid="not-enough"')
    assert page.index('data-testid="not-enough"') < page.index('data-unit="KECIL"')
    assert "belum cukup responden" in page


async def test_the_row_shows_ikm_target_and_a_real_change(client, admin, db):
    unit = await make_unit("UNIT", "Unit", minimum_responses=2)
    await UnitPopulation(
        unit=unit["id"], period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), population=100
    ).save()
    # Q4 2025: all 3s (75,00); Q1 2026: all 4s (100,00) -> a change nobody could miss.
    await make_responses(unit["id"], [FULL_3] * 5, at(date(2025, 11, 1)))
    await make_responses(unit["id"], [FULL_4] * 5, at(date(2026, 2, 1)))
    await login(client, admin)
    page = (await client.get(f"/dashboard?{Q1}")).text
    assert "100,00" in page
    assert "5 / 80" in page  # Krejcie–Morgan target for a population of 100
    assert "+25,00" in page
    assert "nyata" in page
    assert "/dashboard/sparkline.svg?v=" in page


async def test_a_unit_without_population_says_so(client, admin, disdukcapil):
    await make_responses(disdukcapil["id"], [FULL_3], at(date(2026, 2, 1)))
    await login(client, admin)
    assert "populasi belum diisi" in (await client.get(f"/dashboard?{Q1}")).text


async def test_the_sparkline_is_an_svg_without_script_and_with_its_own_csp(client, admin):
    await login(client, admin)
    response = await client.get("/dashboard/sparkline.svg?v=80.5,,82.25")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert (await client.get("/dashboard/sparkline.svg?v=80,abc")).status_code == 400
    assert (await client.get("/dashboard/sparkline.svg?v=101")).status_code == 400


# --- one unit's page ------------------------------------------------------------------------

UNIT_URLS = (
    "/dashboard/units/{code}",
    "/dashboard/units/{code}/trend.svg",
    "/dashboard/units/{code}/elements.svg",
)


async def test_a_manager_gets_403_for_another_units_pages_and_404_for_unknown_ones(
    client, manager_of_disdukcapil, rsud
):
    await login(client, manager_of_disdukcapil)
    for template in UNIT_URLS:
        assert (await client.get(template.format(code="RSUD"))).status_code == 403, template
        hx = await client.get(template.format(code="RSUD"), headers=HX)
        assert hx.status_code == 403, template
        assert (await client.get(template.format(code="NOPE"))).status_code == 404, template
        assert (await client.get(template.format(code="DISDUKCAPIL"))).status_code == 200


async def test_facilitators_and_anonymous_visitors_get_no_unit_page(client, facilitator):
    for template in UNIT_URLS:
        url = template.format(code="DISDUKCAPIL")
        anonymous = await client.get(url)
        assert anonymous.status_code in (302, 303), url
    await login(client, facilitator)
    for template in UNIT_URLS:
        assert (await client.get(template.format(code="DISDUKCAPIL"))).status_code == 403


async def _unit_with_data():
    from tests.factories import make_officer, make_service_type

    unit = await make_unit("UNIT", "Unit Contoh", minimum_responses=3)
    other = await make_unit("LAIN", "Unit Lain")
    ktp = await make_service_type(unit["id"], "KTP-el")
    ani = await make_officer(unit["id"], "198001012010012001", "Ani")
    budi = await make_officer(unit["id"], "198001012010011002", "Budi")
    low_u3 = {**FULL_4, "U3": 1, "U2": 2}
    day = at(date(2026, 2, 2))
    await make_responses(
        unit["id"], [FULL_4, FULL_4, low_u3], day, officer=ani["id"], service_type=ktp["id"]
    )
    await make_responses(unit["id"], [FULL_3], day, officer=budi["id"], gender="P", age=33)
    await make_responses(unit["id"], [low_u3], day, comment="Antrean terlalu lama")
    await make_responses(unit["id"], [FULL_4], day, comment="Petugas ramah")
    await make_responses(unit["id"], [FULL_4], day, comment="spam", status="flagged")
    await make_responses(other["id"], [FULL_4], day, comment="komentar unit lain")
    return unit


async def test_the_unit_page_shows_elements_lowest_first_with_priorities(client, admin, db):
    await _unit_with_data()
    await login(client, admin)
    page = await client.get(f"/dashboard/units/UNIT?{Q1}")
    assert page.status_code == 200
    text = page.text
    assert text.index('data-element="U3"') < text.index('data-element="U2"')
    assert text.index('data-element="U2"') < text.index('data-element="U4"')
    assert text.count('data-testid="priority"') == 3
    assert "/dashboard/units/UNIT/report?from=2026-01-01&amp;to=2026-03-31" in text
    assert "responses.csv?from=2026-01-01" in text
    assert "KTP-el" in text


async def test_officers_below_the_minimum_are_summarised_not_shown(client, admin, db):
    await _unit_with_data()
    await login(client, admin)
    text = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    assert text.count('data-testid="officer-row"') == 1
    assert "Ani" in text
    assert "Budi" not in text
    assert "1 petugas di bawah jumlah minimum responden." in text


async def test_the_profile_and_comments_count_only_valid_responses_of_the_unit(client, admin, db):
    await _unit_with_data()
    await login(client, admin)
    text = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    assert "Antrean terlalu lama" in text
    assert "Petugas ramah" in text
    assert "spam" not in text
    assert "komentar unit lain" not in text
    assert "2 komentar" in text
    assert "Perempuan" in text


async def test_comments_filter_as_a_page_and_as_an_htmx_fragment(client, admin, db):
    await _unit_with_data()
    await login(client, admin)
    url = f"/dashboard/units/UNIT?{Q1}&score=low&element=U3"
    plain = await client.get(url)
    assert plain.status_code == 200
    assert "<html" in plain.text
    assert "Antrean terlalu lama" in plain.text
    assert "Petugas ramah" not in plain.text
    fragment = await client.get(url, headers=HX)
    assert fragment.text.lstrip().startswith('<div id="comments"')
    assert "Antrean terlalu lama" in fragment.text
    assert "Petugas ramah" not in fragment.text
    assert fragment.headers["hx-push-url"].startswith("/dashboard/units/UNIT?from=2026-01-01")
    searched = await client.get(f"/dashboard/units/UNIT?{Q1}&q=RAMAH", headers=HX)
    assert "Petugas ramah" in searched.text
    assert "Antrean" not in searched.text


async def test_the_unit_charts_are_scriptless_svg_images(client, admin, db):
    await _unit_with_data()
    await login(client, admin)
    for name in ("trend", "elements"):
        response = await client.get(f"/dashboard/units/UNIT/{name}.svg?{Q1}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert "<script" not in response.text
        assert "<title>" in response.text


async def test_the_unit_pages_picker_redirects_to_from_and_to(client, admin, disdukcapil):
    await login(client, admin)
    response = await client.get("/dashboard/units/DISDUKCAPIL?kind=semester&year=2026&semester=2")
    assert response.status_code == 303
    assert (
        response.headers["location"] == "/dashboard/units/DISDUKCAPIL?from=2026-07-01&to=2026-12-31"
    )
    bad = await client.get("/dashboard/units/DISDUKCAPIL?kind=month&year=2026&month=14")
    assert bad.status_code == 200
    assert 'id="error-month"' in bad.text


async def test_next_leads_back_towards_today_but_never_into_an_empty_future_period(
    client, manager_of_disdukcapil
):
    await login(client, manager_of_disdukcapil)
    current = await client.get("/dashboard")  # this triwulan: the next one is still ahead
    assert 'data-testid="previous-period"' in current.text
    assert 'data-testid="next-period"' not in current.text
    this_year = date.today().year
    assert f'<option value="{this_year + 1}"' not in current.text
    last_year = await client.get(f"/dashboard?from={this_year - 1}-01-01&to={this_year - 1}-03-31")
    assert 'data-testid="next-period"' in last_year.text
    unit = await client.get(
        f"/dashboard/units/DISDUKCAPIL?from={this_year}-01-01&to={this_year}-12-31"
    )
    assert 'data-testid="next-period"' not in unit.text


async def test_a_unit_without_answers_in_the_period_says_what_to_do_next(client, admin, rsud):
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/RSUD?{Q1}")).text
    empty = page[page.index('data-testid="no-answers"') :][:400]
    assert "Belum ada jawaban pada periode ini." in empty
    assert "poster kode QR" in empty
    english = (await client.get(f"/dashboard/units/RSUD?{Q1}&lang=en")).text
    assert "make sure this unit's QR code posters are up" in english
