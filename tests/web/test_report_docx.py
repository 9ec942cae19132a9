"""The SKM report as .docx: it opens (read back with python-docx, and converted by
LibreOffice when `soffice` is installed) with its chapters, tables, chart and approval."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from tests.factories import check_case_answers, csrf_token, login, make_responses

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
Q1 = "from=2026-01-01&to=2026-03-31"
BASE = "/dashboard/units/DISDUKCAPIL"


@pytest.fixture
async def check_case(disdukcapil, rsud):
    await make_responses(disdukcapil["id"], check_case_answers(), AT, comment="Antrean pagi")
    await make_responses(rsud["id"], [{"U1": 1, "U2": 1}], AT, comment="Komentar unit lain")


async def docx_of(client) -> bytes:
    response = await client.get(f"{BASE}/report.docx?{Q1}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert (
        "laporan-skm-DISDUKCAPIL-2026-01-01-2026-03-31.docx"
        in (response.headers["content-disposition"])
    )
    return response.content


async def test_the_docx_has_the_chapters_tables_chart_and_numbers_of_the_report(
    client, manager_of_disdukcapil, check_case
):
    from docx import Document

    await login(client, manager_of_disdukcapil)
    document = Document(io.BytesIO(await docx_of(client)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for expected in (
        "BAB I\nPENDAHULUAN",
        "BAB III\nHASIL SURVEI",
        "3.2 Tabel Pengolahan Data",
        "RENCANA TINDAK LANJUT",
        "LEMBAR PENGESAHAN",
    ):
        assert expected in headings, expected
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "91,48" in cells  # the IKM in the processing table's summary
    assert "3,6207" in cells  # U1's NRR, to four decimals
    assert len(document.inline_shapes) == 1  # the NRR chart, as a PNG
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Antrean pagi" in text and "Komentar unit lain" not in text


async def test_the_docx_carries_the_approval_entered_on_the_report_page(
    client, manager_of_disdukcapil, check_case
):
    from docx import Document

    await login(client, manager_of_disdukcapil)
    await client.post(
        f"{BASE}/report/approval?{Q1}",
        data={
            "prepared_name": "Rina Marlina",
            "prepared_nip": "198001012005011001",
            "approved_name": "Ahmad Fauzi",
            "approved_nip": "197503152000031002",
            "place": "Sawahlunto",
            "signed_on": "2026-04-10",
            "_csrf_token": await csrf_token(client),
        },
    )
    document = Document(io.BytesIO(await docx_of(client)))
    signatures = document.tables[-1]
    text = "\n".join(cell.text for cell in signatures.rows[0].cells)
    assert "Rina Marlina" in text and "NIP 197503152000031002" in text
    assert any(p.text == "Sawahlunto, 10 April 2026" for p in document.paragraphs)


# `make test` installs LibreOffice; only a run outside it (no CI) may lack it.
@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed",
)
async def test_libreoffice_converts_the_docx_and_the_xlsx(
    client, manager_of_disdukcapil, check_case, tmp_path
):
    await login(client, manager_of_disdukcapil)
    (tmp_path / "report.docx").write_bytes(await docx_of(client))
    xlsx = await client.get(f"{BASE}/responses.xlsx?{Q1}")
    (tmp_path / "responses.xlsx").write_bytes(xlsx.content)
    for name, target in (("report.docx", "pdf"), ("responses.xlsx", "csv")):
        await asyncio.to_thread(
            subprocess.run,
            [
                "soffice",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(tmp_path / name),
            ],
            check=True,
            timeout=120,
            capture_output=True,
        )
        converted = tmp_path / f"{name.rsplit('.', 1)[0]}.{target}"
        assert converted.stat().st_size > 0


async def test_a_download_asked_with_a_token_answers_with_its_ready_cookie(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    ready = await client.get(f"{BASE}/responses.xlsx?{Q1}&download=abc123XYZ9")
    assert "suara_download=abc123XYZ9" in ready.headers["set-cookie"]
    odd = await client.get(f"{BASE}/responses.xlsx?{Q1}&download=a;b=c")
    assert "suara_download" not in odd.headers.get("set-cookie", "")
