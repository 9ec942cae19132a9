"""All events of a period side by side, one row each: Level 1 score, Level 2 gain, Level 3
completion, Level 4 change; sortable and exportable (CSV and XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from surveys.evaluation import behaviour, events, reactions, results
from surveys.evaluation.scores import learning_summary, rounded
from surveys.store.spreadsheet import csv_lines

# Fewer resamples than the event page: a period may hold dozens of events.
OVERVIEW_RESAMPLES = 199
SORT_KEYS = ("date", "reaction", "gain", "completion", "change")
COLUMNS = (
    "title",
    "provider",
    "start_date",
    "end_date",
    "jp",
    "present",
    "reaction_n",
    "reaction_mean",
    "tested",
    "normalised_gain",
    "supervisors",
    "completion_percent",
    "ikm_change",
    "ikm_verdict",
)


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    provider: str
    start_date: date
    end_date: date
    jp: int
    present: int
    reaction_n: int
    reaction_mean: Decimal | None
    tested: int
    normalised_gain: Decimal | None
    supervisors: int
    completion_percent: Decimal | None
    ikm_change: Decimal | None
    ikm_verdict: str | None  # None: not ready or below the minimum sample

    def value(self, key: str) -> object:
        return {
            "date": self.end_date,
            "reaction": self.reaction_mean,
            "gain": self.normalised_gain,
            "completion": self.completion_percent,
            "change": self.ikm_change,
        }[key]


def sorted_rows(rows: list[EventRow], key: str, descending: bool = True) -> list[EventRow]:
    """Rows by ``key`` (one of SORT_KEYS); rows without a value always come last."""
    if key not in SORT_KEYS:
        key = "date"
    known = [row for row in rows if row.value(key) is not None]
    missing = [row for row in rows if row.value(key) is None]
    known.sort(key=lambda row: row.value(key), reverse=descending)  # type: ignore[arg-type, return-value]
    return known + missing


async def event_rows(event_list: list[dict], today: date) -> list[EventRow]:
    """One row per event, its four levels read as on the event page."""
    rows = []
    for event in event_list:
        people = await events.participants(event["id"])
        present = sum(1 for p in people if p["attended"])
        reaction = await reactions.event_reactions(event["id"])
        learning = learning_summary((p["pre_score"], p["post_score"]) for p in people)
        answers = await behaviour.answers_of_event(event["id"])
        summary = behaviour.behaviour_summary(answers, present)
        impact = await results.event_impact(event, today, n_resamples=OVERVIEW_RESAMPLES)
        ikm = impact.result("IKM")
        completion = summary.completion
        rows.append(
            EventRow(
                id=event["id"],
                title=event["title"],
                provider=event["provider"],
                start_date=event["start_date"],
                end_date=event["end_date"],
                jp=event["jp"],
                present=present,
                reaction_n=reaction.n,
                reaction_mean=reaction.overall.mean,
                tested=learning.tested,
                normalised_gain=learning.normalised_gain.mean,
                supervisors=summary.supervisors,
                completion_percent=None
                if completion is None
                else rounded(completion * Fraction(100), 1),
                ikm_change=None if ikm.estimate is None else rounded(Fraction(ikm.estimate), 2),
                ikm_verdict=results.verdict(ikm),
            )
        )
    return rows


def overview_csv(rows: list[EventRow]) -> str:
    """The overview as CSV text with a BOM for Excel; column names as COLUMNS."""
    lines = [COLUMNS, *([getattr(row, name) for name in COLUMNS] for row in rows)]
    return "\ufeff" + csv_lines([[_cell(value) for value in line] for line in lines])


def overview_xlsx(rows: list[EventRow]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "kegiatan"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_xlsx_cell(getattr(row, name)) for name in COLUMNS])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _xlsx_cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return value
