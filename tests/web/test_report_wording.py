"""The printed report's counted sentences and missing elements, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import login, make_responses

Q1 = "from=2026-01-01&to=2026-03-31"
AT = datetime(2026, 2, 10, 3, tzinfo=UTC)
ALL_BUT_U8 = {f"U{i}": 4 for i in range(1, 10) if i != 8}


async def test_one_respondent_is_one_respondent_in_english(client, admin, disdukcapil):
    await make_responses(disdukcapil["id"], [ALL_BUT_U8], AT)
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/DISDUKCAPIL/report?{Q1}&lang=en")).text
    assert "There is 1 respondent." in page
    assert "Element U8 " in page
    assert "has no answers yet (respondents: 1)" in page


async def test_a_missing_element_is_named_in_indonesian_too(client, admin, disdukcapil):
    await make_responses(disdukcapil["id"], [ALL_BUT_U8] * 2, AT)
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/DISDUKCAPIL/report?{Q1}")).text
    assert "Jumlah responden adalah 2 orang." in page
    assert "Unsur U8 Penanganan Pengaduan, Saran dan Masukan belum memiliki jawaban" in page
    assert "Belum ada responden pada periode ini" not in page
