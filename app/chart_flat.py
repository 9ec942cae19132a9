"""pygal's stylesheet written onto a chart's elements as presentation attributes.

A flattened SVG has no <style> or <script>: the pages' strict CSP allows it inline, it
prints, and fpdf2 (which reads little CSS) draws it the same. ``app.charts.flat_svg`` calls
this with the chart's tree.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

# The properties a drawing needs; the rest of pygal's CSS is about interaction.
_PRESENTATION = {
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
    "opacity", "font-family", "font-size", "font-weight", "text-anchor",
}  # fmt: skip
_COMPOUND = re.compile(r"^([a-zA-Z]*)((?:[#.][\w-]+)*)$")


def flatten(root: ElementTree.Element, title: str) -> str:
    """The chart's tree without <style> or <script>: each rule of its stylesheet written onto
    the elements it selects as presentation attributes, the highest specificity last.

    The pages' CSP allows such an SVG inline (no style element or attribute), it prints,
    and fpdf2 (which reads little CSS) draws it the same. Rules with pseudo-classes or
    attribute selectors (hover states, rotated labels) are left out.
    """
    rules = []
    styles = [element for element in root.iter() if _local(element.tag) == "style"]
    css = "".join(style.text or "" for style in styles)
    for order, (selectors, body) in enumerate(re.findall(r"([^{}]+)\{([^{}]*)\}", css)):
        declarations = _declarations(body)
        for selector in selectors.split(","):
            parsed = _selector(selector)
            if declarations and parsed:
                rules.append((_specificity(parsed[0]), order, parsed, declarations))
    rules.sort(key=lambda rule: rule[:2])
    parents = {child: parent for parent in root.iter() for child in parent}
    for parent in list(parents.values()):
        for child in list(parent):
            # Tooltips (desc, titles) need pygal's script; the chart's name is its aria-label.
            if _local(child.tag) in ("style", "desc", "title", ""):
                parent.remove(child)
    for element in root.iter():
        inline = _declarations(element.attrib.pop("style", ""))
        for _rank, _order, (compounds, combinators), declarations in rules:
            if _matches(element, compounds, combinators, parents):
                element.attrib.update(declarations)
        element.attrib.update(inline)
    root.set("role", "img")
    root.set("aria-label", title)
    return ElementTree.tostring(root, encoding="unicode")


def _local(tag: Any) -> str:
    """An element's tag without its namespace; comments have none ("")."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _declarations(body: str) -> dict[str, str]:
    found = {}
    for declaration in body.split(";"):
        name, _colon, value = declaration.partition(":")
        value = value.replace("!important", "").strip()
        if name.strip() in _PRESENTATION and value and value != "inherit":
            found[name.strip()] = value
    return found


def _selector(text: str) -> tuple[list[tuple[str, str, set[str]]], list[str]] | None:
    """``#chart .axis > text.major`` as compounds (tag, id, classes) and their combinators."""
    if any(mark in text for mark in ":[*+~"):
        return None
    tokens = re.split(r"\s*(>)\s*|\s+", text.strip())
    compounds: list[tuple[str, str, set[str]]] = []
    combinators: list[str] = []
    for token in (t for t in tokens if t is not None):
        if token == ">":
            combinators[-1:] = [">"]
            continue
        match = _COMPOUND.match(token)
        if not token or match is None:
            return None
        parts = re.findall(r"[#.][\w-]+", match.group(2))
        ident = next((p[1:] for p in parts if p[0] == "#"), "")
        compounds.append((match.group(1), ident, {p[1:] for p in parts if p[0] == "."}))
        combinators.append(" ")
    return (compounds, combinators[:-1]) if compounds else None


def _specificity(compounds: list[tuple[str, str, set[str]]]) -> tuple[int, int, int]:
    return (
        sum(bool(ident) for _tag, ident, _classes in compounds),
        sum(len(classes) for _tag, _ident, classes in compounds),
        sum(bool(tag) for tag, _ident, _classes in compounds),
    )


def _is(element: ElementTree.Element, compound: tuple[str, str, set[str]]) -> bool:
    tag, ident, classes = compound
    return (
        (not tag or _local(element.tag) == tag)
        and (not ident or element.get("id") == ident)
        and classes <= set((element.get("class") or "").split())
    )


def _matches(
    element: ElementTree.Element,
    compounds: list[tuple[str, str, set[str]]],
    combinators: list[str],
    parents: dict[ElementTree.Element, ElementTree.Element],
) -> bool:
    if not _is(element, compounds[-1]):
        return False
    node: ElementTree.Element | None = element
    for compound, combinator in zip(reversed(compounds[:-1]), reversed(combinators), strict=True):
        node = parents.get(node)  # type: ignore[arg-type]
        if combinator == " ":
            while node is not None and not _is(node, compound):
                node = parents.get(node)
        if node is None or not _is(node, compound):
            return False
    return True
