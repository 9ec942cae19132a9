"""A unit's competency matrix and needs lists as CSV or XLSX, for its head and for BKPSDM
(audited: they hold assessment results). Scoped like the pages: another unit's head gets 403."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from litestar import Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, SkipValidation
from markupsafe import Markup

from app.competency.access import today, visible_officer
from app.dependencies import AppSettings, SignedInAccount, visible_unit
from app.i18n import gettext as _
from app.web import RowId, table_download
from surveys.competency.assessments import competencies, record_access
from surveys.competency.exports import NEEDS_HEADER, matrix_table, needs_rows
from surveys.competency.needs import Evidence, needs_of_officer, unit_needs
from surveys.competency.profiles import unit_matrix
from surveys.method.elements import ELEMENTS
from surveys.store.units import unit_by_code


def _describer(request: Request[Any, Any, Any]) -> Callable[[Evidence], str]:
    """The page's sentence for a line of evidence, as plain text (one wording, the page's)."""
    module = request.app.template_engine.engine.get_template(  # type: ignore[union-attr]
        "competency/_evidence.html"
    ).make_module()
    elements = {element.code: element.name for element in ELEMENTS}
    return lambda item: Markup(module.evidence_line(item, elements)).striptags()


@dataclass(frozen=True)
class Table:
    """A download's file name (without extension), header and rows."""

    name: str
    header: Sequence[str]
    rows: list

    async def download(self, kind: Literal["csv", "xlsx"]) -> Response[bytes]:
        return await table_download(self.name, kind, self.header, self.rows)


# Each export injects its table, built (and its reading audited) by one of the providers below.
Download: TypeAlias = NamedDependency[SkipValidation[Table]]


async def _matrix(
    unit_code: FromPath[str], account: SignedInAccount, settings: AppSettings
) -> Table:
    unit = await visible_unit(account, unit_code)
    matrix = await unit_matrix(unit["id"], today(settings))
    await record_access(account, [p.officer["id"] for p in matrix.profiles], "competency_export")
    header, rows = matrix_table(matrix)
    return Table(f"kompetensi-{unit['code']}", header, rows)


async def _unit_needs(
    request: Request[Any, Any, Any],
    unit_code: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> Table:
    """The unit's needs, then each officer's, as the unit page lists them."""
    unit = await visible_unit(account, unit_code)
    minimum = unit["minimum_responses"] or settings.min_responses
    analysis = await unit_needs(unit["id"], today(settings), minimum)
    officers = [profile.officer["id"] for profile in analysis.matrix.profiles]
    await record_access(account, officers, "competency_needs_export")
    dictionary = {row["id"]: row for row in await competencies(active_only=False)}
    describe, jp = _describer(request), _("Jam pelajaran")
    rows = needs_rows(analysis.needs, dictionary, describe, jp)
    for item in analysis.officers:
        rows += needs_rows(item.needs, dictionary, describe, jp, item.profile.officer)
    return Table(f"kebutuhan-{unit['code']}", NEEDS_HEADER, rows)


async def _officer_needs(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Table:
    officer = await visible_officer(account, officer_id)
    await record_access(account, officer_id, "competency_needs_export")
    unit = await unit_by_code(officer["unit_code"])
    minimum = (unit or {}).get("minimum_responses") or settings.min_responses
    needs = await needs_of_officer(officer_id, officer["unit"], today(settings), minimum)
    dictionary = {row["id"]: row for row in await competencies(active_only=False)}
    rows = needs_rows(needs, dictionary, _describer(request), _("Jam pelajaran"), officer)
    return Table(f"kebutuhan-{officer['nip']}", NEEDS_HEADER, rows)


MATRIX = {"table": Provide(_matrix)}
UNIT_NEEDS = {"table": Provide(_unit_needs)}
OFFICER_NEEDS = {"table": Provide(_officer_needs)}
UNIT = "/units/{unit_code:str}"
OFFICER = "/officers/{officer_id:int}"


@get(f"{UNIT}/competencies.csv", name="competency_unit_csv", dependencies=MATRIX)
async def export_csv(table: Download) -> Response[bytes]:
    return await table.download("csv")


@get(f"{UNIT}/competencies.xlsx", name="competency_unit_xlsx", dependencies=MATRIX)
async def export_xlsx(table: Download) -> Response[bytes]:
    return await table.download("xlsx")


@get(f"{UNIT}/needs.csv", name="competency_unit_needs_csv", dependencies=UNIT_NEEDS)
async def export_unit_needs_csv(table: Download) -> Response[bytes]:
    return await table.download("csv")


@get(f"{UNIT}/needs.xlsx", name="competency_unit_needs_xlsx", dependencies=UNIT_NEEDS)
async def export_unit_needs_xlsx(table: Download) -> Response[bytes]:
    return await table.download("xlsx")


@get(f"{OFFICER}/needs.csv", name="competency_officer_needs_csv", dependencies=OFFICER_NEEDS)
async def export_officer_needs_csv(table: Download) -> Response[bytes]:
    return await table.download("csv")


@get(f"{OFFICER}/needs.xlsx", name="competency_officer_needs_xlsx", dependencies=OFFICER_NEEDS)
async def export_officer_needs_xlsx(table: Download) -> Response[bytes]:
    return await table.download("xlsx")


ROUTES = [
    export_csv,
    export_xlsx,
    export_unit_needs_csv,
    export_unit_needs_xlsx,
    export_officer_needs_csv,
    export_officer_needs_xlsx,
]
