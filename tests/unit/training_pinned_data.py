"""A seeded data set for pinning the training statistics' numbers, independent of the
simulation module (whose model may change): units of uneven size, whole-number JP with many ties,
a unit where every officer has the same JP, missing IKM, staggered trainings with monthly sums."""

from __future__ import annotations

import numpy as np

from surveys.training.statistics import OfficerOutcomes, month_number

FIRST = month_number(2025, 7)
LAST = month_number(2026, 12)


def pinned_officers(seed: int = 20261204, n_units: int = 60) -> list[OfficerOutcomes]:
    rng = np.random.default_rng(seed)
    officers: list[OfficerOutcomes] = []
    months = np.arange(FIRST, LAST + 1)
    period = months >= month_number(2026, 1)
    for unit in range(1, n_units + 1):
        size = int(rng.integers(3, 16))
        level = rng.normal(0, 0.3)
        same_jp = unit % 17 == 0
        for _ in range(size):
            jp = 24 if same_jp else int(rng.choice([0, 0, 4, 8, 16, 20, 24, 32, 40]))
            skill = level + 0.002 * jp + rng.normal(0, 0.3)
            trained = rng.random() < 0.4
            start = month_number(2026, int(rng.integers(1, 11)))
            end = start + int(rng.random() < 0.3)
            counts = rng.poisson(rng.gamma(2.0, 2.0), len(months))
            monthly = {}
            for k, month in enumerate(months):
                n = int(counts[k])
                if not n:
                    continue
                gain = 0.04 if trained and month > end else 0.0
                answers = np.clip(
                    np.rint(3 + skill + gain + rng.normal(0, 0.8, (n, 9))), 1, 4
                ).astype(int)
                monthly[int(month)] = (
                    int(answers[:, 5].sum()),
                    n,
                    int(answers[:, 6].sum()),
                    n,
                    int(answers.sum()),
                    9 * n,
                )
            kept = [monthly[int(m)] for m in months[period] if int(m) in monthly]
            totals = [sum(sums[i] for sums in kept) for i in range(6)]
            served = totals[1]
            with_ikm = bool(kept) and rng.random() > 0.05
            officers.append(
                OfficerOutcomes(
                    officer_id=len(officers) + 1,
                    unit_id=unit,
                    responses=served,
                    mean_u6=totals[0] / totals[1] if kept else None,
                    mean_u7=totals[2] / totals[3] if kept else None,
                    ikm=25 * totals[4] / totals[5] if with_ikm else None,
                    jp_12m=jp,
                    event=(start, end) if trained else None,
                    training_months=frozenset(range(start, end + 1)) if trained else frozenset(),
                    monthly=monthly,
                )
            )
    return officers
