"""The training analysis over HTTP: the page, its fragments, charts and exports, and the JSON
API; who may see what, the planted relation found, the same numbers for the same request."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from surveys.store.tables import Unit
from surveys.training.statistics import OUTCOMES, TESTS
from tests.factories import login, make_officer, make_responses
from tests.training_data import PERIOD, answers_with_mean, at, plant_officers

PAGE = f"/dashboard/analysis?{PERIOD}"
API = f"/api/v1/analysis/training?{PERIOD}"
HX = {"HX-Request": "true"}
SUB_URLS = (
    "/dashboard/analysis/scatter.svg?outcome=U6&{query}",
    "/dashboard/analysis/forest.svg?family=correlation&{query}",
    "/dashboard/analysis/forest.svg?family=did&{query}",
    "/dashboard/analysis/event-study.svg?outcome=U6&{query}",
    "/dashboard/analysis/results.csv?{query}",
    "/dashboard/analysis/officers.csv?{query}",
)


def _urls(query: str = PERIOD) -> list[str]:
    return [f"/dashboard/analysis?{query}", *(u.format(query=query) for u in SUB_URLS)]


# --- who may see what -----------------------------------------------------------------------


async def test_anonymous_visitors_are_sent_to_log_in_and_the_api_answers_401(client, disdukcapil):
    page = await client.get(PAGE)
    assert page.status_code in (302, 303)
    assert page.headers["location"].startswith("/login?next=/dashboard/analysis")
    hx = await client.get(PAGE, headers=HX)
    assert hx.status_code == 401 and hx.headers["hx-redirect"] == "/login"
    api = await client.get(API)
    assert api.status_code == 401
    assert api.headers["content-type"].startswith("application/json")
    assert api.json()["status_code"] == 401


async def test_facilitators_get_403_on_the_page_its_fragments_charts_exports_and_api(
    client, facilitator, disdukcapil
):
    await login(client, facilitator)
    for url in [*_urls(), API]:
        assert (await client.get(url)).status_code == 403, url
        assert (await client.get(url, headers=HX)).status_code == 403, url


async def test_a_manager_asking_for_another_unit_gets_403_everywhere(
    client, manager_of_rsud, disdukcapil
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, manager_of_rsud)
    query = f"{PERIOD}&unit=DISDUKCAPIL"
    for url in [*_urls(query), f"/api/v1/analysis/training?{query}"]:
        response = await client.get(url)
        assert response.status_code == 403, url
        assert "Petugas" not in response.text, url
        assert (await client.get(url, headers=HX)).status_code == 403, url


async def test_a_manager_sees_only_the_officers_of_their_own_units(
    client, manager_of_disdukcapil, disdukcapil, rsud
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await plant_officers(rsud["id"], "19800101200502")
    await login(client, manager_of_disdukcapil)
    page = await client.get(PAGE)
    assert page.status_code == 200
    assert page.text.count('data-testid="officer-row"') == 12
    assert "Petugas 0501-0" in page.text
    assert "Petugas 0502-" not in page.text
    body = (await client.get(API)).json()
    assert body["officers"] == 12 and body["units"] == []
    officers = await client.get(f"/dashboard/analysis/officers.csv?{PERIOD}")
    assert "0502" not in officers.text


async def test_an_administrator_sees_every_units_officers(client, admin, disdukcapil, rsud):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await plant_officers(rsud["id"], "19800101200502")
    await login(client, admin)
    body = (await client.get(API)).json()
    assert body["officers"] == 24
    only_rsud = (await client.get(f"{API}&unit=RSUD")).json()
    assert only_rsud["officers"] == 12 and only_rsud["units"] == ["RSUD"]


# --- the API ---------------------------------------------------------------------------------


async def test_the_api_answers_every_outcome_and_test_with_floats_or_null(
    client, manager_of_disdukcapil, disdukcapil
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"{API}&unit=DISDUKCAPIL")
    assert response.status_code == 200
    body = response.json()
    assert body["officers"] == 12
    assert body["period_from"] == "2026-01-01" and body["period_to"] == "2026-03-31"
    assert [(r["outcome"], r["test"]) for r in body["results"]] == [
        (outcome, test) for outcome in OUTCOMES for test in TESTS
    ]
    for row in body["results"]:
        for key in ("estimate", "ci_low", "ci_high", "p_value", "q_value"):
            assert row[key] is None or isinstance(row[key], float), (row, key)
        assert isinstance(row["n"], int) and isinstance(row["note"], str)
        assert row["note_text"]
    assert len(body["summary"]) >= 3 and all(isinstance(p, str) for p in body["summary"])
    assert body["within_units"] is True and "1 unit" in body["comparison"]
    assert {r["units"] for r in body["results"] if r["estimate"] is not None} == {1}
    assert [p["test"] for p in body["pretrends"]] == ["pretrend"] * 3
    assert [p["month"] for p in body["event_study"][:9]] == [-6, -5, -4, -3, -2, -1, 1, 2, 3]
    assert "petugas" in body["summary"][0]


async def test_the_api_finds_the_planted_relation(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    results = {(r["outcome"], r["test"]): r for r in (await client.get(API)).json()["results"]}
    spearman = results[("U6", "spearman_jp")]
    assert spearman["estimate"] > 0.8 and spearman["p_value"] <= 0.01
    assert spearman["ci_low"] > 0 and spearman["q_value"] <= 0.05
    did = results[("U6", "did_training")]
    assert did["estimate"] > 0 and did["p_value"] <= 0.05 and did["note"] == ""


async def test_the_same_request_gives_the_same_numbers(client, app, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    first = (await client.get(API)).json()
    app.state["training_analysis"].clear()  # recompute rather than read the cache
    second = (await client.get(API)).json()
    assert first == second


async def test_the_api_speaks_english_when_asked(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    body = (await client.get(f"{API}&lang=en")).json()
    assert "officers" in body["summary"][0]


async def test_bad_api_parameters_are_a_clear_400(client, admin, disdukcapil):
    await login(client, admin)
    for query, words in (
        ("from=2026-13-01&to=2026-03-31", "YYYY-MM-DD"),
        ("from=2026-03-31&to=2026-01-01", "tidak boleh sebelum"),
        ("from=2020-01-01&to=2026-03-31", "tiga tahun"),
        (f"{PERIOD}&unit=NOPE", "NOPE"),
    ):
        response = await client.get(f"/api/v1/analysis/training?{query}")
        assert response.status_code == 400, query
        assert words in response.json()["detail"], (query, response.json())


async def test_the_public_api_stays_without_a_session_cookie(client, admin, disdukcapil):
    await login(client, admin)
    public = await client.get("/api/v1/units")
    assert public.status_code == 200
    assert "set-cookie" not in public.headers
    assert (await client.get(API)).status_code == 200


# --- the page and its fragments --------------------------------------------------------------


async def test_the_page_shows_summary_table_charts_exclusions_and_officers(
    client, manager_of_disdukcapil, disdukcapil
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{PAGE}&unit=DISDUKCAPIL")
    assert page.status_code == 200
    text = page.text
    assert text.count('data-testid="result-row"') == 9
    assert 'data-outcome="U6" data-test="spearman_jp"' in text
    assert "Kompetensi Pelaksana (U6): di antara rekan satu unit, petugas dengan lebih" in text
    assert "hanya dengan rekan satu unitnya" in text
    assert "Korelasi dengan JP: 12 petugas dalam 1 unit" in text
    assert text.count('data-testid="pretrend-row"') == 3
    testids = ("forest-correlation", "forest-did", "scatter-u6", "scatter-u7", "results-csv")
    for testid in (*testids, "event-study-u6", "event-study-u7", "within-units"):
        assert f'data-testid="{testid}"' in text
    assert text.count('data-testid="officer-row"') == 12
    assert "Triwulan I 2026" in text


async def test_officers_below_the_minimum_are_counted_not_shown(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    rare = await make_officer(disdukcapil["id"], "198001012005019999", "Petugas Jarang")
    await make_responses(
        disdukcapil["id"], answers_with_mean(3.0, 4), at(date(2026, 2, 2)), officer=rare["id"]
    )
    await login(client, admin)
    page = await client.get(PAGE)
    assert "Petugas Jarang" not in page.text
    exclusions = page.text.split('data-testid="exclusions"')[1].split("</section>")[0]
    assert "<strong>1</strong>" in exclusions and "kurang dari 30 responden" in exclusions
    officers = await client.get(f"/dashboard/analysis/officers.csv?{PERIOD}")
    assert "Petugas Jarang" not in officers.text
    assert (await client.get(API)).json()["below_min_responses"] == 1


async def test_the_minimum_is_the_strictest_of_the_chosen_units(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await Unit.update({Unit.minimum_responses: 40}).where(Unit.id == disdukcapil["id"])
    await login(client, admin)
    body = (await client.get(API)).json()
    assert body["min_responses"] == 40 and body["officers"] == 0
    page = await client.get(PAGE)
    assert 'data-testid="officer-row"' not in page.text


async def test_the_plain_picker_form_redirects_to_the_short_shareable_url(
    client, admin, disdukcapil
):
    await login(client, admin)
    response = await client.get(
        "/dashboard/analysis?kind=quarter&year=2026&quarter=1&unit=DISDUKCAPIL"
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/dashboard/analysis?{PERIOD}&unit=DISDUKCAPIL"


async def test_htmx_gets_the_results_alone_with_the_canonical_url_pushed(
    client, admin, disdukcapil
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    response = await client.get("/dashboard/analysis?kind=quarter&year=2026&quarter=1", headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="analysis-results"')
    assert "<html" not in response.text
    assert response.headers["hx-push-url"] == f"/dashboard/analysis?{PERIOD}"


async def test_the_results_come_as_a_page_or_as_their_fragment_with_the_same_links(
    client, admin, disdukcapil
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    plain = await client.get(PAGE)
    assert plain.status_code == 200 and "<html" in plain.text
    assert 'id="period-form"' in plain.text and 'id="analysis-results"' in plain.text
    fragment = await client.get(PAGE, headers=HX | {"HX-Target": "analysis-results"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="analysis-results"')
    assert "<html" not in fragment.text and 'id="period-form"' not in fragment.text
    assert fragment.headers["hx-push-url"] == f"/dashboard/analysis?{PERIOD}"
    query = PERIOD.replace("&", "&amp;")
    for text in (plain.text, fragment.text):
        assert f'src="/dashboard/analysis/forest.svg?family=did&amp;{query}"' in text
        assert f'src="/dashboard/analysis/scatter.svg?outcome=U6&amp;{query}"' in text
        assert f'href="/dashboard/analysis/results.csv?{query}"' in text
        assert f'href="/dashboard/analysis/officers.csv?{query}"' in text
        assert 'href="/officers/' in text
    assert "hx-push-url" not in plain.headers


async def test_the_officer_table_pages_as_a_fragment_and_as_a_page(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501", levels=(0, 8) * 30)
    await login(client, admin)
    plain = await client.get(f"{PAGE}&page=2")
    assert plain.status_code == 200 and "<html" in plain.text
    assert plain.text.count('data-testid="officer-row"') == 10
    assert "halaman 2 dari 2" in plain.text
    fragment = await client.get(f"{PAGE}&page=2", headers=HX | {"HX-Target": "officer-table"})
    assert fragment.text.lstrip().startswith('<div id="officer-table"')
    assert fragment.text.count('data-testid="officer-row"') == 10
    assert fragment.headers["hx-push-url"] == f"/dashboard/analysis?{PERIOD}&page=2#officers"
    previous = f"/dashboard/analysis?{PERIOD.replace('&', '&amp;')}&amp;page=1"
    for text in (plain.text, fragment.text):
        assert f'hx-get="{previous}" hx-target="#officer-table"' in text
        assert f'href="{previous}#officers"' in text


async def test_bad_page_input_is_explained_next_to_the_field(client, admin, disdukcapil):
    await login(client, admin)
    page = await client.get("/dashboard/analysis?from=2026-01-01&to=2025-01-01&unit=NOPE")
    assert page.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in page.text
    assert "Pilih unit dari daftar." in page.text
    assert 'value="2025-01-01"' in page.text  # what was typed is kept
    hx = await client.get("/dashboard/analysis?from=2026-01-01&to=2025-01-01", headers=HX)
    assert hx.status_code == 200
    assert hx.headers["hx-retarget"] == "#period-form"
    assert hx.text.lstrip().startswith("<form")


async def test_the_charts_are_scriptless_svg_with_their_own_csp(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    for url in SUB_URLS[:4]:
        response = await client.get(url.format(query=PERIOD))
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert "<script" not in response.text
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
    bad = await client.get(f"/dashboard/analysis/scatter.svg?outcome=U9&{PERIOD}")
    assert bad.status_code == 400
    bad = await client.get(f"/dashboard/analysis/event-study.svg?outcome=U1&{PERIOD}")
    assert bad.status_code == 400


async def test_the_csv_exports_hold_the_results_and_the_officers(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    results = await client.get(f"/dashboard/analysis/results.csv?{PERIOD}")
    assert results.headers["content-type"].startswith("text/csv")
    assert "attachment" in results.headers["content-disposition"]
    assert results.content.startswith(b"\xef\xbb\xbfoutcome,")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(results.text)))
    assert len(rows) == 9
    assert {r["test"] for r in rows} == set(TESTS)
    assert float(rows[0]["estimate"]) > 0
    officers_csv = await client.get(f"/dashboard/analysis/officers.csv?{PERIOD}")
    assert officers_csv.content.startswith(b"\xef\xbb\xbfnip,")
    officers = list(csv.DictReader(io.StringIO(officers_csv.text)))
    assert len(officers) == 12
    trained = next(r for r in officers if r["jp_12m"] == "60")
    assert trained["did_role"] == "trained" and trained["training_end"] == "2026-02-10"
    assert trained["unit_code"] == "DISDUKCAPIL" and int(trained["responses"]) == 30


async def test_the_dashboard_links_to_the_analysis(client, admin, disdukcapil):
    await login(client, admin)
    page = await client.get("/dashboard?from=2026-01-01&to=2026-03-31")
    assert "/dashboard/analysis?from=2026-01-01&amp;to=2026-03-31" in page.text


async def test_a_period_without_officers_says_so_without_empty_charts(client, admin, disdukcapil):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    page = await client.get("/dashboard/analysis?from=2025-10-01&to=2025-12-31")
    assert page.status_code == 200
    assert "Belum ada data petugas untuk periode dan cakupan ini" in page.text
    assert 'data-testid="forest-correlation"' not in page.text
    assert 'data-testid="result-row"' not in page.text


async def test_the_page_the_api_and_the_csv_state_the_smallest_effect_each_test_could_find(
    client, admin, disdukcapil
):
    await plant_officers(disdukcapil["id"], "19800101200501")
    await login(client, admin)
    results = (await client.get(API)).json()["results"]
    for row in results:
        if row["estimate"] is None:
            assert row["minimum_detectable"] is None and row["minimum_detectable_text"] == ""
        else:
            assert isinstance(row["minimum_detectable"], float) and row["minimum_detectable"] > 0
    did = next(r for r in results if (r["outcome"], r["test"]) == ("U6", "did_training"))
    assert did["minimum_detectable_text"].endswith("poin pada skala 1-4")

    text = (await client.get(PAGE)).text
    assert 'data-testid="detectable-note"' in text
    assert text.count('data-testid="detectable"') == 9
    # In the table's column, in the estimate's own unit (the Perkiraan column names it).
    shown = f'data-testid="detectable">{did["minimum_detectable"]:.2f}'.replace(".", ",")
    assert shown in text

    exported_csv = (await client.get(f"/dashboard/analysis/results.csv?{PERIOD}")).text
    rows = list(csv.DictReader(io.StringIO(exported_csv.lstrip("\ufeff"))))
    exported = {(r["outcome"], r["test"]): r["minimum_detectable"] for r in rows}
    assert float(exported["U6", "did_training"]) == pytest.approx(did["minimum_detectable"])
