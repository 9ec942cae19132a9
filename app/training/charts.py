"""The training analysis' charts: officers' JP against their scores, and a forest plot of the
effects with their intervals. pygal SVG served as images, like the dashboard's (app.charts):
no script, their own strict CSP, and a data table beside each on the page. Each is drawn at
the full width or, for a phone, at app.charts.PHONE_WIDTH with its text at the same size.

pygal loads on the first chart drawn, not when the app starts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.formatting import number

_BLUE, _INK = "#0b5cab", "#1b1f24"
# Light dotted guides, so the zero line (solid, dark) stands out from them.
_GUIDES = {"guide_stroke_color": "#c4c9d0", "guide_stroke_dasharray": "2,4"}
_GUIDES |= {"major_guide_stroke_color": "#c4c9d0", "major_guide_stroke_dasharray": "2,4"}
# Printed labels on a white halo, legible where they cross the zero line or an interval (on
# each label: pygal's stylesheet takes every text's stroke away with !important).
_HALO = "paint-order: stroke; stroke: #ffffff !important; stroke-width: 4px; stroke-linejoin: round"


def _say(value: object) -> str:
    """A value in the interface's number format; XY values are (x, y) pairs."""
    if isinstance(value, tuple | list):
        return " · ".join(_say(v) for v in value)
    return number(value) if isinstance(value, int | float) else str(value)


def _style(**extra: object) -> Any:
    """The app's chart style with light guides (and ``extra`` changes)."""
    from pygal.style import Style

    from app.charts import STYLE

    return Style(**{**STYLE.to_dict(), **_GUIDES, **extra})


def _config(**extra: object) -> dict[str, object]:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "show_legend": False,
        "truncate_label": -1,
        "margin": 16,
        "formatter": _say,
        "value_formatter": _say,
        "x_value_formatter": lambda value: number(value, 0),
        **extra,
    }


def scatter_svg(
    title: str,
    x_title: str,
    y_title: str,
    points: Sequence[tuple[float, float]],
    width: int = 760,
) -> str:
    """Officers as dots: JP in the last 12 months across, their mean score up (1-4 scale)."""
    import pygal

    from app.charts import _without_scripts

    values = [y for _x, y in points]
    low = max(1.0, math.floor(min(values, default=3.0) * 5 - 1) / 5)
    most_jp = max((x for x, _y in points), default=0)
    chart = pygal.XY(
        **_config(
            title=title,
            x_title=x_title,
            y_title=y_title,
            width=width,
            height=420 if width >= 760 else 400,
            style=_style(),
            stroke=False,
            dots_size=3.5,
            range=(low, 4.0),
            xrange=(0, max(40, math.ceil((most_jp + 5) / 10) * 10)),
            show_x_guides=True,
        )
    )
    chart.add(y_title, [(float(x), float(y)) for x, y in points])
    return _without_scripts(chart)


@dataclass(frozen=True)
class ForestRow:
    label: str
    estimate: float | None  # None: the test did not run
    low: float | None
    high: float | None
    note: str  # printed beside the estimate ("q = 0,012") or instead of it ("tidak dihitung")


