"""The app's route table, read for the security tests: every handler, its method and path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_PREFIXES = ("/static/", "/schema")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # the template, e.g. /admin/points/{point_id:int}
    name: str  # the route name (url_for), else the handler function

    @property
    def parameters(self) -> list[str]:
        return re.findall(r"\{([^}:]+):[^}]+\}", self.path)

    def fill(self, values: dict[str, str]) -> str:
        return re.sub(r"\{([^}:]+):[^}]+\}", lambda m: values[m.group(1)], self.path)


def endpoints(app) -> list[Endpoint]:
    """Every GET and POST handler of the app, whatever router declares it."""
    found = []
    for route in app.routes:
        if route.path.startswith(SKIPPED_PREFIXES):
            continue
        for handler in getattr(route, "route_handlers", []):
            for method in sorted(handler.http_methods):
                if method in ("GET", "POST"):
                    name = handler.name or handler.handler_name
                    found.append(Endpoint(method, route.path, name))
    return found


def field_names() -> list[str]:
    """Every field name a handler reads or a template sends, found in the code itself."""
    names: set[str] = set()
    reads = re.compile(
        r"\.(?:raw|text|integer|optional_id|ids|choice|boolean|date|local_datetime|get|getall)"
        r"\(\s*\"([a-z_][A-Za-z0-9_]*)\""
    )
    for path in (ROOT / "app").rglob("*.py"):
        names.update(reads.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "templates").rglob("*.html"):
        names.update(re.findall(r'name="([A-Za-z_][A-Za-z0-9_]*)"', path.read_text("utf-8")))
    names.update(f"U{number}" for number in range(1, 10))
    names.update(("age", "gender", "education", "occupation", "from", "to", "year", "month"))
    names.update(("quarter", "semester", "search", "next", "v", "saved", "rows"))
    names.discard("_csrf_token")
    return sorted(names)
