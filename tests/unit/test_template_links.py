"""Templates build every internal link with ``url_for`` and route names: a literal path in
an attribute would silently break when a route moves."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# An attribute that takes a URL, holding a literal path that starts at the site root.
LITERAL_PATH = re.compile(
    r"""\b(?:href|src|action|formaction|hx-(?:get|post|put|patch|delete)|data-[\w-]*url)\s*=\s*["']/(?!/)"""
)


def test_no_template_holds_a_literal_internal_path() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:100]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if LITERAL_PATH.search(line)
    ]
    assert found == []


def test_the_rule_catches_a_literal_path_and_lets_url_for_through() -> None:
    assert LITERAL_PATH.search('<a href="/dashboard">')
    assert LITERAL_PATH.search("<form hx-post='/forum/1/paper'>")
    assert not LITERAL_PATH.search("<a href=\"{{ url_for('dashboard') }}\">")
    assert not LITERAL_PATH.search('<a href="#main">')
