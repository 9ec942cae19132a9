"""QR codes for service point posters and desk cards: pure functions, no Pillow.

Error correction H (30% of the code may be damaged) because posters get folded,
scratched and taped over at real counters.

The qrcode package is imported inside the functions: its image modules pull in Pillow
(about a tenth of a second), which the app should not pay for at start-up.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import qrcode

# The quiet zone the QR specification asks for, in modules.
BORDER = 4
PNG_BOX_SIZE = 10


def _code(url: str, factory: type, box_size: int) -> qrcode.QRCode:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_H

    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_H,
        image_factory=factory,
        box_size=box_size,
        border=BORDER,
    )
    code.add_data(url)
    code.make(fit=True)
    return code


def _svg_factory() -> type:
    from qrcode.image.svg import SvgPathFillImage

    return SvgPathFillImage


def qr_version(url: str) -> int:
    """The smallest QR version (1–40) that holds ``url`` at error correction H."""
    return _code(url, _svg_factory(), 10).version


def modules_across(url: str) -> int:
    """Width of the code in modules, quiet zone included."""
    return qr_version(url) * 4 + 17 + 2 * BORDER


# Rendering takes ~40 ms (SVG) to ~110 ms (PNG) of pure Python; a token rarely changes, so
# the same URL is rendered once per process. 512 SVGs of ~20 kB stay under 10 MB.
@lru_cache(maxsize=512)
def qr_svg(url: str) -> str:
    """An SVG document (one path on a white background) that scales to any size."""
    image = _code(url, _svg_factory(), 10).make_image()
    return image.to_string(encoding="unicode")


@lru_cache(maxsize=128)
def qr_png(url: str, box_size: int = PNG_BOX_SIZE) -> bytes:
    """A black-and-white PNG, ``box_size`` pixels per module."""
    from qrcode.image.pure import PyPNGImage

    buffer = io.BytesIO()
    _code(url, PyPNGImage, box_size).make_image().save(buffer)
    return buffer.getvalue()
