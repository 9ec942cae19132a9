"""The house's plan, checked against the code: imports run one way, areas keep to their
rooms, no import circles, modules stay readable, and docs/architecture.md draws what is there.

Read from the source with ``ast`` (nothing is imported), so a test fails on the import
statement itself, wherever it stands (module level, in a function, or under TYPE_CHECKING).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "surveys")
SURVEYS_AREAS = (
    "organisation",
    "citizen",
    "forum",
    "reporting",
    "training",
    "competency",
    "evaluation",
)
APP_AREAS = ("auth", *SURVEYS_AREAS)
# The areas that build on another area's domain, declared here and drawn in docs/architecture.md.
# Everything else shared moves down into store or method.
BUILDS_ON = {
    "competency": {"training"},
    "evaluation": {"training", "competency", "citizen", "forum"},
}
MAX_LINES = 400
SIZE_REASON = "Longer than usual:"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "piccolo_migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


@cache
def imports() -> dict[str, frozenset[str]]:
    """Each module's imports, resolved to modules where a name is a submodule."""
    known = modules()
    graph: dict[str, frozenset[str]] = {}
    for name, path in known.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in known else node.module)
        graph[name] = frozenset(targets)
    return graph


def area_of(module: str) -> str:
    """``surveys.forum.sessions`` → ``surveys.forum``; top modules stand for themselves."""
    parts = module.split(".")
    return ".".join(parts[:2])


def area_arrows() -> dict[str, set[str]]:
    arrows: dict[str, set[str]] = defaultdict(set)
    for module, targets in imports().items():
        for target in targets:
            if target.split(".")[0] in PACKAGES and area_of(target) != area_of(module):
                arrows[area_of(module)].add(area_of(target))
    return arrows


def circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph = {m: [t for t in ts if t in imports()] for m, ts in imports().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_there_is_no_import_circle() -> None:
    assert circles() == []


def test_the_domain_never_imports_the_web_layer() -> None:
    forbidden = ("app", "litestar", "jinja2", "markupsafe")
    offenders = {
        module: sorted(t for t in targets if t.split(".")[0] in forbidden)
        for module, targets in imports().items()
        if module.startswith("surveys")
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_method_stands_on_nothing_and_the_store_only_on_method() -> None:
    arrows = area_arrows()
    assert {a for a in arrows.get("surveys.method", set()) if a.startswith("surveys")} == set()
    assert {a for a in arrows.get("surveys.store", set()) if a.startswith("surveys")} <= {
        "surveys.method"
    }


def _built_on(area: str) -> set[str]:
    return {f"surveys.{other}" for other in BUILDS_ON.get(area, set())}


def test_a_domain_area_imports_only_method_store_and_the_areas_it_builds_on() -> None:
    wrong = {
        area: sorted(
            t
            for t in targets
            if t.startswith("surveys")
            and t not in {"surveys.method", "surveys.store"} | _built_on(area.partition(".")[2])
        )
        for area, targets in area_arrows().items()
        if area in {f"surveys.{name}" for name in SURVEYS_AREAS}
    }
    assert {a: t for a, t in wrong.items() if t} == {}


def test_a_web_area_imports_its_own_domain_area_and_shared_modules_only() -> None:
    wrong = {}
    for area, targets in area_arrows().items():
        package, _, name = area.partition(".")
        if package != "app" or name not in APP_AREAS:
            continue
        siblings = {f"app.{other}" for other in APP_AREAS if other != name}
        other_domains = {f"surveys.{other}" for other in SURVEYS_AREAS if other != name}
        other_domains -= _built_on(name)
        bad = sorted(t for t in targets if t in siblings - {"app.auth"} or t in other_domains)
        if bad:
            wrong[area] = bad
    assert wrong == {}


def test_surveys_has_at_most_ten_entries_at_its_top() -> None:
    entries = [p.name for p in (ROOT / "surveys").iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 10, sorted(entries)


def test_a_long_module_says_why_at_its_top() -> None:
    unexplained = []
    for path in modules().values():
        lines = path.read_text().count("\n")
        if lines > MAX_LINES:
            docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
            if SIZE_REASON not in docstring:
                unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert unexplained == []


def _drawn_arrows() -> set[tuple[str, str]]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no mermaid diagram"
    return set(re.findall(r"^\s*([\w.]+)\s*-->\s*([\w.]+)\s*$", block.group(1), re.M))


def test_the_architecture_diagram_draws_the_domain_arrows_the_code_has() -> None:
    code = {
        (source.replace(".", "_"), target.replace(".", "_"))
        for source, targets in area_arrows().items()
        if source.startswith("surveys")
        for target in targets
        if target.startswith("surveys")
    }
    drawn = {(s, t) for s, t in _drawn_arrows() if s.startswith("surveys")}
    assert drawn == code
