"""CSV imports on a real database: all-or-nothing, idempotent, scoped to the row's unit."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from surveys.method.periods import month
from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.imports import ImportReport, import_csv
from surveys.store.scores import unit_totals
from surveys.store.tables import (
    DutyAssignment,
    ForumSession,
    Officer,
    Response,
    ServiceType,
    Training,
)
from tests.factories import check_case_answers, make_service_point

ELEMENTS = [f"U{i}" for i in range(1, 10)]
MARCH = month(2026, 3)
NIP_ANDI = "198503102010011001"
NIP_RINA = "199002282015032002"


def csv_text(rows: list[dict], header: list[str] | None = None) -> str:
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def response_row(unit: str = "DISDUKCAPIL", at: str = "2026-03-10T09:00:00", **fields) -> dict:
    answers = {code: 4 for code in ELEMENTS}
    return {"unit_code": unit, "submitted_at": at, **answers, **fields}


def check_case_csv(unit: str = "DISDUKCAPIL") -> str:
    return csv_text([response_row(unit, **answers) for answers in check_case_answers()])


async def make_officer(unit_id: int, nip: str = NIP_ANDI, name: str = "Andi") -> int:
    officer = Officer(nip=nip, name=name, unit=unit_id, position="Petugas Loket")
    await officer.save()
    return officer.id


async def responses_in(unit_id: int) -> list[dict]:
    return await Response.select().where(Response.unit == unit_id).order_by(Response.id)


# --- responses ------------------------------------------------------------------------------


async def test_it_imports_the_check_case_to_ikm_91_48(disdukcapil):
    report = await import_csv("responses", check_case_csv())
    assert report == ImportReport(rows=29, created=29, unchanged=0)
    result = (await unit_totals(MARCH, disdukcapil["id"])).ikm()
    assert (result.ikm_display(), result.grade.letter) == ("91.48", "A")
    stored = await responses_in(disdukcapil["id"])
    assert {row["channel"] for row in stored} == {"import"}
    assert all(row["dedupe_key"] and len(row["dedupe_key"]) == 64 for row in stored)


async def test_it_reports_every_bad_row_and_imports_nothing(disdukcapil):
    rows = [
        response_row(),
        response_row(U3="5"),
        response_row(unit="NOPE"),
        response_row(at="2026-02-30"),
        response_row(),
    ]
    report = await import_csv("responses", csv_text(rows))
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "U3"),
        (4, "unit_code"),
        (5, "submitted_at"),
    ]
    assert "5" in report.errors[0].message
    assert "NOPE" in report.errors[1].message
    assert report.created == 0
    assert await Response.count() == 0
    assert await ScoreDaily.count() == 0


async def test_it_reports_several_bad_columns_of_one_row(disdukcapil):
    row = response_row(U1="0", U9="x", gender="X", age="9", education="SMK", occupation="Petani")
    report = await import_csv("responses", csv_text([row]))
    assert [e.column for e in report.errors] == [
        "U1",
        "U9",
        "gender",
        "age",
        "education",
        "occupation",
    ]
    assert {e.row for e in report.errors} == {2}


async def test_reimporting_the_same_file_changes_nothing(disdukcapil):
    text = check_case_csv()
    await import_csv("responses", text)
    before = await ScoreDaily.select().order_by(ScoreDaily.id)
    report = await import_csv("responses", text)
    assert report == ImportReport(rows=29, created=0, unchanged=29)
    assert await Response.count() == 29
    after = await ScoreDaily.select().order_by(ScoreDaily.id)
    assert [row["n"] for row in after] == [row["n"] for row in before]


async def test_a_file_growing_by_one_row_imports_only_that_row(disdukcapil):
    rows = [response_row(at=f"2026-03-{day:02d}") for day in range(1, 6)]
    await import_csv("responses", csv_text(rows))
    report = await import_csv("responses", csv_text([*rows, response_row(at="2026-03-06")]))
    assert (report.created, report.unchanged) == (1, 5)


async def test_two_identical_rows_in_one_file_are_two_respondents(disdukcapil):
    row = response_row(U3="3", comment="Antre lama")
    report = await import_csv("responses", csv_text([row, row]))
    assert report.created == 2
    assert (await unit_totals(MARCH, disdukcapil["id"])).n == 2
    assert (await import_csv("responses", csv_text([row, row]))).created == 0
    assert (await import_csv("responses", csv_text([row, row, row]))).created == 1


async def test_rows_of_another_unit_do_not_leak_into_this_unit(disdukcapil, rsud):
    rows = [response_row(**answers) for answers in check_case_answers()]
    rows.append(response_row(unit="RSUD", **{code: 1 for code in ELEMENTS}))
    await import_csv("responses", csv_text(rows))
    ours = (await unit_totals(MARCH, disdukcapil["id"])).ikm()
    theirs = (await unit_totals(MARCH, rsud["id"])).ikm()
    assert (ours.n, ours.ikm_display()) == (29, "91.48")
    assert (theirs.n, theirs.ikm_display()) == (1, "25.00")


async def test_a_blank_element_is_not_answered_but_nine_blanks_are_an_error(disdukcapil):
    partly = response_row(U4="", U8="")
    report = await import_csv("responses", csv_text([partly]))
    assert report.created == 1
    stored = (await responses_in(disdukcapil["id"]))[0]
    assert (stored["u4"], stored["u8"], stored["u1"]) == (None, None, 4)
    empty = response_row(**{code: "" for code in ELEMENTS})
    report = await import_csv("responses", csv_text([empty]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "U1")]


async def test_it_reads_naive_times_as_jakarta_and_keeps_aware_ones(disdukcapil):
    rows = [
        response_row(at="2026-03-31T23:30:00"),
        response_row(at="2026-03-31T23:30:00+00:00"),
        response_row(at="2026-03-15"),
    ]
    await import_csv("responses", csv_text(rows))
    stored = await responses_in(disdukcapil["id"])
    by_time = {row["submitted_at"].astimezone(UTC): row["local_day"] for row in stored}
    assert by_time == {
        datetime(2026, 3, 31, 16, 30, tzinfo=UTC): date(2026, 3, 31),
        datetime(2026, 3, 31, 23, 30, tzinfo=UTC): date(2026, 4, 1),
        datetime(2026, 3, 14, 17, 0, tzinfo=UTC): date(2026, 3, 15),
    }


async def test_it_rejects_a_time_in_the_future(disdukcapil):
    report = await import_csv("responses", csv_text([response_row(at="2999-01-01")]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "submitted_at")]


async def test_it_finds_service_points_and_types_by_name_within_the_row_s_unit(disdukcapil, rsud):
    loket = await make_service_point(disdukcapil["id"], "Loket 1")
    await make_service_point(rsud["id"], "Loket RSUD")
    ktp = ServiceType(unit=disdukcapil["id"], name="KTP-el")
    await ktp.save()
    good = response_row(service_point="loket 1", service_type="KTP-el")
    report = await import_csv("responses", csv_text([good]))
    assert report.created == 1
    stored = (await responses_in(disdukcapil["id"]))[0]
    assert (stored["service_point"], stored["service_type"]) == (loket["id"], ktp.id)
    elsewhere = response_row(service_point="Loket RSUD", service_type="Rawat Jalan")
    report = await import_csv("responses", csv_text([elsewhere]))
    assert [e.column for e in report.errors] == ["service_point", "service_type"]


async def test_it_attributes_a_row_to_its_officer_or_the_one_on_duty(disdukcapil):
    andi = await make_officer(disdukcapil["id"])
    rina = await make_officer(disdukcapil["id"], NIP_RINA, "Rina")
    loket = await make_service_point(disdukcapil["id"], "Loket 1")
    await DutyAssignment(
        officer=rina,
        service_point=loket["id"],
        starts_at=datetime(2026, 3, 1, tzinfo=UTC),
        ends_at=datetime(2026, 3, 20, tzinfo=UTC),
    ).save()
    rows = [
        response_row(staff_nip=f"{NIP_ANDI[:8]} {NIP_ANDI[8:]}", service_point="Loket 1"),
        response_row(service_point="Loket 1", at="2026-03-10T09:00:00"),
        response_row(service_point="Loket 1", at="2026-03-25T09:00:00"),
        response_row(staff_nip="199912312020121001"),
    ]
    report = await import_csv("responses", csv_text(rows))
    assert [(e.row, e.column) for e in report.errors] == [(5, "staff_nip")]
    await import_csv("responses", csv_text(rows[:3]))
    assert [r["officer"] for r in await responses_in(disdukcapil["id"])] == [andi, rina, None]


async def test_it_ties_forum_paper_forms_to_their_session(disdukcapil, rsud):
    session = ForumSession(unit=disdukcapil["id"], kind="musyawarah", held_on=date(2026, 3, 12))
    await session.save()
    text = csv_text([response_row(), response_row(unit="RSUD")])
    report = await import_csv("responses", text, forum_session_id=session.id)
    assert [(e.row, e.column) for e in report.errors] == [(3, "unit_code")]
    report = await import_csv("responses", csv_text([response_row()]), forum_session_id=session.id)
    assert report.created == 1
    stored = (await responses_in(disdukcapil["id"]))[0]
    assert (stored["channel"], stored["forum_session"]) == ("forum_paper", session.id)
    # The same paper form typed in as a plain import is another respondent.
    assert (await import_csv("responses", csv_text([response_row()]))).created == 1


async def test_it_reports_progress_up_to_the_total(disdukcapil):
    calls: list[tuple[int, int]] = []
    await import_csv("responses", check_case_csv(), lambda done, total: calls.append((done, total)))
    assert calls[-1] == (58, 58)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# --- file structure ---------------------------------------------------------------------------


async def test_it_rejects_missing_and_unknown_headers(disdukcapil):
    text = "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,nama\nDISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,Ani\n"
    report = await import_csv("responses", text)
    assert sorted((e.row, e.column) for e in report.errors) == [(1, "U9"), (1, "nama")]
    assert await Response.count() == 0


async def test_it_reports_rows_with_the_wrong_number_of_columns_among_the_others(disdukcapil):
    header = "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9"
    text = "\n".join(
        [
            header,
            "DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,4",
            "DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4",
            "",
            "DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,4,4",
            "DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,7",
        ]
    )
    report = await import_csv("responses", text)
    assert [(e.row, e.column) for e in report.errors] == [(3, ""), (5, ""), (6, "U9")]
    assert await Response.count() == 0


async def test_it_counts_rows_by_line_even_across_a_multiline_comment(disdukcapil):
    header = "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9,comment"
    text = "\n".join(
        [
            header,
            'DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,4,"baris satu\nbaris dua"',
            "DISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,9,",
        ]
    )
    report = await import_csv("responses", text)
    assert [(e.row, e.column) for e in report.errors] == [(4, "U9")]


async def test_it_accepts_a_byte_order_mark_and_headers_in_any_case(disdukcapil):
    text = "\ufeffUNIT_CODE,Submitted_At,u1,u2,u3,u4,u5,u6,u7,u8,u9\nDISDUKCAPIL,2026-03-10,4,4,4,4,4,4,4,4,4\r\n"
    assert (await import_csv("responses", text)).created == 1


async def test_it_rejects_an_empty_file_and_a_header_alone(db):
    for text in ("", "  \n", "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9\n"):
        report = await import_csv("responses", text)
        assert [(e.row, e.column) for e in report.errors] == [(1, "")]


# --- officer -----------------------------------------------------------------------------------


async def test_it_imports_officer_and_upserts_by_nip(disdukcapil, rsud):
    text = csv_text(
        [
            {"nip": NIP_ANDI, "name": "Andi", "unit_code": "DISDUKCAPIL", "position": "Loket"},
            {"nip": NIP_RINA, "name": "Rina", "unit_code": "DISDUKCAPIL", "position": ""},
        ]
    )
    assert await import_csv("staff", text) == ImportReport(2, created=2, unchanged=0)
    assert await import_csv("staff", text) == ImportReport(2, created=0, unchanged=2)
    moved = text.replace("Rina,DISDUKCAPIL", "Rina Marlina,RSUD")
    assert await import_csv("staff", moved) == ImportReport(2, 0, unchanged=1, updated=1)
    rina = await Officer.select().where(Officer.nip == NIP_RINA).first()
    assert (rina["name"], rina["unit"]) == ("Rina Marlina", rsud["id"])
    andi = await Officer.select().where(Officer.nip == NIP_ANDI).first()
    assert (andi["name"], andi["unit"], andi["position"]) == ("Andi", disdukcapil["id"], "Loket")


async def test_it_reports_every_bad_officer_row_and_imports_nothing(disdukcapil):
    text = csv_text(
        [
            {"nip": NIP_ANDI, "name": "Andi", "unit_code": "DISDUKCAPIL", "position": ""},
            {
                "nip": "19850310201001100",
                "name": "Pendek",
                "unit_code": "DISDUKCAPIL",
                "position": "",
            },
            {
                "nip": "198502302010011001",
                "name": "Tanggal",
                "unit_code": "DISDUKCAPIL",
                "position": "",
            },
            {"nip": NIP_RINA, "name": "", "unit_code": "NOPE", "position": ""},
            {"nip": NIP_ANDI, "name": "Andi lagi", "unit_code": "DISDUKCAPIL", "position": ""},
        ]
    )
    report = await import_csv("staff", text)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "nip"),
        (4, "nip"),
        (5, "name"),
        (5, "unit_code"),
        (6, "nip"),
    ]
    assert "18 angka" in report.errors[0].message
    assert "baris 2" in report.errors[-1].message
    assert await Officer.count() == 0


# --- trainings -------------------------------------------------------------------------------


def training_row(nip: str = NIP_ANDI, **fields) -> dict:
    row = {
        "nip": nip,
        "title": "Pelayanan Prima",
        "form": "pelatihan teknis",
        "classical": "ya",
        "competency": "teknis",
        "provider": "BPSDM",
        "start_date": "2025-02-10",
        "end_date": "2025-02-14",
        "jp": "40",
        "certificate_no": "PP/0112",
    }
    return {**row, **fields}


async def test_it_imports_trainings_once_per_officer_title_and_start(disdukcapil, rsud):
    andi = await make_officer(disdukcapil["id"])
    rina = await make_officer(rsud["id"], NIP_RINA, "Rina")
    rows = [
        training_row(),
        training_row(title="Etika", classical="tidak", competency="sosial kultural", jp="20"),
        training_row(NIP_RINA, start_date="2025-03-01", end_date="2025-03-01"),
    ]
    assert await import_csv("trainings", csv_text(rows)) == ImportReport(3, 3, 0)
    assert await import_csv("trainings", csv_text(rows)) == ImportReport(3, 0, 3)
    rows[0]["jp"] = "42"
    assert await import_csv("trainings", csv_text(rows)) == ImportReport(3, 0, 2, updated=1)
    stored = await Training.select().where(Training.officer == andi).order_by(Training.title)
    assert [(t["title"], t["classical"], t["competency"], t["jp"]) for t in stored] == [
        ("Etika", False, "sosial_kultural", 20),
        ("Pelayanan Prima", True, "teknis", 42),
    ]
    assert await Training.count().where(Training.officer == rina) == 1


async def test_it_reports_every_bad_training_row_and_imports_nothing(disdukcapil):
    await make_officer(disdukcapil["id"])
    rows = [
        training_row(),
        training_row(nip=NIP_RINA),
        training_row(title="B", classical="mungkin", competency="fisik"),
        training_row(title="C", start_date="2025-02-14", end_date="2025-02-10"),
        training_row(title="D", jp="0"),
        training_row(title="E", jp="1001", start_date="10/02/2025"),
        training_row(),
    ]
    report = await import_csv("trainings", csv_text(rows))
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "nip"),
        (4, "classical"),
        (4, "competency"),
        (5, "end_date"),
        (6, "jp"),
        (7, "start_date"),
        (7, "jp"),
        (8, "title"),
    ]
    assert await Training.count() == 0


async def test_an_unknown_forum_session_is_reported_and_nothing_imported(disdukcapil):
    report = await import_csv("responses", csv_text([response_row()]), forum_session_id=999)
    assert [(e.row, e.column) for e in report.errors] == [(1, "")]
    assert await Response.count() == 0


def test_an_error_keeps_its_message_id_and_parameters_for_translation():
    from surveys.store.imports import RowError
    from surveys.store.imports.csvfile import row_error

    error = row_error(3, "U3", "Nilai unsur harus 1, 2, 3 atau 4, bukan %(value)s.", value=5)
    assert error == RowError(3, "U3", "Nilai unsur harus 1, 2, 3 atau 4, bukan 5.")
    english = {
        "Nilai unsur harus 1, 2, 3 atau 4, bukan %(value)s.": "Must be 1 to 4, not %(value)s."
    }
    assert error.translated(english.get) == "Must be 1 to 4, not 5."
