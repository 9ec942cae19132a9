"""A trainings file exported from SIASN reads as Suara's trainings format."""

from surveys.store.imports.siasn import siasn_as_suara


def test_siasn_column_names_and_kinds_become_suaras():
    text = (
        "nip,title,form,classical,jenisKompetensi,institusiPenyelenggara,jumlahJam,tahun\n"
        "199001012015032001,Pelayanan Prima,Pelatihan teknis,ya,Sosial Kultural,BPSDM,24,2025\n"
    )

    assert siasn_as_suara(text).splitlines() == [
        "nip,title,form,classical,competency,provider,jp,start_date,end_date",
        "199001012015032001,Pelayanan Prima,Pelatihan teknis,ya,sosial_kultural,BPSDM,24,"
        "2025-12-31,2025-12-31",
    ]


def test_a_year_beside_real_dates_is_dropped_and_the_dates_kept():
    text = "nip,jumlahJam,tahun,start_date,end_date\n1,8,2025,2025-03-01,2025-03-02\n"
    assert siasn_as_suara(text).splitlines() == [
        "nip,jp,start_date,end_date",
        "1,8,2025-03-01,2025-03-02",
    ]


def test_a_suara_file_is_left_as_it_is():
    text = "nip,title,jp\n1,Kursus,8\n"
    assert siasn_as_suara(text) == text
