"""BKPSDM records and corrects assessments; managers read their own officers' profiles only."""

import pytest

from surveys.competency.dictionary import save_position
from surveys.store.audit import Someone
from surveys.store.development_tables import Assessment
from surveys.store.tables import AuditEntry
from tests.competency_support import PELAKSANA
from tests.factories import csrf_token, login


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


def _levels(dictionary, **levels):
    return {f"level_{dictionary[code]}": str(level) for code, level in levels.items()}


@pytest.fixture
async def position(dictionary):
    required = {dictionary["komunikasi"]: 3, dictionary["pelayanan_publik"]: 3}
    return await save_position(Someone(None, "setup"), None, "PLK", PELAKSANA, required)


async def test_ratna_records_an_assessment_and_the_profile_shows_the_match(
    client, bkpsdm, rina, position, dictionary
):
    await login(client, bkpsdm)
    form = {"assessed_on": "2026-03-02", "method": "uji_kompetensi", "assessor": "UPT"}
    response = await _post(
        client,
        f"/competency/officers/{rina['id']}/assessments",
        form | _levels(dictionary, komunikasi=2, pelayanan_publik=4),
    )
    assert response.status_code == 303

    page = await client.get(f"/competency/officers/{rina['id']}")
    assert page.status_code == 200
    assert 'data-testid="match"' in page.text
    assert "83,3%" in page.text  # (2 + 3) / 6, the surplus in pelayanan publik capped
    assert "Cukup optimal" in page.text


async def test_a_correction_replaces_the_assessment_and_both_stay_in_the_history(
    client, bkpsdm, rina, dictionary
):
    await login(client, bkpsdm)
    path = f"/competency/officers/{rina['id']}/assessments"
    base = {"assessed_on": "2026-03-02", "method": "uji_kompetensi"}
    await _post(client, path, base | _levels(dictionary, komunikasi=4))
    first = (await Assessment.select().first())["id"]

    form = await client.get(f"/competency/officers/{rina['id']}/assessments/new?replaces={first}")
    assert f'name="replaces" value="{first}"' in form.text
    await _post(client, path, base | {"replaces": str(first)} | _levels(dictionary, komunikasi=2))
    again = await _post(
        client, path, base | {"replaces": str(first)} | _levels(dictionary, komunikasi=1)
    )

    assert again.status_code == 409
    page = await client.get(f"/competency/officers/{rina['id']}")
    assert 'data-testid="replaced"' in page.text
    assert await Assessment.count() == 2


async def test_bad_levels_and_a_future_date_are_refused_with_the_answers_kept(
    client, bkpsdm, rina, dictionary
):
    await login(client, bkpsdm)
    response = await _post(
        client,
        f"/competency/officers/{rina['id']}/assessments",
        {"assessed_on": "2099-01-01", "method": "wawancara", "assessor": "Tim Penilai"}
        | _levels(dictionary, komunikasi=7),
    )

    assert response.status_code == 400
    assert 'data-testid="error-assessed_on"' in response.text
    assert 'data-testid="error-method"' in response.text
    assert f'data-testid="error-level_{dictionary["komunikasi"]}"' in response.text
    assert 'value="Tim Penilai"' in response.text
    assert await Assessment.count() == 0


async def test_an_assessment_without_any_level_is_refused(client, bkpsdm, rina, dictionary):
    await login(client, bkpsdm)
    response = await _post(
        client,
        f"/competency/officers/{rina['id']}/assessments",
        {"assessed_on": "2026-03-02", "method": "uji_kompetensi"},
    )
    assert response.status_code == 400
    assert 'data-testid="error-levels"' in response.text


async def test_reading_a_profile_is_recorded_in_the_audit_trail(client, bkpsdm, rina, dictionary):
    await login(client, bkpsdm)
    await client.get(f"/competency/officers/{rina['id']}")

    entry = (
        await AuditEntry.select().where(AuditEntry.action == "view").first().output(load_json=True)
    )
    assert entry["username"] == "ratna"
    assert entry["current"]["officer"] == rina["id"]


