"""Reading administration forms: typed values out, one Indonesian message per bad field.

A form keeps what was typed (``values``) so a page shown again after an error keeps
every answer, and its ``errors`` by field name for the message next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request
from litestar.response import Redirect

from app.i18n import gettext as _
from app.web import MAX_ID, RowId  # noqa: F401 - RowId is re-exported to the admin routes
from surveys.method.text import MAX_DIGITS, whole_number, without_control_characters

_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")


async def read_form(request: Request[Any, Any, Any], multi: Iterable[str] = ()) -> Form:
    return Form(await request.form(), multi=tuple(multi))


def optional_int(text: str) -> int | None:
    """A query-string id where an empty value means "all" (a filter's first option)."""
    return _row_id(text)


def _row_id(text: str) -> int | None:
    return whole_number(text, 1, MAX_ID)


def form_token_alert(reason: str) -> str:
    """What a citizen or participant reads when their form's signed token fails (its
    ``TokenError.reason``): their answers are kept, so they only send again."""
    if reason == "expired":
        return _("Formulir ini sudah kedaluwarsa. Jawaban Anda masih ada: periksa lalu kirim lagi.")
    return _("Formulir tidak dapat diperiksa. Jawaban Anda masih ada: silakan kirim lagi.")


def see_other(path: str) -> Redirect:
    """Post/redirect/get: a 303 makes the browser GET the next page."""
    return Redirect(path, status_code=303)


def unit_kind_choices() -> list[tuple[str, str]]:
    return [("instansi", _("Instansi")), ("unit_layanan", _("Unit layanan"))]


def point_kind_choices() -> list[tuple[str, str]]:
    return [("counter", _("Loket")), ("kiosk", _("Kios")), ("forum", _("Forum"))]


def role_choices() -> list[tuple[str, str]]:
    return [
        ("admin", _("Administrator")),
        ("manager", _("Pimpinan")),
        ("facilitator", _("Fasilitator")),
        ("hr", _("BKPSDM (pengembangan SDM)")),
    ]


class Form:
    def __init__(self, data: Mapping[str, Any] | None = None, multi: Iterable[str] = ()) -> None:
        data = data or {}
        self.values: dict[str, Any] = {}
        for key in data:
            if key == "_csrf_token":
                continue
            if key in multi and hasattr(data, "getall"):
                self.values[key] = [
                    without_control_characters(str(v))
                    for v in data.getall(key)  # type: ignore[attr-defined]
                ]
            else:
                raw = data.get(key)
                if isinstance(raw, str):  # multipart fields: the edge cleans only url-encoded
                    raw = without_control_characters(raw)
                # Passwords are taken exactly as typed: spaces may be part of them.
                if isinstance(raw, str) and not key.startswith("password"):
                    raw = raw.strip()
                self.values[key] = raw
        self.errors: dict[str, str] = {}

    @classmethod
    def filled(cls, values: Mapping[str, Any]) -> Form:
        """A form showing existing values (editing), with no errors."""
        form = cls()
        form.values = {key: "" if value is None else value for key, value in values.items()}
        return form

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raw(self, name: str) -> str:
        value = self.values.get(name, "")
        return value if isinstance(value, str) else ""

    def text(self, name: str, *, required: bool = True, max_length: int = 200) -> str:
        value = self.raw(name)
        if required and not value:
            self.error(name, _("Wajib diisi."))
        elif len(value) > max_length:
            self.error(name, _("Paling banyak %(n)s karakter.", n=max_length))
        return value

    def integer(
        self,
        name: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = True,
    ) -> int | None:
        value = self.raw(name)
        if _GROUPED.fullmatch(value):  # "1.250" as Indonesians write thousands
            value = value.replace(".", "")
        if not value:
            if required:
                self.error(name, _("Wajib diisi."))
            return None
        number = whole_number(value, -(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1)
        if number is None:
            self.error(name, _("Isi dengan bilangan bulat."))
            return None
        if minimum is not None and number < minimum:
            self.error(name, _("Paling kecil %(n)s.", n=minimum))
        elif maximum is not None and number > maximum:
            self.error(name, _("Paling besar %(n)s.", n=maximum))
        return number

    def optional_id(self, name: str) -> int | None:
        """A <select> of rows with an empty "none" option."""
        value = self.raw(name)
        if not value:
            return None
        row_id = _row_id(value)
        if row_id is None:
            self.error(name, _("Pilihan tidak dikenal."))
        return row_id

    def ids(self, name: str) -> list[int]:
        raw = self.values.get(name) or []
        if isinstance(raw, str):
            raw = [raw]
        ids = [_row_id(value) for value in raw if value]
        if None in ids:
            self.error(name, _("Pilihan tidak dikenal."))
            return []
        return [row_id for row_id in ids if row_id is not None]

    def choice(self, name: str, choices: Iterable[str]) -> str:
        value = self.raw(name)
        if value not in tuple(choices):
            self.error(name, _("Pilih salah satu pilihan yang tersedia."))
        return value

    def boolean(self, name: str) -> bool:
        return self.raw(name) in ("1", "on", "true", "yes")

    def date(
        self,
        name: str,
        *,
        required: bool = True,
        earliest: date | None = None,
        latest: date | None = None,
    ) -> date | None:
        value = self.raw(name)
        if not value:
            if required:
                self.error(name, _("Wajib diisi."))
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(name, _("Tanggal tidak sah; gunakan format TTTT-BB-HH."))
            return None
        if (earliest and day < earliest) or (latest and day > latest):
            start, end = (earliest or date.min).year, (latest or date.max).year
            self.error(
                name, _("Isi tanggal antara tahun %(start)s dan %(end)s.", start=start, end=end)
            )
            return None
        return day

    def local_datetime(
        self, name: str, timezone: ZoneInfo, *, required: bool = True
    ) -> datetime | None:
        """A <input type=datetime-local> value in the deployment's time zone, made aware."""
        value = self.raw(name)
        if not value:
            if required:
                self.error(name, _("Wajib diisi."))
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.error(name, _("Waktu tidak sah; gunakan format TTTT-BB-HH JJ:MM."))
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone)
        return parsed
