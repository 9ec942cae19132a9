"""The text of a PDF that fpdf2 wrote, for tests to read what a page says.

fpdf2 embeds subsets of TrueType fonts: the page streams hold two-byte glyph codes per font,
and each font carries a ToUnicode map back to the characters. This reads the objects, inflates
their streams, and decodes every string shown (Tj and TJ) with the map of the font selected
at that point (Tf). One line per text object, in the order drawn.
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream(body: bytes) -> bytes | None:
    found = _STREAM.search(body)
    if not found:
        return None
    data = found.group(1)
    if b"/FlateDecode" in body[: found.start()]:
        return zlib.decompress(data)
    return data


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = ord(bytes.fromhex(target.decode()).decode("utf-16-be"))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _literal(raw: bytes) -> bytes:
    """A PDF literal string's bytes, escapes undone."""
    out, index = bytearray(), 0
    while index < len(raw):
        char = raw[index : index + 1]
        if char != b"\\":
            out += char
            index += 1
            continue
        following = raw[index + 1 : index + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[index + 1 : index + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            index += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(following, following)
            index += 2
    return bytes(out)


def pdf_text(data: bytes) -> str:
    objects = {int(number): body for number, body in _OBJECT.findall(data)}
    fonts: dict[bytes, dict[int, str]] = {}
    for number, body in objects.items():
        unicode = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if unicode and b"/Type /Font" in body:
            stream = _stream(objects[int(unicode.group(1))])
            for name in re.findall(rb"/(F\d+) %d 0 R" % number, data):
                fonts[name] = _cmap(stream or b"")
    lines = []
    for body in objects.values():
        content = _stream(body)
        if content is None or b"BT" not in content:
            continue
        mapping: dict[int, str] = {}
        for block in re.findall(rb"BT(.*?)ET", content, re.S):
            font = re.search(rb"/(F\d+) [\d.]+ Tf", block)
            if font:
                mapping = fonts.get(font.group(1), {})
            shown = re.findall(rb"\(((?:\\.|[^\\)])*)\)", block, re.S)
            codes = b"".join(_literal(part) for part in shown)
            text = "".join(
                mapping.get(int.from_bytes(codes[i : i + 2], "big"), "?")
                for i in range(0, len(codes) - 1, 2)
            )
            if text:
                lines.append(text)
    return "\n".join(lines)
