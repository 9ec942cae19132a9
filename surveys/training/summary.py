"""The training analysis in plain words, for managers who are not statisticians.

Every sentence is a gettext message whose id is the Bahasa Indonesia text; the web layer passes
its translations in (``Words``), so the domain stays free of the web and the English lives in
the catalog with every other string. Counts of officers, units and tests go through ngettext:
"1 officer", never "1 officers".

How large an effect is and how sure we are of it are put into words by one table
(``VERDICTS``), one phrase per size class and certainty, so the words can never contradict each
other: an effect too small to matter is never called "fairly certain" next to "almost no
association"; it is called consistent but too small to matter.
"""

from __future__ import annotations

from typing import Protocol

from surveys.training.phrases import (
    COHEN_D_CUTS,
    CORRELATION_CUTS,
    FINDINGS,
    NOTES,
    OUTCOME_NAMES,
    SHORT_VERDICTS,
    SIZES,
    SURE,
    UNSURE,
    VERDICTS,
    WHAT,
)
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


class Words(Protocol):
    """Translations in the reader's language (app.i18n in the web layer)."""

    @property
    def language(self) -> str: ...

    def gettext(self, message: str, **params: object) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str: ...


class Indonesian:
    """The message ids themselves: Bahasa Indonesia, which has no plural forms to choose."""

    language = "id"

    def gettext(self, message: str, **params: object) -> str:
        return message % params if params else message

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        return (singular if n == 1 else plural) % ({"num": n} | params)


# Below this many officers, estimates swing widely between periods.
_SMALL_SAMPLE = 30


def officers(words: Words, n: int) -> str:
    return words.ngettext("%(num)s petugas", "%(num)s petugas", n)


def units(words: Words, n: int) -> str:
    return words.ngettext("%(num)s unit", "%(num)s unit", n)


def size_index(row: TestResult) -> int | None:
    if row.standardized is None:
        return None
    cuts = COHEN_D_CUTS if row.test == DID_TRAINING else CORRELATION_CUTS
    return sum(abs(row.standardized) >= cut for cut in cuts)


def certainty(row: TestResult, alpha: float) -> str | None:
    if row.q_value is None:
        return None
    return SURE if row.q_value <= alpha else UNSURE


def size_word(row: TestResult, words: Words) -> str | None:
    """sangat kecil / lemah / sedang / kuat, or None when the test did not run."""
    index = size_index(row)
    return None if index is None else words.gettext(SIZES[index])


def note_text(row: TestResult, words: Words) -> str:
    """Why a test was not computed, as a clause (empty when it was)."""
    if row.ran:
        return ""
    a, b = row.groups or (0, 0)
    minimum = MIN_OFFICERS_PER_GROUP if row.note == NOTE_TOO_FEW_IN_GROUP else MIN_OFFICERS_TOTAL
    return words.gettext(NOTES[row.note], n=row.n, a=a, b=b, minimum=minimum)


def verdict(row: TestResult, alpha: float, words: Words) -> str:
    """The table's note column: why a test did not run, or its size and certainty."""
    if not row.ran:
        return note_text(row, words)
    index, sure = size_index(row), certainty(row, alpha)
    if index is None:
        return ""
    if sure is None:
        text = words.gettext("efek %(size)s", size=words.gettext(SIZES[index]))
    else:
        text = words.gettext(SHORT_VERDICTS[index, sure])
    if row.note == NOTE_UNSTABLE_INTERVAL:
        text += ". " + words.gettext(NOTES[NOTE_UNSTABLE_INTERVAL])
    return text


def number(value: float, language: str, places: int = 2) -> str:
    formatted = f"{value:.{places}f}"
    return formatted.replace(".", ",") if language == "id" else formatted


def probability(value: float, language: str) -> str:
    if value < 0.001:
        return "< " + number(0.001, language, 3)
    return number(value, language, 3)


