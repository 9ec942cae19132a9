"""Every page fits a 360 px phone without sideways scrolling, for every role.

The pages come from the app's own route table (every GET route that answers HTML), their
path parameters from the demo city, and each is opened by the role that uses it: the
public and citizen pages anonymously, /forum as the demo facilitator, /dashboard and
/officers as a unit's manager, /competency as the city's HR agency, /admin as the
administrator (who also sees the city-wide dashboard). A page fits when nothing makes the
document wider than the screen.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.conftest import PHONE, log_in, screenshot

# Files, feeds and redirects rather than pages.
NOT_PAGES = re.compile(
    r"\.(svg|png|csv|xlsx|pdf|json|docx|js|webmanifest)$|/kiosk-tokens$"
    r"|^/(api|static|schema|lang|healthz)\b"
)
# GET /logout is a page, but visiting it as a test step would end the session it measures.
# The logout, and downloads (a sample file, an import's error report): no page to measure.
SKIPPED = {
    "/logout",
    "/admin/imports/sample/{file_name:str}",
    "/imports/problems/{key:str}",
}
ROLES = {
    "anonymous": None,
    "facilitator": {"username": "fasilitator", "password": "suara-forum-2017"},
    "manager": {"username": "kadis.dukcapil", "password": "suara-dukcapil-2017"},
    "hr": {"username": "bkpsdm", "password": "suara-bkpsdm-2017"},
    "admin": {"username": "admin", "password": "suara-admin-2017"},
}
# Pages that were widest before they were fixed: saved as screenshots to look at.
LOOK_AT = (
    "/dashboard",
    "/dashboard/units/{unit_code:str}",
    "/dashboard/units/{unit_code:str}/followups",
    "/dashboard/units/{unit_code:str}/publications",
    "/forum/sessions/{session_id:int}/inputs",
    "/metodologi",
    "/p/{unit_code:str}",
    "/admin/units/{unit_id:int}",
)
# The administrator also sees the pages that list every unit of the city.
ADMIN_ALSO = ("/dashboard", "/dashboard/analysis", "/dashboard/flagged")


def page_routes() -> list[str]:
    """The path template of every GET route that renders a page."""
    from app.main import create_app

    paths = []
    for route in create_app().routes:
        if "GET" in getattr(route, "methods", ()) and not NOT_PAGES.search(route.path):
            paths.append(route.path)
    return sorted(set(paths) - SKIPPED)


def role_of(path: str) -> str:
    if path.startswith("/forum"):
        return "facilitator"
    if path.startswith(("/dashboard", "/officers")):
        return "manager"
    if path.startswith("/competency"):
        return "hr"
    if path.startswith("/admin"):
        return "admin"
    return "anonymous"


async def demo_city() -> dict[str, str]:
    """The demo city, and the value of every path parameter the routes take."""
    from piccolo.apps.user.tables import BaseUser

    from surveys.store.development_tables import (
        Competency,
        DevelopmentActivity,
        DevelopmentPlan,
        EventParticipant,
        MentoringPair,
        Position,
        TrainingEvent,
    )
    from surveys.store.seed import seed_demo
    from surveys.store.tables import (
        FollowUp,
        ForumInput,
        ForumSession,
        HallDisplay,
        Officer,
        ServicePoint,
        Training,
        Unit,
    )

    await seed_demo(2017, scale=0.03, today=date.today())
    unit = await Unit.select(Unit.id).where(Unit.code == "DISDUKCAPIL").first()
    point = (
        await ServicePoint.select(ServicePoint.id, ServicePoint.token)
        .where((ServicePoint.unit == unit["id"]) & (ServicePoint.kind == "counter"))
        .first()
    )
    session = (
        await ForumSession.select(ForumSession.id, ForumSession.short_code)
        .where(ForumSession.unit.code == "KEC-BARANGIN")
        .order_by(ForumSession.held_on, ascending=False)
        .first()
    )
    forum_input = (
        await ForumInput.select(ForumInput.id).where(ForumInput.session == session["id"]).first()
    )
    officer = await Officer.select(Officer.id).where(Officer.unit == unit["id"]).first()
    training = await Training.select(Training.id, Training.officer).first()
    followup = await FollowUp.select(FollowUp.id).where(FollowUp.unit == unit["id"]).first()
    if followup is None:
        row = FollowUp(
            unit=unit["id"],
            element="U3",
            period_start=date(date.today().year, 1, 1),
            period_end=date.today(),
            problem="Antrean panjang pada Senin pagi karena loket pendaftaran hanya satu",
            action="Membuka loket kedua pada Senin dan Selasa pagi",
            responsible="Kepala Seksi Pelayanan",
            target_date=date(date.today().year + 1, 3, 31),
            status="planned",
        )
        await row.save()
        followup = {"id": row.id}
    user = await BaseUser.select(BaseUser.id).where(BaseUser.username == "kadis.dukcapil").first()
    # The meeting's typed code, for /f/{code}: a closed meeting keeps one here to be found.
    code = session["short_code"] or "482913"
    await ForumSession.update({ForumSession.short_code: code}).where(
        ForumSession.id == session["id"]
    )
    competency = await Competency.select(Competency.id).first()
    position = await Position.select(Position.id).first()
    activity = await DevelopmentActivity.select(
        DevelopmentActivity.id, DevelopmentActivity.plan
    ).first()
    plan = (
        await DevelopmentPlan.select(DevelopmentPlan.officer, DevelopmentPlan.year)
        .where(DevelopmentPlan.id == activity["plan"])
        .first()
    )
    pair = await MentoringPair.select(MentoringPair.id).first()
    event = await TrainingEvent.select(TrainingEvent.id).first()
    participant = (
        await EventParticipant.select(EventParticipant.id)
        .where(EventParticipant.event == event["id"])
        .first()
        if event
        else None
    )
    hall = HallDisplay(unit=unit["id"], token="layar-ruang-tunggu-dukcapil")
    await hall.save()
    return {
        "unit_code": "DISDUKCAPIL",
        "unit_id": str(unit["id"]),
        "token": point["token"],
        "point_id": str(point["id"]),
        "session_id": str(session["id"]),
        "input_id": str(forum_input["id"]) if forum_input else "1",
        "code": code,
        "officer_id": str(officer["id"]),
        "training_officer_id": str(training["officer"]),
        "training_id": str(training["id"]),
        "followup_id": str(followup["id"]),
        "user_id": str(user["id"]),
        "file_name": "staff.csv",
        "hall_token": hall.token,
        "competency_id": str(competency["id"]),
        "position_id": str(position["id"]),
        "plan_officer_id": str(plan["officer"]),
        "year": str(plan["year"]),
        "activity_id": str(activity["id"]),
        "pair_id": str(pair["id"]),
        # The demo's evaluated event, when the small city has one (else its pages are a 404).
        "event_id": str(event["id"]) if event else "1",
        "participant_id": str(participant["id"]) if participant else "1",
    }


def filled(path: str, values: dict[str, str]) -> str:
    if "{training_id" in path:  # a training belongs to its own officer
        values = values | {"officer_id": values["training_officer_id"]}
    if "{year" in path:  # so does a development plan
        values = values | {"officer_id": values["plan_officer_id"]}
    if path.startswith("/tv/"):  # a hall display's token, not a service point's
        values = values | {"token": values["hall_token"]}
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m.group(1)], path)


def width_of(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# The elements that reach past the screen's edge, innermost first: what to fix.
OVERFLOWING = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
    && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
    ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '') + ' ' +
    Math.round(e.getBoundingClientRect().right) + 'px')"""


