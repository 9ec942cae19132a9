"""Small factories that set only what a test depends on."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from typing import Any

from surveys.method.periods import local_day
from surveys.store.accounts import create_user
from surveys.store.responses import store_responses
from surveys.store.tables import ServicePoint, Unit
from tests.check_case import check_case_answers  # noqa: F401 - shared with web tests

PASSWORD = "rahasia-sekali-123"


async def make_unit(code: str, name: str | None = None, **fields: Any) -> dict:
    unit = Unit(code=code, name=name or code, **fields)
    await unit.save()
    return {"id": unit.id, "code": code, "name": unit.name}


async def make_user(username: str, role: str, unit_codes: list[str] | None = None) -> dict:
    user_id = await create_user(username, PASSWORD, role, unit_codes or [])
    return {"id": user_id, "username": username, "password": PASSWORD, "role": role}


async def default_survey_id() -> int:
    from surveys.store.survey_versions import ensure_default_survey

    return await ensure_default_survey()


async def make_responses(
    unit_id: int, answers: list[dict[str, int | None]], at: datetime, **fields: Any
) -> int:
    survey_id = await default_survey_id()
    rows = [
        {
            "survey": survey_id,
            "unit": unit_id,
            "channel": "qr",
            "submitted_at": at,
            "local_day": local_day(at),
            **{code.lower(): value for code, value in answer.items()},
            **fields,
        }
        for answer in answers
    ]
    return await store_responses(rows)


async def make_service_point(unit_id: int, name: str = "Loket 1", **fields: Any) -> dict:
    import secrets

    point = ServicePoint(unit=unit_id, name=name, token=secrets.token_urlsafe(16), **fields)
    await point.save()
    return {"id": point.id, "token": point.token, "name": name}


async def make_officer(unit_id: int, nip: str, name: str = "Petugas", **fields: Any) -> dict:
    from surveys.store.tables import Officer

    officer = Officer(unit=unit_id, nip=nip, name=name, **fields)
    await officer.save()
    return {"id": officer.id, "nip": nip, "name": name}


async def make_service_type(unit_id: int, name: str = "KTP-el") -> dict:
    from surveys.store.tables import ServiceType

    service_type = ServiceType(unit=unit_id, name=name)
    await service_type.save()
    return {"id": service_type.id, "name": name}


async def make_forum_session(unit_id: int, status: str = "draft", **fields: Any) -> dict:
    """A forum session; ``status="open"`` also gives it its own forum service point."""
    from surveys.method.periods import DEFAULT_TIMEZONE
    from surveys.store.tables import ForumSession

    point = None
    if status != "draft":
        point = await make_service_point(unit_id, "Forum", kind="forum", active=status == "open")
    values = {
        "kind": "musyawarah_kelurahan",
        "held_on": datetime.now(DEFAULT_TIMEZONE).date(),
        "place": "Balai warga",
        # An opened session's typed code: random, as opening draws it.
        "short_code": f"{secrets.randbelow(10**6):06d}" if point else None,
    }
    session = ForumSession(
        unit=unit_id, status=status, service_point=point["id"] if point else None, **values | fields
    )
    await session.save()
    token = point["token"] if point else None
    return {"id": session.id, "unit": unit_id, "token": token, "short_code": session.short_code}


async def csrf_token(client) -> str:
    page = await client.get("/login")
    token = client.cookies.get("csrftoken")
    if token is None:  # pragma: no cover - the login page always sets it
        match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        token = match.group(1) if match else ""
    return token


def client_at(app, address: str):
    """A client of ``app`` from another network address: its own counters, cookies, session."""
    import httpx

    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def login(client, user: dict) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/login",
        data={"username": user["username"], "password": user["password"], "_csrf_token": token},
    )
    assert response.status_code in (302, 303), response.text


async def make_training(officer_id: int, start: date, end: date, jp: int, **fields: Any) -> dict:
    from surveys.store.tables import Training

    values = {"title": "Pelatihan Pelayanan Prima", "form": "Pelatihan teknis"}
    values |= {"competency": "teknis"} | fields
    training = Training(officer=officer_id, start_date=start, end_date=end, jp=jp, **values)
    await training.save()
    return {"id": training.id, "officer": officer_id, "start": start, "end": end, "jp": jp}


async def make_publication(
    unit_id: int, start: date, end: date, n: int, ikm: str, published_on: date, **fields: Any
) -> None:
    """A recorded publication with its snapshot (one element unless ``elements`` is given)."""
    from surveys.store.tables import Publication

    element = {"code": "U1", "nrr": "3.6207", "n": n, "score": "90.52", "grade": "A"}
    values = {"channel": "website", "elements": [element]} | fields
    await Publication(
        unit=unit_id,
        period_start=start,
        period_end=end,
        published_on=published_on,
        n=n,
        ikm=ikm,
        **values,
    ).save()
