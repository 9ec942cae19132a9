"""The vocabulary of community forums (musyawarah): kinds of forum, kinds and topics of input.

The one place to change the list of topics: the nine SKM elements by name come first
(so a complaint about waiting time is filed under U3 and meets the U3 score), then
the topics a forum raises beyond the questionnaire.
"""

from __future__ import annotations

from surveys.method.elements import ELEMENTS, N_

FORUM_KINDS: tuple[tuple[str, str], ...] = (
    ("musyawarah_desa", N_("Musyawarah desa")),
    ("musyawarah_kelurahan", N_("Musyawarah kelurahan")),
    ("forum_konsultasi_publik", N_("Forum konsultasi publik")),
    ("musrenbang_desa", N_("Musrenbang desa")),
    ("musrenbang_kelurahan", N_("Musrenbang kelurahan")),
    ("musrenbang_kecamatan", N_("Musrenbang kecamatan")),
)

INPUT_KINDS: tuple[tuple[str, str], ...] = (
    ("aspirasi", N_("Aspirasi")),
    ("pengaduan", N_("Pengaduan")),
    ("saran", N_("Saran")),
)

OTHER_TOPICS: tuple[tuple[str, str], ...] = (
    ("infrastruktur_jalan", N_("Infrastruktur jalan")),
    ("air_bersih", N_("Air bersih")),
    ("kesehatan", N_("Kesehatan")),
    ("pendidikan", N_("Pendidikan")),
    ("ekonomi_umkm", N_("Ekonomi/UMKM")),
    ("keamanan", N_("Keamanan")),
    ("lingkungan", N_("Lingkungan dan kebersihan")),
    ("sosial", N_("Sosial dan bantuan")),
    ("lainnya", N_("Lainnya")),
)

ELEMENT_TOPICS: tuple[tuple[str, str], ...] = tuple(
    (element.code, element.name) for element in ELEMENTS
)
TOPICS: tuple[tuple[str, str], ...] = ELEMENT_TOPICS + OTHER_TOPICS

FORUM_KIND_LABELS = dict(FORUM_KINDS)
TOPIC_LABELS = dict(TOPICS)

# Musrenbang proposals are voted on; counts above this are typing slips.
MAX_VOTES = 100_000
INPUT_TEXT_LIMIT = 4000
