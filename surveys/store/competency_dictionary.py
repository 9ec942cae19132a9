"""The starting competency dictionary, the element mapping, JP equivalents and match bands.

The managerial and socio-cultural competencies every ASN position uses (PermenPANRB 38/2017),
with what each level 1-5 looks like in behaviour, written for Suara; the HR agency edits them.
``ensure_competency_dictionary`` fills empty tables once (migration, demo seed, tests) and
never overwrites what the city changed. It writes with explicit column names, so a later
migration that adds columns does not break it.
"""

from __future__ import annotations

from decimal import Decimal

from surveys.store.development_tables import Competency

# (code, name, kind, description, five level descriptions)
DICTIONARY: tuple[tuple[str, str, str, str, tuple[str, str, str, str, str]], ...] = (
    (
        "integritas",
        "Integritas",
        "manajerial",
        "Bertindak konsisten dengan nilai, norma dan etika organisasi, jujur dalam hubungan "
        "dengan warga, atasan, rekan dan bawahan.",
        (
            "Jujur dalam bekerja dan menaati aturan yang berlaku bagi dirinya.",
            "Mengingatkan rekan bila ada tindakan yang melanggar etika dan menolak imbalan di luar "
            "ketentuan.",
            "Menjaga agar tim kerjanya bekerja sesuai etika dan kode perilaku.",
            "Menciptakan budaya kerja yang jujur dan terbuka di unitnya, memberi teladan.",
            "Menjadi rujukan etika di instansi dan membangun sistem yang mencegah penyimpangan.",
        ),
    ),
    (
        "kerja_sama",
        "Kerja sama",
        "manajerial",
        "Menjalin dan membina hubungan kerja yang efektif, menghargai pendapat dan bekerja "
        "bersama untuk tujuan bersama.",
        (
            "Ikut serta dalam kerja tim dan berbagi informasi yang diperlukan rekan.",
            "Menghargai pendapat orang lain dan membantu rekan yang membutuhkan.",
            "Membangun kerja sama lintas bagian dan menyelesaikan perbedaan secara terbuka.",
            "Membangun jejaring kerja sama dengan unit dan instansi lain.",
            "Menciptakan kolaborasi antarinstansi dan dengan masyarakat untuk tujuan daerah.",
        ),
    ),
    (
        "komunikasi",
        "Komunikasi",
        "manajerial",
        "Menyampaikan dan menerima informasi secara lisan dan tertulis dengan jelas, santun "
        "dan mudah dipahami.",
        (
            "Menyampaikan informasi dengan jelas dan sopan, mendengarkan dengan baik.",
            "Menyesuaikan cara bicara dengan lawan bicara dan memastikan pesannya dipahami.",
            "Menjelaskan hal yang rumit dengan sederhana dan menangani percakapan yang sulit.",
            "Meyakinkan orang lain dan mengelola komunikasi unit dengan pihak luar.",
            "Membangun komunikasi strategis instansi dengan publik dan pemangku kepentingan.",
        ),
    ),
    (
        "orientasi_hasil",
        "Orientasi pada hasil",
        "manajerial",
        "Berusaha mencapai hasil kerja yang bermutu dan tepat waktu, serta terus memperbaikinya.",
        (
            "Menyelesaikan tugas sesuai standar dan tenggat yang ditetapkan.",
            "Menetapkan target pribadi dan memantau kemajuan kerjanya sendiri.",
            "Memperbaiki cara kerja tim agar hasil lebih cepat dan lebih baik.",
            "Menetapkan target unit yang menantang dan mengelola sumber daya untuk mencapainya.",
            "Mendorong budaya kinerja di instansi dan mengukur dampaknya bagi warga.",
        ),
    ),
    (
        "pelayanan_publik",
        "Pelayanan publik",
        "manajerial",
        "Memberikan layanan yang bermutu, ramah, adil dan sesuai standar kepada warga.",
        (
            "Melayani warga dengan ramah dan sesuai standar pelayanan.",
            "Memahami kebutuhan warga dan menindaklanjuti keluhan yang diterimanya.",
            "Memperbaiki prosedur layanan berdasarkan masukan warga.",
            "Merancang standar layanan unit dan memantau kepuasan warga.",
            "Membangun sistem pelayanan instansi yang berpusat pada warga.",
        ),
    ),
    (
        "pengembangan_diri",
        "Pengembangan diri dan orang lain",
        "manajerial",
        "Meningkatkan pengetahuan dan keterampilan diri dan mendorong orang lain berkembang.",
        (
            "Mengikuti pembelajaran yang diwajibkan dan belajar dari pengalaman kerja.",
            "Mencari sendiri kesempatan belajar dan berbagi pengetahuan dengan rekan.",
            "Membimbing rekan atau bawahan dan memberi umpan balik yang membangun.",
            "Menyusun rencana pengembangan bagi pegawai unitnya dan menjadi mentor.",
            "Membangun budaya belajar dan sistem pengembangan pegawai di instansi.",
        ),
    ),
    (
        "mengelola_perubahan",
        "Mengelola perubahan",
        "manajerial",
        "Menyesuaikan diri dengan perubahan dan membantu orang lain menjalaninya.",
        (
            "Mengikuti perubahan prosedur dan aplikasi yang diberlakukan.",
            "Menyesuaikan cara kerjanya dengan cepat dan membantu rekan memahami perubahan.",
            "Mengusulkan perubahan cara kerja dan menjalankannya di timnya.",
            "Memimpin perubahan di unitnya dan menangani penolakan.",
            "Merancang dan mengarahkan perubahan di tingkat instansi.",
        ),
    ),
    (
        "pengambilan_keputusan",
        "Pengambilan keputusan",
        "manajerial",
        "Mengambil keputusan yang tepat dan tepat waktu berdasarkan data dan pertimbangan yang "
        "matang, serta bertanggung jawab atasnya.",
        (
            "Mengambil keputusan sederhana dalam tugasnya sesuai prosedur.",
            "Mengumpulkan informasi yang cukup sebelum memutuskan dan menjelaskan alasannya.",
            "Menimbang beberapa pilihan dan risikonya untuk masalah yang tidak rutin.",
            "Mengambil keputusan sulit bagi unitnya dengan data dan mempertanggungjawabkannya.",
            "Mengambil keputusan strategis bagi instansi dalam situasi yang tidak pasti.",
        ),
    ),
    (
        "perekat_bangsa",
        "Perekat bangsa",
        "sosial_kultural",
        "Menghargai keberagaman suku, agama, budaya dan golongan, dan memperlakukan setiap warga "
        "dengan adil.",
        (
            "Bersikap santun dan tidak membeda-bedakan warga yang dilayani.",
            "Memahami perbedaan latar belakang warga dan rekan dan menyesuaikan diri.",
            "Menjembatani perbedaan dalam tim dan mencegah konflik.",
            "Membangun suasana kerja yang menghargai keberagaman di unitnya.",
            "Menjadi perekat di masyarakat dan menjaga persatuan dalam kebijakan instansi.",
        ),
    ),
)

