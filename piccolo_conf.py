"""Piccolo's configuration: the engine from DATABASE_URL and the app registry.

Unset DATABASE_URL means a SQLite file under var/.
"""

import os
from pathlib import Path

from piccolo.conf.apps import AppRegistry

from surveys.store.db import engine_from_url

VAR_DIR = Path(os.environ.get("SUARA_VAR_DIR") or Path(__file__).resolve().parent / "var")
DEFAULT_SQLITE_PATH = VAR_DIR.resolve() / "suara.sqlite3"

DB = engine_from_url(os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}")

APP_REGISTRY = AppRegistry(apps=["piccolo.apps.user.piccolo_app", "surveys.store.piccolo_app"])
