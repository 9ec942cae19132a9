"""Message ids for stored values that templates translate at render time.

The survey form shows the education and occupation codes of surveys.store.tables through
``_(option)``; those tuples are data, not marked strings, so extraction would miss
them. Listing them here (never imported) puts them in the catalog;
tests/web/test_i18n.py checks this list still covers the tuples.
"""

from surveys.method.elements import N_

EDUCATION_LABELS = (
    N_("SD"),
    N_("SMP"),
    N_("SMA"),
    N_("D1-D3"),
    N_("S1/D4"),
    N_("S2"),
    N_("S3"),
)

OCCUPATION_LABELS = (
    N_("PNS"),
    N_("TNI"),
    N_("POLRI"),
    N_("Swasta"),
    N_("Wirausaha"),
    N_("Pelajar/Mahasiswa"),
    N_("Lainnya"),
)
