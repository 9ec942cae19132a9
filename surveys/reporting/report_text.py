"""The fixed prose of the SKM report (laporan hasil SKM), shared by the HTML page and the PDF.

Indonesian message ids marked with ``N_``; ``%(name)s`` parameters are filled by the
renderer. Nothing here computes: numbers come from ``surveys.reporting.report``.
"""

from __future__ import annotations

from surveys.method.elements import N_, NP_

TITLE = N_("Laporan Hasil Survei Kepuasan Masyarakat")

BACKGROUND = (
    N_(
        "Pelayanan publik yang berkualitas adalah hak setiap warga negara. Untuk mengetahui "
        "sejauh mana pelayanan telah memenuhi harapan masyarakat, setiap penyelenggara "
        "pelayanan publik wajib melaksanakan Survei Kepuasan Masyarakat (SKM) secara berkala, "
        "sekurang-kurangnya satu kali dalam setahun."
    ),
    N_(
        "Hasil survei berupa Indeks Kepuasan Masyarakat (IKM) menjadi bahan evaluasi dan dasar "
        "perbaikan kualitas pelayanan, dan wajib diumumkan kepada masyarakat."
    ),
)

LEGAL_BASIS = (
    N_("Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;"),
    N_(
        "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 "
        "Tahun 2009 tentang Pelayanan Publik;"
    ),
    N_(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun "
        "2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara "
        "Pelayanan Publik;"
    ),
    N_(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 29 Tahun "
        "2022 tentang Pemantauan dan Evaluasi Kinerja Penyelenggaraan Pelayanan Publik."
    ),
)

PURPOSE = N_(
    "Survei ini dimaksudkan untuk mengukur tingkat kepuasan masyarakat atas pelayanan "
    "%(unit)s sebagai bahan evaluasi penyelenggaraan pelayanan publik."
)

GOALS = (
    N_("Mengetahui tingkat kepuasan masyarakat dalam bentuk Indeks Kepuasan Masyarakat (IKM);"),
    N_("Mengetahui unsur pelayanan yang sudah baik dan yang masih perlu diperbaiki;"),
    N_("Menjadi dasar penyusunan rencana tindak lanjut perbaikan pelayanan;"),
    N_("Memenuhi kewajiban mengumumkan hasil survei kepada masyarakat."),
)

PERIOD = N_("Survei dilaksanakan pada periode %(start)s sampai dengan %(end)s.")

METHOD = N_(
    "Survei menggunakan kuesioner sembilan unsur pelayanan sesuai PermenPANRB Nomor 14 Tahun "
    "2017. Setiap unsur dinilai dengan skala 1 sampai 4 (1 = tidak baik, 4 = sangat baik). "
    "Responden mengisi kuesioner tanpa nama dan tanpa NIK, melalui kode QR di titik layanan, "
    "kios, atau formulir kertas pada forum musyawarah."
)

# Sentences with a count have a plural form (ngettext); Indonesian repeats the same words.
SAMPLE_WITH_POPULATION = NP_(
    "Jumlah responden adalah %(n)s orang. Jumlah pengguna layanan pada periode ini %(population)s "
    "orang, sehingga sampel minimum menurut rumus Krejcie dan Morgan adalah %(target)s responden.",
    "Jumlah responden adalah %(n)s orang. Jumlah pengguna layanan pada periode ini %(population)s "
    "orang, sehingga sampel minimum menurut rumus Krejcie dan Morgan adalah %(target)s responden.",
)
SAMPLE_MET = N_("Target sampel tercapai.")
SAMPLE_NOT_MET = NP_(
    "Target sampel belum tercapai: kurang %(missing)s responden.",
    "Target sampel belum tercapai: kurang %(missing)s responden.",
)
SAMPLE_WITHOUT_POPULATION = NP_(
    "Jumlah responden adalah %(n)s orang. Jumlah pengguna layanan untuk periode ini belum diisi, "
    "sehingga target sampel Krejcie dan Morgan belum dapat dihitung.",
    "Jumlah responden adalah %(n)s orang. Jumlah pengguna layanan untuk periode ini belum diisi, "
    "sehingga target sampel Krejcie dan Morgan belum dapat dihitung.",
)

# How respondents answered (Response.channel), for the data collection table.
CHANNELS = {
    "qr": N_("Kode QR di titik layanan"),
    "kiosk": N_("Kios"),
    "forum": N_("Kode QR di forum"),
    "forum_paper": N_("Formulir kertas forum"),
    "forum_tally": N_("Rekap forum"),
    "import": N_("Impor data"),
}

COLLECTION = N_(
    "Data dikumpulkan secara elektronik dan dari formulir kertas yang dimasukkan petugas. "
    "Sebaran responden menurut cara pengisian:"
)

PROCESSING = (
    N_(
        "Nilai rata-rata (NRR) tiap unsur adalah jumlah nilai unsur itu dibagi jumlah jawaban "
        "untuk unsur itu; jawaban yang kosong tidak dihitung sebagai nol."
    ),
    N_(
        "IKM = Σ (NRR tiap unsur × bobot), dengan bobot setiap unsur tepat 1/9. "
        "IKM unit pelayanan = IKM × 25, sehingga nilainya antara 25 dan 100."
    ),
    N_(
        "Perhitungan memakai nilai eksak; pembulatan hanya dilakukan di akhir, dua desimal, "
        "setengah ke atas. Mutu pelayanan ditentukan dari nilai yang sudah dibulatkan, "
        "berdasarkan batas bawah setiap kategori."
    ),
)

