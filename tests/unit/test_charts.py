"""The SVG charts: no script, a title, the numbers in Indonesian format, drawable gaps."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from app.charts import (
    GRADE_COLOURS,
    _sparkline_range,
    elements_svg,
    nrr_bars_svg,
    sparkline_svg,
    trend_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_the_trend_chart_has_a_title_no_script_and_indonesian_numbers():
    svg = trend_svg(
        "Tren IKM Unit", ["TW I 2026", "TW II 2026", "TW III 2026"], [80.5, None, 91.48]
    )
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Tren IKM Unit"
    assert not list(root.iter(f"{SVG}script"))
    assert "91,48" in svg
    assert "88,31" in svg  # the grade A boundary is drawn as a guide line
    assert "TW III 2026" in svg


def test_the_elements_chart_lists_the_first_label_at_the_top():
    svg = elements_svg("Nilai per unsur", ["U3 Waktu", "U9 Sarana"], [70.5, 99.0])
    root = ElementTree.fromstring(svg)
    assert not list(root.iter(f"{SVG}script"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text in ("U3 Waktu", "U9 Sarana")]
    positions = {t.text: float(t.get("y")) for t in root.iter(f"{SVG}text") if t.text in labels}
    assert positions["U3 Waktu"] < positions["U9 Sarana"]  # smaller y is higher up


def test_the_sparkline_is_scriptless_and_keeps_small_noise_small():
    svg = sparkline_svg([80.0, None, 81.0, 82.0])
    assert "<script" not in svg
    assert svg.lstrip().startswith("<svg") or svg.lstrip().startswith("<?xml")
    low, high = _sparkline_range([80.0, 81.0])
    assert high - low >= 10  # a one-point wiggle does not fill the whole height
    assert _sparkline_range([25.0, 26.0])[0] == 25.0  # never below the scale
    assert _sparkline_range([None, None]) == (70.0, 80.0)


def test_the_nrr_chart_escapes_labels_draws_a_bar_per_answered_element_and_is_flat():
    svg = nrr_bars_svg(
        "Nilai & unsur", [("U1 <Persyaratan>", 3.6207, "A"), ("U2 Prosedur", None, None)]
    )
    root = ElementTree.fromstring(svg)
    assert "&lt;Persyaratan&gt;" in svg and root.get("aria-label") == "Nilai & unsur"
    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert [bar.get("fill") for bar in bars] == [GRADE_COLOURS["A"]]  # U2 has no answers
    assert "3,6207" in svg
    # No <style> element or style attribute (the pages' CSP would block them) and no script:
    # the stylesheet is written onto the elements, so the page and the PDF draw it alike.
    assert "style" not in svg and "<script" not in svg
    background = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "background")
    assert background.get("fill") == "#ffffff"


def test_the_event_study_draws_each_month_with_its_interval_and_skips_months_without_one():
    from app.training.charts import EventRow, event_study_svg

    rows = [
        EventRow(-6, None, None, None),  # too few trained officers that month: not drawn
        EventRow(-1, 0.02, -0.1, 0.14),
        EventRow(1, 0.25, 0.1, 0.4),
    ]
    svg = event_study_svg("U6 <sebulan>", "bulan", rows)

    ElementTree.fromstring(svg)  # well-formed, the title escaped
    assert "<script" not in svg and "U6 &lt;sebulan&gt;" in svg
    assert "+1" in svg and "-1" in svg
    assert svg.count('class="dots"') == 2 * 3  # two months, three nodes each


def test_the_longest_element_name_fits_its_chart_in_a_font_wider_than_dejavu():
    import re
    from pathlib import Path

    from PIL import ImageFont

    from app.charts import elements_svg, nrr_bars_svg
    from surveys.method.elements import ELEMENTS_BY_CODE

    fonts = Path(__file__).resolve().parents[2] / "surveys" / "store" / "fonts"
    dejavu = ImageFont.truetype(str(fonts / "DejaVuSans.ttf"), 100)
    labels = [f"{code} {element.name}" for code, element in ELEMENTS_BY_CODE.items()]
    for svg in (
        nrr_bars_svg("NRR", [(label, 3.5, "B") for label in labels]),
        elements_svg("Nilai", labels, [80.0] * len(labels)),
    ):
        left = float(re.search(r'<g transform="translate\(([\d.]+),', svg).group(1))
        for match in re.finditer(r'<text x="(-?[\d.]+)"[^>]*text-anchor="end">(U\d [^<]+)<', svg):
            size = 13  # the charts' label font size, px
            needed = dejavu.getlength(match.group(2)) / 100 * size * 1.15
            assert left + float(match.group(1)) - needed >= 0, match.group(2)


def test_a_phone_chart_is_drawn_at_the_phone_width_with_text_at_the_same_size():
    from app.charts import PHONE_WIDTH, WIDTH, width_for

    assert (width_for("phone"), width_for(None), width_for("poster")) == (PHONE_WIDTH, WIDTH, WIDTH)
    wide = elements_svg("Nilai", ["U1 Persyaratan"], [80.0])
    narrow = elements_svg("Nilai", ["U1"], [80.0], width=PHONE_WIDTH)
    assert f'viewBox="0 0 {PHONE_WIDTH} ' in narrow and f'viewBox="0 0 {WIDTH} ' in wide
    # Its labels are as big as the full chart's: the phone shows them near their size.
    size = re.compile(r"\.axis text\{[^}]*?font-size:(\d+)px")
    assert size.findall(narrow) == size.findall(wide) != []
    flat = nrr_bars_svg("NRR", [("U1", 3.5, "A")], width=PHONE_WIDTH)
    assert f'viewBox="0 0 {PHONE_WIDTH} ' in flat and "style" not in flat


def test_a_phone_trend_names_only_as_many_periods_as_fit_and_prints_no_crowded_values():
    from app.charts import PHONE_WIDTH

    labels = [f"TW {q} {year}" for year in (2025, 2026) for q in ("I", "II", "III", "IV")]
    values = [80.0 + index / 2 for index in range(8)]
    narrow = trend_svg("Tren", labels, values, width=PHONE_WIDTH)
    # Drawn texts (a tooltip's <desc> repeats every name and value, unseen).
    named = [label for label in labels if f">{label}</text>" in narrow]
    assert named == ["TW I 2025", "TW IV 2025", "TW III 2026"]
    assert ">83,50</text>" not in narrow  # the last value, printed on the full chart only
    wide = trend_svg("Tren", labels, values)
    assert all(f">{label}</text>" in wide for label in labels) and ">83,50</text>" in wide
    few = trend_svg("Tren", labels[:4], values[:4], width=PHONE_WIDTH, flat=True)
    assert all(f">{label}</text>" in few for label in labels[:4]) and ">81,50</text>" in few


def test_a_phone_forest_plot_leaves_its_axis_title_to_the_page():
    from app.training.charts import ForestRow, forest_svg

    rows = [ForestRow("U6 · Spearman JP", 0.3, 0.1, 0.5, "q = 0,01")]
    assert "korelasi; titik" in forest_svg("Korelasi", "korelasi; titik", rows, edge=1.0)
    narrow = forest_svg("Korelasi", "korelasi; titik", rows, edge=1.0, width=360)
    assert "korelasi; titik" not in narrow and "q = 0,01" in narrow


def test_a_phone_forest_plot_names_its_rows_above_them_and_leaves_the_width_to_the_plot():
    import re
    from html import escape

    from app.training.charts import ForestRow, forest_svg

    rows = [
        ForestRow("U6 · Spearman JP", 0.3, 0.1, 0.5, "q = 0,01"),
        ForestRow("IKM · ≥20 JP vs <20 JP", None, None, None, "tidak dihitung"),
    ]
    wide = forest_svg("Korelasi", "korelasi", rows, edge=1.0)
    narrow = forest_svg("Korelasi", "korelasi", rows, edge=1.0, width=360)
    plot_width = re.compile(r'class="plot"><rect x="0" y="0" width="([\d.]+)"')
    assert float(plot_width.findall(narrow)[0]) >= 0.7 * 360  # names beside it: 27 %
    for row in rows:  # printed labels (on a halo), not axis labels
        printed = re.compile(
            rf'class="label" style="[^"]*stroke[^>]*>{re.escape(escape(row.label))}<'
        )
        assert printed.search(narrow) and printed.search(wide) is None