# Element -> competencies; None stands for the technical competencies of the officer's
# position. U9 (facilities) is not a matter of an officer's competency.
ELEMENT_MAPPING: dict[str, tuple[str | None, ...]] = {
    "U1": ("pelayanan_publik", "komunikasi"),
    "U2": ("pelayanan_publik", "orientasi_hasil"),
    "U3": ("orientasi_hasil", "pelayanan_publik"),
    "U4": ("integritas",),
    "U5": (None, "orientasi_hasil"),
    "U6": (None, "pelayanan_publik"),
    "U7": ("komunikasi", "integritas", "pelayanan_publik"),
    "U8": ("pelayanan_publik", "pengambilan_keputusan"),
    "U9": (),
}

# (form, classical, basis, JP per unit of the basis); the forms are the LAN 10/2018 names the
# training records use. 1 JP = 45 minutes, so an hour is 4/3 JP.
HOUR = Decimal("1.33")
JP_EQUIVALENTS: tuple[tuple[str, bool, str, Decimal], ...] = (
    ("Pelatihan struktural kepemimpinan", True, "jp", Decimal(1)),
    ("Pelatihan manajerial", True, "jp", Decimal(1)),
    ("Pelatihan teknis", True, "jp", Decimal(1)),
    ("Pelatihan fungsional", True, "jp", Decimal(1)),
    ("Pelatihan sosial kultural", True, "jp", Decimal(1)),
    ("Seminar/konferensi", True, "hour", HOUR),
    ("Workshop/lokakarya", True, "hour", HOUR),
    ("Kursus", True, "jp", Decimal(1)),
    ("Penataran", True, "jp", Decimal(1)),
    ("Bimbingan teknis", True, "jp", Decimal(1)),
    ("Sosialisasi", True, "hour", HOUR),
    ("Coaching", False, "hour", HOUR),
    ("Mentoring", False, "hour", HOUR),
    ("E-learning", False, "jp", Decimal(1)),
    ("Pelatihan jarak jauh", False, "jp", Decimal(1)),
    ("Datasering", False, "day", Decimal(8)),
    ("Pembelajaran alam terbuka", False, "day", Decimal(8)),
    ("Patok banding", False, "day", Decimal(8)),
    ("Pertukaran PNS dengan swasta", False, "day", Decimal(8)),
    ("Belajar mandiri", False, "hour", HOUR),
    ("Komunitas belajar", False, "hour", HOUR),
    ("Bimbingan di tempat kerja", False, "hour", HOUR),
    ("Magang/praktik kerja", False, "day", Decimal(8)),
)

