"""The demo city's competency development: technical competencies, positions and their
standards, four years of assessments (some expired, a few corrected), this year's plans with
activities planned and done, and mentoring pairs with their sessions.

Deterministic from its random stream. Written straight into the tables (the store does not
import the competency area); a done activity gets its training record, as the area does.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from surveys.store.competency_dictionary import ensure_competency_dictionary
from surveys.store.db import write_transaction
from surveys.store.development_tables import (
    Assessment,
    AssessmentLevel,
    Competency,
    DevelopmentActivity,
    DevelopmentPlan,
    MentoringPair,
    MentoringSession,
    Position,
    PositionRequirement,
)
from surveys.store.tables import Officer, Training

TECHNICAL = (
    (
        "administrasi_kependudukan",
        "Administrasi kependudukan",
        "Menerapkan aturan pendaftaran penduduk dan pencatatan sipil serta aplikasi SIAK.",
    ),
    (
        "pelayanan_kesehatan",
        "Pelayanan kesehatan",
        "Memberikan asuhan dan layanan kesehatan sesuai standar profesi dan keselamatan pasien.",
    ),
    (
        "analisis_data",
        "Analisis data pelayanan",
        "Mengolah dan membaca data layanan (antrean, waktu, kepuasan) untuk memperbaiki layanan.",
    ),
)
TECHNICAL_LEVELS = (
    "Mengenal dasar-dasarnya dan bekerja dengan bimbingan.",
    "Menjalankan tugas rutin secara mandiri.",
    "Menangani kasus yang tidak rutin dan membimbing rekan.",
    "Memperbaiki cara kerja unit dan menjadi rujukan.",
    "Menetapkan standar dan menjadi rujukan di tingkat kota.",
)
HEALTH = ("Perawat", "Bidan", "Dokter", "Medis", "Kefarmasian", "Apoteker", "Puskesmas", "Medik")
METHODS = ("assessment_center", "uji_kompetensi", "penilaian_atasan", "self_assessment")
MANAGERIAL = (
    "integritas",
    "kerja_sama",
    "komunikasi",
    "orientasi_hasil",
    "pelayanan_publik",
    "pengembangan_diri",
    "mengelola_perubahan",
    "pengambilan_keputusan",
    "perekat_bangsa",
)


def _technical_for(title: str) -> str:
    if "Kependudukan" in title or "Pencatatan" in title:
        return "administrasi_kependudukan"
    if any(word in title for word in HEALTH):
        return "pelayanan_kesehatan"
    return "analisis_data"


def _standard(title: str) -> dict[str, int]:
    """The levels a position requires: heads more, front-line officers the service basics."""
    head = title.startswith(("Kepala", "Direktur"))
    levels = {code: 3 if head else 2 for code in MANAGERIAL}
    levels |= {"integritas": 3, "komunikasi": 3, "pelayanan_publik": 3}
    if head:
        levels |= {"pengambilan_keputusan": 4, "mengelola_perubahan": 3, "pengembangan_diri": 3}
    levels[_technical_for(title)] = 3
    return levels


async def write_competency(
    rng: random.Random, today: date, knack: dict[str, float] | None = None
) -> str:
    """Everything above for the officers already stored; returns a one-line summary.

    ``knack`` (by NIP) is how much better or worse than colleagues citizens find an officer
    on U6 and U7: the assessments see the same person, so the competencies those elements
    map to (communication, public service, the technical one) follow it."""
    await ensure_competency_dictionary()
    engine = Competency._meta.db
    officers = await Officer.select(
        Officer.id, Officer.nip, Officer.name, Officer.position, Officer.unit
    ).order_by(Officer.id)
    async with write_transaction(engine):
        for code, name, description in TECHNICAL:
            if not await Competency.exists().where(Competency.code == code):
                await Competency(
                    code=code,
                    name=name,
                    kind="teknis",
                    description=description,
                    level_1=TECHNICAL_LEVELS[0],
                    level_2=TECHNICAL_LEVELS[1],
                    level_3=TECHNICAL_LEVELS[2],
                    level_4=TECHNICAL_LEVELS[3],
                    level_5=TECHNICAL_LEVELS[4],
                ).save()
        ids = {r["code"]: r["id"] for r in await Competency.select(Competency.id, Competency.code)}
        titles = sorted({o["position"] for o in officers if o["position"]})
        standards = {}
        for k, title in enumerate(titles, start=1):
            position = Position(code=f"J{k:03d}", name=title)
            await position.save()
            standards[title] = _standard(title)
            await PositionRequirement.insert(
                *[
                    PositionRequirement(position=position.id, competency=ids[c], level=level)
                    for c, level in standards[title].items()
                ]
            )
        assessed = await _assessments(rng, officers, standards, ids, today, knack or {})
        plans = await _plans(rng, officers, standards, ids, today)
        pairs = await _mentoring(rng, officers, ids, today)
    return (
        f"{len(titles)} positions, {assessed} assessments, {plans} development plans, "
        f"{pairs} mentoring pairs"
    )


# Levels per point of knack on the 1-4 scale: an officer citizens rate 0.2 lower on U7 than
# colleagues is assessed about one level lower on what U7 maps to.
KNACK_LEVELS = 5.0


async def _assessments(rng, officers, standards, ids, today, knack) -> int:
    count = 0
    for officer in officers:
        standard = standards.get(officer["position"])
        if standard is None or rng.random() < 0.12:
            continue  # not assessed yet
        # Most assessed within the three years; about one in six longer ago (expired).
        days = rng.randint(30, 1100) if rng.random() < 0.85 else rng.randint(1100, 1450)
        assessed_on = today - timedelta(days=days)
        skill = rng.gauss(0, 0.6)
        seen = KNACK_LEVELS * knack.get(officer["nip"], 0.0)
        at_counter = {"komunikasi", "pelayanan_publik", _technical_for(officer["position"])}
        levels = {
            code: max(
                1,
                min(
                    5,
                    round(
                        required
                        + skill
                        + rng.gauss(0.15, 0.6)
                        + (seen if code in at_counter else 0.0)
                    ),
                ),
            )
            for code, required in standard.items()
        }
        method = rng.choice(METHODS)
        first = Assessment(
            officer=officer["id"],
            assessed_on=assessed_on,
            method=method,
            assessor="UPT Penilaian Kompetensi BKPSDM"
            if method != "penilaian_atasan"
            else "Atasan langsung",
        )
        await first.save()
        await _levels(first.id, levels, ids)
        count += 1
        if rng.random() < 0.05:  # a typing slip corrected later the same day
            fixed = dict(levels)
            code = rng.choice(list(fixed))
            fixed[code] = max(1, min(5, fixed[code] + rng.choice((-1, 1))))
            correction = Assessment(
                officer=officer["id"],
                assessed_on=assessed_on,
                method=method,
                assessor=first.assessor,
                notes="Koreksi salah ketik level.",
                replaces=first.id,
            )
            await correction.save()
            await _levels(correction.id, fixed, ids)
            count += 1
    return count


async def _levels(assessment: int, levels: dict[str, int], ids: dict[str, int]) -> None:
    await AssessmentLevel.insert(
        *[
            AssessmentLevel(assessment=assessment, competency=ids[code], level=level)
            for code, level in levels.items()
        ]
    )


async def _plans(rng, officers, standards, ids, today) -> int:
    year, count = today.year, 0
    for officer in officers:
        standard = standards.get(officer["position"])
        if standard is None or rng.random() < 0.55:
            continue
        plan = DevelopmentPlan(officer=officer["id"], year=year, notes="")
        await plan.save()
        count += 1
        aims = rng.sample(sorted(standard), k=2)
        for k, code in enumerate(aims):
            classical = k == 0
            form = (
                (
                    "Pelatihan teknis"
                    if code in dict((t[0], 1) for t in TECHNICAL)
                    else "Pelatihan manajerial"
                )
                if classical
                else "Coaching"
            )
            jp = 24 if classical else 8
            planned_on = date(year, rng.randint(1, 12), rng.randint(1, 28))
            # Done up to the end of last month, where the demo's records end.
            done = planned_on < today.replace(day=1) and rng.random() < 0.7
            training = None
            if done:
                record = Training(
                    officer=officer["id"],
                    title=f"{form}: {code.replace('_', ' ').title()}",
                    form=form,
                    classical=classical,
                    competency="teknis" if form == "Pelatihan teknis" else "manajerial",
                    provider="BKPSDM Kota" if classical else "Atasan langsung",
                    start_date=planned_on,
                    end_date=planned_on,
                    jp=jp,
                    certificate_no="",
                )
                await record.save()
                training = record.id
            await DevelopmentActivity(
                plan=plan.id,
                title=f"{form}: {code.replace('_', ' ').title()}",
                form=form,
                classical=classical,
                competency=ids[code],
                amount=jp if classical else 6,
                jp=jp,
                provider="BKPSDM Kota" if classical else "Atasan langsung",
                planned_on=planned_on,
                status="done" if done else "planned",
                done_on=planned_on if done else None,
                training=training,
            ).save()
    return count


async def _mentoring(rng, officers, ids, today) -> int:
    by_unit: dict[int, list[dict]] = {}
    for officer in officers:
        by_unit.setdefault(officer["unit"], []).append(officer)
    count = 0
    for members in by_unit.values():
        heads = [o for o in members if o["position"].startswith(("Kepala", "Direktur"))]
        officer = [o for o in members if o not in heads]
        if not heads or len(officer) < 3:
            continue
        mentee = rng.choice(officer)
        starts_on = today.replace(day=1) - timedelta(days=rng.randint(60, 150))
        pair = MentoringPair(
            kind=rng.choice(("mentoring", "coaching")),
            mentor=heads[0]["id"],
            mentee=mentee["id"],
            competency=ids["komunikasi"],
            starts_on=starts_on,
        )
        await pair.save()
        count += 1
        day, minutes, sessions, last = starts_on, 0, [], starts_on
        while day < today - timedelta(days=7):
            session = MentoringSession(
                pair=pair.id,
                held_on=day,
                minutes=rng.choice((45, 60, 90)),
                topic=rng.choice(
                    (
                        "Menyapa dan menjelaskan persyaratan kepada warga",
                        "Menangani warga yang kecewa",
                        "Membaca hasil survei kepuasan loket",
                        "Menjelaskan penolakan berkas dengan santun",
                    )
                ),
                next_step="Praktik di loket, dibahas pada sesi berikutnya",
            )
            await session.save()
            if day.year == today.year and day < today.replace(day=1):
                minutes += session.minutes
                sessions.append(session.id)
                last = day
            day += timedelta(days=14)
        jp = round(minutes / 60 * 1.33)  # the default equivalent of an hour of mentoring
        if jp >= 1:
            form = "Coaching" if pair.kind == "coaching" else "Mentoring"
            record = Training(
                officer=mentee["id"],
                title=f"{form}: Komunikasi ({heads[0]['name']})",
                form=form,
                classical=False,
                competency="manajerial",
                provider=heads[0]["name"],
                start_date=max(starts_on, date(today.year, 1, 1)),
                end_date=last,
                jp=jp,
                certificate_no="",
            )
            await record.save()
            await MentoringSession.update({MentoringSession.training: record.id}).where(
                MentoringSession.id.is_in(sessions)
            )
    return count
