"""The public methodology page states the statistics the dashboard uses, in both languages."""

from __future__ import annotations

import html
import re


def _text(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(p|ul)>', page, re.S)
    assert match, testid
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


async def test_the_methodology_page_states_the_change_test_and_its_minimum(client):
    page = (await client.get("/metodologi")).text
    change = _text(page, "change-method")
    assert "uji t Welch" in change and "terlalu sedikit responden untuk menilai" in change
    assert "Benjamini–Hochberg" in page
    assert "selang kepercayaan 95%" in _text(page, "interval-method")


async def test_it_states_the_weight_and_the_krejcie_morgan_row_where_suara_departs(client):
    page = (await client.get("/metodologi")).text
    assert "paling banyak 1,00 poin" in _text(page, "weight-note")
    assert "383" in _text(page, "krejcie-note") and "384" in _text(page, "krejcie-note")
    references = _text(page, "references")
    for work in (
        "Welch, B. L. (1947)",
        "Benjamini, Y., & Hochberg, Y. (1995)",
        "Krejcie, R. V., & Morgan, D. W. (1970)",
        "Nomor 14 Tahun 2017",
    ):
        assert work in references


async def test_the_english_page_says_the_same(client):
    page = (await client.get("/metodologi?lang=en")).text
    assert "Welch's t test" in _text(page, "change-method")
    assert "1.00 point" in _text(page, "weight-note")
