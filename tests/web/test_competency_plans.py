"""A unit head plans for their own officers: draft from needs, add, done -> training record."""

from datetime import date

import pytest

from surveys.competency.assessments import AssessmentFields, record_assessment
from surveys.competency.dictionary import save_position
from surveys.competency.plans import plan_of
from surveys.store.audit import Someone
from surveys.store.tables import Training
from tests.competency_support import PELAKSANA
from tests.factories import csrf_token, login

SETUP = Someone(None, "setup")
YEAR = date.today().year


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


@pytest.fixture
async def rina_with_a_gap(dictionary, rina):
    await save_position(SETUP, None, "PLK", PELAKSANA, {dictionary["komunikasi"]: 3})
    await record_assessment(
        SETUP,
        AssessmentFields(
            rina["id"], date(YEAR, 1, 2), "penilaian_atasan", "", "", {dictionary["komunikasi"]: 1}
        ),
    )
    return rina


async def test_the_unit_head_drafts_a_plan_from_needs_and_marks_it_done(
    client, manager_of_disdukcapil, rina_with_a_gap, dictionary
):
    rina = rina_with_a_gap
    await login(client, manager_of_disdukcapil)
    base = f"/competency/officers/{rina['id']}/plans/{YEAR}"

    assert (await _post(client, f"{base}/draft", {})).status_code == 303
    plan = await plan_of(rina["id"], YEAR)
    course = next(a for a in plan["activities"] if a["competency"] == dictionary["komunikasi"])
    assert course["form"] == "Pelatihan manajerial"

    done = await _post(
        client, f"{base}/activities/{course['id']}/done", {"done_on": date.today().isoformat()}
    )
    assert done.status_code == 303
    page = await client.get(base)
    assert 'data-testid="done"' in page.text
    assert await Training.count() == 1
    profile = await client.get(f"/competency/officers/{rina['id']}")
    assert f'data-testid="year-{YEAR}"' in profile.text


async def test_an_activity_with_a_bad_amount_is_refused_with_its_title_kept(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    response = await _post(
        client,
        f"/competency/officers/{rina['id']}/plans/{YEAR}/activities",
        {"title": "Magang di Dukcapil pusat", "form": "Magang/praktik kerja", "amount": "-2"},
    )
    assert response.status_code == 400
    assert 'data-testid="error-amount"' in response.text
    assert 'value="Magang di Dukcapil pusat"' in response.text


async def test_days_of_internship_count_as_jp_through_the_equivalent(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    await _post(
        client,
        f"/competency/officers/{rina['id']}/plans/{YEAR}/activities",
        {"title": "Magang", "form": "Magang/praktik kerja", "amount": "3"},
    )
    plan = await plan_of(rina["id"], YEAR)
    assert [(a["jp"], a["classical"]) for a in plan["activities"]] == [(24, False)]


async def test_another_units_head_can_neither_see_nor_change_the_plan(
    client, manager_of_rsud, rina, dictionary
):
    await login(client, manager_of_rsud)
    base = f"/competency/officers/{rina['id']}/plans/{YEAR}"
    assert (await client.get(base)).status_code == 403
    assert (await _post(client, f"{base}/draft", {})).status_code == 403
    assert await plan_of(rina["id"], YEAR) is None


async def test_a_year_out_of_range_is_a_clear_refusal_not_an_error(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"/competency/officers/{rina['id']}/plans/99999")
    assert response.status_code == 400
    assert "Validation failed" not in response.text
    assert "memuat nilai yang tidak sah" in response.text


async def test_an_officer_number_beyond_any_row_is_refused_in_the_readers_language(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    path = f"/competency/officers/{2**31}/plans/{YEAR}"
    indonesian = await client.get(path)
    assert indonesian.status_code == 400
    assert "Permintaan tidak dapat diproses" in indonesian.text
    assert "Validation failed" not in indonesian.text
    english = await client.get(f"{path}?lang=en")
    assert english.status_code == 400
    assert "holds a value that is not valid" in english.text


async def test_a_drafted_activity_can_be_changed_but_not_once_done(
    client, manager_of_disdukcapil, rina_with_a_gap, dictionary
):
    rina = rina_with_a_gap
    await login(client, manager_of_disdukcapil)
    base = f"/competency/officers/{rina['id']}/plans/{YEAR}"
    await _post(client, f"{base}/draft", {})
    course = next(a for a in (await plan_of(rina["id"], YEAR))["activities"] if a["competency"])

    form = await client.get(f"{base}/activities/{course['id']}")
    assert 'value="Pelatihan manajerial"' in form.text or "Pelatihan manajerial" in form.text
    changed = await _post(
        client,
        f"{base}/activities/{course['id']}",
        {
            "title": "Coaching komunikasi oleh Kabid",
            "form": "Coaching",
            "amount": "9",
            "competency": str(dictionary["komunikasi"]),
        },
    )
    assert changed.status_code == 303
    course = next(a for a in (await plan_of(rina["id"], YEAR))["activities"] if a["competency"])
    assert (course["form"], course["jp"], course["classical"]) == ("Coaching", 12, False)

    await _post(
        client, f"{base}/activities/{course['id']}/done", {"done_on": date.today().isoformat()}
    )
    refused = await _post(
        client, f"{base}/activities/{course['id']}", {"title": "x", "form": "Kursus", "amount": "1"}
    )
    assert refused.status_code == 409


async def test_two_activities_of_one_title_done_the_same_day_are_a_clear_refusal(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    base = f"/competency/officers/{rina['id']}/plans/{YEAR}"
    coaching = {"title": "Coaching oleh Kabid", "form": "Coaching", "amount": "9"}
    for _ in range(2):
        assert (await _post(client, f"{base}/activities", coaching)).status_code == 303
    first, second = (await plan_of(rina["id"], YEAR))["activities"]
    today = {"done_on": date.today().isoformat()}
    assert (await _post(client, f"{base}/activities/{first['id']}/done", today)).status_code == 303
    refused = await _post(client, f"{base}/activities/{second['id']}/done", today)
    assert refused.status_code == 409
    assert "ubah judul kegiatan atau tanggal selesainya" in refused.text
    assert await Training.count() == 1
