from datetime import date

from surveys.store.tables import Officer, Training
from tests.factories import login


async def _officer_with_trainings(unit_id):
    officer = Officer(nip="198501012010012001", name="Siti Rahma", unit=unit_id)
    await officer.save()
    for title, end, jp, competency, form, classical in (
        ("Pelayanan Prima", date(2025, 2, 14), 24, "teknis", "Pelatihan teknis", True),
        ("Etika Pelayanan", date(2025, 6, 20), 8, "sosial_kultural", "E-learning", False),
        ("Komunikasi Publik", date(2024, 3, 1), 12, "manajerial", "E-learning", False),
    ):
        await Training(
            officer=officer.id,
            title=title,
            form=form,
            classical=classical,
            competency=competency,
            start_date=end,
            end_date=end,
            jp=jp,
        ).save()
    return officer


async def test_an_admin_sees_jp_per_year_against_the_right(client, admin, disdukcapil):
    officer = await _officer_with_trainings(disdukcapil["id"])
    await login(client, admin)
    page = await client.get(f"/officers/{officer.id}")
    assert page.status_code == 200
    year_2025 = page.text.split('data-testid="year-2025"')[1].split("</tr>")[0]
    assert "<strong>32</strong>" in year_2025 and "terpenuhi" in year_2025
    year_2024 = page.text.split('data-testid="year-2024"')[1].split("</tr>")[0]
    assert "kurang 8 JP" in year_2024
    assert 'data-testid="jp-by-form"' in page.text
    by_form = page.text.split('data-testid="jp-by-form"')[1].split("</table>")[0]
    assert by_form.index("Pelatihan teknis") < by_form.index("E-learning")
    assert page.text.count("<li>") >= 3 and "Komunikasi Publik" in page.text
    assert (
        f'href="/admin/officers/{officer.id}"' in page.text
        and 'href="/admin/officers"' in page.text
    )


async def test_a_manager_of_the_officers_unit_may_view_it(
    client, manager_of_disdukcapil, disdukcapil
):
    officer = await _officer_with_trainings(disdukcapil["id"])
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"/officers/{officer.id}")
    assert page.status_code == 200
    assert "/admin/officers" not in page.text.split('id="main"')[1]


async def test_a_manager_of_another_unit_is_refused(client, manager_of_rsud, disdukcapil):
    officer = await _officer_with_trainings(disdukcapil["id"])
    await login(client, manager_of_rsud)
    assert (await client.get(f"/officers/{officer.id}")).status_code == 403


async def test_facilitators_and_anonymous_visitors_are_refused(client, facilitator, disdukcapil):
    officer = await _officer_with_trainings(disdukcapil["id"])
    anonymous = await client.get(f"/officers/{officer.id}")
    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"].startswith("/login")
    await login(client, facilitator)
    assert (await client.get(f"/officers/{officer.id}")).status_code == 403


async def test_an_unknown_officer_is_404(client, admin):
    await login(client, admin)
    assert (await client.get("/officers/999")).status_code == 404