CUSTOM_WEIGHTS = N_("Unit ini memakai bobot unsur tersendiri, tercantum pada tabel pengolahan.")

# The interval table of PermenPANRB 14/2017 as published, best grade first.
INTERVALS = (
    ("4", "3,5324 – 4,00", "88,31 – 100,00", "A", N_("Sangat Baik")),
    ("3", "3,0644 – 3,532", "76,61 – 88,30", "B", N_("Baik")),
    ("2", "2,60 – 3,064", "65,00 – 76,60", "C", N_("Kurang Baik")),
    ("1", "1,00 – 2,5996", "25,00 – 64,99", "D", N_("Tidak Baik")),
)

IKM_INTERVAL = NP_(
    "Selang kepercayaan 95%%: %(low)s sampai dengan %(high)s, dari %(n)s responden yang menjawab "
    "kesembilan unsur.",
    "Selang kepercayaan 95%%: %(low)s sampai dengan %(high)s, dari %(n)s responden yang menjawab "
    "kesembilan unsur.",
)

ROUNDING_NOTE = N_(
    "Nilai NRR dan NRR tertimbang ditampilkan empat desimal; IKM dihitung dari nilai eksaknya."
)

NO_COMMENTS = N_("Tidak ada kritik dan saran pada periode ini.")
MORE_COMMENTS = NP_(
    "%(count)s kritik dan saran lainnya tercantum dalam ekspor data responden.",
    "%(count)s kritik dan saran lainnya tercantum dalam ekspor data responden.",
)
NO_FOLLOWUPS = N_("Belum ada rencana tindak lanjut untuk periode ini.")

# What a unit usually does about a low element: the report's saran for its priorities.
ELEMENT_SUGGESTIONS = {
    "U1": N_(
        "Sederhanakan persyaratan pelayanan dan umumkan secara jelas di loket, situs web, dan "
        "media sosial."
    ),
    "U2": N_(
        "Sederhanakan alur pelayanan dan pasang bagan alur yang mudah dipahami di ruang pelayanan."
    ),
    "U3": N_(
        "Tetapkan dan pantau standar waktu penyelesaian, tambah petugas atau loket pada jam "
        "sibuk, dan tertibkan antrean."
    ),
    "U4": N_(
        "Umumkan biaya/tarif resmi secara terbuka dan pastikan tidak ada pungutan di luar "
        "ketentuan."
    ),
    "U5": N_(
        "Pastikan produk layanan sesuai standar pelayanan dan periksa kelengkapannya sebelum "
        "diserahkan."
    ),
    "U6": N_(
        "Tingkatkan kompetensi petugas melalui pelatihan teknis, bimbingan teknis, dan "
        "pendampingan."
    ),
    "U7": N_(
        "Bina budaya pelayanan yang sopan dan ramah melalui pembinaan rutin dan pelatihan "
        "pelayanan prima."
    ),
    "U8": N_(
        "Sediakan sarana pengaduan yang mudah dijangkau, tanggapi setiap pengaduan tepat waktu, "
        "dan umumkan tindak lanjutnya."
    ),
    "U9": N_(
        "Perbaiki dan lengkapi sarana dan prasarana: ruang tunggu, tempat duduk, toilet, dan akses "
        "bagi penyandang disabilitas."
    ),
}

# Conclusions and suggestions generated from the numbers (see surveys.reporting.report.conclusions).
CONCLUSION_IKM = N_(
    "Indeks Kepuasan Masyarakat %(unit)s periode %(start)s sampai dengan %(end)s adalah "
    "%(ikm)s, dengan mutu pelayanan %(grade)s (%(label)s)."
)
CONCLUSION_NO_DATA = N_("Belum ada responden pada periode ini, sehingga IKM belum dapat dihitung.")
CONCLUSION_UNANSWERED = NP_(
    "Unsur %(elements)s belum memiliki jawaban (jumlah responden: %(n)s), sehingga IKM belum "
    "dapat dihitung; nilai unsur lainnya tetap dilaporkan.",
    "Unsur %(elements)s belum memiliki jawaban (jumlah responden: %(n)s), sehingga IKM belum "
    "dapat dihitung; nilai unsur lainnya tetap dilaporkan.",
)
CONCLUSION_STRONGEST = N_("Unsur dengan nilai tertinggi: %(elements)s (NRR %(nrr)s).")
CONCLUSION_WEAKEST = N_("Unsur dengan nilai terendah: %(elements)s (NRR %(nrr)s).")
CONCLUSION_TOO_FEW = N_(
    "Jumlah responden (%(n)s) masih di bawah batas minimum %(minimum)s, sehingga hasil ini "
    "belum dapat dianggap mewakili pengguna layanan."
)
CONCLUSION_SAMPLE_MET = N_(
    "Jumlah responden (%(n)s) memenuhi sampel minimum Krejcie dan Morgan (%(target)s)."
)
CONCLUSION_SAMPLE_NOT_MET = N_(
    "Jumlah responden (%(n)s) belum memenuhi sampel minimum Krejcie dan Morgan (%(target)s)."
)
SUGGESTION_PRIORITY = N_("%(element)s: %(suggestion)s")
SUGGESTION_FOLLOW_UP = N_(
    "Tuangkan perbaikan unsur prioritas ke dalam rencana tindak lanjut (RTL) yang terukur, "
    "pantau pelaksanaannya, dan umumkan hasil survei beserta tindak lanjutnya kepada masyarakat."
)
SUGGESTION_MORE_RESPONDENTS = N_(
    "Perluas pengumpulan data (kode QR di setiap loket, kios, dan forum) agar jumlah responden "
    "memenuhi sampel minimum."
)