async def test_the_manager_of_the_unit_reads_the_profile_but_cannot_record(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    assert (await client.get(f"/competency/officers/{rina['id']}")).status_code == 200
    assert (
        await client.get(f"/competency/officers/{rina['id']}/assessments/new")
    ).status_code == 403
    assert "new-assessment" not in (await client.get(f"/competency/officers/{rina['id']}")).text


async def test_a_manager_of_another_unit_is_refused_the_profile_and_the_unit(
    client, manager_of_rsud, rina, dictionary
):
    await login(client, manager_of_rsud)
    assert (await client.get(f"/competency/officers/{rina['id']}")).status_code == 403
    assert (await client.get("/competency/units/DISDUKCAPIL")).status_code == 403
    overview = await client.get("/competency")
    assert "DISDUKCAPIL" not in overview.text


async def test_a_facilitator_sees_none_of_the_competency_pages(
    client, facilitator, rina, dictionary
):
    await login(client, facilitator)
    for path in (
        "/competency",
        "/competency/units/DISDUKCAPIL",
        f"/competency/officers/{rina['id']}",
        "/competency/dictionary",
    ):
        assert (await client.get(path)).status_code == 403, path


async def test_an_anonymous_visitor_gets_no_assessment_results(client, rina, dictionary):
    response = await client.get(f"/competency/officers/{rina['id']}")
    assert response.status_code in (302, 303, 401)
    assert "Rina" not in response.text


async def test_the_unit_heatmap_shows_level_against_standard_per_officer(
    client, bkpsdm, rina, position, dictionary
):
    await login(client, bkpsdm)
    await _post(
        client,
        f"/competency/officers/{rina['id']}/assessments",
        {"assessed_on": "2026-03-02", "method": "uji_kompetensi"}
        | _levels(dictionary, komunikasi=1, pelayanan_publik=3),
    )

    page = await client.get("/competency/units/DISDUKCAPIL")

    assert page.status_code == 200
    assert f'data-testid="cell-{rina["nip"]}-komunikasi">1/3' in page.text
    assert 'class="cell-gap2 gap-mark"' in page.text
    overview = await client.get("/competency")
    assert 'data-testid="unit-DISDUKCAPIL"' in overview.text


async def test_the_unit_page_reads_its_needs_aloud_with_their_numbers(
    client, manager_of_disdukcapil, rina, position, dictionary
):
    from datetime import date

    from surveys.competency.assessments import AssessmentFields
    from surveys.competency.assessments import record_assessment as record

    levels = {dictionary["komunikasi"]: 1, dictionary["pelayanan_publik"]: 3}
    await record(
        Someone(None, "setup"),
        AssessmentFields(rina["id"], date(2026, 3, 2), "uji_kompetensi", "", "", levels),
    )
    await login(client, manager_of_disdukcapil)

    page = await client.get("/competency/units/DISDUKCAPIL")

    assert 'data-testid="need-komunikasi"' in page.text
    assert "1 dari 1 petugas yang dinilai berada di bawah standar jabatannya" in page.text
    assert 'data-testid="below-jp"' in page.text
    assert 'data-testid="citizens-not-compared"' in page.text


async def test_the_city_overview_counts_officers_below_20_jp(client, bkpsdm, rina, dictionary):
    await login(client, bkpsdm)
    page = await client.get("/competency")
    assert 'data-testid="below-jp-DISDUKCAPIL">1<' in page.text


async def test_the_profiles_title_is_only_the_officers_name(client, bkpsdm, rina, dictionary):
    import re

    await login(client, bkpsdm)
    page = await client.get(f"/competency/officers/{rina['id']}")
    title = re.search(r"<title>(.*?)</title>", page.text, re.S).group(1)
    assert title.startswith("Rina Marlina") and "<" not in title


async def test_the_competency_pages_speak_english_on_request(client, bkpsdm, rina, dictionary):
    await login(client, bkpsdm)
    await client.get("/lang/en?next=/competency")

    overview = await client.get("/competency")
    unit = await client.get("/competency/units/DISDUKCAPIL")

    assert "Competency development" in overview.text
    assert "The unit&#39;s competency development needs" in unit.text or (
        "The unit's competency development needs" in unit.text
    )


async def test_a_unit_head_with_an_unassessed_officer_is_told_who_records_assessments(
    client, manager_of_disdukcapil, rina, dictionary
):
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"/competency/officers/{rina['id']}")
    assert page.status_code == 200
    assert 'data-testid="no-assessments"' in page.text
    assert "Penilaian dicatat oleh BKPSDM" in page.text
    assert 'data-testid="start-mentoring"' in page.text
    assert 'data-testid="new-assessment"' not in page.text
