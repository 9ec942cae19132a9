"""The training catalogue of the demo city.

Forms are spelled as surveys.training.hours suggests them (Peraturan LAN 10/2018), so that
hours group by form the same way for seeded and typed records.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Course:
    """A training offered in the city; ``units`` limits it to some units (empty: anyone)."""

    title: str
    form: str
    classical: bool
    competency: str  # teknis, manajerial, sosial_kultural
    provider: str
    jp: tuple[int, ...]
    days: int
    certificate: str  # format with n (a number) and year; empty: no certificate
    units: tuple[str, ...] = ()
    pools: tuple[str, ...] = ()  # limits it to some kinds of officer (pool names)
    weight: float = 1.0  # how often it is chosen, relative to the others an officer may take


_HEALTH = ("RSUD", "PKM-SILUNGKANG", "PKM-TALAWI", "PKM-LUNTO", "DINKES")
_BPSDM = "BPSDM Provinsi Sumatera Barat"
_BKPSDM = "BKPSDM Kota Sawahlunto"
_BPSDM_NO = "800/{n:04d}/BPSDM-SB/{year}"
_LOCAL_NO = "800.2/{n:03d}/BKPSDM-SWL/{year}"

COURSES: tuple[Course, ...] = (
    Course(
        "Pelatihan Pelayanan Publik Prima",
        "Pelatihan teknis",
        True,
        "manajerial",
        _BPSDM,
        (24, 30),
        4,
        _BPSDM_NO,
        weight=2,
    ),
    Course(
        "Pelatihan Komunikasi Efektif dan Penanganan Pengaduan",
        "Pelatihan teknis",
        True,
        "manajerial",
        _BPSDM,
        (20, 24),
        3,
        _BPSDM_NO,
    ),
    Course(
        "E-learning Etika dan Integritas ASN",
        "E-learning",
        False,
        "manajerial",
        "Lembaga Administrasi Negara (LAN)",
        (8, 10, 12),
        5,
        "LAN-EL/{year}/{n:06d}",
        weight=3,
    ),
    Course(
        "E-learning Pengelolaan Pengaduan SP4N-LAPOR!",
        "E-learning",
        False,
        "manajerial",
        "Kementerian PANRB",
        (6, 8),
        3,
        "PANRB/LAPOR/{year}/{n:05d}",
        weight=1.5,
    ),
    Course(
        "Coaching Pelayanan Berorientasi Hasil",
        "Coaching",
        False,
        "manajerial",
        _BKPSDM,
        (4, 6, 8),
        2,
        "",
        weight=2,
    ),
    Course(
        "Mentoring Budaya Kerja BerAKHLAK",
        "Mentoring",
        False,
        "sosial_kultural",
        _BKPSDM,
        (4, 6),
        2,
        "",
        weight=2,
    ),
    Course(
        "Seminar Pelayanan Publik Inklusif bagi Penyandang Disabilitas",
        "Seminar/konferensi",
        True,
        "sosial_kultural",
        "Ombudsman RI Perwakilan Sumatera Barat",
        (4, 6),
        1,
        "ORI-SB/SEM/{year}/{n:04d}",
        weight=0.6,
    ),
    Course(
        "Workshop Penyusunan Standar Pelayanan dan Survei Kepuasan Masyarakat",
        "Workshop/lokakarya",
        True,
        "teknis",
        "Biro Organisasi Setda Provinsi Sumatera Barat",
        (12, 16),
        2,
        "065/{n:03d}/ORG/{year}",
        weight=0.6,
    ),
    Course(
        "Sosialisasi Keterbukaan Informasi Publik",
        "Sosialisasi",
        True,
        "teknis",
        "Komisi Informasi Provinsi Sumatera Barat",
        (3, 4),
        1,
        "",
        weight=0.8,
    ),
    Course(
        "Pelatihan Jarak Jauh Literasi Digital ASN",
        "Pelatihan jarak jauh",
        False,
        "teknis",
        "Kementerian Komunikasi dan Digital",
        (12, 16, 20),
        10,
        "KOMDIGI/PJJ/{year}/{n:05d}",
    ),
    Course(
        "Kursus Bahasa Isyarat untuk Petugas Layanan",
        "Kursus",
        True,
        "sosial_kultural",
        "Gerkatin Sumatera Barat",
        (16,),
        4,
        "",
        weight=0.3,
    ),
    Course(
        "Bimbingan Teknis Manajemen Antrean dan Waktu Layanan",
        "Bimbingan teknis",
        True,
        "teknis",
        _BKPSDM,
        (8, 12),
        2,
        _LOCAL_NO,
    ),
    Course(
        "Bimbingan Teknis Administrasi Kependudukan dan SIAK Terpusat",
        "Bimbingan teknis",
        True,
        "teknis",
        "Ditjen Dukcapil Kementerian Dalam Negeri",
        (24, 32),
        4,
        "470/{n:04d}/DUKCAPIL/{year}",
        ("DISDUKCAPIL",),
        weight=4,
    ),
    Course(
        "Magang Layanan Adminduk di Disdukcapil Kota Padang",
        "Magang/praktik kerja",
        False,
        "teknis",
        "Disdukcapil Kota Padang",
        (16, 24),
        5,
        "",
        ("DISDUKCAPIL",),
        weight=0.5,
    ),
    Course(
        "Bimbingan Teknis Perizinan Berusaha Berbasis Risiko (OSS RBA)",
        "Bimbingan teknis",
        True,
        "teknis",
        "Kementerian Investasi dan Hilirisasi/BKPM",
        (24,),
        3,
        "BKPM/BT/{year}/{n:05d}",
        ("DPMPTSP",),
        weight=4,
    ),
    Course(
        "Pelatihan Basic Trauma Cardiac Life Support (BTCLS)",
        "Pelatihan teknis",
        True,
        "teknis",
        "Bapelkes Provinsi Sumatera Barat",
        (50,),
        5,
        "BAPELKES-SB/{year}/{n:04d}",
        _HEALTH,
        ("nurse", "doctor", "midwife"),
        weight=1.5,
    ),
    Course(
        "Pelatihan Manajemen Terpadu Balita Sakit (MTBS)",
        "Pelatihan teknis",
        True,
        "teknis",
        "Bapelkes Provinsi Sumatera Barat",
        (40,),
        5,
        "BAPELKES-SB/{year}/{n:04d}",
        _HEALTH,
        ("midwife", "nurse"),
        weight=1.5,
    ),
    Course(
        "E-learning Pencegahan dan Pengendalian Infeksi",
        "E-learning",
        False,
        "teknis",
        "Kementerian Kesehatan (Plataran Sehat)",
        (10, 12, 20),
        7,
        "KEMENKES/PS/{year}/{n:06d}",
        _HEALTH,
        weight=3,
    ),
    Course(
        "Bimbingan Teknis Pelayanan Kefarmasian",
        "Bimbingan teknis",
        True,
        "teknis",
        "Dinas Kesehatan Provinsi Sumatera Barat",
        (24,),
        3,
        "440/{n:04d}/DINKES-SB/{year}",
        _HEALTH,
        ("pharmacy",),
        weight=3,
    ),
    Course(
        "Pelatihan Komunikasi Terapeutik",
        "Pelatihan teknis",
        True,
        "sosial_kultural",
        "RSUP Dr. M. Djamil Padang",
        (16, 24),
        3,
        "RSUPMD/DIKLAT/{year}/{n:04d}",
        _HEALTH,
        ("nurse", "midwife", "doctor", "admin"),
        weight=1.5,
    ),
    Course(
        "Bimbingan Teknis Data Tunggal Sosial dan Ekonomi Nasional (DTSEN)",
        "Bimbingan teknis",
        True,
        "teknis",
        "Kementerian Sosial",
        (24, 32),
        4,
        "KEMENSOS/BT/{year}/{n:04d}",
        ("DINSOS",),
        weight=4,
    ),
    Course(
        "Pelatihan Teknis Pengujian Kendaraan Bermotor",
        "Pelatihan teknis",
        True,
        "teknis",
        "BPSDM Perhubungan",
        (60,),
        8,
        "BPSDMHUB/{year}/{n:05d}",
        ("DISHUB",),
        weight=3,
    ),
    Course(
        "Bimbingan Teknis Pelayanan Administrasi Terpadu Kecamatan (PATEN)",
        "Bimbingan teknis",
        True,
        "teknis",
        "Ditjen Bina Administrasi Kewilayahan Kemendagri",
        (24,),
        3,
        "100/{n:04d}/BAK/{year}",
        ("KEC-BARANGIN", "KEC-TALAWI"),
        weight=4,
    ),
)

# Once in a career, for some heads: not part of anyone's yearly habit.
LEADERSHIP = Course(
    "Pelatihan Kepemimpinan Pengawas",
    "Pelatihan struktural kepemimpinan",
    True,
    "manajerial",
    _BPSDM,
    (270,),
    60,
    "PKP/{n:04d}/BPSDM-SB/{year}",
)
