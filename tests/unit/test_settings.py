import re
from pathlib import Path

import pytest

from app.settings import ENVIRONMENT_VARIABLES, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_documents_exactly_the_variables_settings_read():
    documented = re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.M)
    assert sorted(documented) == sorted(ENVIRONMENT_VARIABLES)


def test_settings_read_no_variable_that_is_not_documented():
    source = (ROOT / "app" / "settings.py").read_text()
    read = set(re.findall(r'(?:environ\.get\(|_bool\(|_int\(|_networks\()"([A-Z_]+)"', source))
    assert read <= set(ENVIRONMENT_VARIABLES)


def test_it_rejects_a_malformed_number(monkeypatch):
    monkeypatch.setenv("SUARA_MIN_RESPONSES", "thirty")
    with pytest.raises(SettingsError, match="SUARA_MIN_RESPONSES must be a whole number"):
        Settings.from_env()


def test_it_rejects_an_unknown_time_zone(monkeypatch):
    monkeypatch.setenv("SUARA_TIMEZONE", "Asia/Atlantis")
    with pytest.raises(SettingsError, match="SUARA_TIMEZONE"):
        Settings.from_env()


def test_it_rejects_a_short_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(SettingsError, match="at least 32"):
        Settings.from_env()


def test_it_rejects_a_redis_url_of_another_scheme(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(SettingsError, match="REDIS_URL"):
        Settings.from_env()


def test_it_generates_a_secret_key_once_and_keeps_it(monkeypatch, tmp_path):
    import app.settings as settings_module

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(settings_module, "VAR_DIR", tmp_path)
    first = Settings.from_env().secret_key
    assert len(first) >= 32
    assert Settings.from_env().secret_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_it_reads_trusted_proxies_as_networks(monkeypatch):
    from ipaddress import ip_network

    monkeypatch.setenv("SUARA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert Settings.from_env().trusted_proxies == (
        ip_network("127.0.0.1/32"),
        ip_network("10.0.0.0/8"),
        ip_network("::1/128"),
    )


def test_it_rejects_a_trusted_proxy_that_is_not_an_address(monkeypatch):
    monkeypatch.setenv("SUARA_TRUSTED_PROXIES", "127.0.0.1,proxy.local")
    with pytest.raises(SettingsError, match="SUARA_TRUSTED_PROXIES.*'proxy.local'"):
        Settings.from_env()
