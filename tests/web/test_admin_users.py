from piccolo.apps.user.tables import BaseUser

from surveys.store.audit import recent_audit_entries
from surveys.store.tables import UserRole, UserUnit
from tests.factories import client_at, csrf_token, login


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


NEW_MANAGER = {
    "username": "kabid.rsud",
    "email": "",
    "password": "kata sandi rahasia",
    "password_again": "kata sandi rahasia",
    "role": "manager",
}


async def test_it_lists_users_with_role_and_scope(client, admin, manager_of_disdukcapil):
    await login(client, admin)
    page = await client.get("/admin/users")
    assert page.status_code == 200
    row = page.text.split(">kadis</a>")[1].split("</tr>")[0]
    assert "Pimpinan" in row and "DISDUKCAPIL" in row


async def test_it_creates_a_manager_who_can_then_log_in(client, admin, rsud, disdukcapil):
    await login(client, admin)
    response = await client.post(
        "/admin/users",
        data={
            **NEW_MANAGER,
            "units": ["RSUD", "DISDUKCAPIL"],
            "_csrf_token": await csrf_token(client),
        },
    )
    assert response.status_code == 303
    user = await BaseUser.select().where(BaseUser.username == "kabid.rsud").first()
    assert "kata sandi" not in user["password"]
    role = await UserRole.select().where(UserRole.user == user["id"]).first()
    assert role["role"] == "manager"
    assert await UserUnit.count().where(UserUnit.user == user["id"]) == 2
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"], entry["row_id"]) == ("create", "user", user["id"])
    assert "password" not in entry["current"]
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    await login(client, {"username": "kabid.rsud", "password": "kata sandi rahasia"})


async def test_a_manager_needs_a_unit_and_the_password_is_never_echoed(client, admin):
    await login(client, admin)
    response = await _post(client, "/admin/users", NEW_MANAGER | {"password_again": "lain"})
    assert response.status_code == 400
    assert "Pimpinan harus memiliki paling sedikit satu unit." in response.text
    assert "Kedua kata sandi tidak sama." in response.text
    assert "kata sandi rahasia" not in response.text
    assert 'value="kabid.rsud"' in response.text
    assert await BaseUser.count().where(BaseUser.username == "kabid.rsud") == 0


async def test_a_taken_username_and_a_short_password_are_explained(client, admin):
    await login(client, admin)
    response = await _post(
        client,
        "/admin/users",
        NEW_MANAGER
        | {"username": "admin", "password": "pendek", "password_again": "pendek", "role": "admin"},
    )
    assert response.status_code == 400
    assert "Nama pengguna ini sudah dipakai." in response.text
    assert "Kata sandi paling sedikit 8 karakter." in response.text


async def test_it_changes_role_and_scope_with_audit(client, admin, manager_of_disdukcapil, rsud):
    await login(client, admin)
    user_id = manager_of_disdukcapil["id"]
    response = await client.post(
        f"/admin/users/{user_id}",
        data={"role": "facilitator", "units": ["RSUD"], "_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303
    role = await UserRole.select().where(UserRole.user == user_id).first()
    assert role["role"] == "facilitator"
    units = await UserUnit.select(UserUnit.unit).where(UserUnit.user == user_id)
    assert [u["unit"] for u in units] == [rsud["id"]]
    [entry] = await recent_audit_entries(table_name="user")
    assert entry["previous"] == {"role": "manager", "units": ["DISDUKCAPIL"]}
    assert entry["current"] == {"role": "facilitator", "units": ["RSUD"]}


async def test_an_admin_cannot_demote_or_deactivate_themselves(client, admin):
    await login(client, admin)
    demote = await _post(client, f"/admin/users/{admin['id']}", {"role": "facilitator"})
    assert demote.status_code == 400
    assert "peran administrator Anda sendiri" in demote.text
    deactivate = await _post(client, f"/admin/users/{admin['id']}/deactivate", {})
    assert deactivate.status_code == 400
    assert (await BaseUser.select(BaseUser.active).first())["active"] is True


async def test_a_deactivated_user_is_logged_out_and_cannot_log_in(
    app, client, admin, manager_of_disdukcapil
):
    async with client_at(app, "203.0.113.8") as other:
        await login(other, manager_of_disdukcapil)
        await login(client, admin)
        response = await _post(
            client, f"/admin/users/{manager_of_disdukcapil['id']}/deactivate", {}
        )
        assert response.status_code == 303
        after = await other.get("/dashboard")
        assert after.status_code in (302, 303) and after.headers["location"].startswith("/login")
    [entry] = await recent_audit_entries(table_name="user")
    assert entry["action"] == "deactivate" and entry["previous"] == {"active": True}
    await _post(client, f"/admin/users/{manager_of_disdukcapil['id']}/activate", {})
    assert (await BaseUser.select(BaseUser.active).where(BaseUser.username == "kadis").first())[
        "active"
    ] is True


async def test_it_resets_a_password_without_storing_it_in_the_audit(
    client, admin, manager_of_disdukcapil
):
    await login(client, admin)
    path = f"/admin/users/{manager_of_disdukcapil['id']}/password"
    mismatch = await _post(client, path, {"password": "baru-sekali-123", "password_again": "x"})
    assert mismatch.status_code == 400
    response = await _post(
        client, path, {"password": " baru sekali 123 ", "password_again": " baru sekali 123 "}
    )
    assert response.status_code == 303
    [entry] = await recent_audit_entries(table_name="user")
    assert entry["action"] == "reset_password"
    assert entry["previous"] is None and entry["current"] is None
    from surveys.store.accounts import authenticate

    assert await authenticate("kadis", " baru sekali 123 ") == manager_of_disdukcapil["id"]
    assert await authenticate("kadis", manager_of_disdukcapil["password"]) is None
