"""A unit's competency matrix and needs lists as CSV or XLSX, for its head and for BKPSDM
(audited: they hold assessment results). Scoped like the pages: another unit's head gets 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath
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


async def _matrix(account: Any, unit_code: str, settings: Any) -> tuple[dict, list, list]:
    unit = await visible_unit(account, unit_code)
    matrix = await unit_matrix(unit["id"], today(settings))
    await record_access(account, [p.officer["id"] for p in matrix.profiles], "competency_export")
    header, rows = matrix_table(matrix)
    return unit, header, rows


@get("/units/{unit_code:str}/competencies.csv", name="competency_unit_csv")
async def export_csv(
    unit_code: FromPath[str], account: SignedInAccount, settings: AppSettings
) -> Response[bytes]:
    unit, header, rows = await _matrix(account, unit_code, settings)
    return await table_download(f"kompetensi-{unit['code']}", "csv", header, rows)


@get("/units/{unit_code:str}/competencies.xlsx", name="competency_unit_xlsx")
async def export_xlsx(
    unit_code: FromPath[str], account: SignedInAccount, settings: AppSettings
) -> Response[bytes]:
    unit, header, rows = await _matrix(account, unit_code, settings)
    return await table_download(f"kompetensi-{unit['code']}", "xlsx", header, rows)


async def _unit_needs(
    request: Request[Any, Any, Any], account: Any, unit_code: str, settings: Any
) -> tuple[str, list]:
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
    return f"kebutuhan-{unit['code']}", rows


@get("/units/{unit_code:str}/needs.csv", name="competency_unit_needs_csv")
async def export_unit_needs_csv(
    request: Request[Any, Any, Any],
    unit_code: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[bytes]:
    name, rows = await _unit_needs(request, account, unit_code, settings)
    return await table_download(name, "csv", NEEDS_HEADER, rows)


@get("/units/{unit_code:str}/needs.xlsx", name="competency_unit_needs_xlsx")
async def export_unit_needs_xlsx(
    request: Request[Any, Any, Any],
    unit_code: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[bytes]:
    name, rows = await _unit_needs(request, account, unit_code, settings)
    return await table_download(name, "xlsx", NEEDS_HEADER, rows)


async def _officer_needs(
    request: Request[Any, Any, Any], account: Any, officer_id: int, settings: Any
) -> tuple[str, list]:
    officer = await visible_officer(account, officer_id)
    await record_access(account, officer_id, "competency_needs_export")
    unit = await unit_by_code(officer["unit_code"])
    minimum = (unit or {}).get("minimum_responses") or settings.min_responses
    needs = await needs_of_officer(officer_id, officer["unit"], today(settings), minimum)
    dictionary = {row["id"]: row for row in await competencies(active_only=False)}
    rows = needs_rows(needs, dictionary, _describer(request), _("Jam pelajaran"), officer)
    return f"kebutuhan-{officer['nip']}", rows


@get("/officers/{officer_id:int}/needs.csv", name="competency_officer_needs_csv")
async def export_officer_needs_csv(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[bytes]:
    name, rows = await _officer_needs(request, account, officer_id, settings)
    return await table_download(name, "csv", NEEDS_HEADER, rows)


@get("/officers/{officer_id:int}/needs.xlsx", name="competency_officer_needs_xlsx")
async def export_officer_needs_xlsx(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[bytes]:
    name, rows = await _officer_needs(request, account, officer_id, settings)
    return await table_download(name, "xlsx", NEEDS_HEADER, rows)


ROUTES = [
    export_csv,
    export_xlsx,
    export_unit_needs_csv,
    export_unit_needs_xlsx,
    export_officer_needs_csv,
    export_officer_needs_xlsx,
]
