"""Words for the demo: names, citizens' comments and forum inputs."""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE_NAMES = _words(
    "Afrizal Syafrizal Hendri Yusrizal Zulkifli Dedi Rahmat Fadli Irwan Joni Masrul "
    "Nofrizal Rudi Syahrul Taufik Wendi Ikhsan Arif Budi Eko Fajar Gusnaldi Hafiz Ilham "
    "Riko Doni Ferdi Agus Azwar Darmawan Efendi Hasan Indra Jufri Khairul Muhammad Novri "
    "Rizki Yusuf Zainal Alfian Bachtiar Deri Erwin Firdaus Hendra Iqbal"
)
FEMALE_NAMES = _words(
    "Yulia Rina Sri Dewi Fitri Nurhayati Rahmi Yeni Elvi Desi Mira Novia Rini Suci Vivi "
    "Yanti Zulfa Hayati Lisa Mega Nelly Putri Ratna Silvia Tuti Yusnita Afni Dian Eka "
    "Gusnita Hesti Ira Nova Oktaviani Rosmaini Yolanda Fauziah Annisa Welni Lusiana Marni "
    "Asmi"
)
MALE_SECOND = _words(
    "Putra Saputra Syahputra Chaniago Tanjung Piliang Sikumbang Koto Jambak Hidayat "
    "Rahman Amri Hamid Anwar Syarif Efendi Yunus Gunawan Pratama Nasution Hakim "
    "Zulkarnain"
)
FEMALE_SECOND = _words(
    "Yuliani Sari Wahyuni Rahmawati Susanti Handayani Oktavia Marlina Chaniago Tanjung "
    "Piliang Sikumbang Novita Fitriani Yulianti Melati Rosalina Ramadhani Sulastri"
)


# Citizens' comments (kritik dan saran) by what they are about.
COMMENTS: dict[str, tuple[str, ...]] = {
    "positive": (
        "Pelayanan cepat dan petugasnya ramah, terima kasih.",
        "Alhamdulillah urusan selesai hari ini juga.",
        "Sudah bagus, mohon dipertahankan.",
        "Petugas sabar menjelaskan persyaratan kepada saya.",
        "Terima kasih, pelayanannya memuaskan.",
        "Ruang tunggu bersih dan nyaman.",
    ),
    "U1": (
        "Persyaratan sering berubah, mohon diumumkan dengan jelas.",
        "Informasi persyaratan di media sosial tidak sama dengan di loket.",
    ),
    "U2": (
        "Alur pelayanan membingungkan, perlu papan petunjuk.",
        "Harus bolak-balik ke beberapa meja untuk satu urusan.",
    ),
    "U3": (
        "Antrean terlalu lama, mohon tambah petugas di jam sibuk.",
        "Sudah menunggu lebih dari dua jam.",
        "Mohon ada perkiraan waktu selesai supaya tidak menunggu tanpa kepastian.",
    ),
    "U4": ("Masih ada biaya tambahan yang tidak jelas dasarnya.",),
    "U5": ("Dokumen yang diterima ada salah ketik, harus diperbaiki lagi.",),
    "U6": ("Petugas kurang menguasai aturan, jawabannya berbeda-beda.",),
    "U7": (
        "Ada petugas yang kurang ramah dan sibuk dengan HP.",
        "Petugas loket berbicara ketus kepada orang tua.",
    ),
    "U8": (
        "Pengaduan saya belum ditanggapi sampai sekarang.",
        "Kotak saran sepertinya tidak pernah dibuka.",
    ),
    "U9": (
        "Ruang tunggu panas, kipas angin tidak berfungsi.",
        "Kursi di ruang tunggu kurang, banyak yang berdiri.",
        "Toilet kurang bersih.",
        "Parkir sempit dan tidak teratur.",
    ),
    "suggestion": (
        "Mohon disediakan nomor antrean daring.",
        "Sebaiknya ada loket khusus lansia dan disabilitas.",
        "Tolong jam pelayanan diperpanjang sampai sore.",
        "Kabari lewat WhatsApp kalau dokumen sudah selesai.",
        "Sediakan air minum di ruang tunggu.",
    ),
    "DISDUKCAPIL": (
        "Blanko KTP-el sering habis, mohon stoknya dijaga.",
        "Jaringan sering gangguan sehingga pelayanan terhenti.",
        "Pelayanan jemput bola ke desa sangat membantu.",
    ),
    "RSUD": (
        "Obat di farmasi sering kosong, harus beli di luar.",
        "Dokter poli datang terlambat.",
        "Perawat IGD sigap dan cekatan.",
    ),
    "PKM": (
        "Bidan di ruang KIA sangat membantu.",
        "Antrean pendaftaran pagi sangat panjang.",
    ),
    "DISHUB": ("Pengujian KIR cepat, terima kasih.",),
    "DPMPTSP": ("Petugas membantu mendaftar NIB lewat OSS sampai selesai.",),
    "KEC": ("Pengurusan surat keterangan cukup cepat.",),
    "DINSOS": ("Mohon kejelasan kapan bantuan cair.",),
}