def summarise(analysis: TrainingAnalysis, words: Words) -> list[str]:
    """Paragraphs: who was analysed and compared with whom, one per outcome with what was found
    and how sure it is, then what the results do not mean."""
    if analysis.officers_total == 0:
        return [
            words.gettext(
                "Belum ada data petugas untuk periode dan cakupan ini, jadi belum ada yang "
                "dapat dianalisis."
            )
        ]
    if analysis.officers_included == 0:
        return [_scope(analysis, words)]
    paragraphs = [_scope(analysis, words), within_units(analysis, words)]
    for outcome in OUTCOMES:
        rows = [r for r in analysis.results if r.outcome == outcome]
        paragraphs.append(" ".join(_sentences(row, analysis, words) for row in rows))
    paragraphs.append(_caveats(analysis, words))
    return paragraphs


def _scope(analysis: TrainingAnalysis, words: Words) -> str:
    parts = [
        words.ngettext(
            "Analisis ini memakai %(included)s dari %(num)s petugas. Setiap petugas dihitung "
            "satu kali, dengan rata-rata nilai dari warga yang dilayaninya, berapa pun jumlah "
            "respondennya: satuan analisisnya petugas, bukan jawaban satu per satu.",
            "Analisis ini memakai %(included)s dari %(num)s petugas. Setiap petugas dihitung "
            "satu kali, dengan rata-rata nilai dari warga yang dilayaninya, berapa pun jumlah "
            "respondennya: satuan analisisnya petugas, bukan jawaban satu per satu.",
            analysis.officers_total,
            included=analysis.officers_included,
        )
    ]
    if analysis.below_min_responses:
        parts.append(
            words.ngettext(
                "%(num)s petugas tidak diikutkan karena melayani kurang dari %(minimum)s "
                "responden dalam periode ini; rata-ratanya terlalu mudah berubah karena "
                "kebetulan.",
                "%(num)s petugas tidak diikutkan karena melayani kurang dari %(minimum)s "
                "responden dalam periode ini; rata-rata mereka terlalu mudah berubah karena "
                "kebetulan.",
                analysis.below_min_responses,
                minimum=analysis.min_responses,
            )
        )
    for sample in analysis.samples:
        if sample.missing_outcome:
            parts.append(
                words.ngettext(
                    "Untuk %(outcome)s, %(num)s petugas lagi tidak memiliki nilai.",
                    "Untuk %(outcome)s, %(num)s petugas lagi tidak memiliki nilai.",
                    sample.missing_outcome,
                    outcome=words.gettext(OUTCOME_NAMES[sample.outcome]),
                )
            )
    return " ".join(parts)


def within_units(analysis: TrainingAnalysis, words: Words) -> str:
    """That every test compares colleagues of one unit, and who could be compared in each."""
    spearman = analysis.result("U6", SPEARMAN_JP)
    split = analysis.result("U6", MANNWHITNEY_20JP)
    did = analysis.sample("U6")
    did_units = analysis.result("U6", DID_TRAINING).units
    high, low = split.groups or (0, 0)
    return " ".join(
        [
            words.gettext(
                "Setiap uji membandingkan petugas hanya dengan rekan satu unitnya, sehingga "
                "perbedaan antarunit (warga, loket, banyaknya pelatihan) tidak terbaca sebagai "
                "pengaruh pelatihan."
            ),
            words.gettext(
                "Korelasi dengan JP: %(officers)s dalam %(units)s yang petugasnya memiliki JP "
                "berbeda.",
                officers=officers(words, spearman.n if spearman.units else 0),
                units=units(words, spearman.units),
            ),
            words.gettext(
                "Perbandingan %(threshold)s JP: %(units)s memiliki petugas dengan sedikitnya "
                "%(threshold)s JP dan petugas dengan kurang dari itu (%(high)s dan %(low)s).",
                threshold=JP_THRESHOLD,
                units=units(words, split.units),
                high=officers(words, high if split.units else 0),
                low=officers(words, low if split.units else 0),
            ),
            words.gettext(
                "Sebelum dan sesudah pelatihan: %(trained)s yang berlatih dalam periode ini di "
                "%(units)s dibandingkan dengan %(controls)s yang belum atau tidak berlatih; "
                "%(thin)s tanpa cukup responden di sekitar pelatihannya dan %(alone)s tanpa "
                "rekan pembanding di unitnya.",
                trained=officers(words, did.did_trained),
                units=units(words, did_units),
                controls=officers(words, did.did_controls),
                thin=officers(words, did.did_thin_windows),
                alone=officers(words, did.did_no_comparison),
            ),
        ]
    )


