"""`suara create-user` reads the password from standard input when it is not a terminal."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from surveys.store.accounts import account_by_id, authenticate

ROOT = Path(__file__).resolve().parents[2]


async def create_user(*args: str, password: str) -> tuple[int, str]:
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "app.cli", "create-user", *args],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, " ".join((done.stdout + done.stderr).split())


async def test_it_creates_a_manager_scoped_to_a_unit_with_the_password_from_stdin(
    disdukcapil, rsud
):
    code, output = await create_user(
        "--username",
        "kadis",
        "--role",
        "manager",
        "--unit",
        "DISDUKCAPIL",
        password="rahasia-sekali-123",
    )
    assert code == 0, output
    user_id = await authenticate("kadis", "rahasia-sekali-123")
    account = await account_by_id(user_id)
    assert (account.role, account.unit_ids) == ("manager", frozenset({disdukcapil["id"]}))
    assert await authenticate("kadis", "another-password") is None


async def test_it_refuses_a_manager_without_a_unit(db):
    code, output = await create_user(
        "--username", "x", "--role", "manager", password="long-enough-1"
    )
    assert code == 2
    assert "needs at least one --unit" in output


async def test_it_refuses_an_unknown_unit_and_a_short_password(disdukcapil):
    code, output = await create_user(
        "--username", "y", "--role", "manager", "--unit", "NOPE", password="long-enough-1"
    )
    assert (code, "unknown unit" in output) == (2, True)
    code, output = await create_user("--username", "z", "--role", "admin", password="short")
    assert (code, "at least 8" in output) == (2, True)


async def test_it_refuses_an_existing_username(admin):
    code, output = await create_user(
        "--username", "admin", "--role", "admin", password="long-enough-1"
    )
    assert code == 2
    assert "already exists" in output