def forest_svg(
    title: str,
    x_title: str,
    rows: Sequence[ForestRow],
    edge: float | None = None,
    width: int = 760,
) -> str:
    """One row per test: the estimate as a dot, its interval as a line, a solid zero line.

    ``edge``: the axis runs from -edge to edge (default: fitted to the widest interval).
    """
    import pygal

    reach = [abs(v) for r in rows for v in (r.estimate, r.low, r.high) if v is not None]
    edge = edge or _nice_edge(max(reach, default=0.5))
    n = len(rows)
    # A phone's chart is too narrow for the axis title (the page says it above the chart) and
    # for names beside the rows: each row's name stands above its interval instead.
    narrow = width < 760
    colours = (_INK, *([_BLUE] * (2 * n)))
    style = _style(colors=colours, stroke_width=3)
    chart = pygal.XY(
        **_config(
            title=title,
            x_title=None if narrow else x_title,
            width=width,
            # A phone's rows have room for a name above each interval.
            height=150 + 64 * n if narrow else 110 + 46 * n,
            style=style,
            print_labels=True,
            dots_size=6,
            # Room on the right for the q label of an estimate at the edge.
            xrange=(-edge, edge * 1.3),
            # A phone's notes ("tidak dihitung", q) stand in the margin beyond the plot.
            margin_right=64 if narrow else 16,
            # Room for the half of the axis' first number left of the plot.
            margin_left=28 if narrow else 16,
            range=(0.4, n + 0.6),
            x_labels=[-edge, edge] if narrow else [-edge, -edge / 2, 0, edge / 2, edge],
            x_value_formatter=lambda value: number(value),
            show_x_guides=True,
            show_y_guides=False,
            y_labels=[{"label": row.label, "value": n - i} for i, row in enumerate(rows)],
            show_y_labels=not narrow,
        )
    )
    chart.add(
        "0",
        [(0, 0.4), (0, n + 0.6)],
        show_dots=False,
        stroke_style={"width": 1.5},
    )
    for i, row in enumerate(rows):
        y = float(n - i)
        if row.estimate is None:
            chart.add(row.label, [{"value": (0.0, y), "label": row.note, "node": {"r": 0}}])
            continue
        low = row.low if row.low is not None else row.estimate
        high = row.high if row.high is not None else row.estimate
        chart.add(
            row.label,
            [
                {"value": (low, y), "node": {"r": 1}},
                {"value": (row.estimate, y), "label": row.note},
                {"value": (high, y), "node": {"r": 1}},
            ],
        )
    if narrow:
        for i, row in enumerate(rows):
            chart.add(row.label, [_name_above(row.label, -edge, float(n - i))])
    return _with_halos(chart)


def _with_halos(chart: Any) -> str:
    """The chart without scripts, its printed labels on a white halo."""
    from xml.etree import ElementTree

    from app.charts import SVG_NS, _tree

    root = _tree(chart)
    for element in root.iter():
        if element.tag in ("text", f"{{{SVG_NS}}}text") and element.get("class") == "label":
            element.set("style", _HALO)
    return ElementTree.tostring(root, encoding="unicode")


def _name_above(label: str, x: float, y: float) -> dict[str, object]:
    """A row's name as the printed label of an unseen point half a row above the row: pygal
    prints a label a little right of and below its point, so it starts at the axis' left end
    and stands just above the interval."""
    return {"value": (x, y + 0.5), "label": label, "node": {"r": 0}}


def _nice_edge(reach: float) -> float:
    """The axis' half width: a round number a little beyond the widest interval."""
    for edge in (0.1, 0.2, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0):
        if reach * 1.1 <= edge:
            return edge
    return math.ceil(reach * 1.1)


@dataclass(frozen=True)
class EventRow:
    month: int  # relative to the training: -6..-1 before it starts, 1..3 after it ends
    estimate: float | None
    low: float | None
    high: float | None


def event_study_svg(title: str, x_title: str, rows: Sequence[EventRow], width: int = 760) -> str:
    """Months around the training across, the trained officers' difference from their controls
    up (against the 'before' months): each month a dot with its interval as a vertical line, a
    solid zero line, and a dashed line where the training is."""
    import pygal

    from app.charts import _without_scripts

    reach = [abs(v) for r in rows for v in (r.estimate, r.low, r.high) if v is not None]
    edge = _nice_edge(max(reach, default=0.25))
    colours = (_INK, _INK, *([_BLUE] * len(rows)))
    chart = pygal.XY(
        **_config(
            title=title,
            x_title=x_title,
            width=width,
            height=380 if width >= 760 else 440,
            style=_style(colors=colours, stroke_width=3),
            dots_size=5,
            range=(-edge, edge),
            xrange=(-6.5, 3.5),
            x_labels=[row.month for row in rows] or [-1, 1],
            x_value_formatter=lambda value: f"{value:+.0f}",
            show_x_guides=False,
            show_y_guides=True,
        )
    )
    chart.add("0", [(-6.5, 0), (3.5, 0)], show_dots=False, stroke_style={"width": 1.5})
    chart.add(
        "T",
        [(0, -edge), (0, edge)],
        show_dots=False,
        stroke_style={"width": 1.5, "dasharray": "6,4"},
    )
    for row in rows:
        if row.estimate is None:
            continue
        low = row.low if row.low is not None else row.estimate
        high = row.high if row.high is not None else row.estimate
        chart.add(
            str(row.month),
            [
                {"value": (row.month, low), "node": {"r": 1}},
                {"value": (row.month, row.estimate)},
                {"value": (row.month, high), "node": {"r": 1}},
            ],
        )
    return _without_scripts(chart)
