"""The SKM report's numbers, conclusions and follow-up indicators, with literal values."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

from surveys.method.periods import Period
from surveys.method.scoring import compute_ikm, totals_from_answers
from surveys.reporting.followups import FollowUpItem, indicators
from surveys.reporting.report import (
    Comment,
    ReportInput,
    build_report,
    priority_codes,
    processing_table,
    ranked_elements,
    respondent_profile,
)
from surveys.reporting.sentences import render_sentence
from tests.factories import check_case_answers

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


def check_case_table():
    answers = check_case_answers()
    return processing_table(totals_from_answers(answers), len(answers))


def plain(sentence) -> str:
    return render_sentence(
        sentence,
        lambda message: message,
        lambda value, places: f"{value:.{places}f}".replace(".", ","),
        lambda day: day.isoformat(),
    )


def test_the_processing_table_of_the_check_case_has_the_published_sums_and_ikm():
    table = check_case_table()
    assert [c.total for c in table.columns] == [105, 101, 100, 116, 102, 105, 106, 105, 115]
    assert table.total == 955
    assert [str(c.nrr_display) for c in table.columns][:3] == ["3.6207", "3.4828", "3.4483"]
    assert str(table.columns[0].weighted_display) == "0.4023"
    assert str(table.result.ikm) == "91.48"
    assert table.result.grade.letter == "A"


def test_the_ikm_is_the_exact_sum_not_the_sum_of_rounded_weighted_values():
    table = check_case_table()
    assert table.result.ni == sum(c.weighted for c in table.columns)
    assert table.result.ni == Fraction(955, 261)
    assert table.ni_display == Decimal("3.6590")


def test_the_table_shows_custom_weights_and_still_matches_compute_ikm():
    weights = {code: Fraction(1, 9) for code in ("U1", "U2", "U3", "U4", "U5", "U6", "U7")}
    weights |= {"U8": Fraction(1, 18), "U9": Fraction(3, 18)}
    answers = check_case_answers()
    totals = totals_from_answers(answers)
    table = processing_table(totals, 29, weights)
    assert not table.equal_weights
    assert table.columns[8].weight == Fraction(1, 6)
    assert table.result.ikm == compute_ikm(totals, 29, weights).ikm


def test_blank_answers_lower_the_count_not_the_average():
    totals = totals_from_answers([{"U1": 4, "U2": None}, {"U1": 2, "U2": 3}])
    table = processing_table(totals, 2)
    assert (table.columns[1].total, table.columns[1].count, table.columns[1].nrr) == (3, 1, 3)


def test_elements_are_ranked_highest_first_and_ties_share_a_rank():
    result = compute_ikm(
        totals_from_answers(
            [{"U1": 4, "U2": 4, "U3": 2, "U4": 3, "U5": 3, "U6": 3, "U7": 3, "U8": 1, "U9": 3}]
        ),
        1,
    )
    ranked = ranked_elements(result)
    assert [(r.rank, r.score.code) for r in ranked[:3]] == [(1, "U1"), (1, "U2"), (3, "U4")]
    assert ranked[-1].score.code == "U8"


def test_priorities_are_the_three_lowest_plus_every_element_graded_c_or_d():
    answers = [
        {"U1": 4, "U2": 4, "U3": 2, "U4": 4, "U5": 4, "U6": 2, "U7": 4, "U8": 1, "U9": 2}
    ]  # 3 is C
    result = compute_ikm(totals_from_answers(answers), 1)
    assert priority_codes(result) == ("U8", "U3", "U6", "U9")
    check = compute_ikm(totals_from_answers(check_case_answers()), 29)
    assert priority_codes(check) == ("U3", "U2", "U5")


def test_the_profile_gives_percentages_and_a_row_for_unanswered():
    sections = respondent_profile({"gender": {"L": 3, "P": 5, None: 2}})
    gender = sections[0]
    assert [(r.label, r.count, str(r.percent)) for r in gender.rows] == [
        ("Laki-laki", 3, "30.00"),
        ("Perempuan", 5, "50.00"),
        ("Tidak diisi", 2, "20.00"),
    ]
    assert [s.key for s in sections] == ["gender", "age", "education", "occupation"]
    assert sections[2].rows[0].percent is None  # no answers: no percentage, not 0/0


def report_input(**fields) -> ReportInput:
    answers = check_case_answers()
    values = dict(
        unit_code="DISDUKCAPIL",
        unit_name="Disdukcapil",
        government="Pemerintah Kota Sawahlunto",
        period=Q1,
        n=len(answers),
        totals=totals_from_answers(answers),
        weights=None,
        minimum_n=30,
        population=100,
        profile={},
        channels={"qr": 29},
        comments=[Comment(date(2026, 3, 2), "Antrean panjang")],
        comments_total=3,
        followups=[],
        generated_on=date(2026, 4, 2),
    )
    return ReportInput(**(values | fields))


def test_the_conclusions_name_the_ikm_the_extremes_and_the_sample():
    report = build_report(report_input())
    sentences = [plain(s) for s in report.conclusions]
    assert sentences[0] == (
        "Indeks Kepuasan Masyarakat Disdukcapil periode 2026-01-01 sampai dengan 2026-03-31 "
        "adalah 91,48, dengan mutu pelayanan A (Sangat Baik)."
    )
    assert sentences[1] == "Unsur dengan nilai tertinggi: U4 Biaya/Tarif (NRR 4,0000)."
    assert sentences[2] == "Unsur dengan nilai terendah: U3 Waktu Penyelesaian (NRR 3,4483)."
    assert "di bawah batas minimum 30" in sentences[3]  # 29 < 30
    assert (
        sentences[4]
        == "Jumlah responden (29) belum memenuhi sampel minimum Krejcie dan Morgan (80)."
    )
    assert report.sample.target == 80
    assert report.more_comments == 2


def test_the_suggestions_follow_the_priorities():
    report = build_report(report_input(population=None, minimum_n=10))
    texts = [plain(s) for s in report.suggestions]
    assert texts[0].startswith("U3 Waktu Penyelesaian: Tetapkan dan pantau standar waktu")
    assert len(texts) == 4  # three priorities and the follow-up advice; sample fine
    assert report.sample is None


def test_a_period_without_responses_concludes_that_there_is_no_ikm():
    report = build_report(report_input(n=0, totals={}, population=None))
    assert [plain(s) for s in report.conclusions] == [
        "Belum ada responden pada periode ini, sehingga IKM belum dapat dihitung."
    ]
    assert report.priorities == ()
    assert report.ranked == ()


def item(status: str, created: date, done: date | None = None, target=date(2026, 4, 30), **kw):
    values = dict(
        id=1,
        element="U3",
        problem="Antrean",
        action="Tambah loket",
        responsible="Kasi",
        target_date=target,
        status=status,
        done_on=done,
        evidence="",
        created_on=created,
        period_start=Q1.start,
        period_end=Q1.end,
    )
    return FollowUpItem(**(values | kw))


def test_indicators_count_done_share_and_days_without_cancelled_items():
    items = [
        item("done", date(2026, 4, 1), date(2026, 4, 11)),  # 10 days
        item("done", date(2026, 4, 1), date(2026, 4, 4)),  # 3 days
        item("done", date(2026, 4, 2), date(2026, 4, 6)),  # 4 days
        item("in_progress", date(2026, 4, 1), target=date(2026, 4, 20)),  # overdue on 05-01
        item("planned", date(2026, 4, 1), target=date(2026, 5, 30)),
        item("cancelled", date(2026, 4, 1), target=date(2026, 4, 2)),  # not overdue, not counted
    ]
    result = indicators(items, today=date(2026, 5, 1))
    assert (result.total, result.done, result.cancelled, result.overdue) == (5, 3, 1, 1)
    assert result.share_done == Decimal("60.00")
    assert result.median_days == Decimal("4.0")
    assert result.mean_days == Decimal("5.7")  # 17 / 3


def test_indicators_of_no_items_are_empty_not_zero():
    result = indicators([], today=date(2026, 5, 1))
    assert (result.share_done, result.median_days, result.mean_days) == (None, None, None)


def test_an_item_is_overdue_only_while_open_and_after_its_target_date():
    assert not item("planned", date(2026, 4, 1), target=date(2026, 5, 1)).overdue(date(2026, 5, 1))
    assert item("planned", date(2026, 4, 1), target=date(2026, 5, 1)).overdue(date(2026, 5, 2))
    assert not item("done", date(2026, 4, 1), date(2026, 5, 3), target=date(2026, 5, 1)).overdue(
        date(2026, 5, 9)
    )


def test_the_pdf_has_a_cover_four_chapters_the_follow_up_and_approval_pages():
    from app.charts import nrr_bars_svg
    from surveys.reporting.pdf import render_report_pdf

    followup = item("in_progress", date(2026, 4, 2))
    report = build_report(report_input(followups=[followup]))
    chart = nrr_bars_svg("NRR", [(e.code, float(e.nrr), "B") for e in report.result.elements])
    pdf = render_report_pdf(report, chart_svg=chart)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page[^s]", pdf)) == 9
    # The chart is drawn into its page (vector paths and text): the page gets longer.
    assert len(pdf) > len(render_report_pdf(report))


def test_the_pdf_renders_a_period_without_responses():
    from surveys.reporting.pdf import render_report_pdf

    assert render_report_pdf(build_report(report_input(n=0, totals={}))).startswith(b"%PDF-")


def test_indonesian_numbers_and_dates_are_the_pdf_defaults():
    from surveys.reporting.pdf import indonesian_date, indonesian_number

    assert indonesian_number(Decimal("91.48"), 2) == "91,48"
    assert indonesian_number(Decimal("1234"), 0) == "1.234"
    assert indonesian_date(date(2026, 3, 31)) == "31 Maret 2026"


ELEMENTS = [f"U{i}" for i in range(1, 10)]


def _input(answers):
    totals = totals_from_answers(answers)
    return report_input(n=len(answers), totals=totals, comments=[], comments_total=0)


def _english(singular: str, plural: str, n: int) -> str:
    english = {
        "Target sampel belum tercapai: kurang %(missing)s responden.": (
            "%(missing)s respondent short.",
            "%(missing)s respondents short.",
        )
    }
    pair = english.get(singular, (singular, plural))
    return pair[0] if n == 1 else pair[1]


def test_an_element_nobody_answered_is_named_instead_of_saying_there_are_no_respondents():
    answers = [{code: 4 for code in ELEMENTS if code != "U8"} for _ in range(5)]
    result = compute_ikm(totals_from_answers(answers), 5)
    report = build_report(_input(answers))
    assert result.ikm is None
    said = [plain(s) for s in report.conclusions]
    assert said[0].startswith("Unsur U8 Penanganan Pengaduan, Saran dan Masukan belum memiliki")
    assert "(jumlah responden: 5)" in said[0]
    assert not any("Belum ada responden" in text for text in said)
    assert "U8" in plain(report.ikm_missing)


def test_a_period_without_respondents_says_so():
    report = build_report(_input([]))
    assert [plain(s) for s in report.conclusions] == [
        "Belum ada responden pada periode ini, sehingga IKM belum dapat dihitung."
    ]


def test_counted_sentences_take_their_plural_form_from_the_count():
    from surveys.method.scoring import sample_target
    from surveys.reporting.report import sample_sentences

    def say(sentence):
        return render_sentence(
            sentence, str, lambda value, places: str(value), lambda day: str(day), _english
        )

    one_short = sample_sentences(79, sample_target(100, 79))
    two_short = sample_sentences(78, sample_target(100, 78))
    assert say(one_short[1]) == "1 respondent short."
    assert say(two_short[1]) == "2 respondents short."


def test_the_pdf_chart_names_its_elements_from_the_edge_of_the_text_at_the_drawn_size():
    import pypdfium2

    from app.reporting.present import element_chart
    from surveys.reporting.chart_png import text_width
    from surveys.reporting.pdf import render_report_pdf

    report = build_report(report_input())
    rows = [(e.code, e.nrr_display, "B") for e in report.result.elements]
    pdf = pypdfium2.PdfDocument(
        render_report_pdf(report, chart_svg=element_chart(rows, document=True))
    )
    label = "U8 Penanganan Pengaduan, Saran dan Masukan"  # the longest element name
    pages = [page.get_textpage() for page in pdf]
    text = next(page for page in pages if "Grafik NRR per unsur" in page.get_text_range())
    found = text.search(label).get_next()
    assert found, "the chart names the element on one line"
    first, count = found
    left = text.get_charbox(first)[0]
    right = text.get_charbox(first + count - 1)[2]
    margin, text_column = 20 / 25.4 * 72, (210 - 40) / 25.4 * 72  # points
    unit = text_column / 760  # the chart's 760 units across the text column
    # The label starts by the chart's own margin (not a fifth of the width in: 158 units), ...
    assert margin <= left <= margin + 32 * unit
    # ... at the size the chart was laid out for (13 px text), not the three quarters of it
    # that "13px" would print at.
    drawn = (right - left) / unit
    assert abs(drawn - text_width(label, 13)) <= 0.03 * text_width(label, 13)
