import re
import xml.etree.ElementTree as ET

from surveys.method.qr import modules_across
from surveys.store.audit import recent_audit_entries
from surveys.store.tables import Officer, RetiredToken, ServicePoint, ServiceType
from tests.factories import csrf_token, login, make_service_point

BASE_URL = "http://127.0.0.1:8000"  # the default SUARA_BASE_URL in tests


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


async def _officer(unit_id: int, name: str = "Siti Rahma", nip: str = "198501012010012001"):
    officer = Officer(nip=nip, name=name, unit=unit_id)
    await officer.save()
    return officer


def _form(unit_id, **extra):
    return {"unit": str(unit_id), "name": "Loket 1", "kind": "counter", "active": "1"} | extra


async def test_it_creates_a_point_with_an_unguessable_token(client, admin, disdukcapil):
    await login(client, admin)
    response = await _post(client, "/admin/points", _form(disdukcapil["id"]))
    assert response.status_code == 303
    point = await ServicePoint.select().first()
    assert response.headers["location"] == f"/admin/points/{point['id']}?saved=1"
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", point["token"])
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"]) == ("create", "service_point")
    page = await client.get(response.headers["location"])
    assert f"{BASE_URL}/s/{point['token']}" in page.text


async def test_two_points_never_share_a_token(client, admin, disdukcapil):
    await login(client, admin)
    for _ in range(2):
        await _post(client, "/admin/points", _form(disdukcapil["id"]))
    tokens = {row["token"] for row in await ServicePoint.select(ServicePoint.token)}
    assert len(tokens) == 2


async def test_it_refuses_an_officer_or_service_type_of_another_unit(
    client, admin, disdukcapil, rsud
):
    nurse = await _officer(rsud["id"], "Perawat", "199001012015032001")
    service_type = ServiceType(unit=rsud["id"], name="Rawat jalan")
    await service_type.save()
    await login(client, admin)
    response = await _post(
        client,
        "/admin/points",
        _form(
            disdukcapil["id"],
            officer=str(nurse.id),
            service_type=str(service_type.id),
            name="Loket Tetap",
        ),
    )
    assert response.status_code == 400
    assert 'data-testid="error-officer"' in response.text
    assert 'data-testid="error-service_type"' in response.text
    assert 'value="Loket Tetap"' in response.text
    assert await ServicePoint.count() == 0


async def test_it_explains_a_missing_unit_and_name(client, admin, disdukcapil):
    await login(client, admin)
    response = await _post(client, "/admin/points", {"unit": "", "name": "", "kind": "counter"})
    assert response.status_code == 400
    assert 'data-testid="error-unit"' in response.text
    assert 'data-testid="error-name"' in response.text


async def test_it_edits_a_point_and_ties_it_to_an_officer(client, admin, disdukcapil):
    officer = await _officer(disdukcapil["id"])
    point = await make_service_point(disdukcapil["id"])
    await login(client, admin)
    response = await _post(
        client,
        f"/admin/points/{point['id']}",
        _form(disdukcapil["id"], officer=str(officer.id), name="Loket A"),
    )
    assert response.status_code == 303
    row = await ServicePoint.select().first()
    assert (row["name"], row["officer"], row["token"]) == ("Loket A", officer.id, point["token"])
    [entry] = await recent_audit_entries()
    assert entry["previous"]["name"] == "Loket 1" and entry["previous"]["officer"] is None
    assert entry["current"]["officer"] == officer.id


async def test_it_lists_points_and_filters_by_unit(client, admin, disdukcapil, rsud):
    await make_service_point(disdukcapil["id"], "Loket KTP")
    await make_service_point(rsud["id"], "Loket IGD")
    await login(client, admin)
    everything = await client.get("/admin/points")
    assert "Loket KTP" in everything.text and "Loket IGD" in everything.text
    filtered = await client.get(f"/admin/points?unit={disdukcapil['id']}")
    assert "Loket KTP" in filtered.text and "Loket IGD" not in filtered.text


