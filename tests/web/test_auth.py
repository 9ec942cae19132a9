import asyncio
import os
import time

import httpx
import pytest
from piccolo.apps.user.tables import BaseUser

from tests.factories import PASSWORD, client_at, csrf_token, login


async def _post_login(client, username, password, **extra):
    token = await csrf_token(client)
    return await client.post(
        "/login", data={"username": username, "password": password, "_csrf_token": token, **extra}
    )


async def test_it_shows_a_login_form_with_a_csrf_field(client, db):
    response = await client.get("/login")
    assert response.status_code == 200
    assert 'name="_csrf_token"' in response.text
    assert 'name="username"' in response.text and 'name="password"' in response.text


async def test_it_sends_a_manager_to_the_dashboard_after_login(client, manager_of_disdukcapil):
    response = await _post_login(client, "kadis", PASSWORD)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/dashboard"


async def test_it_follows_a_local_next_but_not_another_site(client, admin):
    local = await _post_login(client, "admin", PASSWORD, next="/admin/units")
    assert local.headers["location"] == "/admin/units"
    client.cookies.clear()
    elsewhere = await _post_login(client, "admin", PASSWORD, next="//evil.example/x")
    assert elsewhere.headers["location"] == "/admin"


async def test_it_refuses_a_wrong_password_and_keeps_the_username(client, manager_of_disdukcapil):
    response = await _post_login(client, "kadis", "wrong-password")
    assert response.status_code == 400
    assert "salah" in response.text
    assert 'value="kadis"' in response.text
    assert "kadis" not in (await client.get("/")).text.split("<main")[0]


async def test_it_refuses_a_login_post_without_csrf_token(client, manager_of_disdukcapil):
    await client.get("/login")
    response = await client.post("/login", data={"username": "kadis", "password": PASSWORD})
    assert response.status_code == 403


async def test_it_sets_an_httponly_samesite_session_cookie(client, manager_of_disdukcapil):
    response = await _post_login(client, "kadis", PASSWORD)
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("suara_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie


async def test_it_forgets_the_user_on_logout(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    assert "kadis" in (await client.get("/")).text
    token = client.cookies.get("csrftoken")
    response = await client.post("/logout", data={"_csrf_token": token})
    assert response.status_code in (302, 303)
    assert "kadis" not in (await client.get("/")).text


async def test_it_refuses_logout_without_csrf_token(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    response = await client.post("/logout")
    assert response.status_code == 403


async def test_it_refuses_an_inactive_user(client, manager_of_disdukcapil):
    await BaseUser.update({BaseUser.active: False}).where(BaseUser.username == "kadis")
    response = await _post_login(client, "kadis", PASSWORD)
    assert response.status_code == 400


async def test_it_rate_limits_repeated_failed_logins(client, manager_of_disdukcapil, app):
    limit = app.state.settings.login_attempts
    for _ in range(limit):
        assert (await _post_login(client, "kadis", "nope-nope")).status_code == 400
    blocked = await _post_login(client, "kadis", PASSWORD)
    assert blocked.status_code == 429
    assert "Terlalu banyak" in blocked.text


async def test_it_hashes_passwords_off_the_event_loop(db):
    from surveys.store.accounts import authenticate

    # A real-strength hash (600,000 rounds, ~0.1 s or more) so blocking would be visible.
    strong = BaseUser.hash_password(PASSWORD, iterations=600_000)
    user = BaseUser(username="kuat", password=strong, email="kuat@suara.invalid", active=True)
    await user.save()
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    assert await authenticate("kuat", PASSWORD) == user.id
    elapsed = time.perf_counter() - started
    task.cancel()
    # Had the hash run on the loop, the ticker could not have ticked during it.
    assert ticks >= max(3, int(elapsed / 0.005 * 0.3))


def _redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
    except redis.RedisError:
        return False


async def test_sessions_live_in_redis_so_two_app_processes_share_them(db, manager_of_disdukcapil):
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must be reachable on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    from dataclasses import replace

    from app.main import create_app
    from app.settings import Settings

    settings = replace(Settings.from_env(), redis_url="redis://127.0.0.1:6379/15")
    first, second = create_app(settings), create_app(settings)
    base = "http://testserver"
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url=base) as one,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url=base) as two,
    ):
        await login(one, manager_of_disdukcapil)
        two.cookies.update(one.cookies)
        assert "kadis" in (await two.get("/")).text


async def test_an_anonymous_visit_creates_no_session(client, db):
    response = await client.get("/")
    assert "suara_session" not in response.headers.get("set-cookie", "")


