import gzip
import zlib

import pytest

from app.precompressed import SplitPage

PAGE = "<html>" + "<p>Bagaimana pendapat Saudara?</p>" * 200 + '<input value="@@">' + "</html>" * 50


def test_a_spliced_page_decompresses_to_the_whole_page():
    page = SplitPage.from_html(PAGE, "@@")
    body = page.gzip("1.1763873000.abc_DEF-xyz.sig")
    assert gzip.decompress(body).decode() == PAGE.replace("@@", "1.1763873000.abc_DEF-xyz.sig")
    assert page.plain("tok").decode() == PAGE.replace("@@", "tok")


def test_browsers_zlib_reads_it_as_one_gzip_stream():
    body = SplitPage.from_html(PAGE, "@@").gzip("token")
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert decoder.decompress(body).decode() == PAGE.replace("@@", "token")
    assert decoder.eof and decoder.unused_data == b""


def test_a_whole_page_without_a_slot_is_one_stream_too():
    page = SplitPage.from_html("<p>Terima kasih!</p>" * 40)
    assert gzip.decompress(page.gzip()).decode() == "<p>Terima kasih!</p>" * 40


def test_it_is_far_smaller_than_the_page():
    assert len(SplitPage.from_html(PAGE, "@@").gzip("t")) < len(PAGE) / 10


def test_non_ascii_text_keeps_its_bytes_and_checksum():
    html = "Jawaban Anda — terima kasih ✓ é" * 30 + "@@" + "Sawahlunto ✓" * 10
    assert gzip.decompress(SplitPage.from_html(html, "@@").gzip("ñ")).decode() == html.replace(
        "@@", "ñ"
    )


def test_the_slot_must_appear_once():
    with pytest.raises(ValueError):
        SplitPage.from_html("no slot here", "@@")
    with pytest.raises(ValueError):
        SplitPage.from_html("@@ twice @@", "@@")
