"""`suara import …` run as a real command against the test database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from surveys.store.tables import Officer, Response, Training
from tests.factories import make_responses

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "docs" / "samples"
MARCH_10 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
HEADER = "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9"


async def suara(*args: str | Path) -> tuple[int, str]:
    """Run the CLI in a subprocess (it starts its own event loop and engine)."""
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "app.cli", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, " ".join((done.stdout + done.stderr).split())


async def test_importing_the_sample_check_case_gives_ikm_91_48_through_the_api(
    client, disdukcapil, rsud
):
    await make_responses(rsud["id"], [{"U1": 1, "U9": 1}], MARCH_10)
    code, output = await suara("import", "responses", SAMPLES / "responses.csv")
    assert code == 0, output
    assert "29 new, 0 updated, 0 already present (29 rows)" in output
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-03-01&to=2026-03-31")
    body = response.json()
    assert (body["n"], body["ikm"], body["grade"], body["label"]) == (
        29,
        "91.48",
        "A",
        "Sangat Baik",
    )
    assert [(e["code"], e["nrr"], e["n"]) for e in body["elements"]] == [
        ("U1", "3.6207", 29),
        ("U2", "3.4828", 29),
        ("U3", "3.4483", 29),
        ("U4", "4.0000", 29),
        ("U5", "3.5172", 29),
        ("U6", "3.6207", 29),
        ("U7", "3.6552", 29),
        ("U8", "3.6207", 29),
        ("U9", "3.9655", 29),
    ]


async def test_reimporting_the_sample_through_the_cli_changes_nothing(disdukcapil):
    await suara("import", "responses", SAMPLES / "responses.csv")
    code, output = await suara("import", "responses", SAMPLES / "responses.csv")
    assert code == 0, output
    assert "0 new, 0 updated, 29 already present (29 rows)" in output
    assert await Response.count() == 29


async def test_a_file_with_bad_rows_exits_non_zero_listing_each_and_imports_nothing(
    disdukcapil, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,4",
                "DISDUKCAPIL,2026-03-10,4,4,5,4,4,4,4,4,4",
                "ENTAH,2026-03-10,4,4,4,4,4,4,4,4,4",
                "DISDUKCAPIL,10/03/2026,4,4,4,4,4,4,4,4,4",
            ]
        ),
        encoding="utf-8",
    )
    code, output = await suara("import", "responses", path)
    assert code != 0
    assert "3 problem(s); nothing was imported" in output
    assert "row 3, U3: Nilai unsur harus 1, 2, 3 atau 4, bukan 5." in output
    assert "row 4, unit_code: Unit ENTAH tidak ditemukan." in output
    assert "row 5, submitted_at: 10/03/2026 bukan waktu ISO 8601" in output
    assert await Response.count() == 0


async def test_a_structural_problem_is_reported_without_a_column(disdukcapil, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(f"{HEADER}\nDISDUKCAPIL,2026-03-10,4,4\n", encoding="utf-8")
    code, output = await suara("import", "responses", path)
    assert code != 0
    assert "row 2: Baris ini berisi 4 kolom, seharusnya 11." in output


async def test_the_officer_and_training_samples_import_once(disdukcapil, rsud):
    code, output = await suara("import", "staff", SAMPLES / "staff.csv")
    assert code == 0, output
    assert "5 new, 0 updated, 0 already present (5 rows)" in output
    code, output = await suara("import", "trainings", SAMPLES / "trainings.csv")
    assert code == 0, output
    assert "6 new, 0 updated, 0 already present (6 rows)" in output
    code, output = await suara("import", "trainings", SAMPLES / "trainings.csv")
    assert "0 new, 0 updated, 6 already present (6 rows)" in output
    assert (await Officer.count(), await Training.count()) == (5, 6)


async def test_trainings_for_unknown_officer_are_refused(disdukcapil):
    code, output = await suara("import", "trainings", SAMPLES / "trainings.csv")
    assert code != 0
    assert "row 2, nip: Petugas dengan NIP 198503102010011001 tidak terdaftar." in output
    assert await Training.count() == 0


async def test_the_import_group_documents_its_three_kinds(db):
    code, output = await suara("import", "--help")
    assert code == 0
    assert all(kind in output for kind in ("responses", "staff", "trainings"))


async def test_an_import_through_the_cli_is_audited_with_its_file_and_counts(disdukcapil, tmp_path):
    import getpass

    from surveys.store.audit import recent_audit_entries

    await suara("import", "responses", SAMPLES / "responses.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nENTAH,2026-03-10,4,4,4,4,4,4,4,4,4\n", encoding="utf-8")
    assert (await suara("import", "responses", bad))[0] != 0  # refused: not audited
    entries = await recent_audit_entries()
    assert [(e["action"], e["table_name"], e["username"]) for e in entries] == [
        ("import", "response", f"cli:{getpass.getuser()}")
    ]
    assert entries[0]["current"] == {
        "rows": 29,
        "created": 29,
        "updated": 0,
        "unchanged": 0,
        "file": "responses.csv",
    }
