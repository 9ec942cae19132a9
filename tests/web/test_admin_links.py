"""Every link and form on the administration pages leads to a page or handler that exists.

The templates build their URLs from route names; this walks the rendered pages and follows
each internal link, and matches each form's target against the app's routes.
"""

import re
from datetime import date

from surveys.store.tables import UnitPopulation
from tests.factories import login, make_service_type, make_user

_LINK = re.compile(r'\b(href|action|src)="(/[^"#]*)')


def _post_targets(app) -> list[re.Pattern]:
    targets = []
    for route in app.routes:
        if "POST" in getattr(route, "methods", ()):
            pattern = re.sub(r"\{[^}]+:int\}", r"[0-9]+", route.path)
            pattern = re.sub(r"\{[^}]+\}", r"[^/]+", pattern)
            targets.append(re.compile(pattern + "$"))
    return targets


async def test_every_link_and_form_target_on_the_admin_pages_exists(
    app, client, admin, disdukcapil
):
    await make_service_type(disdukcapil["id"])
    await UnitPopulation(
        unit=disdukcapil["id"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        population=1000,
    ).save()
    other = await make_user("kadis", "manager", [disdukcapil["code"]])
    await login(client, admin)
    pages = [
        "/admin",
        "/admin/audit",
        "/admin/units",
        "/admin/units/new",
        f"/admin/units/{disdukcapil['id']}",
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{other['id']}",
        f"/admin/users/{admin['id']}",
        "/admin/imports",
    ]
    post_targets = _post_targets(app)
    links: set[str] = set()
    actions: set[str] = set()
    for path in pages:
        page = await client.get(path)
        assert page.status_code == 200, path
        for attribute, url in _LINK.findall(page.text):
            (actions if attribute == "action" else links).add(url.replace("&amp;", "&"))
    assert f"/admin/units/{disdukcapil['id']}/populations" in actions
    assert "/admin/imports/sample/staff.csv" in links
    for url in sorted(links):
        if url.startswith("/lang/"):
            continue  # sets a cookie and redirects; its own tests cover it
        response = await client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    for url in sorted(actions):
        assert any(target.match(url) for target in post_targets), url