@pytest.fixture
def city(run):
    return run(demo_city())


def test_every_page_of_every_role_fits_a_360_px_phone(browser, live_server, city):
    routes = page_routes()
    assert "/dashboard/units/{unit_code:str}" in routes and "/forum" in routes  # the table read
    visits: dict[str, list[str]] = {role: [] for role in ROLES}
    for path in routes:
        visits[role_of(path)].append(path)
    visits["admin"] += [path for path in ADMIN_ALSO if path in routes]
    too_wide: list[str] = []
    refused: list[str] = []
    for role, paths in visits.items():
        context = browser.new_context(viewport=PHONE, base_url=live_server, locale="id-ID")
        page = context.new_page()
        if ROLES[role]:
            log_in(page, ROLES[role])
        for path in paths:
            url = filled(path, city)
            response = page.goto(url)
            assert response is not None
            if (
                response.status >= 500
                or page.url.split("?")[0].endswith("/login")
                and role != "anonymous"
            ):
                refused.append(f"{role} {url}: {response.status} at {page.url}")
                continue
            width = width_of(page)
            if path in LOOK_AT:
                screenshot(page, "phone-" + re.sub(r"\W+", "-", url).strip("-"))
            if width > PHONE["width"]:
                culprits = ", ".join(page.evaluate(OVERFLOWING))
                too_wide.append(f"{role} {url}: {width} px ({culprits})")
                screenshot(page, "too-wide-" + re.sub(r"\W+", "-", url).strip("-"))
        context.close()
    assert not refused, "\n".join(refused)
    assert not too_wide, "\n".join(too_wide)
