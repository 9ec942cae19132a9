from surveys.store.audit import recent_audit_entries
from surveys.store.tables import Officer, Training
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
    assert sample.status_code == 200 and sample.text.startswith("nip,name,unit_code")
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
    assert "Pilih berkas CSV yang akan diimpor." in missing.text
    latin = await _upload(client, "staff", "nip,name\n1,Jos\xe9\n".encode("latin-1"))
    assert latin.status_code == 400
    assert "UTF-8" in latin.text


async def test_an_unknown_kind_is_refused(client, admin):
    await login(client, admin)
    response = await _upload(client, "responses", OFFICER_CSV.encode())
    assert response.status_code == 400
    assert 'id="kind-error"' in response.text
