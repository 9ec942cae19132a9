"""Paper questionnaires typed by a forum facilitator, and tallies per element (pure).

The paper code (kode kertas), one questionnaire per line::

    343344334                      the nine answers U1…U9, each 1–4; "-" for one left blank
    343344334 L 45 SMA Swasta      then, optionally and in any order, profile codes:
        L or P                     jenis kelamin
        a whole number 10–120      usia (years)
        SD SMP SMA D1-D3 S1 S2 S3  pendidikan (D1/D2/D3 mean D1–D3; S1 or D4 mean S1/D4;
                                   SMK, MA, SLTA mean SMA; MTS, SLTP mean SMP)
        PNS TNI POLRI SWASTA WIRAUSAHA PELAJAR LAINNYA   pekerjaan (ASN, POLISI, WIRA,
                                   MAHASISWA, MHS, SISWA, LAIN are accepted too)
    343344334 P 30 # antre lama    everything after "#" is the kritik dan saran

Codes are case-insensitive. A tally counts, per element, how many forms answered 1,
2, 3 and 4; ``expand_tally`` turns it into individual rows so that a tally feeds the
very same aggregates and IKM computation as forms entered one by one.

Messages are Indonesian message ids (``N_``) with ``%(name)s`` parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from surveys.method.elements import N_
from surveys.method.scoring import ELEMENT_CODES
from surveys.method.text import MAX_DIGITS, whole_number

ANSWERS = 9
BLANK = "-"
AGE_RANGE = (10, 120)
COMMENT_LIMIT = 4000
# One tally cell above this is a typing slip, not a forum.
TALLY_CELL_LIMIT = 10_000

_GENDERS = {"L": "L", "P": "P"}
_EDUCATION = {
    "SD": "SD",
    "SMP": "SMP",
    "MTS": "SMP",
    "SLTP": "SMP",
    "SMA": "SMA",
    "SMK": "SMA",
    "MA": "SMA",
    "SLTA": "SMA",
    "D1": "D1-D3",
    "D2": "D1-D3",
    "D3": "D1-D3",
    "D1-D3": "D1-D3",
    "S1": "S1/D4",
    "D4": "S1/D4",
    "S1/D4": "S1/D4",
    "S2": "S2",
    "S3": "S3",
}
_OCCUPATION = {
    "PNS": "PNS",
    "ASN": "PNS",
    "TNI": "TNI",
    "POLRI": "POLRI",
    "POLISI": "POLRI",
    "SWASTA": "Swasta",
    "WIRAUSAHA": "Wirausaha",
    "WIRASWASTA": "Wirausaha",
    "WIRA": "Wirausaha",
    "PELAJAR": "Pelajar/Mahasiswa",
    "MAHASISWA": "Pelajar/Mahasiswa",
    "MHS": "Pelajar/Mahasiswa",
    "SISWA": "Pelajar/Mahasiswa",
    "PELAJAR/MAHASISWA": "Pelajar/Mahasiswa",
    "LAINNYA": "Lainnya",
    "LAIN": "Lainnya",
}
_TWICE = {
    "gender": N_("Jenis kelamin tertulis dua kali (%(token)s)."),
    "age": N_("Usia tertulis dua kali (%(token)s)."),
    "education": N_("Pendidikan tertulis dua kali (%(token)s)."),
    "occupation": N_("Pekerjaan tertulis dua kali (%(token)s)."),
}
MSG_EMPTY = N_("Ketik sembilan angka jawaban U1–U9, misalnya 343344334.")
MSG_DIGIT = N_("Angka ke-%(position)s (U%(position)s) adalah %(char)s: jawaban harus 1–4.")
MSG_LENGTH = N_("Jawaban harus tepat 9 angka (U1–U9), terketik %(count)s.")
MSG_ALL_BLANK = N_("Kesembilan jawaban kosong: tidak ada yang bisa disimpan.")
MSG_UNKNOWN = N_("Kode profil %(token)s tidak dikenal.")
MSG_AGE = N_("Usia %(age)s di luar rentang %(low)s–%(high)s tahun.")
MSG_COMMENT = N_("Komentar paling banyak %(limit)s karakter.")

# The shortest code that writes each stored value back (for showing an entry).
_SHORT_EDUCATION = {"D1-D3": "D3", "S1/D4": "S1"}
_SHORT_OCCUPATION = {"Pelajar/Mahasiswa": "PELAJAR"}


class PaperError(ValueError):
    """A paper code or tally that cannot be stored: a message id and its parameters."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % {k: str(v) for k, v in params.items()})
        self.template = template
        self.params = {name: str(value) for name, value in params.items()}


