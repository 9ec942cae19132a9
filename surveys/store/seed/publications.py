"""The demo city's announcements: every finished quarter but the last is published, with
follow-up items on the lowest element of the last two, so the public side is not empty; and
a few kind comments of each unit approved for its hall display.

Written after the responses, from the same sums the dashboard reads.
"""

from __future__ import annotations

from datetime import date, timedelta

from surveys.method.periods import Period, quarter
from surveys.method.scoring import parse_weights
from surveys.store.db import write_transaction
from surveys.store.scores import element_totals_by, result_snapshot
from surveys.store.seed.calendar import Window
from surveys.store.tables import FollowUp, Publication, Response, Unit

# Days between a quarter's end and its announcement.
ANNOUNCED_AFTER = timedelta(days=10)
_ACTIONS = {
    "U1": "Memasang daftar persyaratan di setiap loket dan di situs web",
    "U2": "Menyederhanakan alur layanan dan memasang bagan alur di ruang tunggu",
    "U3": "Menambah petugas pada jam sibuk dan memasang nomor antrean elektronik",
    "U4": "Mengumumkan tarif resmi di ruang layanan dan situs web",
    "U5": "Memeriksa hasil layanan terhadap standar pelayanan sebelum diserahkan",
    "U6": "Pelatihan teknis layanan untuk petugas loket",
    "U7": "Pelatihan pelayanan prima untuk petugas garis depan",
    "U8": "Menanggapi setiap pengaduan dalam tiga hari kerja dan mengumumkan tindak lanjutnya",
    "U9": "Memperbaiki kursi ruang tunggu dan menambah kipas angin",
}


def published_quarters(window: Window, today: date) -> list[Period]:
    """Quarters wholly inside the window and announced by ``today``, except the last one
    finished: a manager still has that one to publish."""
    quarters = []
    for month in window.months:
        if month.month in (1, 4, 7, 10):
            period = quarter(month.year, (month.month - 1) // 3 + 1)
            if period.end <= window.end and period.end + ANNOUNCED_AFTER <= today:
                quarters.append(period)
    return quarters[:-1]


async def write_publications(window: Window, today: date) -> int:
    """Publish the quarters of every unit that had respondents; returns the count."""
    units = {row["id"]: row for row in await Unit.select(Unit.id, Unit.weights)}
    periods = published_quarters(window, today)
    publications: list[Publication] = []
    followups: list[FollowUp] = []
    for index, period in enumerate(periods):
        recent = index >= len(periods) - 2
        for unit_id, totals in (await element_totals_by("unit", period)).items():
            if unit_id not in units or totals.n == 0:
                continue
            result = totals.ikm(weights=parse_weights(units[unit_id]["weights"]))
            publications.append(
                Publication(
                    unit=unit_id,
                    period_start=period.start,
                    period_end=period.end,
                    channel="website",
                    published_on=period.end + ANNOUNCED_AFTER,
                    **result_snapshot(result),
                )
            )
            answered = [e for e in result.elements if e.nrr is not None]
            if recent and answered:
                lowest = min(answered, key=lambda e: (e.nrr, e.code))
                done = index < len(periods) - 1
                followups.append(
                    FollowUp(
                        unit=unit_id,
                        period_start=period.start,
                        period_end=period.end,
                        element=lowest.code,
                        problem=f"Nilai unsur {lowest.code} terendah pada periode ini",
                        action=_ACTIONS[lowest.code],
                        responsible="Sekretaris",
                        target_date=period.end + timedelta(days=90),
                        status="done" if done else "in_progress",
                        done_on=period.end + timedelta(days=60) if done else None,
                    )
                )
    async with write_transaction(Publication._meta.db):
        if publications:
            await Publication.insert(*publications)
        if followups:
            await FollowUp.insert(*followups)
    return len(publications)


# Comments per unit approved for the demo's hall displays: the newest whose every answer is high.
APPROVED_COMMENTS = 5


async def approve_kind_comments() -> int:
    """Approve each unit's newest comments from respondents who rated every element 3 or 4."""
    high = Response.comment != ""
    for i in range(1, 10):
        column = getattr(Response, f"u{i}")
        high = high & ((column >= 3) | column.is_null())
    approved: list[int] = []
    for unit in await Unit.select(Unit.id):
        rows = await (
            Response.select(Response.id)
            .where(high & (Response.unit == unit["id"]) & (Response.status == "valid"))
            .order_by(Response.submitted_at, ascending=False)
            .limit(APPROVED_COMMENTS)
        )
        approved.extend(row["id"] for row in rows)
    if approved:
        async with write_transaction(Response._meta.db):
            await Response.update({Response.comment_public: True}).where(
                Response.id.is_in(approved)
            )
    return len(approved)
