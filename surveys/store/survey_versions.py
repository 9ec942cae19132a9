"""Survey versions and their questions."""

from __future__ import annotations

from surveys.method.elements import ELEMENTS
from surveys.store.db import write_transaction
from surveys.store.tables import Question, Survey

DEFAULT_SURVEY_KEY = "skm"


async def ensure_default_survey() -> int:
    """The id of the active standard SKM survey, creating version 1 on first use."""
    survey = (
        await Survey.select(Survey.id)
        .where(
            (Survey.key == DEFAULT_SURVEY_KEY) & (Survey.unit.is_null()) & (Survey.active.eq(True))
        )
        .order_by(Survey.version, ascending=False)
        .first()
    )
    if survey:
        return survey["id"]
    async with write_transaction(Survey._meta.db):
        created = Survey(key=DEFAULT_SURVEY_KEY, version=1, title="Survei Kepuasan Masyarakat")
        await created.save()
        await Question.insert(
            *[
                Question(
                    survey=created.id,
                    code=element.code,
                    position=position,
                    kind="element",
                    text_id=element.question_id,
                    text_en=element.question_en,
                    required=True,
                )
                for position, element in enumerate(ELEMENTS, start=1)
            ]
        )
    return created.id
