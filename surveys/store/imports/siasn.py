"""Training files exported from SIASN (the national ASN information system), read as Suara's.

SIASN names some columns its own way: ``jenisKompetensi`` (the competency kind),
``jumlahJam`` (JP), ``institusiPenyelenggara`` (provider) and ``tahun`` (year). Their header is
renamed to Suara's, kinds written in words ("Sosial Kultural") become codes, and a row that
gives only the year gets 31 December of that year as start and end date (**decision**: the
record then counts in that year, as a training counts in the year it ends). Pure: a file in
(CSV text, or the bytes of a CSV or XLSX file), CSV text out when SIASN's names were found and
the file unchanged otherwise; the usual trainings import then checks every row.
"""

from __future__ import annotations

import csv
import io

from surveys.store.imports.tablefile import Unreadable, table_records

RENAMED = {
    "jeniskompetensi": "competency",
    "jumlahjam": "jp",
    "institusipenyelenggara": "provider",
}
YEAR = "tahun"


def siasn_as_suara(source: str | bytes) -> str | bytes:
    """``source`` with SIASN's column names and values turned into Suara's; unchanged when the
    header has none of them (or the file cannot be read: the import then says why)."""
    try:
        rows = [cells for _line, cells in table_records(source)]
    except Unreadable:
        return source
    if not rows:
        return source
    header = [cell.strip() for cell in rows[0]]
    folded = [name.casefold() for name in header]
    if not any(name in RENAMED or name == YEAR for name in folded):
        return source
    renamed = [
        RENAMED.get(low, YEAR if low == YEAR else name)
        for name, low in zip(header, folded, strict=True)
    ]
    competency = renamed.index("competency") if "competency" in renamed else None
    year = renamed.index(YEAR) if YEAR in renamed else None
    dated = "start_date" in renamed or "end_date" in renamed
    out_header = [name for name in renamed if name != YEAR]
    if year is not None and not dated:
        out_header += ["start_date", "end_date"]
    out = [out_header]
    for row in rows[1:]:
        cells = list(row)
        if competency is not None and competency < len(cells):
            cells[competency] = "_".join(cells[competency].strip().casefold().split())
        value = cells[year].strip() if year is not None and year < len(cells) else ""
        if year is not None and year < len(cells):
            del cells[year]
        if year is not None and not dated:
            day = f"{value}-12-31" if value else ""
            cells += [day, day]
        out.append(cells)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(out)
    return buffer.getvalue()
