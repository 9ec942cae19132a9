"""Text from outside, read by one rule everywhere it enters (forms, query strings, paths,
CSV and spreadsheet cells, restored backups).

- Control characters (NUL, escape, delete and the C1 block) have no place in anything a
  person types: they are removed, except tab, line feed and carriage return, which a
  comment may hold. PostgreSQL cannot store NUL at all.
- Numbers are ASCII digits after NFKC normalisation (a phone keyboard's full-width "１２"
  is 12), never longer than ``MAX_DIGITS`` and always within the bounds the caller gives.
  Python's ``str.isdigit`` accepts "²" and "፩", which ``int`` then refuses: never use it
  to check input.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_DIGITS = 18  # below 2**63: every integer column and driver can hold it
_WHOLE_NUMBER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    """``text`` with every control character but tab, line feed and carriage return removed."""
    if not CONTROL_CHARACTERS.search(text):
        return text
    return CONTROL_CHARACTERS.sub("", text)


def normalised(text: str) -> str:
    """NFKC, stripped: the form in which names and numbers are compared."""
    return unicodedata.normalize("NFKC", text).strip()


def whole_number(text: str, minimum: int, maximum: int) -> int | None:
    """The integer ``text`` spells in ASCII digits, within [minimum, maximum]; else None."""
    candidate = normalised(text)
    if not _WHOLE_NUMBER.fullmatch(candidate):
        return None
    number = int(candidate)
    return number if minimum <= number <= maximum else None
