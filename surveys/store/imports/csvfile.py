"""Reading an import file (CSV or XLSX) into rows, and the field parsers every import kind shares.

Pure: plain text in, rows and errors out. Error messages are Indonesian message ids
(``N_``) with ``%(name)s`` parameters, kept apart so the web layer can translate them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from surveys.method.elements import N_
from surveys.method.text import MAX_DIGITS, whole_number
from surveys.store.imports.tablefile import Unreadable, table_records
from surveys.store.spreadsheet import restored

Progress = Callable[[int, int], None]
# Report progress every this many rows: often enough for a bar, rarely enough to be free.
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class RowError:
    """A problem at ``row`` (the file's line number, the header being row 1) and ``column``."""

    row: int
    column: str
    message: str
    # The untranslated message id and its parameters, for a later gettext lookup.
    template: str = field(default="", compare=False)
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def translated(self, gettext: Callable[[str], str]) -> str:
        if not self.template:
            return self.message
        return gettext(self.template) % dict(self.params)


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created: int
    unchanged: int
    updated: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class Invalid(ValueError):
    """A field's value is unacceptable; carries the message id and its parameters."""

    def __init__(self, template: str, /, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = {name: str(value) for name, value in params.items()}

    def at(self, row: int, column: str) -> RowError:
        return row_error(row, column, self.template, **self.params)


def row_error(row: int, column: str, template: str, /, **params: object) -> RowError:
    values = {name: str(value) for name, value in params.items()}
    return RowError(row, column, template % values, template, tuple(values.items()))


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_rows(
    source: str | bytes, required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[list[Row], list[RowError]]:
    """The data rows keyed by canonical column name, or the structural problems.

    ``source`` is CSV text or the bytes of a CSV or XLSX file (see tablefile.py). Header
    names match case-insensitively; entirely blank lines are skipped. When the header is
    wrong no row is read, since no value can be placed in a column.
    """
    records = table_records(source)
    try:
        header = next(records, None)
    except Unreadable as error:
        return [], [row_error(error.line, "", error.template, **error.params)]
    if header is None or not any(cell.strip() for cell in header[1]):
        return [], [row_error(1, "", N_("Berkas kosong: tidak ada baris judul kolom."))]
    columns, errors = _read_header(header[1], required, optional)
    if errors:
        return [], errors
    rows: list[Row] = []
    try:
        for start, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(columns):
                errors.append(
                    row_error(
                        start,
                        "",
                        N_("Baris ini berisi %(found)s kolom, seharusnya %(expected)s."),
                        found=len(record),
                        expected=len(columns),
                    )
                )
                continue
            values = zip(columns, record, strict=True)
            rows.append(Row(start, {name: restored(cell.strip()) for name, cell in values}))
    except Unreadable as error:
        # The reader cannot resynchronise after a broken record: stop here.
        errors.append(row_error(error.line, "", error.template, **error.params))
    if not rows and not errors:
        errors.append(row_error(1, "", N_("Berkas tidak berisi baris data.")))
    return rows, errors


def _read_header(
    header: list[str], required: Sequence[str], optional: Sequence[str]
) -> tuple[list[str], list[RowError]]:
    known = {name.casefold(): name for name in (*required, *optional)}
    columns: list[str] = []
    errors: list[RowError] = []
    for raw in header:
        name = known.get(raw.strip().casefold())
        if name is None:
            errors.append(
                row_error(1, raw.strip(), N_("Kolom %(column)s tidak dikenal."), column=raw.strip())
            )
        elif name in columns:
            errors.append(
                row_error(1, name, N_("Kolom %(column)s muncul lebih dari sekali."), column=name)
            )
        columns.append(name or raw)
    for name in required:
        if name not in columns:
            errors.append(row_error(1, name, N_("Kolom wajib %(column)s tidak ada."), column=name))
    return columns, errors


def counted(rows: Sequence[Row], progress: Progress | None, done: int, total: int) -> Iterable[Row]:
    """Yield ``rows``, calling ``progress`` now and then with ``done`` offset into ``total``."""
    for index, row in enumerate(rows):
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(done + index, total)
        yield row
    if progress is not None:
        progress(done + len(rows), total)


# --- field parsers: return the value, or raise Invalid ------------------------------------


def parse_int(text: str, low: int, high: int) -> int:
    value = whole_number(text, -(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1)
    if value is None:
        raise Invalid(N_("%(value)s bukan bilangan bulat."), value=text[:40])
    if not low <= value <= high:
        raise Invalid(
            N_("Nilai harus antara %(low)s dan %(high)s, bukan %(value)s."),
            low=low,
            high=high,
            value=value,
        )
    return value


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(
            N_("%(value)s bukan tanggal berformat YYYY-MM-DD, misalnya 2026-03-10."), value=text
        ) from None


def parse_moment(text: str, timezone: tzinfo) -> datetime:
    """An ISO 8601 date or datetime; naive values are local time in ``timezone``.

    A date alone means midnight local time, so its local day is that date.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(
            N_(
                "%(value)s bukan waktu ISO 8601, misalnya 2026-03-10 atau "
                "2026-03-10T09:30:00+07:00."
            ),
            value=text,
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone)
    return moment


_TRUE = {"true", "ya", "1", "y", "yes"}
_FALSE = {"false", "tidak", "0", "n", "no"}


def parse_bool(text: str) -> bool:
    value = text.casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise Invalid(N_("%(value)s harus true/false, ya/tidak atau 1/0."), value=text)


def parse_text(text: str, max_length: int, required: bool = False) -> str:
    if required and not text:
        raise Invalid(N_("Wajib diisi."))
    if len(text) > max_length:
        raise Invalid(
            N_("Paling banyak %(limit)s karakter, terisi %(length)s."),
            limit=max_length,
            length=len(text),
        )
    return text


def parse_choice(text: str, choices: Iterable[str]) -> str:
    """One of ``choices``, matched case-insensitively and returned in its canonical spelling."""
    options = list(choices)
    wanted = text.casefold().replace("–", "-")
    for option in options:
        if option.casefold() == wanted:
            return option
    raise Invalid(
        N_("%(value)s tidak dikenal; pilih salah satu dari %(choices)s."),
        value=text,
        choices=", ".join(options),
    )