@dataclass(frozen=True)
class ForumIdea:
    kind: str  # aspirasi, pengaduan, saran
    topic: str  # a code of surveys.forum.vocabulary.TOPICS: an element (U1…U9) or another topic
    text: str
    addressed_to: str = ""  # a unit code, when the input names one


FORUM_IDEAS: tuple[ForumIdea, ...] = (
    ForumIdea(
        "aspirasi", "infrastruktur_jalan", "Perbaikan jalan lingkungan yang berlubang di {place}."
    ),
    ForumIdea(
        "aspirasi",
        "air_bersih",
        "Sumur bor untuk dusun yang kekurangan air saat kemarau di {place}.",
    ),
    ForumIdea(
        "aspirasi",
        "ekonomi_umkm",
        "Pelatihan menenun songket dan pemasaran daring bagi ibu-ibu di {place}.",
    ),
    ForumIdea(
        "aspirasi", "ekonomi_umkm", "Jalur wisata tambang dan kota tua dihubungkan ke {place}."
    ),
    ForumIdea("aspirasi", "pendidikan", "Beasiswa bagi anak nagari yang melanjutkan kuliah."),
    ForumIdea(
        "pengaduan",
        "U1",
        "Pengurusan KK harus bolak-balik karena persyaratan tidak jelas.",
        "DISDUKCAPIL",
    ),
    ForumIdea("pengaduan", "U3", "Antrean di kantor camat lama karena petugas loket hanya satu."),
    ForumIdea("pengaduan", "U9", "Ruang tunggu kantor camat sempit dan panas."),
    ForumIdea(
        "pengaduan",
        "kesehatan",
        "Jadwal dokter di puskesmas sering berubah tanpa pemberitahuan.",
        "DINKES",
    ),
    ForumIdea(
        "pengaduan", "infrastruktur_jalan", "Lampu jalan di simpang {place} mati sejak tiga bulan."
    ),
    ForumIdea("pengaduan", "lingkungan", "Sampah di sekitar pasar tidak diangkut secara rutin."),
    ForumIdea(
        "pengaduan", "sosial", "Ada warga miskin yang belum masuk data penerima bantuan.", "DINSOS"
    ),
    ForumIdea("saran", "U2", "Pelayanan adminduk keliling ke desa sebulan sekali.", "DISDUKCAPIL"),
    ForumIdea("saran", "lainnya", "Tambah trayek angkutan ke {place} pada jam sekolah.", "DISHUB"),
    ForumIdea(
        "saran",
        "sosial",
        "Daftar penerima bantuan diumumkan di kantor desa agar transparan.",
        "DINSOS",
    ),
    ForumIdea("saran", "kesehatan", "Posyandu lansia diadakan rutin di {place}.", "DINKES"),
    ForumIdea(
        "saran", "ekonomi_umkm", "Sosialisasi pendaftaran NIB untuk pedagang kecil.", "DPMPTSP"
    ),
)

# The villages of each kecamatan where its forums meet, and the kinds of forum held.
FORUM_PLACES = {
    "KEC-BARANGIN": ("Kolok Mudiak", "Santur", "Saringan", "Lumindai"),
    "KEC-TALAWI": ("Talawi Hilir", "Sijantang Koto", "Batu Tanjung", "Kumbayau"),
}
# The kinds of forum the demo holds (codes of the forum vocabulary) and the names its
# service points carry.
FORUM_KIND_NAMES = {
    "musrenbang_kecamatan": "Musrenbang kecamatan",
    "forum_konsultasi_publik": "Forum konsultasi publik",
    "musyawarah_desa": "Musyawarah desa",
}
FORUM_KINDS = tuple(FORUM_KIND_NAMES)
