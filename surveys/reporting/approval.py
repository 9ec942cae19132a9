"""The report's approval page (lembar pengesahan): who prepared the SKM report of a unit
for a period and who approved it, with their NIPs, positions, place and date.

Entered on the report page and stored per unit and period; the printable page, the PDF
and the .docx show it. A NIP, when given, must be a well-formed one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from surveys.method.elements import N_
from surveys.method.nip import normalise_nip, validate_nip
from surveys.method.periods import Period
from surveys.store.accounts import Account
from surveys.store.audit import audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.tables import ReportApproval

FIELDS = (
    "prepared_name",
    "prepared_nip",
    "prepared_position",
    "approved_name",
    "approved_nip",
    "approved_position",
    "place",
)


@dataclass(frozen=True)
class Approval:
    prepared_name: str = ""
    prepared_nip: str = ""
    prepared_position: str = ""
    approved_name: str = ""
    approved_nip: str = ""
    approved_position: str = ""
    place: str = ""
    signed_on: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.prepared_name or self.approved_name)


def read_approval(
    values: dict[str, str], signed_on: date | None, today: date
) -> tuple[Approval, dict[str, str]]:
    """The approval typed in a form, and per field what is wrong (message ids)."""
    cleaned = {name: (values.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    for name in ("prepared_nip", "approved_nip"):
        cleaned[name] = normalise_nip(cleaned[name])
        if cleaned[name] and (problem := validate_nip(cleaned[name], today)):
            errors[name] = problem
    for name in FIELDS:
        if name.endswith("_nip"):
            continue
        if len(cleaned[name]) > (100 if name == "place" else 200):
            errors[name] = N_("Terlalu panjang.")
    if cleaned["approved_nip"] and not cleaned["approved_name"]:
        errors["approved_name"] = N_("Isi nama pejabat yang mengesahkan.")
    if cleaned["prepared_nip"] and not cleaned["prepared_name"]:
        errors["prepared_name"] = N_("Isi nama penyusun laporan.")
    return Approval(**cleaned, signed_on=signed_on), errors


async def approval_of(unit_id: int, period: Period) -> Approval | None:
    row = await _row(unit_id, period)
    if row is None:
        return None
    return Approval(**{name: row[name] for name in FIELDS}, signed_on=row["signed_on"])


async def _row(unit_id: int, period: Period) -> dict[str, Any] | None:
    return await (
        ReportApproval.select()
        .where(
            (ReportApproval.unit == unit_id)
            & (ReportApproval.period_start == period.start)
            & (ReportApproval.period_end == period.end)
        )
        .first()
    )


async def save_approval(actor: Account, unit_id: int, period: Period, approval: Approval) -> None:
    """Store the approval of the unit's report for the period (replacing an earlier one)."""
    values = asdict(approval)
    async with write_transaction(ReportApproval._meta.db):
        before = await _row(unit_id, period)
        if before is None:
            row = ReportApproval(
                unit=unit_id,
                period_start=period.start,
                period_end=period.end,
                updated_by=actor.id,
                **values,
            )
            await row.save()
            await record_audit(
                actor.id,
                actor.username,
                "create",
                ReportApproval._meta.tablename,
                row.id,
                None,
                {"unit": unit_id, "period_start": period.start, "period_end": period.end} | values,
            )
        else:
            await audited_update(
                ReportApproval,
                before["id"],
                values | {"updated_by": actor.id},
                actor=actor,
                before=before,
                context={"unit": unit_id},
            )


@dataclass(frozen=True)
class Signatory:
    role: str  # a message id: "Disusun oleh" or "Disahkan oleh"
    position: str
    name: str
    nip: str


BLANK_NAME = "(………………………………)"
BLANK_NIP = "………………………………"
BLANK_DATE = "…………………"


def signatories(approval: Approval | None) -> tuple[Signatory, Signatory]:
    """Both signature blocks, left to right; blanks to sign by hand where nothing is entered."""
    found = approval or Approval()
    return (
        Signatory(
            N_("Disusun oleh"),
            found.prepared_position,
            found.prepared_name or BLANK_NAME,
            found.prepared_nip or BLANK_NIP,
        ),
        Signatory(
            N_("Disahkan oleh"),
            found.approved_position,
            found.approved_name or BLANK_NAME,
            found.approved_nip or BLANK_NIP,
        ),
    )
