"""The training analysis in plain words, for managers who are not statisticians.

Both languages are written here rather than in the gettext catalogs: each paragraph is assembled
from numbers, directions and size words whose order and grammar differ between Bahasa Indonesia
and English, so per-sentence message ids would either fragment the sentences beyond translation
or duplicate every combination. Bahasa Indonesia comes first, as everywhere in Suara.
"""

from __future__ import annotations

from typing import Literal

from surveys.training.statistics.model import (
    DID_TRAINING,
    JP_THRESHOLD,
    MANNWHITNEY_20JP,
    MIN_OFFICERS_PER_GROUP,
    MIN_OFFICERS_TOTAL,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_UNSTABLE_INTERVAL,
    OUTCOMES,
    SPEARMAN_JP,
    TestResult,
    TrainingAnalysis,
)

Language = Literal["id", "en"]

# Conventional cut-offs (Cohen): correlations 0.1 / 0.3 / 0.5, standardized differences 0.2 / 0.5 /
# 0.8. Below the first, the effect is too small to matter in practice.
_CORRELATION_CUTS = (0.1, 0.3, 0.5)
_COHEN_D_CUTS = (0.2, 0.5, 0.8)

_TEXT: dict[str, dict[str, str]] = {
    "id": {
        "no_data": "Belum ada data petugas untuk periode dan cakupan ini, jadi belum ada yang "
        "dapat dianalisis.",
        "scope": "Analisis ini memakai {included} dari {total} petugas. Setiap petugas dihitung "
        "satu kali, dengan rata-rata nilai dari warga yang dilayaninya, berapa pun jumlah "
        "respondennya: satuan analisisnya petugas, bukan jawaban satu per satu.",
        "below_min": "{count} petugas tidak diikutkan karena melayani kurang dari {minimum} "
        "responden dalam periode ini; rata-rata mereka terlalu mudah berubah karena kebetulan.",
        "missing": "Untuk {outcome}, {count} petugas lagi tidak memiliki nilai.",
        "spearman_up": "{outcome}: petugas dengan lebih banyak JP pelatihan dalam 12 bulan "
        "terakhir cenderung mendapat nilai lebih tinggi. Hubungannya {size} ({stats}).",
        "spearman_down": "{outcome}: petugas dengan lebih banyak JP pelatihan dalam 12 bulan "
        "terakhir cenderung mendapat nilai lebih rendah. Hubungannya {size} ({stats}).",
        "spearman_none": "{outcome}: hampir tidak ada hubungan antara JP pelatihan dalam 12 bulan "
        "terakhir dan nilai petugas ({stats}).",
        "spearman_stats": "{n} petugas; korelasi Spearman {estimate}{interval}",
        "mannwhitney_up": "Petugas dengan sedikitnya {threshold} JP ({high} orang) lebih sering "
        "mendapat nilai lebih tinggi daripada petugas dengan kurang dari {threshold} JP ({low} "
        "orang); perbedaannya {size} ({stats}).",
        "mannwhitney_down": "Petugas dengan sedikitnya {threshold} JP ({high} orang) lebih sering "
        "mendapat nilai lebih rendah daripada petugas dengan kurang dari {threshold} JP ({low} "
        "orang); perbedaannya {size} ({stats}).",
        "mannwhitney_none": "Petugas dengan sedikitnya {threshold} JP ({high} orang) dan petugas "
        "dengan kurang dari {threshold} JP ({low} orang) mendapat nilai yang hampir sama "
        "({stats}).",
        "mannwhitney_stats": "korelasi rank-biserial {estimate}{interval}",
        "did_up": "Petugas yang mengikuti pelatihan di antara periode sebelum dan sesudah "
        "({trained} orang) nilainya berubah lebih baik daripada rekan satu unit yang tidak "
        "berlatih ({untrained} orang); perbedaannya {size} ({stats}).",
        "did_down": "Petugas yang mengikuti pelatihan di antara periode sebelum dan sesudah "
        "({trained} orang) nilainya berubah kurang baik daripada "
        "rekan satu unit yang tidak berlatih ({untrained} orang); perbedaannya {size} "
        "({stats}).",
        "did_none": "Petugas yang mengikuti pelatihan di antara periode sebelum dan sesudah "
        "({trained} orang) berubah hampir sama dengan rekan satu unit yang tidak berlatih "
        "({untrained} orang) ({stats}).",
        "did_stats": "selisih perubahan {estimate} {unit}{interval}",
        "did_scope": "Perbandingan sebelum dan sesudah pelatihan hanya memakai petugas yang "
        "memiliki nilai di kedua periode dan yang unitnya memiliki petugas yang berlatih dan yang "
        "tidak: {included} petugas{outcome}; {missing} tidak memiliki nilai di salah satu periode "
        "dan {no_comparison} bertugas di unit tanpa pembanding.",
        "for_outcome": " untuk {outcome}",
        "interval": "; interval kepercayaan {level}%: {low} sampai {high}",
        "unit_points": "poin pada skala 1-4",
        "ikm_points": "poin IKM",
        "sure": "Temuan ini cukup meyakinkan: pola seperti ini jarang muncul hanya karena "
        "kebetulan (q = {q}).",
        "unsure": "Temuan ini belum meyakinkan: pola seperti ini dapat muncul hanya karena "
        "kebetulan (q = {q}).",
        "not_run": "{what} tidak dihitung: {reason}.",
        "what_spearman_jp": "{outcome}: hubungan dengan JP pelatihan",
        "what_mannwhitney_20jp": "{outcome}: perbandingan {threshold} JP ke atas dengan di bawah "
        "{threshold} JP",
        "what_did_training": "{outcome}: perbandingan sebelum dan sesudah pelatihan",
        "too_few_officers": "terlalu sedikit petugas ({n}; perlu sedikitnya {minimum})",
        "too_few_in_group": "salah satu kelompok terlalu kecil ({a} dan {b} petugas; perlu "
        "sedikitnya {minimum} per kelompok)",
        "no_jp_variation": "semua petugas memiliki JP pelatihan yang sama, jadi tidak ada yang "
        "dapat dibandingkan",
        "no_outcome_variation": "semua petugas memiliki nilai yang sama",
        "no_comparable_units": "tidak ada unit yang memiliki petugas yang berlatih dan yang tidak "
        "berlatih di antara kedua periode",
        "unstable_interval": "Interval kepercayaannya tidak dapat dihitung dengan andal.",
        "caveat_causation": "Yang perlu diingat: hubungan bukan sebab-akibat. Petugas yang lebih "
        "banyak berlatih mungkin juga lebih berpengalaman, bertugas di loket yang lebih mudah, "
        "atau dipilih untuk pelatihan karena alasan lain. Perbandingan sebelum dan sesudah dalam "
        "unit yang sama menyingkirkan perubahan yang mengenai seluruh unit, tetapi pelatihan "
        "tidak diberikan secara acak.",
        "caveat_chance": "Nilai q adalah nilai p yang sudah dikoreksi karena {tests} uji dilakukan "
        "sekaligus; q sampai {alpha} dianggap meyakinkan. Temuan yang belum meyakinkan tidak "
        "berarti pelatihan tidak berpengaruh: dengan sedikit petugas, hanya perbedaan yang besar "
        "yang dapat terlihat.",
        "caveat_small": "Jumlah petugas di sini kecil ({n}), jadi angka-angka di atas masih dapat "
        "berubah banyak dari periode ke periode.",
    },
    "en": {
        "no_data": "There are no officers' data for this period and scope yet, so there is nothing "
        "to analyse.",
        "scope": "This analysis uses {included} of {total} officers. Each officer counts once, "
        "with the mean of the scores given by the citizens they served, however many responded: "
        "the unit of analysis is the officer, not the single answer.",
        "below_min": "{count} officers were left out because they served fewer than {minimum} "
        "respondents in this period; their means move too much by chance.",
        "missing": "For {outcome}, another {count} officers have no score.",
        "spearman_up": "{outcome}: officers with more training hours (JP) in the last 12 months "
        "tend to score higher. The association is {size} ({stats}).",
        "spearman_down": "{outcome}: officers with more training hours (JP) in the last 12 months "
        "tend to score lower. The association is {size} ({stats}).",
        "spearman_none": "{outcome}: there is almost no association between training hours (JP) "
        "in the last 12 months and officers' scores ({stats}).",
        "spearman_stats": "{n} officers; Spearman correlation {estimate}{interval}",
        "mannwhitney_up": "Officers with at least {threshold} JP ({high}) more often score higher "
        "than officers with fewer than {threshold} JP ({low}); the difference is {size} ({stats}).",
        "mannwhitney_down": "Officers with at least {threshold} JP ({high}) more often score lower "
        "than officers with fewer than {threshold} JP ({low}); the difference is {size} ({stats}).",
        "mannwhitney_none": "Officers with at least {threshold} JP ({high}) and officers with "
        "fewer than {threshold} JP ({low}) score almost the same ({stats}).",
        "mannwhitney_stats": "rank-biserial correlation {estimate}{interval}",
        "did_up": "Officers trained between the before and after windows ({trained}) saw their "
        "scores change more favourably than untrained colleagues in the same unit "
        "({untrained}); the difference is {size} ({stats}).",
        "did_down": "Officers trained between the before and after windows ({trained}) saw their "
        "scores change less favourably than untrained colleagues in the same unit "
        "({untrained}); the difference is {size} ({stats}).",
        "did_none": "Officers trained between the before and after windows ({trained}) changed "
        "almost as much as untrained colleagues in the same unit ({untrained}) ({stats}).",
        "did_stats": "difference in changes {estimate} {unit}{interval}",
        "did_scope": "The before and after comparison uses only officers with a score in both "
        "windows whose unit has both trained and untrained officers: {included} officers"
        "{outcome}; {missing} had no score in one of the windows and {no_comparison} work in a "
        "unit with no one to compare with.",
        "for_outcome": " for {outcome}",
        "interval": "; {level}% confidence interval {low} to {high}",
        "unit_points": "points on the 1-4 scale",
        "ikm_points": "IKM points",
        "sure": "This finding is fairly certain: a pattern like this rarely arises by chance "
        "alone (q = {q}).",
        "unsure": "This finding is not certain: a pattern like this can arise by chance alone "
        "(q = {q}).",
        "not_run": "{what} was not computed: {reason}.",
        "what_spearman_jp": "{outcome}: association with training hours",
        "what_mannwhitney_20jp": "{outcome}: {threshold} JP or more against fewer than "
        "{threshold} JP",
        "what_did_training": "{outcome}: before and after training",
        "too_few_officers": "too few officers ({n}; at least {minimum} needed)",
        "too_few_in_group": "one group is too small ({a} and {b} officers; at least {minimum} "
        "needed in each)",
        "no_jp_variation": "all officers have the same training hours, so there is nothing to "
        "compare",
        "no_outcome_variation": "all officers have the same score",
        "no_comparable_units": "no unit has both trained and untrained officers between the two "
        "windows",
        "unstable_interval": "Its confidence interval could not be computed reliably.",
        "caveat_causation": "Keep in mind: association is not causation. Officers who train more "
        "may also be more experienced, work at easier counters, or be chosen for training for "
        "other reasons. Comparing before and after within the same unit removes changes that hit "
        "the whole unit, but training is not assigned at random.",
        "caveat_chance": "A q-value is a p-value corrected because {tests} tests were run at once; "
        "{alpha} or less counts as fairly certain. A finding that is not certain does not mean "
        "training has no effect: with few officers, only large differences can show.",
        "caveat_small": "The number of officers here is small ({n}), so these figures may still "
        "change a lot from one period to the next.",
    },
}

