import re
import struct
import xml.etree.ElementTree as ET

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L

from surveys.method.qr import BORDER, PNG_BOX_SIZE, modules_across, qr_png, qr_svg, qr_version

URL = "https://skm.sawahluntokota.go.id/s/" + "Xy3_" * 8  # a 32-character token


def _version_at(level: int, url: str) -> int:
    code = qrcode.QRCode(error_correction=level)
    code.add_data(url)
    code.make(fit=True)
    return code.version


def _png_size(data: bytes) -> tuple[int, int]:
    # IHDR is the first chunk: 8-byte signature, 4-byte length, "IHDR", width, height.
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_it_uses_the_version_that_error_correction_h_needs_for_the_url():
    assert qr_version(URL) == _version_at(ERROR_CORRECT_H, URL)
    # Level H needs a larger code than level L for the same URL: proof the level is H.
    assert qr_version(URL) > _version_at(ERROR_CORRECT_L, URL)


def test_the_svg_is_one_svg_document_sized_for_level_h():
    svg = qr_svg(URL)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    side = modules_across(URL)
    assert root.get("viewBox") == f"0 0 {side} {side}"
    assert side == _version_at(ERROR_CORRECT_H, URL) * 4 + 17 + 2 * BORDER


def test_the_svg_has_no_script_or_inline_style():
    svg = qr_svg(URL)
    assert not re.search(r"<script|style=", svg)


def test_the_png_has_the_png_signature_and_the_level_h_size():
    data = qr_png(URL)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    side = modules_across(URL) * PNG_BOX_SIZE
    assert _png_size(data) == (side, side)


def test_a_longer_url_needs_a_larger_code():
    assert qr_version(URL + "x" * 60) > qr_version(URL)


@pytest.mark.parametrize("box", [4, 12])
def test_the_png_box_size_scales_the_image(box):
    assert _png_size(qr_png(URL, box_size=box))[0] == modules_across(URL) * box


def test_the_same_url_always_gives_the_same_code():
    # Rendered afresh each time (past the cache), so printed copies always match.
    assert qr_svg.__wrapped__(URL) == qr_svg.__wrapped__(URL) == qr_svg(URL)
    assert qr_png.__wrapped__(URL) == qr_png(URL)
