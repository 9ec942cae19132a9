"""Publishing a unit's result for a period, and what the public page may show.

A publication stores a snapshot (n, IKM, per-element NRR) taken when it is recorded, so
the public page shows what was announced. Only recorded publications dated today or
earlier are ever public.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from surveys.method.elements import N_
from surveys.method.periods import Period
from surveys.method.scoring import IkmResult, parse_weights
from surveys.store.accounts import Account
from surveys.store.audit import audited_delete, record_audit
from surveys.store.db import write_transaction
from surveys.store.scores import result_snapshot, unit_totals
from surveys.store.tables import Publication

TABLE = "publication"
CHANNELS = ("website", "papan_pengumuman", "media_sosial", "media_cetak", "lainnya")
CHANNEL_LABELS = {
    "website": N_("Situs web"),
    "papan_pengumuman": N_("Papan pengumuman"),
    "media_sosial": N_("Media sosial"),
    "media_cetak": N_("Media cetak"),
    "lainnya": N_("Lainnya"),
}


@dataclass(frozen=True)
class PublicationFields:
    period_start: date
    period_end: date
    channel: str
    url: str
    published_on: date


async def current_result(unit: dict, period: Period, default_minimum: int) -> IkmResult:
    """The unit's IKM for the period now, as the API computes it."""
    totals = await unit_totals(period, unit["id"])
    return totals.ikm(
        minimum_n=unit["minimum_responses"] or default_minimum,
        weights=parse_weights(unit["weights"]),
    )


async def publish(actor: Account, unit: dict, fields: PublicationFields, result: IkmResult) -> int:
    """Record the publication with the snapshot of ``result`` (from ``current_result``)."""
    taken = result_snapshot(result)
    async with write_transaction(Publication._meta.db):
        row = Publication(unit=unit["id"], created_by=actor.id, **asdict(fields), **taken)
        await row.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            TABLE,
            row.id,
            None,
            {"unit": unit["id"], **asdict(fields), **taken},
        )
    return row.id


async def publications_of_unit(unit_id: int) -> list[dict]:
    """Every publication of the unit, newest period first."""
    return (
        await Publication.select()
        .where(Publication.unit == unit_id)
        .order_by(Publication.period_end, ascending=False)
        .order_by(Publication.published_on, ascending=False)
        .order_by(Publication.id, ascending=False)
        .output(load_json=True)
    )


async def publication_of_unit(unit_id: int, publication_id: int) -> dict | None:
    return (
        await Publication.select()
        .where((Publication.id == publication_id) & (Publication.unit == unit_id))
        .first()
        .output(load_json=True)
    )


async def retract_publication(actor: Account, publication_id: int) -> None:
    async with write_transaction(Publication._meta.db):
        await audited_delete(Publication, publication_id, actor=actor)


async def latest_public_result(unit_id: int, today: date) -> tuple[dict, list[dict]] | None:
    """The newest published period's latest announcement, and all its channels so far."""
    visible = (Publication.unit == unit_id) & (Publication.published_on <= today)
    latest = (
        await Publication.select()
        .where(visible)
        .order_by(Publication.period_end, ascending=False)
        .order_by(Publication.period_start, ascending=False)
        .order_by(Publication.published_on, ascending=False)
        .order_by(Publication.id, ascending=False)
        .first()
        .output(load_json=True)
    )
    if latest is None:
        return None
    channels = (
        await Publication.select(Publication.channel, Publication.url, Publication.published_on)
        .where(
            visible
            & (Publication.period_start == latest["period_start"])
            & (Publication.period_end == latest["period_end"])
        )
        .order_by(Publication.published_on)
        .order_by(Publication.id)
    )
    return latest, channels