_SIZE_WORDS = {
    "id": ("sangat lemah", "lemah", "sedang", "kuat"),
    "en": ("very weak", "weak", "moderate", "strong"),
}

_OUTCOME_NAMES = {
    "id": {"U6": "Kompetensi Pelaksana (U6)", "U7": "Perilaku Pelaksana (U7)", "IKM": "IKM"},
    "en": {"U6": "Officer competence (U6)", "U7": "Officer conduct (U7)", "IKM": "IKM"},
}

_KEYS = {SPEARMAN_JP: "spearman", MANNWHITNEY_20JP: "mannwhitney", DID_TRAINING: "did"}

# Below this many officers, estimates swing widely between periods.
_SMALL_SAMPLE = 30


def summarise(analysis: TrainingAnalysis, language: Language) -> list[str]:
    """Paragraphs: who was analysed, one per outcome with what was found and how sure it is,
    then what the results do not mean."""
    text = _TEXT[language]
    if analysis.officers_total == 0:
        return [text["no_data"]]
    if analysis.officers_included == 0:
        return [_scope(analysis, language)]
    paragraphs = [_scope(analysis, language)]
    for outcome in OUTCOMES:
        rows = [r for r in analysis.results if r.outcome == outcome]
        paragraphs.append(" ".join(_sentences(row, analysis, language) for row in rows))
    paragraphs.append(_caveats(analysis, language))
    return paragraphs


