"""The nine SKM elements (unsur) of PermenPANRB 14/2017, keyed by a stable code.

Texts are Indonesian message ids marked with ``N_`` so the web layer translates them
through the gettext catalogs. Values 1–4 are stored apart from their labels.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_, with a plural
    """Mark a message with a plural form (rendered with ngettext); Indonesian often repeats
    the same words in both."""
    return singular, plural


@dataclass(frozen=True)
class Element:
    code: str
    name: str  # the official unsur name
    question_id: str
    question_en: str
    labels: tuple[str, str, str, str]  # for values 1, 2, 3, 4


ELEMENTS: tuple[Element, ...] = (
    Element(
        "U1",
        N_("Persyaratan"),
        N_(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"
        ),
        "How well do the service requirements fit the service?",
        (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai")),
    ),
    Element(
        "U2",
        N_("Sistem, Mekanisme, dan Prosedur"),
        N_("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        "How easy is the service procedure at this unit?",
        (N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah")),
    ),
    Element(
        "U3",
        N_("Waktu Penyelesaian"),
        N_("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        "How fast was the service delivered?",
        (N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat")),
    ),
    Element(
        "U4",
        N_("Biaya/Tarif"),
        N_("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        "How fair is the cost or fee of the service?",
        (N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis")),
    ),
    Element(
        "U5",
        N_("Produk Spesifikasi Jenis Pelayanan"),
        N_(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        "Does the service result match what the service standard promises?",
        (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai")),
    ),
    Element(
        "U6",
        N_("Kompetensi Pelaksana"),
        N_("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        "How competent was the officer who served you?",
        (N_("Tidak kompeten"), N_("Kurang kompeten"), N_("Kompeten"), N_("Sangat kompeten")),
    ),
    Element(
        "U7",
        N_("Perilaku Pelaksana"),
        N_(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"
        ),
        "How polite and friendly was the officer?",
        (
            N_("Tidak sopan dan ramah"),
            N_("Kurang sopan dan ramah"),
            N_("Sopan dan ramah"),
            N_("Sangat sopan dan ramah"),
        ),
    ),
    Element(
        "U8",
        N_("Penanganan Pengaduan, Saran dan Masukan"),
        N_("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
        "How are complaints from service users handled?",
        (
            N_("Tidak ada"),
            N_("Ada tetapi tidak berfungsi"),
            N_("Berfungsi kurang maksimal"),
            N_("Dikelola dengan baik"),
        ),
    ),
    Element(
        "U9",
        N_("Sarana dan prasarana"),
        N_("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
        "What is the quality of the facilities?",
        (N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat Baik")),
    ),
)

ELEMENTS_BY_CODE = {element.code: element for element in ELEMENTS}