@dataclass(frozen=True)
class PaperEntry:
    answers: tuple[int | None, ...]  # U1 … U9, None when left blank
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    comment: str = ""

    def as_code(self) -> str:
        """The canonical paper code of this entry (what a facilitator would type)."""
        parts = ["".join(BLANK if value is None else str(value) for value in self.answers)]
        if self.gender:
            parts.append(self.gender)
        if self.age is not None:
            parts.append(str(self.age))
        if self.education:
            parts.append(_SHORT_EDUCATION.get(self.education, self.education))
        if self.occupation:
            parts.append(_SHORT_OCCUPATION.get(self.occupation, self.occupation.upper()))
        if self.comment:
            parts.append("# " + self.comment)
        return " ".join(parts)

    def element_values(self) -> dict[str, int | None]:
        return dict(zip(ELEMENT_CODES, self.answers, strict=True))


def parse_paper_code(text: str) -> PaperEntry:
    """One typed questionnaire, or PaperError saying exactly what is wrong."""
    code, _, comment = text.partition("#")
    comment = " ".join(comment.split())
    if len(comment) > COMMENT_LIMIT:
        raise PaperError(MSG_COMMENT, limit=COMMENT_LIMIT)
    tokens = code.split()
    if not tokens:
        raise PaperError(MSG_EMPTY)
    answers = _parse_answers(tokens[0])
    profile = _parse_profile(tokens[1:])
    return PaperEntry(answers=answers, comment=comment, **profile)


def _parse_answers(digits: str) -> tuple[int | None, ...]:
    for position, char in enumerate(digits[:ANSWERS], start=1):
        if char not in "1234" + BLANK:
            raise PaperError(MSG_DIGIT, position=position, char=char)
    if len(digits) != ANSWERS:
        raise PaperError(MSG_LENGTH, count=len(digits))
    answers = tuple(None if char == BLANK else int(char) for char in digits)
    if all(value is None for value in answers):
        raise PaperError(MSG_ALL_BLANK)
    return answers


def _parse_profile(tokens: list[str]) -> dict:
    profile: dict = {}

    def put(name: str, value: object, token: str) -> None:
        if name in profile:
            raise PaperError(_TWICE[name], token=token)
        profile[name] = value

    for token in tokens:
        key = token.upper().replace("–", "-")
        if key.isascii() and key.isdigit() and len(key) <= MAX_DIGITS:
            age = int(key)
            if not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
                raise PaperError(MSG_AGE, age=age, low=AGE_RANGE[0], high=AGE_RANGE[1])
            put("age", age, token)
        elif key in _GENDERS:
            put("gender", _GENDERS[key], token)
        elif key in _EDUCATION:
            put("education", _EDUCATION[key], token)
        elif key in _OCCUPATION:
            put("occupation", _OCCUPATION[key], token)
        else:
            raise PaperError(MSG_UNKNOWN, token=token)
    return profile


