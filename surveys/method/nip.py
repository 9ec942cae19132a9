"""The 18-digit NIP of a civil servant (ASN), checked by its structure.

Digits 1–8 are the birth date (YYYYMMDD), 9–14 the appointment year and month
(YYYYMM), 15 the gender (1 man, 2 woman) and 16–18 a sequence number.
"""

from __future__ import annotations

import re
from datetime import date

from surveys.method.elements import N_

BIRTH_YEARS = (1940, 2010)
FIRST_APPOINTMENT_YEAR = 1960

_DIGITS = NIP_SHAPE = re.compile(r"[0-9]{18}")


def normalise_nip(text: str) -> str:
    """NIPs are often written in groups ("19800101 200501 1 001"): drop the spaces."""
    return "".join(text.split())


def validate_nip(nip: str, today: date | None = None) -> str | None:
    """None when ``nip`` is a well-formed NIP, otherwise why not (an Indonesian message id)."""
    if not _DIGITS.fullmatch(nip):
        return N_("NIP harus terdiri dari tepat 18 angka.")
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return N_("Tanggal lahir pada NIP (angka ke-1 sampai ke-8) bukan tanggal yang sah.")
    if not BIRTH_YEARS[0] <= birth.year <= BIRTH_YEARS[1]:
        return N_("Tahun lahir pada NIP harus antara 1940 dan 2010.")
    year, month = int(nip[8:12]), int(nip[12:14])
    current_year = (today or date.today()).year
    if not FIRST_APPOINTMENT_YEAR <= year <= current_year:
        return N_(
            "Tahun pengangkatan pada NIP (angka ke-9 sampai ke-12) harus antara 1960 dan tahun ini."
        )
    if not 1 <= month <= 12:
        return N_("Bulan pengangkatan pada NIP (angka ke-13 dan ke-14) harus 01 sampai 12.")
    # Compared by month: an appointment in the month of the 18th birthday is accepted.
    if (year, month) < (birth.year + 18, birth.month):
        return N_("Pengangkatan pada NIP harus sesudah petugas berusia 18 tahun.")
    if nip[14] not in "12":
        return N_("Kode jenis kelamin pada NIP (angka ke-15) harus 1 atau 2.")
    return None
