"""Schemathesis cases made hostile: the strings a careless or malicious client sends.

Schemathesis draws a path or query parameter from its schema (``type: string`` with no
pattern), and Hypothesis almost never puts a NUL or a Devanagari digit there in a few
hundred draws: a NUL in a unit code reached PostgreSQL, which refuses it with a 500, and
the old fuzz run did not notice when the edge cleaning was switched off. Here each string
parameter of each operation is, half the time, replaced by text built from control
characters, format characters, odd Unicode digits and separators, or a known-bad value.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.method.text import has_control_characters

# Values that once broke something somewhere, or nearly did.
KNOWN_BAD = [
    "\x00",
    "DISDUKCAPIL\x00",
    "2026-01-01\x00",
    "\x7f",
    "\x1b[31m",
    "\u0085",
    "\u200b",
    "\ufeff",
    "\u202e",
    "３５",  # full-width digits: NFKC makes them 35
    "٣",  # Arabic-Indic three
    "፩",  # Ethiopic one: a digit to str.isdigit, not to int()
    "२०२६-०१-०१",  # a date in Devanagari digits
    "２０２６-０１-３１",
    "𝟗𝟗𝟗𝟗𝟗𝟗",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
]
# Control (Cc), format (Cf), decimal and other digits (Nd, No), separators, combining marks.
_ODD = st.characters(
    codec="utf-8", categories=("Cc", "Cf", "Nd", "No", "Zs", "Zl", "Zp", "Mn", "Lo")
)
HOSTILE_TEXT = st.one_of(
    st.sampled_from(KNOWN_BAD),
    st.text(_ODD, min_size=1, max_size=12),
    # A plausible value with odd characters after it, and anything with a NUL inside.
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(["DISDUKCAPIL", "2026-01-01", "1"]),
        st.text(_ODD, min_size=1, max_size=3),
    ),
    st.builds(lambda a, b: a + "\x00" + b, st.text(max_size=4), st.text(max_size=4)),
)


def _string_parameters(operation: Any, location: str) -> list[str]:
    parameters = getattr(operation, location)
    return [
        p.name for p in parameters if (p.definition.get("schema") or {}).get("type") != "integer"
    ]


def hostile_cases(operation: Any, count: int) -> list:
    """``count`` cases of ``operation``, each string path or query parameter replaced by
    hostile text about half the time (a derandomised draw: the same cases every run)."""
    path_names = _string_parameters(operation, "path_parameters")
    query_names = _string_parameters(operation, "query")
    drawn: list = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), data=st.data())
    def collect(case, data):
        for names, values in ((path_names, "path_parameters"), (query_names, "query")):
            for name in names:
                if data.draw(st.booleans()):
                    target = getattr(case, values)
                    if target is None:
                        setattr(case, values, {})
                        target = getattr(case, values)
                    value = data.draw(HOSTILE_TEXT)
                    # Schemathesis keeps path parameters percent-encoded, as they are sent.
                    target[name] = quote(value, safe="") if values == "path_parameters" else value
        drawn.append(case)

    collect()
    return drawn


def request_of(case: Any) -> tuple[str, str, dict[str, Any]]:
    """The method, path (its parameters percent-encoded, as schemathesis keeps them) and query."""
    query = {k: v for k, v in (case.query or {}).items() if v is not None}
    return case.method.upper(), case.formatted_path, query


def carries_control_characters(case: Any) -> bool:
    """A path or query value the edge must refuse (400) before any handler reads it."""
    texts = [unquote(str(value)) for value in (case.path_parameters or {}).values()]
    for value in (case.query or {}).values():
        texts.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return any(has_control_characters(text) for text in texts)
