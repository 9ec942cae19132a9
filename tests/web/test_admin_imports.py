import asyncio
import csv
import io

from openpyxl import Workbook

from surveys.store.audit import recent_audit_entries
from surveys.store.tables import Officer, Response, Training
from tests.factories import csrf_token, login

OFFICER_CSV = (
    "nip,name,unit_code,position\n"
    "198503102010011001,Andi Saputra,DISDUKCAPIL,Petugas Loket\n"
    "199002282015032002,Rina Marlina,DISDUKCAPIL,Petugas Loket\n"
)


async def _upload(client, kind, content, filename="data.csv"):
    token = await csrf_token(client)
    files = {"file": (filename, content, "text/csv")} if content is not None else None
    return await client.post(
        "/admin/imports", data={"kind": kind, "_csrf_token": token}, files=files or {"x": ("", b"")}
    )


async def test_the_page_shows_the_expected_columns_and_samples(client, admin):
    await login(client, admin)
    page = await client.get("/admin/imports")
    assert page.status_code == 200
    assert "nip*,name*,unit_code*,position" in page.text
    sample = await client.get("/admin/imports/sample/staff.csv")
    assert sample.status_code == 200 and sample.text.startswith("\ufeffnip,name,unit_code")
    assert (await client.get("/admin/imports/sample/secret.csv")).status_code == 404


async def test_it_imports_officer_and_shows_the_counts(client, admin, disdukcapil):
    await login(client, admin)
    response = await _upload(client, "staff", OFFICER_CSV.encode())
    assert response.status_code == 303
    assert await Officer.count() == 2
    page = await client.get(response.headers["location"])
    assert 'data-testid="import-report"' in page.text
    assert "2 baris: 2 baru, 0 diperbarui, 0 sudah ada" in page.text
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"]) == ("import", "officer")
    assert entry["current"]["created"] == 2 and entry["current"]["file"] == "data.csv"


async def test_reimporting_the_same_file_changes_nothing(client, admin, disdukcapil):
    await login(client, admin)
    await _upload(client, "staff", OFFICER_CSV.encode())
    again = await _upload(client, "staff", OFFICER_CSV.encode())
    assert "unchanged=2" in again.headers["location"] and "created=0" in again.headers["location"]
    assert await Officer.count() == 2


async def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(
    client, admin, disdukcapil
):
    await login(client, admin)
    bad = OFFICER_CSV + "12345,Salah NIP,DISDUKCAPIL,\n198503102010011003,Unit Salah,NOPE,\n"
    response = await _upload(client, "staff", bad.encode())
    assert response.status_code == 400
    assert 'data-testid="row-errors"' in response.text
    assert '<td class="num">4</td><td><code>nip</code></td>' in response.text
    assert "NIP harus terdiri dari tepat 18 angka." in response.text
    assert '<td class="num">5</td><td><code>unit_code</code></td>' in response.text
    assert "Unit NOPE tidak ditemukan." in response.text
    assert await Officer.count() == 0


async def test_trainings_are_imported_for_registered_officers(client, admin, disdukcapil):
    await login(client, admin)
    await _upload(client, "staff", OFFICER_CSV.encode())
    trainings = (
        "nip,title,form,classical,competency,provider,start_date,end_date,jp,certificate_no\n"
        "198503102010011001,Pelayanan Prima,pelatihan teknis,ya,teknis,BPSDM,2025-02-10,2025-02-14,40,X/1\n"
    )
    response = await _upload(client, "trainings", trainings.encode())
    assert response.status_code == 303, response.text
    assert await Training.count() == 1


async def test_a_missing_file_or_a_non_utf8_file_is_explained(client, admin):
    await login(client, admin)
    missing = await _upload(client, "staff", None)
    assert missing.status_code == 400
    assert "Pilih berkas CSV atau XLSX yang akan diimpor." in missing.text
    latin = await _upload(client, "staff", "nip,name\n1,Jos\xe9\n".encode("latin-1"))
    assert latin.status_code == 400
    assert "UTF-8" in latin.text


async def test_an_unknown_kind_is_refused(client, admin):
    await login(client, admin)
    response = await _upload(client, "officers", OFFICER_CSV.encode())
    assert response.status_code == 400
    assert 'id="kind-error"' in response.text


# --- responses, from the web as from the command line ----------------------------------------

RESPONSES_HEADER = "unit_code;submitted_at;U1;U2;U3;U4;U5;U6;U7;U8;U9;comment"