def client_rules() -> dict:
    """The parser's rules as plain data for the browser's instant check (static/forum.js),
    so both sides accept exactly the same codes. Messages are untranslated ids."""
    categories = dict.fromkeys(_GENDERS, "gender")
    categories |= dict.fromkeys(_EDUCATION, "education")
    categories |= dict.fromkeys(_OCCUPATION, "occupation")
    return {
        "answers": ANSWERS,
        "blank": BLANK,
        "age": list(AGE_RANGE),
        "codes": categories,
        "messages": {
            "empty": MSG_EMPTY,
            "digit": MSG_DIGIT,
            "length": MSG_LENGTH,
            "allBlank": MSG_ALL_BLANK,
            "unknown": MSG_UNKNOWN,
            "age": MSG_AGE,
            "comment": MSG_COMMENT,
            **{f"twice_{name}": message for name, message in _TWICE.items()},
        },
        "commentLimit": COMMENT_LIMIT,
    }


# --- tallies -------------------------------------------------------------------------------

Tally = dict[str, dict[int, int]]  # {"U1": {1: 0, 2: 3, 3: 10, 4: 7}, …}


@dataclass(frozen=True)
class TallyResult:
    counts: Tally
    # Problems per cell, keyed "U1_3" (element U1, value 3), plus "" for the whole tally.
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def cell_name(code: str, value: int) -> str:
    return f"{code}_{value}"


def parse_tally(cells: Mapping[str, str]) -> TallyResult:
    """Read a grid of typed counts ("U1_1" … "U9_4"); a blank cell counts 0.

    Every bad cell gets its own message; the counts of the good cells are kept.
    """
    counts: Tally = {code: {} for code in ELEMENT_CODES}
    errors: dict[str, str] = {}
    for code in ELEMENT_CODES:
        for value in range(1, 5):
            name = cell_name(code, value)
            raw = (cells.get(name) or "").strip()
            if not raw:
                counts[code][value] = 0
                continue
            number = whole_number(raw, 0, 10**MAX_DIGITS - 1)
            if number is None:
                errors[name] = N_("Isi dengan bilangan bulat 0 atau lebih.")
                continue
            if number > TALLY_CELL_LIMIT:
                errors[name] = N_("Terlalu besar untuk satu forum.")
                continue
            counts[code][value] = number
    if not errors and not any(sum(per_value.values()) for per_value in counts.values()):
        errors[""] = N_("Tally kosong: isi paling sedikit satu jawaban.")
    return TallyResult(counts, errors)


def tally_size(counts: Mapping[str, Mapping[int, int]]) -> int:
    """How many questionnaires a tally stands for: the largest element total."""
    return max((sum(per_value.values()) for per_value in counts.values()), default=0)


def expand_tally(counts: Mapping[str, Mapping[int, int]]) -> list[tuple[int | None, ...]]:
    """Individual rows (U1 … U9) with exactly the tally's counts per element and value.

    n is the largest element total; an element answered by fewer forms is blank in
    the remaining rows. Each element's sum and count, hence its NRR and the IKM, are
    those of the tally. How values pair up across elements within a row is unknown
    on a tally and carries no meaning.
    """
    for code, per_value in counts.items():
        if code not in ELEMENT_CODES:
            raise ValueError(f"unknown element code {code!r}")
        for value, how_many in per_value.items():
            if value not in (1, 2, 3, 4) or type(how_many) is not int or how_many < 0:
                raise ValueError(f"{code}: bad count {how_many!r} for value {value!r}")
    n = tally_size(counts)
    columns = []
    for code in ELEMENT_CODES:
        per_value = counts.get(code, {})
        column: list[int | None] = []
        for value in range(1, 5):
            column.extend([value] * per_value.get(value, 0))
        column.extend([None] * (n - len(column)))
        columns.append(column)
    return [tuple(column[row] for column in columns) for row in range(n)]


def tally_from_rows(rows: list[tuple[int | None, ...]]) -> Tally:
    """The tally that rows stand for (the inverse of ``expand_tally``, for showing it)."""
    counts: Tally = {code: dict.fromkeys(range(1, 5), 0) for code in ELEMENT_CODES}
    for row in rows:
        for code, value in zip(ELEMENT_CODES, row, strict=True):
            if value is not None:
                counts[code][value] += 1
    return counts
