"""Officers with a planted training relation, for the training analysis tests.

Triwulan I 2026 is the period. Each officer has a JP level; officers with JP took one training
that ends on 10 February 2026 (inside the period), so they are the 'trained' group of the
before/after comparison and their JP counts in the 12 months. Their U6 and U7 rise with JP, and
trained officers improve after the training; untrained colleagues stay level.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.factories import make_officer, make_responses, make_training

PERIOD = "from=2026-01-01&to=2026-03-31"
TRAINING_START, TRAINING_END = date(2026, 2, 9), date(2026, 2, 10)
JP_LEVELS = (0, 0, 0, 0, 0, 8, 16, 24, 32, 40, 48, 60)
BEFORE_DAY = date(2026, 1, 20)  # in the period and in the before window
AFTER_DAY = date(2026, 3, 2)  # in the period and in the after window


def answers_with_mean(mean: float, count: int, rest: int = 3) -> list[dict[str, int]]:
    """``count`` full answer sets whose U6 and U7 average ``mean`` (no randomness)."""
    low = int(mean)
    high_count = round((mean - low) * count)
    values = [min(4, low + 1)] * high_count + [low] * (count - high_count)
    others = {f"U{i}": rest for i in (1, 2, 3, 4, 5, 8, 9)}
    return [others | {"U6": v, "U7": v} for v in values]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, tzinfo=UTC)


async def plant_officers(
    unit_id: int, nip_prefix: str, responses: int = 30, levels: tuple[int, ...] = JP_LEVELS
) -> list[dict]:
    """One officer per JP level, each with ``responses`` responses in Triwulan I 2026 (half in
    the before window, half in the after window); higher JP, higher U6 and U7."""
    officers = []
    for i, jp in enumerate(levels):
        officer = await make_officer(
            unit_id, f"{nip_prefix}{i:04d}", f"Petugas {nip_prefix[-4:]}-{i}"
        )
        if jp:
            await make_training(officer["id"], TRAINING_START, TRAINING_END, jp)
        level = 2.4 + jp / 60
        improvement = 0.1 + jp / 200 if jp else 0.0
        half = responses // 2
        for day, mean in ((BEFORE_DAY, level), (AFTER_DAY, level + improvement)):
            await make_responses(
                unit_id, answers_with_mean(min(mean, 4.0), half), at(day), officer=officer["id"]
            )
        officers.append(officer | {"jp": jp})
    return officers
