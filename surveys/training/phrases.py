"""The words of the training analysis: one table each, so a phrase exists once.

Message ids are Bahasa Indonesia (marked with N_ for extraction); English lives in the catalog.
``VERDICTS`` is where an effect's size and the certainty about it meet: one phrase per size
class and certainty, so the two can never contradict each other.
"""

from __future__ import annotations

from surveys.method.elements import N_
from surveys.training.statistics.model import DID_TRAINING, MANNWHITNEY_20JP, SPEARMAN_JP

# Conventional cut-offs (Cohen): correlations 0.1 / 0.3 / 0.5, standardized differences 0.2 / 0.5 /
# 0.8. Below the first, the effect is too small to matter in practice.
CORRELATION_CUTS = (0.1, 0.3, 0.5)
COHEN_D_CUTS = (0.2, 0.5, 0.8)
SIZES = (N_("sangat kecil"), N_("lemah"), N_("sedang"), N_("kuat"))
SURE, UNSURE = "sure", "unsure"

# Size class x certainty: the one place where size and certainty meet in words.
VERDICTS: dict[tuple[int, str], str] = {
    (0, SURE): N_(
        "Pola ini konsisten, tetapi terlalu kecil untuk berarti dalam praktik (q = %(q)s)."
    ),
    (0, UNSURE): N_("Tidak tampak hubungan yang dapat dibedakan dari kebetulan (q = %(q)s)."),
    (1, SURE): N_(
        "Hubungannya lemah, tetapi cukup meyakinkan: pola seperti ini jarang muncul hanya "
        "karena kebetulan (q = %(q)s)."
    ),
    (1, UNSURE): N_(
        "Hubungannya lemah dan belum meyakinkan: pola seperti ini dapat muncul hanya karena "
        "kebetulan (q = %(q)s)."
    ),
    (2, SURE): N_(
        "Hubungannya sedang dan cukup meyakinkan: pola seperti ini jarang muncul hanya karena "
        "kebetulan (q = %(q)s)."
    ),
    (2, UNSURE): N_(
        "Hubungannya sedang, tetapi belum meyakinkan: dengan petugas sebanyak ini, pola seperti "
        "ini masih dapat muncul karena kebetulan (q = %(q)s)."
    ),
    (3, SURE): N_(
        "Hubungannya kuat dan cukup meyakinkan: pola seperti ini jarang muncul hanya karena "
        "kebetulan (q = %(q)s)."
    ),
    (3, UNSURE): N_(
        "Hubungannya kuat, tetapi belum meyakinkan: dengan petugas sebanyak ini, bahkan pola "
        "sebesar ini dapat muncul karena kebetulan (q = %(q)s)."
    ),
}
# The same verdict in a few words, for a table cell.
SHORT_VERDICTS: dict[tuple[int, str], str] = {
    (0, SURE): N_("konsisten, tetapi terlalu kecil untuk berarti"),
    (0, UNSURE): N_("tidak tampak hubungan"),
    (1, SURE): N_("lemah; meyakinkan"),
    (1, UNSURE): N_("lemah; belum meyakinkan"),
    (2, SURE): N_("sedang; meyakinkan"),
    (2, UNSURE): N_("sedang; belum meyakinkan"),
    (3, SURE): N_("kuat; meyakinkan"),
    (3, UNSURE): N_("kuat; belum meyakinkan"),
}

