"""The demo city: a Sawahlunto-like Pemerintah Kota, its service units, officer plans and points.

Everything here is fixed content; the random parts (who, when, how satisfied) live in the
other modules. ``base`` is a unit's mean answer on the 1–4 scale before element offsets;
``free`` the share of citizens for whom the service cost nothing (U4 "Gratis").

Longer than usual: it is data, one literal per unit and service point, not logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INSTANSI_CODE = "PEMKOT"
CITY = "Kota Sawahlunto"

# Element means relative to the unit's base: waiting (U3) and facilities (U9) lag, manners lead.
ELEMENT_OFFSETS = {
    "U1": 0.05,
    "U2": 0.0,
    "U3": -0.28,
    "U4": 0.1,
    "U5": 0.05,
    "U6": 0.02,
    "U7": 0.08,
    "U8": -0.1,
    "U9": -0.22,
}


@dataclass(frozen=True)
class Position:
    title: str
    count: int
    pool: str  # officers of one pool rotate over that pool's points; "head" never serves
    female: float  # probability an officer in it is a woman
    names: tuple[str, ...] = ("{}",)  # how degrees attach to the name


@dataclass(frozen=True)
class Point:
    name: str
    kind: str  # counter, kiosk, forum
    weight: float  # share of the unit's responses
    pool: str | None = None  # who serves here; None for kiosks and forums
    desk_card: bool = False  # tied to one officer
    service_type: str | None = None


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    share: float  # share of the city's responses
    base: float
    free: float
    service_types: tuple[tuple[str, float], ...]
    positions: tuple[Position, ...]
    points: tuple[Point, ...]
    parent: str = INSTANSI_CODE
    kind: str = "unit_layanan"
    users_per_response: float = 6.0
    respondent_female: float = 0.55
    offsets: dict[str, float] = field(default_factory=dict)
    # Change of an element's mean from the first to the last month of the window.
    trends: dict[str, float] = field(default_factory=dict)
    after_lebaran: float = 1.0
    before_lebaran: float = 1.0


_ADMIN = ("{}", "{}, S.E.", "{}, S.Sos.", "{}, S.Kom.", "{}, A.Md.", "{}, S.H.", "{}, S.I.P.")
_HEAD = ("{}, S.Sos., M.Si.", "{}, S.E., M.M.", "{}, S.H., M.H.", "{}, S.STP., M.Si.")
_DOCTOR = ("dr. {}",)
_NURSE = ("{}, S.Kep., Ners", "Ns. {}, S.Kep.")
_NURSE_D3 = ("{}, A.Md.Kep.",)
_MIDWIFE = ("{}, A.Md.Keb.", "{}, S.Tr.Keb.")
_PHARMACIST = ("apt. {}, S.Farm.",)
_PHARMACY_TECH = ("{}, A.Md.Farm.",)
_RECORDS = ("{}, A.Md.RMIK", "{}, A.Md.Kes.")


def _heads(*titles: str) -> tuple[Position, ...]:
    return tuple(Position(title, 1, "head", 0.35, _HEAD) for title in titles)


def _puskesmas(code: str, place: str, share: float, base: float, trend: float) -> UnitPlan:
    return UnitPlan(
        code=code,
        name=f"Puskesmas {place}",
        parent="DINKES",
        share=share,
        base=base,
        free=0.8,
        users_per_response=9.0,
        respondent_female=0.66,
        service_types=(
            ("Pemeriksaan Umum", 0.45),
            ("Kesehatan Ibu dan Anak", 0.3),
            ("Imunisasi", 0.15),
            ("Surat Keterangan Sehat", 0.1),
        ),
        positions=(
            Position("Kepala Puskesmas", 1, "head", 0.6, _DOCTOR),
            Position("Kepala Subbagian Tata Usaha", 1, "head", 0.5, _ADMIN),
            Position("Dokter Ahli Pertama", 1, "doctor", 0.6, _DOCTOR),
            Position("Perawat Terampil", 2, "nurse", 0.7, _NURSE_D3),
            Position("Bidan Terampil", 2, "midwife", 1.0, _MIDWIFE),
            Position("Perekam Medis Terampil", 1, "admin", 0.6, _RECORDS),
            Position("Pengelola Layanan Operasional", 2, "admin", 0.5, _ADMIN),
        ),
        points=(
            Point("Loket Pendaftaran", "counter", 0.45, "admin", service_type="Pemeriksaan Umum"),
            Point("Poli Umum", "counter", 0.3, "nurse", service_type="Pemeriksaan Umum"),
            Point("Ruang KIA", "counter", 0.25, "midwife", service_type="Kesehatan Ibu dan Anak"),
        ),
        trends={"U3": trend},
    )


def _kecamatan(code: str, place: str, share: float, base: float, trend: float) -> UnitPlan:
    return UnitPlan(
        code=code,
        name=f"Kecamatan {place}",
        share=share,
        base=base,
        free=0.92,
        users_per_response=5.0,
        service_types=(
            ("Surat Keterangan Domisili", 0.3),
            ("Rekomendasi Izin Usaha Mikro", 0.2),
            ("Legalisasi Dokumen", 0.3),
            ("Surat Keterangan Ahli Waris", 0.2),
        ),
        positions=(
            *_heads("Camat", "Sekretaris Camat"),
            Position("Kepala Seksi Pelayanan", 1, "desk", 0.5, _ADMIN),
            Position("Penata Layanan Operasional", 2, "admin", 0.5, _ADMIN),
            Position("Pengelola Layanan Operasional", 2, "admin", 0.5, _ADMIN),
        ),
        points=(
            Point("Loket PATEN 1", "counter", 0.55, "desk", desk_card=True),
            Point("Loket PATEN 2", "counter", 0.45, "admin"),
        ),
        trends={"U7": trend, "U6": trend},
    )


UNITS: tuple[UnitPlan, ...] = (
    UnitPlan(
        code=INSTANSI_CODE,
        name=f"Pemerintah {CITY}",
        kind="instansi",
        parent="",
        share=0.0,
        base=3.2,
        free=1.0,
        service_types=(),
        positions=(),
        points=(),
    ),
    UnitPlan(
        code="DISDUKCAPIL",
        name="Dinas Kependudukan dan Pencatatan Sipil",
        share=0.22,
        base=3.2,
        free=0.95,
        users_per_response=7.0,
        service_types=(
            ("KTP-el", 0.32),
            ("Kartu Keluarga", 0.28),
            ("Akta Kelahiran", 0.18),
            ("Akta Kematian", 0.06),
            ("Surat Pindah Datang", 0.1),
            ("Kartu Identitas Anak", 0.06),
        ),
        positions=(
            *_heads(
                "Kepala Dinas",
                "Sekretaris",
                "Kepala Bidang Pelayanan Pendaftaran Penduduk",
                "Kepala Bidang Pelayanan Pencatatan Sipil",
            ),
            Position("Administrator Database Kependudukan Ahli Pertama", 2, "admin", 0.5, _ADMIN),
            Position("Penata Layanan Operasional", 6, "admin", 0.55, _ADMIN),
            Position("Pengelola Layanan Operasional", 4, "admin", 0.5, _ADMIN),
            Position("Operator Layanan Operasional", 2, "desk", 0.6, _ADMIN),
        ),
        points=(
            Point("Loket 1 KTP-el", "counter", 0.28, "admin", service_type="KTP-el"),
            Point(
                "Loket 2 Kartu Keluarga", "counter", 0.24, "admin", service_type="Kartu Keluarga"
            ),
            Point("Loket 3 Akta", "counter", 0.2, "admin", service_type="Akta Kelahiran"),
            Point(
                "Loket 4 Pindah Datang", "counter", 0.1, "admin", service_type="Surat Pindah Datang"
            ),
            Point(
                "Loket Prioritas Lansia dan Disabilitas", "counter", 0.06, "desk", desk_card=True
            ),
            Point("Anjungan Dukcapil Mandiri", "kiosk", 0.12),
        ),
        offsets={"U3": -0.1},
        trends={"U3": 0.25},  # an online queue introduced during the window
        after_lebaran=1.35,
    ),
    UnitPlan(
        code="DPMPTSP",
        name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        share=0.08,
        base=3.38,
        free=0.97,
        users_per_response=4.0,
        respondent_female=0.42,
        service_types=(
            ("Nomor Induk Berusaha (NIB)", 0.4),
            ("Persetujuan Bangunan Gedung (PBG)", 0.2),
            ("Izin Praktik Tenaga Kesehatan", 0.15),
            ("Konsultasi Perizinan", 0.25),
        ),
        positions=(
            *_heads("Kepala Dinas", "Sekretaris", "Kepala Bidang Pelayanan Perizinan"),
            Position("Penata Perizinan Ahli Pertama", 2, "desk", 0.5, _ADMIN),
            Position("Penata Layanan Operasional", 4, "admin", 0.5, _ADMIN),
            Position("Pengelola Layanan Operasional", 3, "admin", 0.5, _ADMIN),
        ),
        points=(
            Point("Loket 1 Pendaftaran", "counter", 0.3, "admin"),
            Point(
                "Loket 2 Perizinan Berusaha",
                "counter",
                0.25,
                "admin",
                service_type="Nomor Induk Berusaha (NIB)",
            ),
            Point("Loket 3 Penyerahan Izin", "counter", 0.15, "admin"),
            Point(
                "Meja Konsultasi",
                "counter",
                0.2,
                "desk",
                desk_card=True,
                service_type="Konsultasi Perizinan",
            ),
            Point("Kios Layanan Mandiri", "kiosk", 0.1),
        ),
    ),
    UnitPlan(
        code="RSUD",
        name="RSUD Sawahlunto",
        share=0.2,
        base=3.05,
        free=0.35,
        users_per_response=10.0,
        respondent_female=0.58,
        service_types=(
            ("Rawat Jalan", 0.55),
            ("Instalasi Gawat Darurat", 0.12),
            ("Farmasi", 0.2),
            ("Laboratorium", 0.13),
        ),
        positions=(
            Position("Direktur", 1, "head", 0.4, _DOCTOR),
            Position("Kepala Bidang Pelayanan Medik", 1, "head", 0.5, _DOCTOR),
            Position("Kepala Seksi Keperawatan", 1, "head", 0.7, _NURSE),
            Position("Dokter Ahli Pertama", 4, "doctor", 0.55, _DOCTOR),
            Position("Perawat Ahli Pertama", 8, "nurse", 0.75, _NURSE),
            Position("Perawat Terampil", 4, "nurse", 0.75, _NURSE_D3),
            Position("Bidan Terampil", 2, "midwife", 1.0, _MIDWIFE),
            Position("Apoteker Ahli Pertama", 2, "pharmacy", 0.7, _PHARMACIST),
            Position("Asisten Penata Kefarmasian", 1, "pharmacy", 0.7, _PHARMACY_TECH),
            Position("Perekam Medis Terampil", 2, "admin", 0.6, _RECORDS),
            Position("Pengelola Layanan Operasional", 2, "admin", 0.5, _ADMIN),
        ),
        points=(
            Point(
                "Pendaftaran Rawat Jalan 1", "counter", 0.16, "admin", service_type="Rawat Jalan"
            ),
            Point(
                "Pendaftaran Rawat Jalan 2", "counter", 0.12, "admin", service_type="Rawat Jalan"
            ),
            Point(
                "Poli Penyakit Dalam",
                "counter",
                0.14,
                "doctor",
                desk_card=True,
                service_type="Rawat Jalan",
            ),
            Point("Poli Anak", "counter", 0.1, "nurse", service_type="Rawat Jalan"),
            Point(
                "Poli Kebidanan dan Kandungan",
                "counter",
                0.08,
                "midwife",
                service_type="Rawat Jalan",
            ),
            Point(
                "Instalasi Gawat Darurat",
                "counter",
                0.1,
                "nurse",
                service_type="Instalasi Gawat Darurat",
            ),
            Point("Instalasi Farmasi", "counter", 0.16, "pharmacy", service_type="Farmasi"),
            Point("Kasir", "counter", 0.06, "admin"),
            Point("Kios Lobi Utama", "kiosk", 0.08),
        ),
        offsets={"U3": -0.18, "U4": -0.15},
        trends={"U9": 0.3},  # the waiting hall was renovated
    ),
    UnitPlan(
        code="DINKES",
        name="Dinas Kesehatan",
        share=0.025,
        base=3.3,
        free=0.9,
        users_per_response=3.0,
        service_types=(
            ("Rekomendasi Izin Praktik", 0.6),
            ("Sertifikat Laik Higiene Sanitasi", 0.4),
        ),
        positions=(
            *_heads("Kepala Dinas", "Sekretaris", "Kepala Bidang Sumber Daya Kesehatan"),
            Position("Administrator Kesehatan Ahli Pertama", 2, "admin", 0.6, _ADMIN),
            Position("Penata Layanan Operasional", 1, "admin", 0.5, _ADMIN),
        ),
        points=(
            Point("Loket Perizinan Kesehatan", "counter", 0.7, "admin", desk_card=True),
            Point("Meja Informasi", "counter", 0.3, "admin"),
        ),
    ),
    _puskesmas("PKM-SILUNGKANG", "Silungkang", 0.075, 3.32, 0.05),
    _puskesmas("PKM-TALAWI", "Talawi", 0.07, 3.12, -0.05),
    _puskesmas("PKM-LUNTO", "Lunto", 0.065, 3.42, 0.1),
    _kecamatan("KEC-BARANGIN", "Barangin", 0.06, 3.3, 0.05),
    _kecamatan("KEC-TALAWI", "Talawi", 0.055, 3.18, -0.12),
    UnitPlan(
        code="DINSOS",
        name="Dinas Sosial",
        share=0.055,
        base=3.08,
        free=0.98,
        users_per_response=4.0,
        respondent_female=0.62,
        service_types=(
            ("Pendaftaran DTSEN", 0.45),
            ("Rekomendasi PBI-JK", 0.3),
            ("Bantuan Sosial", 0.25),
        ),
        positions=(
            *_heads("Kepala Dinas", "Sekretaris", "Kepala Bidang Rehabilitasi dan Jaminan Sosial"),
            Position("Pekerja Sosial Ahli Pertama", 2, "admin", 0.6, _ADMIN),
            Position("Penyuluh Sosial Ahli Pertama", 1, "admin", 0.5, _ADMIN),
            Position("Pengelola Layanan Operasional", 1, "admin", 0.5, _ADMIN),
        ),
        points=(
            Point(
                "Loket Data Kesejahteraan Sosial",
                "counter",
                0.55,
                "admin",
                service_type="Pendaftaran DTSEN",
            ),
            Point("Loket Bantuan Sosial", "counter", 0.45, "admin", service_type="Bantuan Sosial"),
        ),
        offsets={"U1": -0.12, "U2": -0.1},
    ),
    UnitPlan(
        code="DISHUB",
        name="Dinas Perhubungan",
        share=0.05,
        base=3.15,
        free=0.15,
        users_per_response=3.0,
        respondent_female=0.18,
        service_types=(
            ("Uji Berkala Kendaraan (KIR)", 0.7),
            ("Izin Trayek Angkutan", 0.3),
        ),
        positions=(
            *_heads("Kepala Dinas", "Sekretaris", "Kepala UPTD Pengujian Kendaraan Bermotor"),
            Position("Penguji Kendaraan Bermotor Terampil", 3, "tester", 0.1, _ADMIN),
            Position("Pengelola Layanan Operasional", 2, "admin", 0.4, _ADMIN),
        ),
        points=(
            Point(
                "Loket Uji KIR",
                "counter",
                0.35,
                "admin",
                desk_card=True,
                service_type="Uji Berkala Kendaraan (KIR)",
            ),
            Point(
                "Jalur Pengujian",
                "counter",
                0.4,
                "tester",
                service_type="Uji Berkala Kendaraan (KIR)",
            ),
            Point(
                "Loket Izin Trayek", "counter", 0.25, "admin", service_type="Izin Trayek Angkutan"
            ),
        ),
        offsets={"U4": -0.35},
        before_lebaran=1.3,
    ),
)
