"""Logins: list, create with a role and unit scope, change scope, deactivate, reset password."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from piccolo.apps.user.tables import BaseUser

from app.dependencies import SignedInAccount
from app.forms import Form, read_form, role_choices, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.organisation import users as q
from surveys.store.accounts import Account, UserError, create_user
from surveys.store.tables import CITY_WIDE_ROLES, ROLES

USERNAME = re.compile(r"[A-Za-z0-9._-]{3,100}")
MIN_PASSWORD = 8


async def _unit_options() -> list[tuple[str, str]]:
    return [(u["code"], f"{u['name']} ({u['code']})") for u in await q.unit_codes()]


async def _user_or_404(user_id: int) -> dict:
    user = await q.user_by_id(user_id)
    if user is None:
        raise NotFoundException()
    return user


def _saved(request: Request[Any, Any, Any], user_id: int) -> Redirect:
    """Back to the user's page, with its notice on."""
    return see_other(f"{request.app.route_reverse('admin_user', user_id=user_id)}?saved=1")


def _read_password(form: Form, name: str = "password") -> str:
    password = form.values.get(name) or ""
    if len(password) < MIN_PASSWORD:
        form.error(name, _("Kata sandi paling sedikit %(n)s karakter.", n=MIN_PASSWORD))
    elif len(password) > BaseUser._max_password_length:
        form.error(name, _("Kata sandi terlalu panjang."))
    elif form.values.get(f"{name}_again") != password:
        form.error(f"{name}_again", _("Kedua kata sandi tidak sama."))
    return password


async def _read_scope(form: Form) -> tuple[str, list[str]]:
    role = form.choice("role", ROLES)
    codes = [code for code in form.values.get("units") or [] if code]
    known = {code for code, _label in await _unit_options()}
    if set(codes) - known:
        form.error("units", _("Pilihan tidak dikenal."))
    if role == "manager" and not codes:
        form.error("units", _("Pimpinan harus memiliki paling sedikit satu unit."))
    return role, codes


@get("/users", name="admin_users")
async def list_users(request: Request[Any, Any, Any]) -> Template:
    return await render(
        request,
        "organisation/users.html",
        {"users": await q.all_users(), "roles": dict(role_choices())},
    )


async def _new_page(
    request: Request[Any, Any, Any], form: Form, status_code: int = 200
) -> Template:
    # Never send a password back to the browser.
    form.values.pop("password", None)
    form.values.pop("password_again", None)
    return await render(
        request,
        "organisation/user_form.html",
        {"form": form, "roles": role_choices(), "units": await _unit_options()},
        status_code=status_code,
    )


@get("/users/new", name="admin_user_new")
async def new_user(request: Request[Any, Any, Any]) -> Template:
    return await _new_page(request, Form.filled({"role": "manager", "units": []}))


@post("/users", name="admin_user_create")
async def create_login(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request, multi=("units",))
    username = form.text("username", max_length=100)
    if username and not USERNAME.fullmatch(username):
        form.error(
            "username", _("Gunakan 3–100 huruf, angka, titik, garis bawah atau tanda hubung.")
        )
    elif username and await q.username_taken(username):
        form.error("username", _("Nama pengguna ini sudah dipakai."))
    email = form.text("email", required=False)
    password = _read_password(form)
    role, codes = await _read_scope(form)
    if not form.ok:
        return await _new_page(request, form, status_code=400)
    try:
        user_id = await create_user(
            username,
            password,
            role,
            [] if role in CITY_WIDE_ROLES else codes,
            email,
            actor=account,
        )
    except UserError:  # a race with another administrator creating the same name
        form.error("username", _("Nama pengguna ini sudah dipakai."))
        return await _new_page(request, form, status_code=400)
    return _saved(request, user_id)


async def _user_page(
    request: Request[Any, Any, Any],
    me: Account,
    user: dict,
    *,
    scope_form: Form | None = None,
    password_form: Form | None = None,
    status_error: str = "",
    saved: bool = False,
    status_code: int = 200,
) -> Template:
    if password_form is not None:
        password_form.values.pop("password", None)
        password_form.values.pop("password_again", None)
    return await render(
        request,
        "organisation/user.html",
        {
            "user": user,
            "is_me": user["id"] == me.id,
            "scope_form": scope_form or Form.filled({"role": user["role"], "units": user["units"]}),
            "password_form": password_form or Form(),
            "status_error": status_error,
            "roles": role_choices(),
            "units": await _unit_options(),
            "saved": saved,
        },
        status_code=status_code,
    )


@get("/users/{user_id:int}", name="admin_user")
async def show_user(
    request: Request[Any, Any, Any],
    user_id: RowId,
    account: SignedInAccount,
    saved: FromQuery[str] = "",
) -> Template:
    user = await _user_or_404(user_id)
    return await _user_page(request, account, user, saved=saved == "1")


@post("/users/{user_id:int}", name="admin_user_update")
async def update_user(
    request: Request[Any, Any, Any], user_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    user = await _user_or_404(user_id)
    form = await read_form(request, multi=("units",))
    role, codes = await _read_scope(form)
    if user_id == account.id and role != "admin":
        form.error("role", _("Anda tidak dapat mencabut peran administrator Anda sendiri."))
    if not form.ok:
        return await _user_page(request, account, user, scope_form=form, status_code=400)
    await q.update_role(account, user_id, role, codes)
    return _saved(request, user_id)


@post("/users/{user_id:int}/password", name="admin_user_password")
async def reset_password(
    request: Request[Any, Any, Any], user_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    user = await _user_or_404(user_id)
    form = await read_form(request)
    password = _read_password(form)
    if not form.ok:
        return await _user_page(request, account, user, password_form=form, status_code=400)
    await q.reset_password(account, user_id, password)
    return _saved(request, user_id)


@post("/users/{user_id:int}/deactivate", name="admin_user_deactivate")
async def deactivate_user(
    request: Request[Any, Any, Any], user_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    user = await _user_or_404(user_id)
    if user_id == account.id:
        message = _("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        return await _user_page(request, account, user, status_error=message, status_code=400)
    await q.set_user_active(account, user_id, False)
    return _saved(request, user_id)


@post("/users/{user_id:int}/activate", name="admin_user_activate")
async def activate_user(
    request: Request[Any, Any, Any], user_id: RowId, account: SignedInAccount
) -> Redirect:
    await _user_or_404(user_id)
    await q.set_user_active(account, user_id, True)
    return _saved(request, user_id)


ROUTES = [
    list_users,
    new_user,
    create_login,
    show_user,
    update_user,
    reset_password,
    deactivate_user,
    activate_user,
]