async def test_the_svg_qr_code_points_at_the_survey_at_level_h(client, admin, disdukcapil):
    point = await make_service_point(disdukcapil["id"])
    await login(client, admin)
    response = await client.get(f"/admin/points/{point['id']}/qr.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    side = modules_across(f"{BASE_URL}/s/{point['token']}")
    assert root.get("viewBox") == f"0 0 {side} {side}"


async def test_the_png_qr_code_is_a_png(client, admin, disdukcapil):
    point = await make_service_point(disdukcapil["id"])
    await login(client, admin)
    response = await client.get(f"/admin/points/{point['id']}/qr.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


async def test_the_qr_code_of_an_unknown_point_is_404(client, admin):
    await login(client, admin)
    assert (await client.get("/admin/points/999/qr.png")).status_code == 404


async def test_the_poster_shows_unit_point_invitation_code_and_url(client, admin, disdukcapil):
    point = await make_service_point(disdukcapil["id"], "Loket Akta")
    await login(client, admin)
    page = await client.get(f"/admin/points/{point['id']}/poster")
    assert page.status_code == 200
    assert 'href="/static/print.css"' in page.text
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page.text
    assert "Loket Akta" in page.text
    assert "Bagaimana pelayanan kami hari ini?" in page.text
    assert "kurang dari 1 menit, tanpa nama" in page.text
    assert re.search(r'data-testid="poster-qr"><svg [^>]*viewBox', page.text)
    assert f"{BASE_URL}/s/{point['token']}" in page.text
    assert "style=" not in page.text


async def test_desk_cards_show_only_points_tied_to_an_officer(client, admin, disdukcapil, rsud):
    officer = await _officer(disdukcapil["id"], "Budi Santoso")
    nurse = await _officer(rsud["id"], "Rina Perawat", "199001012015032001")
    await make_service_point(disdukcapil["id"], "Meja Budi", officer=officer.id)
    await make_service_point(disdukcapil["id"], "Loket Umum")
    await make_service_point(rsud["id"], "Meja Rina", officer=nurse.id)
    await make_service_point(rsud["id"], "Meja Lama", officer=nurse.id, active=False)
    await login(client, admin)
    page = await client.get("/admin/desk-cards")
    assert page.text.count('data-testid="desk-card"') == 2
    assert "Budi Santoso" in page.text and "Rina Perawat" in page.text
    assert "Loket Umum" not in page.text and "Meja Lama" not in page.text
    one_unit = await client.get(f"/admin/desk-cards?unit={disdukcapil['id']}")
    assert one_unit.text.count('data-testid="desk-card"') == 1
    assert "Rina Perawat" not in one_unit.text.split("</form>", 1)[1]


async def test_nine_desk_cards_take_two_sheets(client, admin, disdukcapil):
    officer = await _officer(disdukcapil["id"])
    for number in range(9):
        await make_service_point(disdukcapil["id"], f"Meja {number}", officer=officer.id)
    await login(client, admin)
    page = await client.get("/admin/desk-cards")
    assert page.text.count('data-testid="desk-card-sheet"') == 2


async def test_revoking_asks_for_confirmation_first(client, admin, disdukcapil):
    point = await make_service_point(disdukcapil["id"])
    await login(client, admin)
    page = await client.get(f"/admin/points/{point['id']}/revoke")
    assert page.status_code == 200
    assert 'data-testid="confirm-revoke"' in page.text
    assert (await ServicePoint.select().first())["token"] == point["token"]


async def test_revoking_retires_the_old_token_and_issues_a_new_one(client, admin, disdukcapil):
    point = await make_service_point(disdukcapil["id"])
    other = await make_service_point(disdukcapil["id"], "Loket 2")
    await login(client, admin)
    response = await _post(client, f"/admin/points/{point['id']}/revoke", {})
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/points/{point['id']}?revoked=1"
    row = await ServicePoint.select().where(ServicePoint.id == point["id"]).first()
    assert row["token"] != point["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", row["token"])
    retired = await RetiredToken.select()
    assert [(r["token"], r["service_point"]) for r in retired] == [(point["token"], point["id"])]
    untouched = await ServicePoint.select().where(ServicePoint.id == other["id"]).first()
    assert untouched["token"] == other["token"]
    [entry] = await recent_audit_entries()
    assert entry["action"] == "revoke"
    assert entry["previous"] == {"token": point["token"]}
    assert entry["current"] == {"token": row["token"]}
    page = await client.get(response.headers["location"])
    assert f"/s/{row['token']}" in page.text and f"/s/{point['token']}" not in page.text


async def test_the_point_pages_link_to_their_qr_codes_poster_and_revocation(
    client, admin, disdukcapil
):
    point = await make_service_point(disdukcapil["id"])
    base = f"/admin/points/{point['id']}"
    await login(client, admin)
    page = await client.get(base)
    for link in (f"{base}/qr.svg", f"{base}/qr.png", f"{base}/poster", f"{base}/revoke"):
        assert f'="{link}"' in page.text
    assert f'action="{base}"' in page.text and 'href="/admin/points"' in page.text
    listing = await client.get("/admin/points")
    assert f'href="{base}"' in listing.text and f'href="{base}/poster"' in listing.text
    assert 'href="/admin/desk-cards"' in listing.text and 'href="/admin/points/new"' in listing.text
    assert 'action="/admin/points"' in (await client.get("/admin/points/new")).text
    assert f'action="{base}/revoke"' in (await client.get(f"{base}/revoke")).text
    assert f'href="{base}"' in (await client.get(f"{base}/poster")).text
    assert 'action="/admin/desk-cards"' in (await client.get("/admin/desk-cards")).text