async def test_login_issues_a_fresh_session_id(client, manager_of_disdukcapil):
    client.cookies.set("suara_session", "planted-by-an-attacker", domain="testserver.local")
    await login(client, manager_of_disdukcapil)
    assert client.cookies.get("suara_session") not in (None, "planted-by-an-attacker")
    assert "kadis" in (await client.get("/")).text


async def test_a_burst_of_guesses_sent_at_once_lets_exactly_the_limit_reach_the_password_check(
    manager_of_disdukcapil, app, monkeypatch
):
    from app.auth import routes

    limit = app.state.settings.login_attempts
    checked = 0
    real_authenticate = routes.authenticate

    async def counting_authenticate(username, password):
        nonlocal checked
        checked += 1
        await asyncio.sleep(0.01)  # the hash takes a while: the whole burst is in flight
        return await real_authenticate(username, password)

    monkeypatch.setattr(routes, "authenticate", counting_authenticate)
    # An address of its own: no other test's guesses share its counters.
    async with client_at(app, "192.0.2.160") as client:
        token = await csrf_token(client)
        guesses = [
            client.post(
                "/login",
                data={"username": "kadis", "password": f"guess-{i}", "_csrf_token": token},
            )
            for i in range(5 * limit)
        ]
        statuses = [r.status_code for r in await asyncio.gather(*guesses)]
        # Each guess is counted on its address and its name at once: whatever order the
        # burst arrives in, the same first `limit` guesses are within both limits.
        assert checked == limit
        assert statuses.count(400) == limit
        assert statuses.count(429) == 4 * limit
        # The failures stay counted: even the right password waits for the window to end.
        assert (await _post_login(client, "kadis", PASSWORD)).status_code == 429
    assert checked == limit


def test_a_name_typed_with_spaces_capitals_or_wide_letters_counts_as_the_account():
    from app.auth.routes import login_name

    assert {login_name(n) for n in ["kadis", " kadis", "KADIS ", "ｋａｄｉｓ"]} == {"kadis"}
    assert login_name("kadis2") != login_name("kadis")


async def test_a_name_spelled_differently_from_one_address_is_locked_with_the_account(
    client, manager_of_disdukcapil, app
):
    limit = app.state.settings.login_attempts
    spellings = ["kadis", " kadis", "KADIS ", "ｋａｄｉｓ"]
    for i in range(limit):
        response = await _post_login(client, spellings[i % len(spellings)], "nope-nope")
        assert response.status_code == 400
    assert (await _post_login(client, " kadis", PASSWORD)).status_code == 429


async def test_a_stranger_guessing_from_many_addresses_slows_the_account_but_cannot_lock_it(
    client, manager_of_disdukcapil, app, monkeypatch
):
    from app.auth import routes

    delays: list[int] = []

    async def recorded_delay(excess: int) -> None:
        delays.append(excess)

    monkeypatch.setattr(routes, "slow_down", recorded_delay)
    real_address = routes.client_address
    strangers = iter(f"198.51.100.{i}" for i in range(1, 200))
    monkeypatch.setattr(routes, "client_address", lambda request: next(strangers))
    limit = app.state.settings.login_attempts
    spellings = ["kadis", " kadis", "KADIS ", "ｋａｄｉｓ"]
    for i in range(3 * limit):
        response = await _post_login(client, spellings[i % len(spellings)], "nope-nope")
        assert response.status_code == 400  # each address guesses once: never walled
    assert delays == list(range(1, 2 * limit + 1))  # but past the limit, each waits longer
    monkeypatch.setattr(routes, "client_address", real_address)
    client.cookies.clear()

    assert (await _post_login(client, "kadis", PASSWORD)).status_code in (302, 303)


async def test_successful_logins_do_not_use_up_the_limit(client, manager_of_disdukcapil, app):
    limit = app.state.settings.login_attempts
    for _ in range(limit + 2):
        client.cookies.clear()
        response = await _post_login(client, "kadis", PASSWORD)
        assert response.status_code in (302, 303)


async def test_a_signed_in_manager_who_opens_a_wrong_address_keeps_the_menu_and_sign_out(
    client, manager_of_disdukcapil
):
    await login(client, manager_of_disdukcapil)
    for path, status in (
        ("/dashboard/units/NOPE", 404),
        ("/dashboard/units/DISDUKCAPIL/followups/999999", 404),
        ("/dashboard/units/DISDUKCAPIL/followups/2147483648", 400),
        ("/dashboard/units/DISDUKCAPIL/report?from=2026-13-01", 400),
    ):
        response = await client.get(path)
        assert response.status_code == status, path
        assert 'data-testid="logout"' in response.text, path
        assert 'data-testid="login-link"' not in response.text, path
        assert 'href="/dashboard"' in response.text, path