# Job-person match bands: (code, label, minimum percent). BKN's usual cut-offs.
MATCH_BANDS: tuple[tuple[str, str, int], ...] = (
    ("optimal", "Optimal", 90),
    ("cukup_optimal", "Cukup optimal", 78),
    ("kurang_optimal", "Kurang optimal", 0),
)


async def _is_empty(table: str) -> bool:
    rows = await Competency.raw(f"SELECT COUNT(*) AS n FROM {table}")
    return not rows[0]["n"]


async def ensure_competency_dictionary() -> None:
    """Fill the dictionary, mapping, JP equivalents and bands where their table is empty."""
    if await _is_empty("competency"):
        for code, name, kind, description, levels in DICTIONARY:
            await Competency.raw(
                "INSERT INTO competency (code, name, kind, description, level_1, level_2,"
                " level_3, level_4, level_5, active)"
                " VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                code,
                name,
                kind,
                description,
                *levels,
                True,
            )
    if await _is_empty("element_competency"):
        rows = await Competency.raw("SELECT id, code FROM competency")
        ids = {row["code"]: row["id"] for row in rows}
        for element, links in ELEMENT_MAPPING.items():
            for link in links:
                if link is not None and link not in ids:
                    continue
                await Competency.raw(
                    "INSERT INTO element_competency (element, competency, technical)"
                    " VALUES ({}, {}, {})",
                    element,
                    ids[link] if link is not None else None,
                    link is None,
                )
    if await _is_empty("jp_equivalent"):
        for form, classical, basis, jp in JP_EQUIVALENTS:
            await Competency.raw(
                "INSERT INTO jp_equivalent (form, classical, basis, jp_per_unit)"
                " VALUES ({}, {}, {}, {})",
                form,
                classical,
                basis,
                jp,
            )
    if await _is_empty("match_band"):
        for code, label, minimum in MATCH_BANDS:
            await Competency.raw(
                "INSERT INTO match_band (code, label, minimum) VALUES ({}, {}, {})",
                code,
                label,
                minimum,
            )