def size_word(row: TestResult, language: Language) -> str | None:
    """lemah / sedang / kuat (weak / moderate / strong), or None when the test did not run."""
    index = _size_index(row)
    return None if index is None else _SIZE_WORDS[language][index]


def _size_index(row: TestResult) -> int | None:
    if row.standardized is None:
        return None
    cuts = _COHEN_D_CUTS if row.test == DID_TRAINING else _CORRELATION_CUTS
    return sum(abs(row.standardized) >= cut for cut in cuts)


def note_text(row: TestResult, language: Language) -> str:
    """Why a test was not computed, as a clause (empty when it was)."""
    if row.ran:
        return ""
    a, b = row.groups or (0, 0)
    minimum = MIN_OFFICERS_PER_GROUP if row.note == NOTE_TOO_FEW_IN_GROUP else MIN_OFFICERS_TOTAL
    return _TEXT[language][row.note].format(n=row.n, a=a, b=b, minimum=minimum)


def number(value: float, language: Language, places: int = 2) -> str:
    formatted = f"{value:.{places}f}"
    return formatted.replace(".", ",") if language == "id" else formatted


def _probability(value: float, language: Language) -> str:
    if value < 0.001:
        return "< " + number(0.001, language, 3)
    return number(value, language, 3)


def _scope(analysis: TrainingAnalysis, language: Language) -> str:
    text = _TEXT[language]
    parts = [
        text["scope"].format(included=analysis.officers_included, total=analysis.officers_total)
    ]
    if analysis.below_min_responses:
        parts.append(
            text["below_min"].format(
                count=analysis.below_min_responses, minimum=analysis.min_responses
            )
        )
    for sample in analysis.samples:
        if sample.missing_outcome:
            outcome = _OUTCOME_NAMES[language][sample.outcome]
            parts.append(text["missing"].format(outcome=outcome, count=sample.missing_outcome))
    parts.extend(_did_scope(analysis, language))
    return " ".join(parts)


