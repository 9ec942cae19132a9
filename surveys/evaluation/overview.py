"""All events of a period side by side, one row each: Level 1 score, Level 2 gain, Level 3
completion, Level 4 change; sortable and exportable (CSV and XLSX)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from surveys.evaluation import behaviour, reactions, results
from surveys.evaluation.scores import learning_summary, rounded
from surveys.store.development_tables import EventParticipant
from surveys.training.statistics import OfficerOutcomes

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
    "ikm_participants",
    "ikm_comparisons",
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
    ikm_participants: int  # participants measured (IKM)
    ikm_comparisons: int  # comparison officers they were measured against
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
    """One row per event, its four levels read as on the event page, from a few queries for
    all the events together; Level 4 comes from the cache when its input has not changed."""
    ids = [event["id"] for event in event_list]
    people: dict[int, list[dict]] = {event_id: [] for event_id in ids}
    for row in await EventParticipant.select(
        EventParticipant.event,
        EventParticipant.attended,
        EventParticipant.pre_score,
        EventParticipant.post_score,
    ).where(EventParticipant.event.is_in(ids or [-1])):
        people[row["event"]].append(row)
    reaction = await reactions.reactions_of_events(ids)
    answers = await behaviour.answers_of_events(ids)
    impacts = await _impacts(event_list, today)
    rows = []
    for event in event_list:
        mine = people[event["id"]]
        present = sum(1 for p in mine if p["attended"])
        learning = learning_summary(
            (p["pre_score"], p["post_score"]) for p in mine if p["attended"]
        )
        summary = behaviour.behaviour_summary(answers.get(event["id"], []), present)
        ikm = impacts[event["id"]].result("IKM")
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
                reaction_n=reaction[event["id"]].n,
                reaction_mean=reaction[event["id"]].overall.mean,
                tested=learning.tested,
                normalised_gain=learning.normalised_gain.mean,
                supervisors=summary.supervisors,
                completion_percent=None
                if completion is None
                else rounded(completion * Fraction(100), 1),
                ikm_change=None if ikm.estimate is None else rounded(Fraction(ikm.estimate), 2),
                ikm_participants=impacts[event["id"]].participants,
                ikm_comparisons=impacts[event["id"]].comparisons,
                ikm_verdict=results.verdict(ikm),
            )
        )
    return rows


# Level 4 of the overview's events, by everything it is computed from: the same participants,
# colleagues, training months and citizens' monthly sums give the same result (the resampling
# is seeded), so a result is reused until any of them changes. Bounded, oldest out first.
_IMPACTS: OrderedDict[tuple, results.Impact] = OrderedDict()
CACHED_IMPACTS = 256


def forget_cached_impacts() -> None:
    _IMPACTS.clear()


def _input_key(windows: results.EventWindows, officers: list[OfficerOutcomes]) -> tuple:
    return (
        windows,
        OVERVIEW_RESAMPLES,
        tuple(
            (
                o.officer_id,
                o.unit_id,
                o.event,
                tuple(sorted(o.training_months)),
                tuple(sorted(o.monthly.items())),
            )
            for o in officers
        ),
    )


async def _impacts(event_list: list[dict], today: date) -> dict[int, results.Impact]:
    """Each event's Level 4: the data of all events in four queries, the statistics only for
    the events whose input is not in the cache, all in one worker thread."""
    found: dict[int, results.Impact] = {}
    ready = []
    for event in event_list:
        windows = results.event_windows(event["start_date"], event["end_date"])
        if today > windows.after.end:
            ready.append((event, windows))
        else:
            found[event["id"]] = results.impact_of(windows, False, [])
    hood = await results.neighbourhood([event for event, _ in ready])
    missing = []
    for event, windows in ready:
        officers = results.officers_of_event(event, windows, hood)
        key = _input_key(windows, officers)
        if key in _IMPACTS:
            _IMPACTS.move_to_end(key)
            found[event["id"]] = _IMPACTS[key]
        else:
            missing.append((event["id"], key, windows, officers))

    def compute() -> list[results.Impact]:
        return [
            results.impact_of(windows, True, officers, n_resamples=OVERVIEW_RESAMPLES)
            for _, _, windows, officers in missing
        ]

    for (event_id, key, _, _), impact in zip(
        missing, await asyncio.to_thread(compute), strict=True
    ):
        found[event_id] = _IMPACTS[key] = impact
        while len(_IMPACTS) > CACHED_IMPACTS:
            _IMPACTS.popitem(last=False)
    return found


def overview_table(rows: list[EventRow]) -> list[list[object]]:
    """The overview's rows for a spreadsheet, in the order of COLUMNS (its header)."""
    return [[getattr(row, name) for name in COLUMNS] for row in rows]
