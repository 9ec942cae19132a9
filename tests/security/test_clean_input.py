"""Text from outside is cleaned at the edge: what a citizen meant is kept, the rest refused."""

from __future__ import annotations

from tests.web.survey_support import answers, stored, submit


async def test_a_citizens_comment_with_a_nul_is_stored_without_it(client, counter):
    response = await submit(client, counter["token"], answers(comment="Antre\x00 lama\r\nsekali"))

    assert response.status_code == 200
    assert [row["comment"] for row in await stored()] == ["Antre lama\r\nsekali"]


async def test_an_age_typed_in_full_width_digits_is_read_as_that_age(client, counter):
    await submit(client, counter["token"], answers(age="３５"))

    assert [row["age"] for row in await stored()] == [35]


async def test_an_age_in_ethiopic_digits_gets_the_age_message_and_keeps_every_answer(
    client, counter
):
    response = await submit(client, counter["token"], answers(value=3, age="፩", comment="Ramah"))

    assert response.status_code == 400
    assert "Isi usia dengan angka 10 sampai 120" in response.text
    assert 'value="3" checked' in response.text or "checked" in response.text
    assert "Ramah" in response.text
    assert await stored() == []


async def test_a_path_with_a_nul_is_refused_with_a_message(client):
    response = await client.get("/s/%00")

    assert response.status_code == 400
    assert "karakter kendali" in response.text


async def test_a_query_string_with_a_nul_is_refused_on_an_api_route(client, disdukcapil):
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm", params={"from": "2026\x00"})

    assert response.status_code == 400
    assert response.json()["detail"]


async def test_a_query_string_with_a_tab_is_not_refused(client, disdukcapil):
    response = await client.get("/api/v1/units", params={"q": "a\tb"})

    assert response.status_code == 200


async def test_an_uploaded_csv_with_a_nul_in_a_name_imports_the_name_without_it(
    client, admin, disdukcapil
):
    from surveys.store.tables import Officer
    from tests.factories import csrf_token, login

    await login(client, admin)
    token = await csrf_token(client)
    content = "nip,name,unit_code,position\n198503102010011001,Andi\x00 Saputra,DISDUKCAPIL,\n"
    response = await client.post(
        "/admin/imports",
        data={"kind": "staff\x00", "_csrf_token": token},
        files={"file": ("staff.csv", content.encode(), "text/csv")},
    )

    assert response.status_code == 303
    assert await Officer.select(Officer.name).output(as_list=True) == ["Andi Saputra"]


async def test_a_username_longer_than_any_account_is_refused_before_it_is_counted(client, admin):
    from tests.factories import csrf_token

    token = await csrf_token(client)
    response = await client.post(
        "/login", data={"username": "a" * 5000, "password": "x", "_csrf_token": token}
    )

    assert response.status_code == 400
    assert "a" * 101 not in response.text
    store = client._transport.app.stores.get("ratelimit")
    assert not await store.exists("login-user:" + "a" * 5000)