def _sentences(row: TestResult, analysis: TrainingAnalysis, words: Words) -> str:
    outcome = words.gettext(OUTCOME_NAMES[row.outcome])
    if not row.ran or row.estimate is None:
        what = words.gettext(WHAT[row.test], outcome=outcome, threshold=JP_THRESHOLD)
        return words.gettext(
            "%(what)s tidak dihitung: %(reason)s.", what=what, reason=note_text(row, words)
        )
    index = size_index(row) or 0
    # An effect too small to matter gets no direction: "up" would overstate it.
    direction = "none" if index == 0 else "up" if row.estimate >= 0 else "down"
    high, low = row.groups or (0, 0)
    found = words.gettext(
        FINDINGS[row.test, direction],
        outcome=outcome,
        stats=_stats(row, analysis, words),
        threshold=JP_THRESHOLD,
        high=officers(words, high),
        low=officers(words, low),
    )
    sentences = [found]
    sure = certainty(row, analysis.alpha)
    if sure is not None and row.q_value is not None:
        q = probability(row.q_value, words.language)
        sentences.append(words.gettext(VERDICTS[index, sure], q=q))
    if row.note == NOTE_UNSTABLE_INTERVAL:
        sentences.append(words.gettext(NOTES[NOTE_UNSTABLE_INTERVAL]).capitalize() + ".")
    if sure != SURE:
        sentences.append(detectable(row, words))
    if row.test == DID_TRAINING:
        sentences.append(_pretrend(analysis, row.outcome, words))
    return " ".join(s for s in sentences if s)


def detectable_text(row: TestResult, words: Words) -> str:
    """The minimum detectable effect with its unit ("0,31 poin pada skala 1-4"), or ""."""
    if row.detectable is None:
        return ""
    value = number(row.detectable, words.language)
    if row.test != DID_TRAINING:
        return words.gettext("korelasi %(value)s", value=value)
    if row.outcome == "IKM":
        return words.gettext("%(value)s poin IKM", value=value)
    return words.gettext("%(value)s poin pada skala 1-4", value=value)


def detectable(row: TestResult, words: Words) -> str:
    """What an uncertain result can and cannot rule out: the smallest effect the test would
    have found 8 times in 10 with this many officers and responses."""
    if row.detectable is None:
        return ""
    return words.gettext(
        "Dengan data sebanyak ini, uji ini baru menemukan pengaruh sebesar %(effect)s atau lebih "
        "8 dari 10 kali; pengaruh yang lebih kecil bisa ada tanpa terlihat, jadi hasil yang "
        "belum meyakinkan tidak berarti pelatihan tidak berpengaruh.",
        effect=detectable_text(row, words),
    )


def _stats(row: TestResult, analysis: TrainingAnalysis, words: Words) -> str:
    language = words.language
    estimate = number(row.estimate or 0.0, language)
    if row.test == SPEARMAN_JP:
        text = words.ngettext(
            "%(num)s petugas; korelasi Spearman dalam unit %(estimate)s",
            "%(num)s petugas; korelasi Spearman dalam unit %(estimate)s",
            row.n,
            estimate=estimate,
        )
    elif row.test == MANNWHITNEY_20JP:
        text = words.gettext("korelasi rank-biserial van Elteren %(estimate)s", estimate=estimate)
    else:
        points = (
            words.gettext("poin IKM")
            if row.outcome == "IKM"
            else words.gettext("poin pada skala 1-4")
        )
        text = words.gettext(
            "selisih perubahan %(estimate)s %(points)s", estimate=estimate, points=points
        )
    if row.ci_low is not None and row.ci_high is not None:
        text += words.gettext(
            "; interval kepercayaan %(level)s%%: %(low)s sampai %(high)s",
            level=round(100 * (1 - analysis.alpha)),
            low=number(row.ci_low, language),
            high=number(row.ci_high, language),
        )
    return text


