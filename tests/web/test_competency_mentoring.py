"""A unit head pairs a senior with a junior officer and logs their sessions."""

from datetime import date

from surveys.store.development_tables import MentoringPair, MentoringSession
from tests.factories import csrf_token, login, make_officer


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


async def test_the_unit_head_pairs_officers_and_logs_a_session(
    client, manager_of_disdukcapil, rina, disdukcapil, dictionary
):
    mentor = await make_officer(disdukcapil["id"], "197501012000031001", "Pak Harun")
    await login(client, manager_of_disdukcapil)
    created = await _post(
        client,
        "/competency/mentoring",
        {
            "kind": "mentoring",
            "mentor": str(mentor["id"]),
            "mentee": str(rina["id"]),
            "competency": str(dictionary["komunikasi"]),
            "starts_on": "2026-01-05",
        },
    )
    assert created.status_code == 303
    pair = await MentoringPair.select().first()

    logged = await _post(
        client,
        f"/competency/mentoring/{pair['id']}/sessions",
        {"held_on": "2026-01-12", "minutes": "90", "topic": "Menjelaskan persyaratan"},
    )
    assert logged.status_code == 303
    page = await client.get(f"/competency/mentoring/{pair['id']}")
    assert "Menjelaskan persyaratan" in page.text
    assert "belum cukup jawaban" in page.text  # no citizens' answers: no verdict


async def test_a_pair_sent_twice_is_one_pair_and_an_unknown_competency_is_refused(
    client, manager_of_disdukcapil, rina, disdukcapil, dictionary
):
    mentor = await make_officer(disdukcapil["id"], "197501012000031001", "Pak Harun")
    await login(client, manager_of_disdukcapil)
    pairing = {
        "kind": "coaching",
        "mentor": str(mentor["id"]),
        "mentee": str(rina["id"]),
        "competency": str(dictionary["komunikasi"]),
        "starts_on": "2026-01-05",
    }
    first = await _post(client, "/competency/mentoring", pairing)
    second = await _post(client, "/competency/mentoring", pairing)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await MentoringPair.count() == 1
    unknown = await _post(client, "/competency/mentoring", pairing | {"competency": "99999"})
    assert unknown.status_code == 400
    assert 'data-testid="error-competency"' in unknown.text
    assert await MentoringPair.count() == 1


async def test_a_session_before_the_pair_began_or_without_a_topic_is_refused(
    client, manager_of_disdukcapil, rina, disdukcapil, dictionary
):
    mentor = await make_officer(disdukcapil["id"], "197501012000031001", "Pak Harun")
    pair = MentoringPair(mentor=mentor["id"], mentee=rina["id"], starts_on=date(2026, 3, 1))
    await pair.save()
    await login(client, manager_of_disdukcapil)

    response = await _post(
        client,
        f"/competency/mentoring/{pair.id}/sessions",
        {"held_on": "2026-02-01", "minutes": "abc", "topic": ""},
    )

    assert response.status_code == 400
    for field in ("held_on", "minutes", "topic"):
        assert f'data-testid="error-{field}"' in response.text
    assert await MentoringSession.count() == 0


async def test_one_cannot_mentor_oneself_nor_pair_another_units_officer(
    client, manager_of_rsud, rina, budi, dictionary
):
    await login(client, manager_of_rsud)
    response = await _post(
        client,
        "/competency/mentoring",
        {
            "kind": "coaching",
            "mentor": str(budi["id"]),
            "mentee": str(budi["id"]),
            "starts_on": "2026-01-05",
        },
    )
    assert response.status_code == 400
    assert 'data-testid="error-mentor"' in response.text
    response = await _post(
        client,
        "/competency/mentoring",
        {
            "kind": "coaching",
            "mentor": str(budi["id"]),
            "mentee": str(rina["id"]),
            "starts_on": "2026-01-05",
        },
    )
    assert 'data-testid="error-mentee"' in response.text
    assert await MentoringPair.count() == 0


async def test_another_units_head_cannot_open_the_pair(
    client, manager_of_rsud, rina, disdukcapil, dictionary
):
    mentor = await make_officer(disdukcapil["id"], "197501012000031001", "Pak Harun")
    pair = MentoringPair(mentor=mentor["id"], mentee=rina["id"], starts_on=date(2026, 3, 1))
    await pair.save()
    await login(client, manager_of_rsud)
    assert (await client.get(f"/competency/mentoring/{pair.id}")).status_code == 403
    assert "Rina" not in (await client.get("/competency/mentoring")).text.split("pair-form")[0]
