"""Simulated officers for calibration and power checks and for benchmarks.

Honest simulation means simulating what the analysis will really meet: individual responses
nested in officers nested in units and calendar months, answers on the 1-4 scale, officers who
served very different numbers of citizens, many tied JP values, and the confounders of real data:
units that differ in their level and in how much they train (``unit_confounding``), months that
hit a whole unit (``shock_sd``), units drifting over the year while their trainings are staggered
over it (``unit_trend_sd``).

The analysed period is months 0..11 (a year); JP counts trainings in the twelve months before it;
trainings inside it are the difference in differences' events, one per trained officer, staggered
over the year. Responses are simulated from month -9 to month 14, so every event's windows exist.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from surveys.method.scoring import ELEMENT_CODES
from surveys.training.statistics.model import JP_THRESHOLD, OfficerOutcomes

_U6, _U7 = ELEMENT_CODES.index("U6"), ELEMENT_CODES.index("U7")
_OFFICER_ELEMENTS = np.isin(np.array(ELEMENT_CODES), ["U6", "U7"])
_BASE = 0.8  # most answers are 3 or 4, as in real SKM data
_CUTS = np.array([-1.2, -0.2, 1.0])  # latent thresholds between the answers 1|2, 2|3, 3|4
_OFFICER_SD = 0.5  # officer skill, in the latent scale of a single answer
_UNIT_SD = 0.4
_HALO_SD = 0.5  # a respondent's overall mood, shared by their nine answers
_NOISE_SD = 0.8
_KINDS = ("teknis", "manajerial", "sosial_kultural")
FIRST_MONTH, LAST_MONTH = -9, 14
PERIOD_MONTHS = range(0, 12)


@dataclass(frozen=True)
class Simulated:
    officers: list[OfficerOutcomes]
    # The effect the trained officers really had on their U6 after training, on the 1-4 scale:
    # their mean answer with the gain minus the same answers without it (same respondents).
    true_did_u6: float
    # Each officer's unit level on the latent scale (what only an oracle would know), and the
    # mean U6 gain on the 1-4 scale of the officers with >= 20 JP (same respondents, as above).
    unit_level: np.ndarray | None = None
    true_jp_u6: float = 0.0


def simulate_officers(
    n_officers: int, effect: float = 0.0, seed: int = 0, **settings: Any
) -> list[OfficerOutcomes]:
    """n_officers simulated officers; see ``simulate`` for the settings."""
    return simulate(n_officers, effect, seed, **settings).officers


def simulate(
    n_officers: int,
    effect: float = 0.0,
    seed: int = 0,
    *,
    did_effect: float | None = None,
    officers_per_unit: int = 10,
    mean_responses: float = 40.0,
    unit_confounding: float = 0.0,
    shock_sd: float = 0.0,
    unit_trend_sd: float = 0.0,
    jp_gain: float = 0.0,
    even_responses: bool = False,
) -> Simulated:
    """Simulated officers and the true training effect behind them.

    effect: the correlation, inside a unit, between an officer's JP and their latent service
    skill (which drives U6 and U7, and through them 2/9 of the IKM). 0: unrelated.
    jp_gain: a latent gain of officers with at least 20 JP on U6 and U7.
    did_effect (default: effect): the latent gain on U6 and U7 of officers trained in the period,
    from the month after their training ends, in standard deviations of officer skill.
    mean_responses: responses per officer over the twelve months of the period, on average.
    unit_confounding: how strongly a unit's level follows its officers' JP and its share of
    trained officers (negative: the better-trained units are the less satisfied ones).
    shock_sd: the spread of shocks hitting one unit in one month.
    unit_trend_sd: the spread of units' drift per month; units with more trainings drift up.
    even_responses: every officer serves about mean_responses citizens (Poisson); otherwise
    some serve a handful and some hundreds.
    """
    if not -1 <= effect <= 1:
        raise ValueError("effect is a correlation: it must lie in [-1, 1]")
    did_effect = effect if did_effect is None else did_effect
    drawn = _draw(
        n_officers,
        effect,
        seed,
        officers_per_unit=officers_per_unit,
        mean_responses=mean_responses,
        unit_confounding=unit_confounding,
        shock_sd=shock_sd,
        unit_trend_sd=unit_trend_sd,
        jp_gain=jp_gain,
        even_responses=even_responses,
    )
    rng, unit, jp, unit_level = drawn.rng, drawn.unit, drawn.jp, drawn.unit_level
    trained, start, end, months = drawn.trained, drawn.start, drawn.end, drawn.months
    counts, officer, month_index = drawn.counts, drawn.officer, drawn.month_index
    after, latent = drawn.after, drawn.latent
    without = 1 + (latent[:, :, None] > _CUTS).sum(axis=2)
    gain = _OFFICER_SD * did_effect * np.outer(after, _OFFICER_ELEMENTS)
    answers = 1 + ((latent + gain)[:, :, None] > _CUTS).sum(axis=2)
    true_did = float((answers[after, _U6] - without[after, _U6]).mean()) if after.any() else 0.0
    high = (jp >= JP_THRESHOLD)[officer]
    plain = latent - jp_gain * np.outer(jp >= JP_THRESHOLD, _OFFICER_ELEMENTS)[officer]
    without_jp = 1 + ((plain + gain)[:, _U6, None] > _CUTS).sum(axis=1)
    true_jp = float((answers[high, _U6] - without_jp[high]).mean()) if high.any() else 0.0

    cell = officer * len(months) + month_index

    def per_cell(values: np.ndarray) -> np.ndarray:
        return np.bincount(cell, weights=values, minlength=n_officers * len(months)).reshape(
            n_officers, len(months)
        )

    n_cell = counts.astype(np.float64)
    sums = np.stack(
        [
            per_cell(answers[:, _U6]),
            n_cell,
            per_cell(answers[:, _U7]),
            n_cell,
            per_cell(answers.sum(axis=1)),
            9 * n_cell,
        ],
        axis=-1,
    ).astype(np.int64)
    in_period = (months >= PERIOD_MONTHS.start) & (months < PERIOD_MONTHS.stop)
    period_sums = sums[:, in_period].sum(axis=1)
    trainings = np.ceil(jp / 12).astype(int)
    officers = []
    for i in range(n_officers):
        by_kind = rng.multinomial(trainings[i], [0.6, 0.3, 0.1])
        served = int(period_sums[i, 1])
        monthly = {
            int(m): tuple(int(v) for v in sums[i, k]) for k, m in enumerate(months) if counts[i, k]
        }
        event = (int(start[i]), int(end[i])) if trained[i] else None
        officers.append(
            OfficerOutcomes(
                officer_id=i + 1,
                unit_id=int(unit[i]) + 1,
                responses=served,
                mean_u6=_ratio(period_sums[i, 0], served),
                mean_u7=_ratio(period_sums[i, 2], served),
                ikm=_ratio(25 * period_sums[i, 4], period_sums[i, 5]),
                jp_12m=int(jp[i]),
                trainings_by_kind={k: int(c) for k, c in zip(_KINDS, by_kind, strict=True) if c},
                days_since_last=None if jp[i] == 0 else int(rng.integers(1, 366)),
                event=event,
                training_months=frozenset(range(event[0], event[1] + 1)) if event else frozenset(),
                monthly=monthly,  # type: ignore[arg-type]
            )
        )
    return Simulated(officers, true_did, unit_level[unit], true_jp)


def u6_gains(
    n_officers: int, seeds: Sequence[int] = (0,), **settings: Any
) -> Callable[[float, float], U6Gains]:
    """The realised U6 gains of planted latent shifts, measured on data sets simulated with
    these ``settings`` (as ``simulate``'s; its gains ignored), one per seed, pooled: a function
    of the latent shift of officers with >= 20 JP (``jp_gain``) and of trained officers after
    their training (on the latent scale: ``did_effect`` x _OFFICER_SD) returning their mean gain
    on the 1-4 scale over the U6 answers that receive each, as ``simulate`` measures
    ``true_jp_u6`` and ``true_did_u6``. The data sets are drawn once: the function only counts
    the latent answers that a shift carries over a cut point."""
    settings = {key: value for key, value in settings.items() if key not in _GAINS}
    effect = settings.pop("effect", 0.0)
    # U6's latent answers without either gain, apart by who receives which: both (>= 20 JP,
    # after their training), the 20 JP gain only, the training's only.
    both, jp_only, did_only = [], [], []
    for seed in seeds:
        drawn = _draw(n_officers, effect, seed, **settings)
        latent = drawn.latent[:, _U6]
        high, after = (drawn.jp >= JP_THRESHOLD)[drawn.officer], drawn.after
        both.append(latent[high & after])
        jp_only.append(latent[high & ~after])
        did_only.append(latent[after & ~high])
    groups = [np.sort(np.concatenate(values)) for values in (both, jp_only, did_only)]
    both_, jp_only_, did_only_ = groups

    def moved(values: np.ndarray, offset: float, shift: float) -> int:
        # Answers that cross a cut c: c - shift < value + offset <= c.
        upper = np.searchsorted(values, _CUTS - offset, side="right")
        lower = np.searchsorted(values, _CUTS - offset - shift, side="right")
        return int((upper - lower).sum())

    def gains(jp_shift: float, did_shift: float) -> U6Gains:
        jp = moved(both_, did_shift, jp_shift) + moved(jp_only_, 0.0, jp_shift)
        did = moved(both_, jp_shift, did_shift) + moved(did_only_, 0.0, did_shift)
        return U6Gains(
            jp=jp / max(1, len(both_) + len(jp_only_)),
            did=did / max(1, len(both_) + len(did_only_)),
        )

    return gains


@dataclass(frozen=True)
class U6Gains:
    jp: float  # officers with >= 20 JP, all their U6 answers
    did: float  # trained officers, their U6 answers after the training


_GAINS = ("jp_gain", "did_effect")


@dataclass(frozen=True)
class _Drawn:
    """Everything ``simulate`` draws before the training gain: the generator (to draw the rest
    in the same order), per officer their unit, JP, training event and responses' months, and
    per response its latent answers to the nine elements (with the >= 20 JP gain, without the
    gain after training)."""

    rng: np.random.Generator
    unit: np.ndarray
    jp: np.ndarray
    unit_level: np.ndarray
    trained: np.ndarray
    start: np.ndarray
    end: np.ndarray
    months: np.ndarray
    counts: np.ndarray
    officer: np.ndarray
    month_index: np.ndarray
    after: np.ndarray
    latent: np.ndarray


def _draw(
    n_officers: int,
    effect: float,
    seed: int,
    *,
    officers_per_unit: int = 10,
    mean_responses: float = 40.0,
    unit_confounding: float = 0.0,
    shock_sd: float = 0.0,
    unit_trend_sd: float = 0.0,
    jp_gain: float = 0.0,
    even_responses: bool = False,
) -> _Drawn:
    rng = np.random.default_rng(seed)
    n_units = max(1, math.ceil(n_officers / officers_per_unit))
    unit = np.arange(n_officers) % n_units

    # Units train differently: some send most officers, some few.
    unit_training = rng.normal(0, 1, n_units)
    jp_scale = np.exp(0.5 * unit_training)[unit]
    # JP: a fifth with none, the rest skewed around 20 JP, whole numbers so ties abound.
    jp = np.where(
        rng.random(n_officers) < 0.2, 0, np.ceil(jp_scale * rng.gamma(2.0, 10.0, n_officers))
    )
    jp_z = _within_unit_z(jp, unit, n_units)
    skill = effect * jp_z + math.sqrt(1 - effect**2) * rng.standard_normal(n_officers)
    skill = skill + jp_gain / _OFFICER_SD * (jp >= JP_THRESHOLD)
    unit_level = rng.normal(0, _UNIT_SD, n_units) + unit_confounding * unit_training

    share = 1 / (1 + np.exp(-unit_training))  # units that train more also train in the period
    trained = rng.random(n_officers) < 0.8 * share[unit]
    start = rng.integers(1, 11, n_officers)
    end = start + (rng.random(n_officers) < 0.3)
    months = np.arange(FIRST_MONTH, LAST_MONTH + 1)
    trend = rng.normal(0, unit_trend_sd, n_units) + unit_trend_sd * unit_training
    shock = rng.normal(0, shock_sd, (n_units, len(months)))
    unit_month = unit_level[:, None] + trend[:, None] * months[None, :] + shock

    # Overdispersed: some officers serve a handful of citizens a year, some hundreds.
    busy = np.ones(n_officers) if even_responses else rng.gamma(3.0, 1 / 3.0, n_officers)
    counts = rng.poisson(busy[:, None] * mean_responses / 12, (n_officers, len(months)))
    officer = np.repeat(np.arange(n_officers), counts.sum(axis=1))
    month_index = np.concatenate([np.repeat(np.arange(len(months)), row) for row in counts])
    after = trained[officer] & (months[month_index] > end[officer])
    latent = (
        _BASE
        + unit_month[unit[officer], month_index][:, None]
        + _OFFICER_SD * np.outer(skill[officer], _OFFICER_ELEMENTS)
        + rng.normal(0, _HALO_SD, (len(officer), 1))
        + rng.normal(0, _NOISE_SD, (len(officer), len(ELEMENT_CODES)))
    )
    return _Drawn(
        rng,
        unit,
        jp,
        unit_level,
        trained,
        start,
        end,
        months,
        counts,
        officer,
        month_index,
        after,
        latent,
    )


def _within_unit_z(values: np.ndarray, unit: np.ndarray, n_units: int) -> np.ndarray:
    """Values standardised inside their unit (0 where a unit has no spread)."""
    count = np.bincount(unit, minlength=n_units)
    mean = np.bincount(unit, weights=values, minlength=n_units) / np.maximum(count, 1)
    centred = values - mean[unit]
    squares = np.bincount(unit, weights=centred**2, minlength=n_units)
    spread = np.sqrt(squares / np.maximum(count, 1))
    return np.where(spread[unit] > 0, centred / np.where(spread[unit] > 0, spread[unit], 1), 0.0)


def _ratio(total: float, count: float) -> float | None:
    return float(total / count) if count else None
