"""Fixtures of the security tests: the survey's clock and counter (shared with the web
tests) and a city holding one of everything a route can name."""

from datetime import date, datetime

import pytest

from surveys.method.periods import DEFAULT_TIMEZONE
from tests.factories import (
    make_forum_session,
    make_officer,
    make_responses,
    make_service_point,
    make_service_type,
    make_training,
)
from tests.web.conftest import clock, counter  # noqa: F401 - fixtures


@pytest.fixture
async def city(disdukcapil, admin, manager_of_disdukcapil):
    """One of everything a route can name, so each route reaches its handler's code."""
    from surveys.store.competency_dictionary import ensure_competency_dictionary
    from surveys.store.development_tables import (
        Competency,
        DevelopmentActivity,
        DevelopmentPlan,
        MentoringPair,
        Position,
    )
    from surveys.store.tables import (
        DutyAssignment,
        FollowUp,
        ForumInput,
        HallDisplay,
        Publication,
        UnitPopulation,
    )

    unit = disdukcapil["id"]
    officer = await make_officer(unit, "198001012005011001")
    point = await make_service_point(unit, "Loket 1")
    session = await make_forum_session(unit, status="open")
    training = await make_training(officer["id"], date(2026, 1, 5), date(2026, 1, 6), 16)
    service_type = await make_service_type(unit)
    now = datetime(2026, 3, 3, 10, tzinfo=DEFAULT_TIMEZONE)
    await make_responses(unit, [dict.fromkeys([f"U{n}" for n in range(1, 10)], 3)], now)
    rows = {
        "duty": DutyAssignment(officer=officer["id"], service_point=point["id"], starts_at=now),
        "input": ForumInput(session=session["id"], kind="aspirasi", topic="x", text="x"),
        "followup": FollowUp(
            unit=unit,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            element="U6",
            problem="x",
            action="x",
            responsible="x",
            target_date=date(2026, 6, 1),
        ),
        "publication": Publication(
            unit=unit,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            channel="web",
            published_on=date(2026, 4, 1),
            # At the default minimum of respondents, so that anyone may read it back
            # (below it, the public API refuses the period with a 403).
            n=30,
            ikm="75.00",
        ),
        "population": UnitPopulation(
            unit=unit,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            population=1000,
        ),
    }
    for row in rows.values():
        await row.save()
    # The competency area's rows: a dictionary, a position, a plan with an activity, a pair.
    await ensure_competency_dictionary()
    competency_id = (await Competency.select(Competency.id).first())["id"]
    mentor = await make_officer(unit, "197501012000031002", "Mentor")
    position = Position(code="PELAKSANA", name="Pelaksana Pelayanan")
    await position.save()
    plan = DevelopmentPlan(officer=officer["id"], year=2026)
    await plan.save()
    activity = DevelopmentActivity(plan=plan.id, title="x", form="Pelatihan klasikal")
    await activity.save()
    pair = MentoringPair(mentor=mentor["id"], mentee=officer["id"], starts_on=date(2026, 3, 1))
    await pair.save()
    # A hall display on the point's token: /tv/{token} and /s/{token} both reach a real row.
    await HallDisplay(unit=unit, token=point["token"]).save()
    evaluation = await _evaluation_rows(officer["nip"])
    from surveys.store.tables import Response

    response_id = (await Response.select(Response.id).first())["id"]
    return {
        "token": point["token"],
        "unit_code": disdukcapil["code"],
        "language": "en",
        "file_name": "staff.csv",
        "key": "tidak-ada",
        "point_id": str(point["id"]),
        "officer_id": str(officer["id"]),
        "session_id": str(session["id"]),
        "training_id": str(training["id"]),
        "type_id": str(service_type["id"]),
        "unit_id": str(unit),
        "user_id": str(manager_of_disdukcapil["id"]),
        "response_id": str(response_id),
        "duty_id": str(rows["duty"].id),
        "input_id": str(rows["input"].id),
        "followup_id": str(rows["followup"].id),
        "publication_id": str(rows["publication"].id),
        "population_id": str(rows["population"].id),
        "code": session["short_code"],
        "competency_id": str(competency_id),
        "position_id": str(position.id),
        "year": "2026",
        "activity_id": str(activity.id),
        "pair_id": str(pair.id),
        "nip": officer["nip"],
        **evaluation,
    }


async def _evaluation_rows(nip: str) -> dict[str, str]:
    """An event with the officer as participant and a supervisor's answer, a note about it:
    the rows the evaluation routes name."""
    from surveys.evaluation import events as ev
    from surveys.store.audit import Someone
    from surveys.store.development_tables import BehaviourAnswer

    actor = Someone(None, "setup")
    fields = ev.EventFields(
        "Pelayanan Prima",
        "Pelatihan teknis",
        True,
        "teknis",
        "BPSDM",
        "",
        date(2026, 3, 2),
        date(2026, 3, 5),
        32,
        None,
    )
    event_id = await ev.create_event(actor, fields)
    await ev.register_participants(actor, event_id, [nip])
    [participant] = await ev.participants(event_id)
    answer = BehaviourAnswer(participant=participant["id"], respondent="supervisor", ratings={})
    await answer.save()
    return {
        "event_id": str(event_id),
        "participant_id": str(participant["id"]),
        "answer_id": str(answer.id),
    }
