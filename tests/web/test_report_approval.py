"""The report's approval page: entered on the report page, stored per unit and period,
shown on the printable page and in the PDF; bad NIPs are refused with every field kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from surveys.store.tables import ReportApproval
from tests.factories import check_case_answers, csrf_token, login, make_responses

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
Q1 = "from=2026-01-01&to=2026-03-31"
BASE = "/dashboard/units/DISDUKCAPIL"
KABID_NIP = "198001012005011001"
KADIS_NIP = "197503152000031002"


def approval(**changes) -> dict:
    return {
        "prepared_name": "Rina Marlina, S.Sos.",
        "prepared_nip": "19800101 200501 1 001",
        "prepared_position": "Kepala Bidang Pelayanan",
        "approved_name": "Drs. Ahmad Fauzi, M.Si.",
        "approved_nip": KADIS_NIP,
        "approved_position": "Kepala Dinas",
        "place": "Sawahlunto",
        "signed_on": "2026-04-10",
    } | changes


async def post(client, url: str, data: dict):
    return await client.post(url, data=data | {"_csrf_token": await csrf_token(client)})


@pytest.fixture
async def check_case(disdukcapil):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)


async def test_a_manager_enters_the_approval_and_the_printable_report_shows_it(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    blank = (await client.get(f"{BASE}/report?{Q1}")).text
    assert 'data-testid="approval"' in blank and "(………………………………)" in blank
    saved = await post(client, f"{BASE}/report/approval?{Q1}", approval())
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{BASE}/report?{Q1}&saved=1#approval"
    page = (await client.get(saved.headers["location"])).text
    block = page.split('data-testid="approval"')[1].split("</section>")[0]
    assert "Rina Marlina, S.Sos." in block and KABID_NIP in block  # spaces taken out
    assert "Drs. Ahmad Fauzi, M.Si." in block and KADIS_NIP in block
    assert "Sawahlunto, 10 April 2026" in block
    # Another period's report is not approved by this.
    other = (await client.get(f"{BASE}/report?from=2026-04-01&to=2026-06-30")).text
    assert "Rina Marlina" not in other.split('data-testid="approval"')[1].split("</section>")[0]


async def test_saving_again_replaces_the_approval_of_that_period(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    await post(client, f"{BASE}/report/approval?{Q1}", approval())
    await post(client, f"{BASE}/report/approval?{Q1}", approval(approved_name="Hj. Yusnita"))
    rows = await ReportApproval.select(ReportApproval.approved_name)
    assert rows == [{"approved_name": "Hj. Yusnita"}]


async def test_a_bad_nip_is_refused_with_a_message_and_every_field_kept(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    response = await post(
        client, f"{BASE}/report/approval?{Q1}", approval(approved_nip="12345", signed_on="kemarin")
    )
    assert response.status_code == 400
    assert 'data-testid="error-approved_nip"' in response.text
    assert 'data-testid="error-signed_on"' in response.text
    assert 'value="Rina Marlina, S.Sos."' in response.text and 'value="12345"' in response.text
    assert await ReportApproval.count() == 0


async def test_only_the_units_managers_may_approve(
    client, manager_of_rsud, facilitator, check_case
):
    await login(client, manager_of_rsud)
    assert (await post(client, f"{BASE}/report/approval?{Q1}", approval())).status_code == 403
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    await login(client, facilitator)
    assert (await post(client, f"{BASE}/report/approval?{Q1}", approval())).status_code == 403
    assert await ReportApproval.count() == 0


async def test_the_pdf_gets_its_approval_page(client, manager_of_disdukcapil, check_case):
    await login(client, manager_of_disdukcapil)
    before = (await client.get(f"{BASE}/report.pdf?{Q1}")).content
    await post(client, f"{BASE}/report/approval?{Q1}", approval())
    after = await client.get(f"{BASE}/report.pdf?{Q1}")
    assert after.status_code == 200 and after.content.startswith(b"%PDF-")
    # The approval page is there, blank, before anything is entered; then with the names
    # (what it says is checked in tests/unit/test_report_approval.py).
    assert after.content.count(b"/Type /Page") == before.count(b"/Type /Page")
    assert after.content != before