def _responses_semicolon(*rows: str) -> bytes:
    """What Excel saves as "CSV UTF-8" with Indonesian settings: a BOM and semicolons."""
    return ("\ufeff" + "\r\n".join([RESPONSES_HEADER, *rows]) + "\r\n").encode()


async def test_an_administrator_imports_responses_saved_by_excel_and_again_changes_nothing(
    client, admin, disdukcapil
):
    await login(client, admin)
    data = _responses_semicolon(
        "DISDUKCAPIL;2026-03-10T09:00:00;4;4;3;4;4;4;4;4;4;Cepat, ramah",
        "DISDUKCAPIL;2026-03-11;3;3;3;3;3;3;3;3;;",
    )
    first = await _upload(client, "responses", data)
    assert first.status_code == 303, first.text
    assert "created=2" in first.headers["location"]
    comments = await Response.select(Response.comment, Response.u9).order_by(Response.id)
    assert comments == [{"comment": "Cepat, ramah", "u9": 4}, {"comment": "", "u9": None}]
    again = await _upload(client, "responses", data)
    assert "created=0" in again.headers["location"] and "unchanged=2" in again.headers["location"]
    assert await Response.count() == 2
    [entry, _] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"]) == ("import", "response")


async def test_a_responses_file_with_bad_rows_imports_nothing_and_names_row_column_and_reason(
    client, admin, disdukcapil
):
    await login(client, admin)
    data = _responses_semicolon(
        "DISDUKCAPIL;2026-03-10T09:00:00;4;4;4;4;4;4;4;4;4;",
        "DISDUKCAPIL;2026-03-10T09:00:00;4;4;5;4;4;4;4;4;4;",
        "ENTAH;kemarin;4;4;4;4;4;4;4;4;4;",
    )
    response = await _upload(client, "responses", data)
    assert response.status_code == 400
    assert '<td class="num">3</td><td><code>U3</code></td>' in response.text
    assert "Nilai unsur harus 1, 2, 3 atau 4, bukan 5." in response.text
    assert '<td class="num">4</td><td><code>unit_code</code></td>' in response.text
    assert '<td class="num">4</td><td><code>submitted_at</code></td>' in response.text
    assert await Response.count() == 0


async def test_an_administrator_imports_officer_from_an_xlsx_workbook(client, admin, disdukcapil):
    book = Workbook()
    for row in csv.reader(io.StringIO(OFFICER_CSV)):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    await login(client, admin)
    response = await _upload(client, "staff", buffer.getvalue(), filename="petugas.xlsx")
    assert response.status_code == 303, response.text
    assert sorted(await Officer.select(Officer.nip).output(as_list=True)) == [
        "198503102010011001",
        "199002282015032002",
    ]


async def test_the_samples_download_with_a_byte_order_mark_for_excel(client, admin):
    await login(client, admin)
    sample = await client.get("/admin/imports/sample/responses.csv")
    assert sample.status_code == 200
    assert sample.content.startswith(b"\xef\xbb\xbfunit_code,submitted_at,")
    assert sample.content.count(b"\xef\xbb\xbf") == 1


async def test_a_file_with_many_bad_rows_shows_the_first_hundred_and_offers_them_all(
    app, client, admin, disdukcapil
):
    import csv
    import io
    import re

    import httpx

    from tests.factories import make_user

    await login(client, admin)
    bad = "".join(f"12345,Petugas {i},DISDUKCAPIL,\n" for i in range(250))
    response = await _upload(client, "staff", ("nip,name,unit_code,position\n" + bad).encode())

    assert response.status_code == 400
    assert response.text.count('data-testid="row-error"') == 100
    assert "250 masalah ditemukan" in response.text
    link = re.search(r'href="([^"]+)" download data-testid="row-errors-download"', response.text)
    report = await client.get(link.group(1))
    assert report.status_code == 200
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "message"] and len(rows) == 251
    # Another administrator does not get this one's report.
    other = await make_user("admin2", "admin")
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as second:
        await login(second, other)
        assert (await second.get(link.group(1))).status_code == 404


async def test_an_officer_file_imported_four_times_at_once_stores_each_officer_once(
    client, admin, disdukcapil
):
    await login(client, admin)
    replies = await asyncio.gather(
        *(_upload(client, "staff", OFFICER_CSV.encode()) for _ in range(4))
    )
    codes = sorted(reply.status_code for reply in replies)
    assert codes[0] == 303 and codes[-1] < 500
    assert await Officer.count() == 2
