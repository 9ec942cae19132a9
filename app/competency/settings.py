"""The city's settings for competency development: match bands and JP equivalents per form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.competency.labels import basis_choices
from app.dependencies import SignedInAccount
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import render
from surveys.competency import dictionary as q
from surveys.store.development_tables import JP_BASES

MAX_JP_PER_UNIT = Decimal(100)


async def _page(
    request: Request[Any, Any, Any], form: Form, saved: bool = False, status_code: int = 200
) -> Template:
    return await render(
        request,
        "competency/settings.html",
        {
            "form": form,
            "bands": await q.match_bands(),
            "equivalents": await q.jp_equivalents(),
            "bases": basis_choices(),
            "saved": saved,
        },
        status_code=status_code,
    )


@get("/settings", name="competency_settings")
async def show_settings(request: Request[Any, Any, Any], saved: FromQuery[str] = "") -> Template:
    values: dict[str, Any] = {f"band_{b.code}": str(b.minimum) for b in await q.match_bands()}
    for row in await q.jp_equivalents():
        values[f"basis_{row['id']}"] = row["basis"]
        values[f"jp_{row['id']}"] = str(row["jp_per_unit"].normalize())
    return await _page(request, Form.filled(values), saved=bool(saved))


def _decimal(form: Form, name: str) -> Decimal | None:
    raw = form.raw(name).replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        form.error(name, _("Isi dengan angka, misalnya 1,33."))
        return None
    if not value.is_finite() or not 0 <= value <= MAX_JP_PER_UNIT:
        form.error(name, _("Antara 0 dan %(n)s.", n=MAX_JP_PER_UNIT))
        return None
    return value.quantize(Decimal("0.01"))


@post("/settings", name="competency_settings_update")
async def update_settings(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request)
    minimums = {
        b.code: form.integer(f"band_{b.code}", minimum=0, maximum=100)
        for b in await q.match_bands()
    }
    equivalents = {}
    for row in await q.jp_equivalents():
        basis = form.choice(f"basis_{row['id']}", JP_BASES)
        jp = _decimal(form, f"jp_{row['id']}")
        if jp is not None:
            equivalents[row["id"]] = (basis, jp)
    if not form.ok:
        return await _page(request, form, status_code=400)
    await q.set_band_minimums(account, {k: v for k, v in minimums.items() if v is not None})
    await q.set_jp_equivalents(account, equivalents)
    return see_other(request.app.route_reverse("competency_settings") + "?saved=1")


ROUTES = [show_settings, update_settings]
