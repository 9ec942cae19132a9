"""Typed settings read once from the environment, with strict parsing and clear errors.

Every variable is documented in ``.env.example``; a test checks that they agree.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SUARA_VAR_DIR") or PROJECT_ROOT / "var")


class SettingsError(ValueError):
    pass


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _secret_key() -> str:
    """SECRET_KEY, or one generated once and kept under var/ so restarts keep sessions."""
    key = os.environ.get("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _timezone() -> ZoneInfo:
    name = os.environ.get("SUARA_TIMEZONE") or "Asia/Jakarta"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"SUARA_TIMEZONE is not a known time zone: {name!r}") from None


def _networks(name: str) -> tuple[IPv4Network | IPv6Network, ...]:
    raw = os.environ.get(name) or ""
    networks = []
    for part in raw.replace(" ", "").split(","):
        if not part:
            continue
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8, got {part!r}"
            ) from None
    return tuple(networks)


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    secret_key: str
    base_url: str
    timezone: ZoneInfo
    debug: bool
    secure_cookies: bool
    session_max_age: int
    login_attempts: int
    login_window: int
    min_responses: int
    var_dir: Path = field(default=VAR_DIR)
    # Survey submissions accepted per network address per hour (0: no limit).
    survey_address_limit: int = 300
    # Wrong meeting codes typed at /f per network address per quarter hour (0: no limit).
    forum_code_attempts: int = 30
    # Token stocks one kiosk may fetch from one network address per hour (0: no limit).
    kiosk_stock_fetches: int = 12
    # Reverse proxies whose X-Forwarded-For names the client (none: the peer is the client).
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    # Seconds without a touch before a kiosk's half-filled form is cleared for the next citizen.
    kiosk_idle_seconds: int = 90

    @classmethod
    def from_env(cls) -> Settings:
        redis_url = os.environ.get("REDIS_URL") or None
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(f"REDIS_URL must start with redis://, got {redis_url!r}")
        return cls(
            database_url=os.environ.get("DATABASE_URL") or "",
            redis_url=redis_url,
            secret_key=_secret_key(),
            base_url=(os.environ.get("SUARA_BASE_URL") or "http://127.0.0.1:8000").rstrip("/"),
            timezone=_timezone(),
            debug=_bool("SUARA_DEBUG", False),
            secure_cookies=_bool("SUARA_SECURE_COOKIES", False),
            session_max_age=_int("SUARA_SESSION_MAX_AGE", 8 * 3600, minimum=60),
            login_attempts=_int("SUARA_LOGIN_ATTEMPTS", 10, minimum=1),
            login_window=_int("SUARA_LOGIN_WINDOW", 15 * 60, minimum=1),
            min_responses=_int("SUARA_MIN_RESPONSES", 30, minimum=1),
            survey_address_limit=_int("SUARA_SURVEY_ADDRESS_LIMIT", 300, minimum=0),
            forum_code_attempts=_int("SUARA_FORUM_CODE_ATTEMPTS", 30, minimum=0),
            kiosk_stock_fetches=_int("SUARA_KIOSK_STOCK_FETCHES", 12, minimum=0),
            trusted_proxies=_networks("SUARA_TRUSTED_PROXIES"),
            kiosk_idle_seconds=_int("SUARA_KIOSK_IDLE_SECONDS", 90, minimum=20),
        )


ENVIRONMENT_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "SUARA_BASE_URL",
    "SUARA_TIMEZONE",
    "SUARA_DEBUG",
    "SUARA_SECURE_COOKIES",
    "SUARA_SESSION_MAX_AGE",
    "SUARA_LOGIN_ATTEMPTS",
    "SUARA_LOGIN_WINDOW",
    "SUARA_MIN_RESPONSES",
    "SUARA_VAR_DIR",
    "SUARA_SURVEY_ADDRESS_LIMIT",
    "SUARA_FORUM_CODE_ATTEMPTS",
    "SUARA_KIOSK_STOCK_FETCHES",
    "SUARA_TRUSTED_PROXIES",
    "SUARA_KIOSK_IDLE_SECONDS",
)
