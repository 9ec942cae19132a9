"""The dashboard, the unit page, the report, its PDF, the public page and the API read one
definition each of the sample target, the improvement priorities and the grade: on the same
data they say the same thing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from surveys.reporting import pdf
from surveys.store.tables import Unit, UnitPopulation
from tests.factories import csrf_token, login, make_responses

Q1 = "from=2026-01-01&to=2026-03-31"
UNIT = "/dashboard/units/DISDUKCAPIL"
AT = datetime(2026, 2, 10, 3, tzinfo=UTC)
# U1–U4 at 4, U6 at 3, U5 at 2,5 and U7–U9 at 2: IKM 76,39 (C); the three lowest are U7, U8 and
# U9, and U5 (62,50, D) and U6 (75,00, C) are graded below B too: five priorities, weakest first.
GOOD = {"U1": 4, "U2": 4, "U3": 4, "U4": 4, "U6": 3, "U7": 2, "U8": 2, "U9": 2}
ANSWERS = [dict(GOOD, U5=2)] * 5 + [dict(GOOD, U5=3)] * 5
PRIORITIES = {"U5", "U6", "U7", "U8", "U9"}


async def _populations(unit_id: int) -> None:
    # A yearly estimate covering the quarter, and the months of the quarter itself: the months,
    # summed (300), are the quarter's population; Krejcie–Morgan gives 169 for it.
    for first, last, population in [
        (date(2026, 1, 1), date(2026, 12, 31), 4000),
        (date(2026, 1, 1), date(2026, 1, 31), 100),
        (date(2026, 2, 1), date(2026, 2, 28), 100),
        (date(2026, 3, 1), date(2026, 3, 31), 100),
    ]:
        await UnitPopulation(
            unit=unit_id, period_start=first, period_end=last, population=population
        ).save()


def _marked(html: str, marker: str) -> set[str]:
    """The element codes of the rows carrying ``marker``."""
    rows = re.findall(r'<tr[^>]*data-element="(U\d)"[^>]*>(.*?)</tr>', html, re.S)
    whole = re.findall(r'(<tr[^>]*data-element="(U\d)"[^>]*>)', html)
    marked = {code for code, body in rows if marker in body}
    return marked | {code for tag, code in whole if marker in tag}


async def test_every_surface_shows_the_same_ikm_grade_target_and_priorities(
    client, admin, disdukcapil, monkeypatch
):
    await make_responses(disdukcapil["id"], ANSWERS, AT)
    await _populations(disdukcapil["id"])
    # The public page shows a score only from the unit's minimum of respondents on: ten here.
    await Unit.update({Unit.minimum_responses: 10}).where(Unit.id == disdukcapil["id"])
    await login(client, admin)

    dashboard = (await client.get(f"/dashboard?{Q1}")).text
    row = dashboard[dashboard.index('data-unit="DISDUKCAPIL"') :]
    row = row[: row.index("</tr>")]
    assert "76,39" in row and 'grade-C">C<' in row
    assert "10 / 169" in row
    interval = re.search(r'data-testid="ikm-interval"[^>]*>([\d,]+)–([\d,]+) · n 10<', row)
    assert interval, row

    unit_page = (await client.get(f"{UNIT}?{Q1}")).text
    assert f"selang 95%: {interval[1]} s.d. {interval[2]} · n 10" in unit_page
    assert 'data-testid="unit-ikm">76,39<' in unit_page and 'grade-C">C<' in unit_page
    assert "Target 169 dari populasi 300" in unit_page
    assert _marked(unit_page, 'data-testid="priority"') == PRIORITIES

    report = (await client.get(f"{UNIT}/report?{Q1}")).text
    assert "76,39" in report and "Kurang Baik" in report
    assert "adalah 169 responden" in report
    assert _marked(report, 'class="priority"') == PRIORITIES
    assert (
        f"Selang kepercayaan 95%: {interval[1]} sampai dengan {interval[2]}, dari 10 responden"
        in report
    )

    drawn = {}
    real_render = pdf.render_report_pdf

    def spy(report, *args, **kwargs):
        drawn.update(
            ikm=report.result.ikm,
            grade=report.result.grade.letter,
            target=report.sample.target,
            priorities=set(report.priorities),
            suggested={s.params["element"].codes[0] for s in report.suggestions if s.params},
        )
        return real_render(report, *args, **kwargs)

    monkeypatch.setattr(pdf, "render_report_pdf", spy)
    assert (await client.get(f"{UNIT}/report.pdf?{Q1}")).content.startswith(b"%PDF-")
    assert (str(drawn["ikm"]), drawn["grade"], drawn["target"]) == ("76.39", "C", 169)
    assert drawn["priorities"] == drawn["suggested"] == PRIORITIES

    api = (await client.get(f"/api/v1/units/DISDUKCAPIL/ikm?{Q1}")).json()
    assert (api["ikm"], api["grade"], api["population"], api["sample_target"]) == (
        "76.39",
        "C",
        300,
        169,
    )
    assert api["priorities"] == ["U7", "U8", "U9", "U5", "U6"]
    low, high = (value.replace(",", ".") for value in (interval[1], interval[2]))
    assert api["interval"] == {"low": low, "high": high, "n": 10}

    published = await client.post(
        f"{UNIT}/publications",
        data={
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "channel": "website",
            "url": "https://disdukcapil.example.go.id/skm",
            "published_on": "2026-04-05",
            "_csrf_token": await csrf_token(client),
        },
    )
    assert published.status_code == 303
    public = (await client.get("/p/DISDUKCAPIL")).text
    assert re.search(r'data-testid="public-ikm">76,39<', public)
    assert re.search(r'data-testid="public-grade">C<', public)
    assert _marked(public, 'data-testid="priority"') == PRIORITIES
