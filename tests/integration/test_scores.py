"""The database aggregation path agrees with the pure IKM on random data (both engines)."""

import random
from datetime import UTC, date, datetime, timedelta

from surveys.method.periods import Period, local_day
from surveys.method.scoring import ELEMENT_CODES, ikm_from_answers
from surveys.store.responses import record_responses
from surveys.store.scores import element_totals_by, unit_totals
from surveys.store.survey_versions import ensure_default_survey
from surveys.store.tables import Officer, Response, ServiceType
from tests.factories import make_service_point, make_unit

START = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
PERIOD = Period(date(2026, 1, 5), date(2026, 2, 20))


async def _world(rng: random.Random):
    units = [await make_unit(f"U{i}", f"Unit {i}") for i in range(3)]
    points, types, officer = [], [], []
    for unit in units:
        for j in range(2):
            points.append((unit["id"], (await make_service_point(unit["id"], f"Loket {j}"))["id"]))
            service_type = ServiceType(unit=unit["id"], name=f"Layanan {j}")
            await service_type.save()
            types.append((unit["id"], service_type.id))
            person = Officer(
                nip=f"19800101200501100{len(officer)}"[:18], name=f"P{j}", unit=unit["id"]
            )
            await person.save()
            officer.append((unit["id"], person.id))
    return units, points, types, officer


def _random_response(rng, survey_id, unit_id, points, types, officer):
    answers = {code: (None if rng.random() < 0.08 else rng.randint(1, 4)) for code in ELEMENT_CODES}
    if all(value is None for value in answers.values()):
        answers["U1"] = 2
    moment = START + timedelta(days=rng.randint(0, 70), hours=rng.randint(0, 23))
    return Response(
        survey=survey_id,
        unit=unit_id,
        service_point=rng.choice([p for u, p in points if u == unit_id]),
        service_type=rng.choice([t for u, t in types if u == unit_id] + [None]),
        officer=rng.choice([s for u, s in officer if u == unit_id] + [None]),
        channel="qr",
        submitted_at=moment,
        local_day=local_day(moment),
        status="flagged" if rng.random() < 0.05 else "valid",
        **{code.lower(): value for code, value in answers.items()},
    )


async def test_database_totals_equal_the_pure_ikm_for_every_dimension(db):
    rng = random.Random(14_2017)
    units, points, types, officer = await _world(rng)
    survey_id = await ensure_default_survey()
    rows = [
        _random_response(rng, survey_id, rng.choice(units)["id"], points, types, officer)
        for _ in range(900)
    ]
    # Two batches, so the aggregate refresh of the second must not lose the first.
    await record_responses(rows[:450])
    await record_responses(rows[450:])

    counted = [r for r in rows if r.status == "valid" and PERIOD.start <= r.local_day <= PERIOD.end]
    assert 0 < len(counted) < len(rows)  # the period and the flags both exclude something
    for dimension in ("unit", "service_type", "service_point", "officer"):
        groups = await element_totals_by(dimension, PERIOD)
        expected_keys = {getattr(r, dimension) for r in counted}
        assert set(groups) == expected_keys
        for key, group in groups.items():
            mine = [r for r in counted if getattr(r, dimension) == key]
            expected = ikm_from_answers(
                [{c: getattr(r, c.lower()) for c in ELEMENT_CODES} for r in mine]
            )
            assert group.n == len(mine)
            assert group.ikm() == expected, (dimension, key)


async def test_unit_totals_ignore_other_units_and_other_periods(db):
    rng = random.Random(7)
    units, points, types, officer = await _world(rng)
    survey_id = await ensure_default_survey()
    inside = datetime(2026, 1, 10, 3, tzinfo=UTC)
    outside = datetime(2026, 3, 10, 3, tzinfo=UTC)
    rows = [
        Response(
            survey=survey_id,
            unit=units[0]["id"],
            channel="qr",
            submitted_at=inside,
            local_day=local_day(inside),
            u1=4,
            u2=4,
        ),
        Response(
            survey=survey_id,
            unit=units[1]["id"],
            channel="qr",
            submitted_at=inside,
            local_day=local_day(inside),
            u1=1,
            u2=1,
        ),
        Response(
            survey=survey_id,
            unit=units[0]["id"],
            channel="qr",
            submitted_at=outside,
            local_day=local_day(outside),
            u1=1,
            u2=1,
        ),
    ]
    await record_responses(rows)
    totals = await unit_totals(PERIOD, units[0]["id"])
    assert totals.n == 1
    assert (totals.totals["U1"].total, totals.totals["U1"].count) == (4, 1)
    assert (await unit_totals(PERIOD, units[2]["id"])).n == 0


async def test_a_stored_dedupe_key_is_not_stored_twice(db):
    unit = await make_unit("X")
    survey_id = await ensure_default_survey()
    moment = datetime(2026, 1, 10, 3, tzinfo=UTC)

    def response():
        return Response(
            survey=survey_id,
            unit=unit["id"],
            channel="qr",
            submitted_at=moment,
            local_day=local_day(moment),
            u1=3,
            dedupe_key="nonce-1",
        )

    assert await record_responses([response()]) == 1
    assert await record_responses([response()]) == 0
    assert await Response.count() == 1


async def test_rebuilding_all_aggregates_restores_them_from_the_responses(db):
    from surveys.store.aggregate_tables import ScoreDaily
    from surveys.store.responses import rebuild_all_aggregates

    rng = random.Random(11)
    units, points, types, officer = await _world(rng)
    survey_id = await ensure_default_survey()
    await record_responses(
        [
            _random_response(rng, survey_id, units[0]["id"], points, types, officer)
            for _ in range(60)
        ]
    )
    before = await element_totals_by("unit", PERIOD)
    await ScoreDaily.delete(force=True)  # as after a migration that adds an aggregate
    assert await element_totals_by("unit", PERIOD) == {}
    assert await rebuild_all_aggregates() == 1
    assert await element_totals_by("unit", PERIOD) == before