def _pretrend(analysis: TrainingAnalysis, outcome: str, words: Words) -> str:
    """Whether trained officers and their controls already moved apart before the training."""
    check = next((r for r in analysis.pretrends if r.outcome == outcome), None)
    if check is None or check.p_value is None or check.estimate is None:
        return words.gettext(
            "Kecenderungan sebelum pelatihan tidak dapat diperiksa: terlalu sedikit data."
        )
    low, high = (
        number(check.ci_low or 0.0, words.language),
        number(check.ci_high or 0.0, words.language),
    )
    if check.p_value <= analysis.alpha:
        return words.gettext(
            "Perhatian: sebelum pelatihan pun, nilai petugas yang kemudian berlatih sudah "
            "bergerak berbeda dari pembandingnya (%(estimate)s; %(low)s sampai %(high)s), jadi "
            "perbandingan sebelum dan sesudah ini kurang dapat dipercaya.",
            estimate=number(check.estimate, words.language),
            low=low,
            high=high,
        )
    return words.gettext(
        "Sebelum pelatihan tidak tampak tanda bahwa petugas yang kemudian berlatih dan "
        "pembandingnya bergerak berbeda (%(estimate)s; %(low)s sampai %(high)s).",
        estimate=number(check.estimate, words.language),
        low=low,
        high=high,
    )


def _caveats(analysis: TrainingAnalysis, words: Words) -> str:
    tested = sum(1 for row in analysis.results if row.p_value is not None)
    parts = [
        words.gettext(
            "Yang perlu diingat: hubungan bukan sebab-akibat. Petugas yang lebih banyak berlatih "
            "mungkin juga lebih berpengalaman, bertugas di loket yang lebih mudah, atau dipilih "
            "untuk pelatihan karena alasan lain. Membandingkan rekan satu unit pada bulan yang "
            "sama menyingkirkan perbedaan antarunit dan perubahan yang mengenai seluruh unit, "
            "tetapi pelatihan tidak diberikan secara acak."
        )
    ]
    if tested:
        parts.append(
            words.ngettext(
                "Nilai q adalah nilai p yang sudah dikoreksi karena %(num)s uji dilakukan "
                "sekaligus; q sampai %(alpha)s dianggap meyakinkan. Temuan yang belum meyakinkan "
                "tidak berarti pelatihan tidak berpengaruh: dengan sedikit petugas, hanya "
                "perbedaan yang besar yang dapat terlihat.",
                "Nilai q adalah nilai p yang sudah dikoreksi karena %(num)s uji dilakukan "
                "sekaligus; q sampai %(alpha)s dianggap meyakinkan. Temuan yang belum meyakinkan "
                "tidak berarti pelatihan tidak berpengaruh: dengan sedikit petugas, hanya "
                "perbedaan yang besar yang dapat terlihat.",
                tested,
                alpha=number(analysis.alpha, words.language),
            )
        )
    ran = [row.n for row in analysis.results if row.ran]
    smallest = min(ran) if ran else analysis.officers_included
    if smallest < _SMALL_SAMPLE:
        parts.append(
            words.ngettext(
                "Jumlah petugas di sini kecil (%(num)s), jadi angka-angka di atas masih dapat "
                "berubah banyak dari periode ke periode.",
                "Jumlah petugas di sini kecil (%(num)s), jadi angka-angka di atas masih dapat "
                "berubah banyak dari periode ke periode.",
                smallest,
            )
        )
    return " ".join(parts)
