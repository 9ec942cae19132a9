"""Reading the citizen survey form: every answer kept as typed, a message per bad field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.i18n import gettext as _
from surveys.method.elements import ELEMENTS
from surveys.method.text import whole_number
from surveys.store.tables import EDUCATIONS, GENDERS, OCCUPATIONS

ELEMENT_FIELDS = tuple(element.code for element in ELEMENTS)
TEXT_FIELDS = ("service_type", "gender", "age", "education", "occupation", "comment")
HONEYPOT = "website"
TOKEN_FIELD = "form_token"
# Added by a kiosk's service worker to an answer it queued offline: when it was given, in
# milliseconds since 1970 (static/kiosk-sw.js); only a kiosk's submission is read with it.
QUEUED_FIELD = "queued_at"
LATEST_QUEUED_AT = 4_102_444_800_000  # 2100-01-01: beyond it, not a time (and never an error)
MIN_AGE, MAX_AGE = 10, 120
MAX_COMMENT = 2000


@dataclass
class SurveyForm:
    """What was sent (``values``, for re-rendering) and what it means once valid."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    service_type_id: int | None = None
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    comment: str = ""
    token: str = ""
    honeypot_filled: bool = False
    queued_at: datetime | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def read_survey_form(data: Mapping[str, str], service_type_ids: frozenset[int]) -> SurveyForm:
    """Validate a submission; a bad field gets a message, the others keep their values."""
    values = {name: str(data.get(name) or "").strip() for name in ELEMENT_FIELDS + TEXT_FIELDS}
    values["comment"] = str(data.get("comment") or "").strip()[:MAX_COMMENT]
    form = SurveyForm(
        values=values,
        token=str(data.get(TOKEN_FIELD) or ""),
        honeypot_filled=bool(str(data.get(HONEYPOT) or "").strip()),
        queued_at=_queued_at(str(data.get(QUEUED_FIELD) or "")),
    )
    for code in ELEMENT_FIELDS:
        raw = values[code]
        if raw in ("1", "2", "3", "4"):
            form.answers[code] = int(raw)
        else:
            form.errors[code] = _("Pilih salah satu jawaban.")
    _read_choices(form, service_type_ids)
    form.comment = values["comment"]
    return form


def _read_choices(form: SurveyForm, service_type_ids: frozenset[int]) -> None:
    values = form.values
    if values["service_type"] and service_type_ids:  # a unit without types shows no list
        chosen = whole_number(values["service_type"], 1, 2**31 - 1)
        if chosen in service_type_ids:
            form.service_type_id = chosen
        else:
            form.errors["service_type"] = _("Pilih jenis layanan dari daftar.")
    if values["gender"]:
        if values["gender"] in GENDERS:
            form.gender = values["gender"]
        else:
            form.errors["gender"] = _("Pilih salah satu pilihan.")
    if values["age"]:
        form.age = whole_number(values["age"], MIN_AGE, MAX_AGE)
        if form.age is None:
            form.errors["age"] = _(
                "Isi usia dengan angka %(min)s sampai %(max)s, atau kosongkan.",
                min=MIN_AGE,
                max=MAX_AGE,
            )
    if values["education"]:
        if values["education"] in EDUCATIONS:
            form.education = values["education"]
        else:
            form.errors["education"] = _("Pilih pendidikan dari daftar.")
    if values["occupation"]:
        if values["occupation"] in OCCUPATIONS:
            form.occupation = values["occupation"]
        else:
            form.errors["occupation"] = _("Pilih pekerjaan dari daftar.")


def _queued_at(raw: str) -> datetime | None:
    """When a queued answer was given, or None (absent or not a sane number: sent now)."""
    milliseconds = whole_number(raw, 0, LATEST_QUEUED_AT) if raw else None
    if milliseconds is None:
        return None
    return datetime.fromtimestamp(milliseconds / 1000, UTC)