def _did_scope(analysis: TrainingAnalysis, language: Language) -> list[str]:
    text = _TEXT[language]
    counts = {(s.did_included, s.did_missing_window, s.did_no_comparison) for s in analysis.samples}
    # Usually the same officers for every outcome: then say it once.
    samples = analysis.samples[:1] if len(counts) == 1 else analysis.samples
    return [
        text["did_scope"].format(
            included=sample.did_included,
            missing=sample.did_missing_window,
            no_comparison=sample.did_no_comparison,
            outcome=""
            if len(counts) == 1
            else text["for_outcome"].format(outcome=_OUTCOME_NAMES[language][sample.outcome]),
        )
        for sample in samples
    ]


def _sentences(row: TestResult, analysis: TrainingAnalysis, language: Language) -> str:
    text = _TEXT[language]
    outcome = _OUTCOME_NAMES[language][row.outcome]
    if not row.ran or row.estimate is None:
        what = text[f"what_{row.test}"].format(outcome=outcome, threshold=JP_THRESHOLD)
        return text["not_run"].format(what=what, reason=note_text(row, language))

    # An effect too small to matter gets no direction: "up" would overstate it.
    direction = "up" if row.estimate >= 0 else "down"
    direction = "none" if _size_index(row) == 0 else direction
    unit = text["ikm_points" if row.outcome == "IKM" else "unit_points"]
    interval = ""
    if row.ci_low is not None and row.ci_high is not None:
        interval = text["interval"].format(
            level=round(100 * (1 - analysis.alpha)),
            low=number(row.ci_low, language),
            high=number(row.ci_high, language),
        )
    stats = text[f"{_KEYS[row.test]}_stats"].format(
        estimate=number(row.estimate, language), interval=interval, n=row.n, unit=unit
    )
    high, low = row.groups or (0, 0)
    found = text[f"{_KEYS[row.test]}_{direction}"].format(
        outcome=outcome,
        size=size_word(row, language),
        stats=stats,
        threshold=JP_THRESHOLD,
        high=high,
        low=low,
        trained=high,
        untrained=low,
    )
    sentences = [found]
    if row.q_value is not None:
        certainty = "sure" if row.q_value <= analysis.alpha else "unsure"
        sentences.append(text[certainty].format(q=_probability(row.q_value, language)))
    if row.note == NOTE_UNSTABLE_INTERVAL:
        sentences.append(text["unstable_interval"])
    return " ".join(sentences)


def _caveats(analysis: TrainingAnalysis, language: Language) -> str:
    text = _TEXT[language]
    tested = sum(1 for row in analysis.results if row.p_value is not None)
    parts = [text["caveat_causation"]]
    if tested:
        parts.append(
            text["caveat_chance"].format(tests=tested, alpha=number(analysis.alpha, language))
        )
    ran = [row.n for row in analysis.results if row.ran]
    smallest = min(ran) if ran else analysis.officers_included
    if smallest < _SMALL_SAMPLE:
        parts.append(text["caveat_small"].format(n=smallest))
    return " ".join(parts)
