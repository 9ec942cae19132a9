"""The English catalog: complete, consistent with the code's message ids, and used by pages.

Message ids are the Indonesian texts; English comes from app/locale/en/LC_MESSAGES/messages.po.
The tests compile the catalog themselves (the .mo is git-ignored), so they pass from a fresh
clone, and they fail as soon as a marked string has no English translation.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app import i18n
from app.citizen import pages as survey_pages
from surveys.method.elements import ELEMENTS
from surveys.store.tables import EDUCATIONS, OCCUPATIONS
from tests.factories import make_service_point

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# The same folders the Makefile's `messages` target leaves out.
IGNORED_DIRS = {"var", "tests", "node_modules"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def read_catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="en")


def compile_catalog() -> None:
    """What `pybabel compile` does, written atomically: other test runs may be reading it."""
    catalog = read_catalog()
    fd, tmp = tempfile.mkstemp(dir=MO.parent, suffix=".mo.tmp")
    with os.fdopen(fd, "wb") as f:
        write_mo(f, catalog)
    os.replace(tmp, MO)


@pytest.fixture(scope="session", autouse=True)
def english_catalog():
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        compile_catalog()
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


def extracted_ids() -> dict[str, str]:
    """Every marked message id in app/, surveys/ and templates/, as `make messages` finds them,
    mapped to where it was found."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)

    def wanted(path: str) -> bool:
        name = os.path.basename(path)
        return not name.startswith((".", "_")) and name not in IGNORED_DIRS

    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS, directory_filter=wanted
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def dummy_params(msgid: str) -> dict[str, int]:
    return {name: 1 for name in PLACEHOLDER.findall(msgid)} | {"num": 1}


# --- the catalog ---------------------------------------------------------------------------


def test_the_english_catalog_has_no_untranslated_or_fuzzy_entries():
    catalog = read_catalog()
    assert not catalog.fuzzy
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders_of_their_message_ids():
    problems = []
    for message in read_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - {"num"} != expected - {"num"}:
                problems.append(f"{ids[0]!r} -> {string!r}")
                continue
            # Templates always %-format (so "%%" must stay "%%"); a translation must format
            # wherever its message id does.
            params = dummy_params(ids[0])
            try:
                ids[0] % params
            except (TypeError, ValueError, KeyError):
                continue
            try:
                string % params
            except (TypeError, ValueError, KeyError) as error:
                problems.append(f"{ids[0]!r} -> {string!r}: {error}")
    assert not problems, "\n".join(problems)


def test_every_marked_string_in_the_code_has_an_english_translation():
    """A new `_("...")`, `N_("...")` or `{{ _("...") }}` without a translation fails here:
    run `make messages` and translate the new entries in messages.po."""
    catalog = read_catalog()
    missing = []
    for msgid, where in sorted(extracted_ids().items()):
        message = catalog.get(msgid)
        strings = () if message is None else message.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(strings):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, "untranslated: run `make messages` and translate these:\n" + "\n".join(
        missing
    )


def test_the_stored_profile_codes_shown_on_the_survey_form_are_in_the_catalog():
    # The form translates these tuples at render time; app/locale/data_messages.py marks them.
    catalog = read_catalog()
    missing = [code for code in (*EDUCATIONS, *OCCUPATIONS) if not catalog.get(code)]
    assert missing == []


def test_the_grade_labels_and_element_names_use_the_agreed_english_terms():
    catalog = read_catalog()
    agreed = {
        "Sangat Baik": "Very good",
        "Baik": "Good",
        "Kurang Baik": "Poor",
        "Tidak Baik": "Very poor",
        "Persyaratan": "Requirements",
        "Sistem, Mekanisme, dan Prosedur": "Systems, mechanisms and procedures",
        "Waktu Penyelesaian": "Completion time",
        "Biaya/Tarif": "Cost/fee",
        "Produk Spesifikasi Jenis Pelayanan": "Service product specification",
        "Kompetensi Pelaksana": "Officer competence",
        "Perilaku Pelaksana": "Officer conduct",
        "Penanganan Pengaduan, Saran dan Masukan": "Handling of complaints and suggestions",
        "Sarana dan prasarana": "Facilities",
        "Triwulan": "Quarter",
        "Berita acara": "Minutes",
    }
    assert {msgid: catalog.get(msgid).string for msgid in agreed} == agreed


# --- pages in English ----------------------------------------------------------------------


def long_indonesian_ids() -> list[str]:
    """Message ids long enough that finding one on an English page means it went untranslated."""
    return [
        m.id
        for m in read_catalog()
        if isinstance(m.id, str) and len(m.id) >= 25 and "%" not in m.id and m.string != m.id
    ]


def assert_no_indonesian_text(html: str) -> None:
    leftovers = [msgid for msgid in long_indonesian_ids() if msgid in html]
    assert leftovers == []


async def test_the_login_page_in_english_says_log_in(client, db):
    response = await client.get("/login?lang=en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    assert "Username" in response.text
    assert "Password" in response.text
    assert "Masuk" not in response.text
    assert "Kata sandi" not in response.text
    assert_no_indonesian_text(response.text)


async def test_the_login_page_stays_indonesian_by_default(client, db):
    response = await client.get("/login")
    assert "Masuk" in response.text
    assert "Log in" not in response.text


async def test_the_home_page_in_english(client, disdukcapil):
    response = await client.get("/?lang=en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "for better public services" in response.text
    assert "Community Satisfaction Index" in response.text
    assert "Sign in to manage" in response.text
    assert "Indeks Kepuasan Masyarakat" not in response.text
    assert "Masuk untuk pengelola" not in response.text
    assert_no_indonesian_text(response.text)


async def test_the_english_choice_is_remembered_by_the_cookie(client, db):
    await client.get("/lang/en?next=/")
    response = await client.get("/login")
    assert "Log in" in response.text
    assert "Masuk" not in response.text


async def test_the_citizen_survey_form_in_english(client, disdukcapil):
    point = await make_service_point(disdukcapil["id"], "Loket 1")
    survey_pages.clear_caches()
    response = await client.get(f"/s/{point['token']}?lang=en")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    for element in ELEMENTS:
        assert element.question_en in html
        assert element.question_id not in html
    for label in ("Very suitable", "Not very easy", "Free", "Polite and friendly", "Well managed"):
        assert label in html
    for label in ("About you (optional)", "Gender", "Age (years)", "Highest education"):
        assert label in html
    assert "Comments and suggestions (optional)" in html
    assert "Private-sector employee" in html
    assert "Primary school (SD)" in html
    for indonesian in ("Sangat sesuai", "Tentang Anda", "Pendidikan terakhir", ">Swasta<"):
        assert indonesian not in html
    assert_no_indonesian_text(html)


async def test_the_citizen_survey_form_stays_indonesian_by_default(client, disdukcapil):
    point = await make_service_point(disdukcapil["id"], "Loket 1")
    survey_pages.clear_caches()
    html = (await client.get(f"/s/{point['token']}")).text
    assert "Sangat sesuai" in html
    assert "Very suitable" not in html
