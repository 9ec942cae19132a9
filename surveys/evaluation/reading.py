"""The event report's plain-language reading, in Indonesian and English (pure).

One sentence per level, from the figures the event page shows; a level below its minimum
sample says so instead of reading its numbers.
"""

from __future__ import annotations

from typing import Literal

from surveys.evaluation.behaviour import BehaviourSummary
from surveys.evaluation.results import IMPROVED, WORSENED, Impact, verdict
from surveys.evaluation.scores import LearningSummary, ReactionSummary

Language = Literal["id", "en"]


def _n(value: object, language: Language) -> str:
    text = str(value)
    return text.replace(".", ",") if language == "id" else text


def event_reading(
    reaction: ReactionSummary,
    learning: LearningSummary,
    behaviour: BehaviourSummary,
    impact: Impact,
    language: Language,
) -> list[str]:
    id_ = language == "id"
    lines = []
    if not reaction.enough:
        lines.append(
            f"Reaksi: baru {reaction.n} peserta menilai, terlalu sedikit untuk disimpulkan."
            if id_
            else f"Reaction: only {reaction.n} participants rated it, too few to read."
        )
    else:
        mean = _n(reaction.overall.mean, language)
        lines.append(
            f"Reaksi: {reaction.n} peserta menilai kegiatan rata-rata {mean} dari 4."
            if id_
            else f"Reaction: {reaction.n} participants rated the event {mean} out of 4 on average."
        )
    if not learning.enough:
        lines.append(
            f"Pembelajaran: {learning.tested} peserta dengan kedua tes, terlalu sedikit."
            if id_
            else f"Learning: {learning.tested} participants took both tests, too few to read."
        )
    else:
        gain = _n(learning.normalised_gain.mean, language)
        points = _n(learning.gain.mean, language)
        lines.append(
            f"Pembelajaran: nilai naik rata-rata {points} poin; kenaikan ternormalisasi {gain}."
            if id_
            else f"Learning: scores rose {points} points on average; normalised gain {gain}."
        )
    done, present = behaviour.supervisors, behaviour.present
    lines.append(
        f"Penerapan: atasan menilai {done} dari {present} peserta hadir; "
        f"{behaviour.weak} hasil lemah."
        if id_
        else f"Application: supervisors rated {done} of {present} participants present; "
        f"{behaviour.weak} weak results."
    )
    if not impact.ready:
        lines.append(
            "Warga: belum dapat dinilai sebelum jendela tiga bulan sesudah kegiatan berakhir."
            if id_
            else "Citizens: not yet, until the three months after the event are over."
        )
    else:
        said = verdict(impact.result("IKM"))
        if said is None:
            lines.append(
                "Warga: terlalu sedikit petugas yang diukur untuk disimpulkan."
                if id_
                else "Citizens: too few officers were measured to draw a conclusion."
            )
        elif said == IMPROVED:
            lines.append(
                "Warga: IKM peserta naik lebih banyak daripada rekan satu unit yang tidak ikut."
                if id_
                else "Citizens: participants' IKM rose more than that of colleagues who stayed."
            )
        elif said == WORSENED:
            lines.append(
                "Warga: IKM peserta turun dibanding rekan satu unit yang tidak ikut."
                if id_
                else "Citizens: participants' IKM fell against colleagues who did not attend."
            )
        else:
            lines.append(
                "Warga: belum terlihat beda yang meyakinkan dengan rekan satu unit."
                if id_
                else "Citizens: no convincing difference from colleagues in the same units yet."
            )
    return lines
