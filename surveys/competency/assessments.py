"""Assessments of officers: recording, correcting (append-only), reading history, audited.

Assessment results are personal data: every change is audited, and so is every reading of an
officer's results through the pages (``record_access``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from surveys.competency.rules import AssessedLevel
from surveys.store.audit import Actor, record_audit
from surveys.store.db import lock_for_replace, write_transaction
from surveys.store.development_tables import Assessment, AssessmentLevel, Competency


class AssessmentRefused(ValueError):
    """A correction that cannot be recorded (wrong officer, already replaced)."""


@dataclass(frozen=True)
class AssessmentFields:
    officer: int
    assessed_on: date
    method: str
    assessor: str
    notes: str
    levels: Mapping[int, int] = field(default_factory=dict)  # competency id -> level 1..5
    replaces: int | None = None
    import_key: str | None = None


def _engine():
    return Assessment._meta.db


async def record_assessment(actor: Actor, fields: AssessmentFields) -> int:
    """Store an assessment and its levels, and audit it, in one transaction.

    An assessment states at least one level. A correction (``replaces``) must be of the
    same officer and of an assessment nobody replaced yet; otherwise ``AssessmentRefused``.
    """
    async with write_transaction(_engine()):
        await lock_for_replace(Assessment)
        return await _insert(actor, fields)


async def record_assessments(actor: Actor, many: list[AssessmentFields]) -> int:
    """Store several assessments (an import) in one transaction; how many were stored.

    Those whose import key is stored already (a concurrent import of the same file) are skipped.
    """
    async with write_transaction(_engine()):
        await lock_for_replace(Assessment)
        known = await import_key_exists([fields.import_key for fields in many if fields.import_key])
        fresh = [fields for fields in many if fields.import_key not in known]
        for fields in fresh:
            await _insert(actor, fields)
    return len(fresh)


async def _insert(actor: Actor, fields: AssessmentFields) -> int:
    if not fields.levels:
        raise AssessmentRefused("an assessment states at least one level")
    if fields.replaces is not None:
        earlier = (
            await Assessment.select(Assessment.officer)
            .where(Assessment.id == fields.replaces)
            .first()
        )
        if earlier is None or earlier["officer"] != fields.officer:
            raise AssessmentRefused("the corrected assessment is not this officer's")
        if await Assessment.exists().where(Assessment.replaces == fields.replaces):
            raise AssessmentRefused("that assessment was corrected already")
    assessment = Assessment(
        officer=fields.officer,
        assessed_on=fields.assessed_on,
        method=fields.method,
        assessor=fields.assessor,
        notes=fields.notes,
        replaces=fields.replaces,
        recorded_by=actor.id,
        import_key=fields.import_key,
    )
    await assessment.save()
    await AssessmentLevel.insert(
        *[
            AssessmentLevel(assessment=assessment.id, competency=c, level=level)
            for c, level in sorted(fields.levels.items())
        ]
    )
    await record_audit(
        actor.id,
        actor.username,
        "correct" if fields.replaces else "create",
        "assessment",
        assessment.id,
        None,
        {
            "officer": fields.officer,
            "assessed_on": fields.assessed_on,
            "method": fields.method,
            "assessor": fields.assessor,
            "replaces": fields.replaces,
            "levels": {str(c): level for c, level in sorted(fields.levels.items())},
        },
    )
    return assessment.id


async def record_access(actor: Actor, officer: int | list[int], page: str) -> None:
    """One audit entry saying who read the assessment results of an officer (or of several,
    on a unit's page or export), and where."""
    if isinstance(officer, list) and not officer:
        return
    async with write_transaction(_engine()):
        await record_audit(
            actor.id,
            actor.username,
            "view",
            "assessment",
            None,
            None,
            {"officer": officer, "page": page},
        )


async def assessment_by_id(assessment_id: int) -> dict | None:
    return await Assessment.select().where(Assessment.id == assessment_id).first()


async def assessments_of(officer_id: int) -> list[dict]:
    """An officer's assessments, newest first, each with ``levels`` {competency id: level}
    and ``replaced_by`` (the correction's id, or None)."""
    rows = await (
        Assessment.select()
        .where(Assessment.officer == officer_id)
        .order_by(Assessment.assessed_on, ascending=False)
        .order_by(Assessment.id, ascending=False)
    )
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    levels = await AssessmentLevel.select(
        AssessmentLevel.assessment, AssessmentLevel.competency, AssessmentLevel.level
    ).where(AssessmentLevel.assessment.is_in(ids))
    by_assessment: dict[int, dict[int, int]] = {}
    for level in levels:
        by_assessment.setdefault(level["assessment"], {})[level["competency"]] = level["level"]
    replaced_by = {row["replaces"]: row["id"] for row in rows if row["replaces"] is not None}
    for row in rows:
        row["levels"] = by_assessment.get(row["id"], {})
        row["replaced_by"] = replaced_by.get(row["id"])
    return rows


async def assessed_levels(officer_ids: Collection[int]) -> dict[int, list[AssessedLevel]]:
    """Every assessed level of these officers, by officer, for ``rules.current_levels``."""
    if not officer_ids:
        return {}
    rows = await AssessmentLevel.select(
        AssessmentLevel.assessment,
        AssessmentLevel.competency,
        AssessmentLevel.level,
        AssessmentLevel.assessment.officer.as_alias("officer"),
        AssessmentLevel.assessment.assessed_on.as_alias("assessed_on"),
    ).where(AssessmentLevel.assessment.officer.is_in(list(officer_ids)))
    replaces = {
        row["id"]: row["replaces"]
        for row in await Assessment.select(Assessment.id, Assessment.replaces).where(
            Assessment.officer.is_in(list(officer_ids)) & Assessment.replaces.is_not_null()
        )
    }
    history: dict[int, list[AssessedLevel]] = {officer_id: [] for officer_id in officer_ids}
    for row in rows:
        history[row["officer"]].append(
            AssessedLevel(
                row["assessment"],
                row["assessed_on"],
                row["competency"],
                row["level"],
                replaces.get(row["assessment"]),
            )
        )
    return history


async def import_key_exists(keys: Collection[str]) -> set[str]:
    if not keys:
        return set()
    rows = await Assessment.select(Assessment.import_key).where(
        Assessment.import_key.is_in(list(keys))
    )
    return {row["import_key"] for row in rows}


async def competencies(active_only: bool = True) -> list[dict]:
    """The dictionary, managerial first, then socio-cultural, then technical, by name."""
    query = Competency.select().order_by(Competency.kind).order_by(Competency.name)
    if active_only:
        query = query.where(Competency.active.eq(True))
    rows = await query
    order = {"manajerial": 0, "sosial_kultural": 1, "teknis": 2}
    return sorted(rows, key=lambda row: (order.get(row["kind"], 3), row["name"].casefold()))