OUTCOME_NAMES = {
    "U6": N_("Kompetensi Pelaksana (U6)"),
    "U7": N_("Perilaku Pelaksana (U7)"),
    "IKM": N_("IKM"),
}
# What a test found, by direction; "none" when the effect is too small to have one.
FINDINGS = {
    (SPEARMAN_JP, "up"): N_(
        "%(outcome)s: di antara rekan satu unit, petugas dengan lebih banyak JP pelatihan dalam "
        "12 bulan sebelum periode cenderung mendapat nilai lebih tinggi (%(stats)s)."
    ),
    (SPEARMAN_JP, "down"): N_(
        "%(outcome)s: di antara rekan satu unit, petugas dengan lebih banyak JP pelatihan dalam "
        "12 bulan sebelum periode cenderung mendapat nilai lebih rendah (%(stats)s)."
    ),
    (SPEARMAN_JP, "none"): N_(
        "%(outcome)s: di antara rekan satu unit, JP pelatihan dalam 12 bulan sebelum periode "
        "hampir tidak berhubungan dengan nilai petugas (%(stats)s)."
    ),
    (MANNWHITNEY_20JP, "up"): N_(
        "Di antara rekan satu unit, petugas dengan sedikitnya %(threshold)s JP (%(high)s) lebih "
        "sering mendapat nilai lebih tinggi daripada yang kurang dari %(threshold)s JP (%(low)s) "
        "(%(stats)s)."
    ),
    (MANNWHITNEY_20JP, "down"): N_(
        "Di antara rekan satu unit, petugas dengan sedikitnya %(threshold)s JP (%(high)s) lebih "
        "sering mendapat nilai lebih rendah daripada yang kurang dari %(threshold)s JP (%(low)s) "
        "(%(stats)s)."
    ),
    (MANNWHITNEY_20JP, "none"): N_(
        "Di antara rekan satu unit, petugas dengan sedikitnya %(threshold)s JP (%(high)s) dan "
        "yang kurang dari %(threshold)s JP (%(low)s) mendapat nilai yang hampir sama "
        "(%(stats)s)."
    ),
    (DID_TRAINING, "up"): N_(
        "Sesudah pelatihannya, petugas yang berlatih dalam periode ini (%(high)s) dinilai lebih "
        "baik dibandingkan sebelumnya daripada rekan satu unit yang belum atau tidak berlatih "
        "pada bulan yang sama (%(low)s) (%(stats)s)."
    ),
    (DID_TRAINING, "down"): N_(
        "Sesudah pelatihannya, petugas yang berlatih dalam periode ini (%(high)s) dinilai kurang "
        "baik dibandingkan sebelumnya daripada rekan satu unit yang belum atau tidak berlatih "
        "pada bulan yang sama (%(low)s) (%(stats)s)."
    ),
    (DID_TRAINING, "none"): N_(
        "Sesudah pelatihannya, petugas yang berlatih dalam periode ini (%(high)s) berubah hampir "
        "sama dengan rekan satu unit yang belum atau tidak berlatih pada bulan yang sama "
        "(%(low)s) (%(stats)s)."
    ),
}
WHAT = {
    SPEARMAN_JP: N_("%(outcome)s: hubungan dengan JP pelatihan dalam unit"),
    MANNWHITNEY_20JP: N_(
        "%(outcome)s: %(threshold)s JP ke atas dibanding di bawah %(threshold)s JP dalam unit"
    ),
    DID_TRAINING: N_("%(outcome)s: sebelum dan sesudah pelatihan, dibanding rekan satu unit"),
}
NOTES = {
    "too_few_officers": N_("terlalu sedikit petugas (%(n)s; perlu sedikitnya %(minimum)s)"),
    "too_few_in_group": N_(
        "salah satu kelompok terlalu kecil (%(a)s dan %(b)s petugas; perlu sedikitnya "
        "%(minimum)s per kelompok)"
    ),
    "no_jp_variation": N_(
        "dalam setiap unit semua petugas memiliki JP pelatihan yang sama, jadi tidak ada yang "
        "dapat dibandingkan"
    ),
    "no_outcome_variation": N_("semua petugas memiliki nilai yang sama"),
    "no_comparable_units": N_(
        "tidak ada unit yang memiliki petugas di kedua kelompok untuk dibandingkan"
    ),
    "unstable_interval": N_("interval kepercayaannya tidak dapat dihitung dengan andal"),
}
