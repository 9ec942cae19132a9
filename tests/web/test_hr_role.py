"""The city's HR agency (BKPSDM): city-wide over officers' development, nothing else."""

from datetime import date

from tests.factories import PASSWORD, csrf_token, make_officer, make_training, make_unit, make_user


async def _log_in(client, username):
    token = await csrf_token(client)
    return await client.post(
        "/login", data={"username": username, "password": PASSWORD, "_csrf_token": token}
    )


async def test_ratna_from_bkpsdm_lands_on_the_city_competency_overview(client, db):
    await make_user("ratna", "hr")
    response = await _log_in(client, "ratna")
    assert response.headers["location"] == "/competency"


async def test_ratna_sees_officers_of_every_unit_without_being_given_any(client, db):
    dukcapil = await make_unit("DKC", "Disdukcapil")
    puskesmas = await make_unit("PKM", "Puskesmas Sukajadi")
    await make_user("ratna", "hr")
    await make_officer(dukcapil["id"], "198001012005011001", "Andi")
    nurse = await make_officer(puskesmas["id"], "198502022010012002", "Sari")
    await make_training(nurse["id"], date(2026, 1, 5), date(2026, 1, 9), 40)
    await _log_in(client, "ratna")
    page = await client.get(f"/officers/{nurse['id']}")
    assert page.status_code == 200
    assert "Sari" in page.text


async def test_ratna_has_no_way_into_the_dashboard_forums_or_administration(client, db):
    await make_user("ratna", "hr")
    await _log_in(client, "ratna")
    for path in ("/dashboard", "/forum", "/admin", "/admin/users"):
        assert (await client.get(path)).status_code == 403, path


async def test_a_manager_still_sees_only_the_officers_of_their_own_unit(client, db):
    await make_unit("DKC", "Disdukcapil")
    puskesmas = await make_unit("PKM", "Puskesmas Sukajadi")
    await make_user("kadis", "manager", ["DKC"])
    nurse = await make_officer(puskesmas["id"], "198502022010012002", "Sari")
    await _log_in(client, "kadis")
    assert (await client.get(f"/officers/{nurse['id']}")).status_code in (403, 404)


async def test_ratna_is_not_offered_a_way_back_to_a_dashboard_she_may_not_open(client, db):
    await make_user("ratna", "hr")
    await _log_in(client, "ratna")
    page = await client.get("/dashboard/analysis")
    assert page.status_code == 200
    assert 'href="/dashboard?' not in page.text
    assert 'href="/dashboard"' not in page.text
