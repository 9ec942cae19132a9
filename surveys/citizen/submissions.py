"""Citizen survey submissions: writing batches.

``record_submissions`` runs ``submission_steps.batch_steps`` (the decisions and the SQL)
in ONE write transaction (``run_steps``); the batching writer (surveys/store/writer.py) calls it.
"""

from __future__ import annotations

from collections.abc import Sequence

from asyncpg import UniqueViolationError

from surveys.citizen.submission_steps import (
    DEVICE_LIMIT,
    DUPLICATE,
    STORED,
    TOO_SOON,
    NoDefaultSurvey,
    Outcome,
    Submission,
    batch_steps,
)
from surveys.citizen.survey_point import PointLookup, SurveyPoint, find_survey_point
from surveys.store.responses.drivers import engine_is_sqlite, run_steps
from surveys.store.survey_versions import ensure_default_survey


async def record_submissions(batch: Sequence[Submission]) -> list[Outcome]:
    """Decide and store a batch in one write transaction; one outcome per submission."""
    try:
        return await run_steps(batch_steps(batch, engine_is_sqlite()))
    except NoDefaultSurvey:  # a fresh database: create the standard survey, then write
        await ensure_default_survey()
    except UniqueViolationError:
        # Another PostgreSQL app process stored one of these form tokens between this
        # batch's read and its write (a double tap reaching two workers; SQLite's writers
        # take turns). Nothing of the batch was written: decided again, that answer is a
        # duplicate and the rest are stored.
        pass
    return await run_steps(batch_steps(batch, engine_is_sqlite()))


__all__ = [
    "DEVICE_LIMIT",
    "DUPLICATE",
    "STORED",
    "TOO_SOON",
    "Outcome",
    "PointLookup",
    "Submission",
    "SurveyPoint",
    "find_survey_point",
    "record_submissions",
]
