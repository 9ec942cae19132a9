"""A unit's competency matrix as CSV or XLSX, for its head and for BKPSDM (audited: it holds
assessment results)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from app.competency.access import today
from app.dependencies import AppSettings, SignedInAccount, visible_unit
from surveys.competency.assessments import record_access
from surveys.competency.exports import matrix_table, xlsx_bytes
from surveys.competency.profiles import unit_matrix
from surveys.store.spreadsheet import CSV_MEDIA_TYPE, csv_lines

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _table(account: Any, unit_code: str, settings: Any) -> tuple[dict, list, list]:
    unit = await visible_unit(account, unit_code)
    matrix = await unit_matrix(unit["id"], today(settings))
    await record_access(account, [p.officer["id"] for p in matrix.profiles], "competency_export")
    header, rows = matrix_table(matrix)
    return unit, header, rows


@get("/units/{unit_code:str}/competencies.csv", name="competency_unit_csv")
async def export_csv(
    request: Request[Any, Any, Any],
    unit_code: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[bytes]:
    unit, header, rows = await _table(account, unit_code, settings)
    body = ("\ufeff" + csv_lines([header, *rows])).encode()
    name = f"kompetensi-{unit['code']}.csv"
    return Response(
        body,
        media_type=CSV_MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@get("/units/{unit_code:str}/competencies.xlsx", name="competency_unit_xlsx")
async def export_xlsx(
    request: Request[Any, Any, Any],
    unit_code: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> Response[bytes]:
    unit, header, rows = await _table(account, unit_code, settings)
    name = f"kompetensi-{unit['code']}.xlsx"
    return Response(
        xlsx_bytes(unit["code"], header, rows),
        media_type=XLSX_MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


ROUTES = [export_csv, export_xlsx]
