"""A session ends when its account's password is reset or the account is deactivated, and a
reactivated account starts with no session alive from before."""

from __future__ import annotations

import pytest

from tests.factories import client_at, csrf_token, login


async def _post(client, path, data=None):
    return await client.post(path, data={**(data or {}), "_csrf_token": await csrf_token(client)})


@pytest.fixture
async def kadis_phone(app, manager_of_disdukcapil):
    """The manager signed in on their own phone, another address than the admin's."""
    async with client_at(app, "203.0.113.8") as phone:
        await login(phone, manager_of_disdukcapil)
        assert (await phone.get("/dashboard")).status_code == 200
        yield phone


def _signed_out(response) -> bool:
    return response.status_code in (302, 303) and response.headers["location"].startswith("/login")


async def test_a_password_reset_signs_the_manager_out_everywhere(
    client, admin, manager_of_disdukcapil, kadis_phone
):
    await login(client, admin)
    path = f"/admin/users/{manager_of_disdukcapil['id']}/password"
    reset = await _post(
        client, path, {"password": "baru-sekali-123", "password_again": "baru-sekali-123"}
    )

    assert reset.status_code == 303
    assert _signed_out(await kadis_phone.get("/dashboard"))


async def test_reactivating_a_manager_does_not_revive_the_session_from_before(
    client, admin, manager_of_disdukcapil, kadis_phone
):
    await login(client, admin)
    user = manager_of_disdukcapil["id"]
    await _post(client, f"/admin/users/{user}/deactivate")
    await _post(client, f"/admin/users/{user}/activate")

    assert _signed_out(await kadis_phone.get("/dashboard"))


async def test_the_admins_own_session_survives_resetting_someone_elses_password(
    client, admin, manager_of_disdukcapil, kadis_phone
):
    await login(client, admin)
    path = f"/admin/users/{manager_of_disdukcapil['id']}/password"
    await _post(client, path, {"password": "baru-sekali-123", "password_again": "baru-sekali-123"})

    assert (await client.get("/admin")).status_code == 200


async def test_the_manager_signs_in_again_with_the_new_password(
    client, admin, manager_of_disdukcapil, kadis_phone
):
    await login(client, admin)
    path = f"/admin/users/{manager_of_disdukcapil['id']}/password"
    await _post(client, path, {"password": "baru-sekali-123", "password_again": "baru-sekali-123"})
    await login(kadis_phone, manager_of_disdukcapil | {"password": "baru-sekali-123"})

    assert (await kadis_phone.get("/dashboard")).status_code == 200
