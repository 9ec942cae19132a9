async def test_the_home_page_says_what_suara_is_in_indonesian(client, disdukcapil):
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "Indeks Kepuasan Masyarakat" in response.text
    assert 'href="/login"' in response.text
    assert 'href="/p/DISDUKCAPIL"' in response.text


async def test_the_language_switch_remembers_english(client, db):
    switched = await client.get("/lang/en?next=/")
    assert switched.status_code in (302, 303)
    assert switched.headers["location"] == "/"
    assert "lang=en" in switched.headers["set-cookie"]
    page = await client.get("/")
    assert '<html lang="en">' in page.text


async def test_the_language_switch_refuses_an_unknown_language(client, db):
    assert (await client.get("/lang/xx")).status_code == 404


async def test_the_language_switch_does_not_redirect_off_site(client, db):
    switched = await client.get("/lang/en?next=https://evil.example/")
    assert switched.headers["location"] == "/"


async def test_pages_carry_a_strict_content_security_policy(client, db):
    response = await client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_an_unknown_page_gets_a_friendly_404(client, db):
    response = await client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


async def test_the_home_page_has_no_inline_script(client, db):
    import re

    html = (await client.get("/")).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


async def test_an_unknown_page_speaks_the_chosen_language(client, db):
    response = await client.get("/tidak-ada?lang=en")
    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "Halaman tidak ditemukan" not in response.text
