"""The charts of the unit page, the report, the training analysis and the public page, on a
360 px phone and on A4 paper.

On the phone each chart is the one drawn at the phone's width (its text at nearly full size,
not a 760 px chart shrunk to 40%), and a forest plot names its rows above their intervals,
which keep most of the width. In print each is the full chart, whole on its page, at
least most of the paper's width and no wider, with every label of an inline chart inside it;
the analysis page's wide tables print within the paper's width too, so Chrome does not shrink
the whole page to fit them.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.charts import PHONE_WIDTH
from tests.browser.conftest import ARTIFACTS, PHONE, log_in, screenshot

MANAGER = {"username": "kadis.dukcapil", "password": "suara-dukcapil-2017"}
PAGES = {
    "unit": "/dashboard/units/DISDUKCAPIL",
    "report": "/dashboard/units/DISDUKCAPIL/report",
    "analysis": "/dashboard/analysis",
    "public": "/p/DISDUKCAPIL",
}
# A4's printable width in CSS pixels with 10 mm margins (190 mm at 96 px per inch).
PAPER = {"width": 718, "height": 1016}
CHARTS = "img.chart, figure.chart svg"
# Where a chart's text ends up on the screen, as a share of the size it was drawn at.
SCALE = """([el, phone]) => {
  const drawn = el.tagName === 'IMG'
    ? (new URL(el.currentSrc).searchParams.get('size') === 'phone' ? phone : 760)
    : el.viewBox.baseVal.width;
  return el.getBoundingClientRect().width / drawn;
}"""
# The share of an image chart's width its plot (pygal's g.plot) takes: names beside a phone's
# forest rows would leave the intervals a sliver.
PLOT_SHARE = """async img => {
  const text = await (await fetch(img.currentSrc)).text();
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const plot = svg.querySelector('g.plot > rect.background');
  return plot.width.baseVal.value / svg.viewBox.baseVal.width;
}"""
# Texts of an inline chart that stick out of it (cut when printed).
TEXTS_OUTSIDE = """svg => {
  const box = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text')).filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1);
  }).map(t => t.textContent);
}"""


@pytest.fixture(scope="module")
def demo(browser):
    from surveys.store.seed import seed_demo
    from tests.browser.conftest import _in_thread
    from tests.database import empty_all_tables

    _in_thread(empty_all_tables())
    _in_thread(seed_demo(2017, today=date.today()))  # full size: the analysis has officers


def visible_charts(page) -> list:
    page.wait_for_load_state("networkidle")
    charts = page.locator(CHARTS)
    return [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]


def open_page(page, name: str) -> None:
    if name != "public":  # the public page is for anyone, the rest for the unit's head
        log_in(page, MANAGER)
    page.goto(PAGES[name])
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("name", PAGES)
def test_on_a_phone_every_chart_is_drawn_for_its_width_and_its_text_keeps_its_size(
    browser, live_server, demo, name
):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="id-ID")
    page = context.new_page()
    open_page(page, name)
    charts = visible_charts(page)
    assert charts, f"{name}: no chart shown"
    forests = 0
    for index, chart in enumerate(charts):
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(ARTIFACTS / f"chart-phone-{name}-{index}.png"))
        scale = page.evaluate(SCALE, [chart.element_handle(), PHONE_WIDTH])
        assert scale >= 0.7, f"{name} chart {index}: text at {scale:.0%} of its size"
        if (chart.get_attribute("data-testid") or "").startswith("forest"):
            share = chart.evaluate(PLOT_SHARE)
            assert share >= 0.6, f"{name} chart {index}: plot {share:.0%} of the chart's width"
            forests += 1
    screenshot(page, f"chart-phone-{name}")
    assert forests == (2 if name == "analysis" else 0), f"{name}: {forests} forest plots"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_in_print_every_chart_is_whole_on_its_page_and_fits_the_paper_width(
    browser, live_server, demo, name
):
    context = browser.new_context(viewport=PAPER, base_url=live_server, locale="id-ID")
    page = context.new_page()
    open_page(page, name)
    page.emulate_media(media="print")
    charts = visible_charts(page)
    assert charts, f"{name}: no chart printed"
    for index, chart in enumerate(charts):
        box = chart.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PAPER["width"], (name, index, box)
        # Not a thumbnail: most of the paper's width, so its 13 px text prints at ~9 pt.
        assert box["width"] >= 0.8 * PAPER["width"] * min(1, 760 / PAPER["width"]), (name, box)
        whole = chart.evaluate(
            "el => [el, el.closest('picture, figure')].some(e => e && "
            "getComputedStyle(e).breakInside === 'avoid')"
        )
        assert whole, f"{name} chart {index} may be split across two pages"
        if chart.evaluate("el => el.tagName") == "svg":
            assert chart.evaluate(TEXTS_OUTSIDE) == [], f"{name} chart {index}: cut labels"
            assert chart.evaluate("el => el.closest('.chart-phone') === null")
    screenshot(page, f"chart-print-{name}")
    margins = dict.fromkeys(("top", "bottom", "left", "right"), "10mm")
    pdf = page.pdf(format="A4", margin=margins)
    (ARTIFACTS / f"chart-print-{name}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    context.close()


def test_in_print_the_analysis_tables_fit_the_paper_so_the_page_keeps_its_size(
    browser, live_server, demo
):
    context = browser.new_context(viewport=PAPER, base_url=live_server, locale="id-ID")
    page = context.new_page()
    open_page(page, "analysis")
    page.emulate_media(media="print")
    for selector in ("table.results", "table.officers"):
        tables = page.locator(selector)
        assert tables.count() > 0, f"{selector}: not printed"
        for index in range(tables.count()):
            box = tables.nth(index).bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= PAPER["width"], (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PAPER["width"]
    # The officers' key columns print; one column (days since the last training) is left out.
    headers = page.locator("table.officers thead th")
    printed = [
        headers.nth(i).inner_text() for i in range(headers.count()) if headers.nth(i).is_visible()
    ]
    assert {"Petugas", "Responden", "U6", "U7", "IKM"} <= set(printed)
    assert len(printed) == headers.count() - 1
    screenshot(page, "print-analysis-tables")
    page.locator("table.officers").screenshot(path=str(ARTIFACTS / "print-analysis-officers.png"))
    context.close()
