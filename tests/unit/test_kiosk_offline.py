"""A kiosk's answers kept offline: its stock of tokens and when a queued answer counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from surveys.citizen.offline import (
    KIOSK_STOCK_LIFETIME,
    REPLAY_WINDOW,
    answer_time,
    issue_stock,
    read_kiosk_token,
)
from surveys.citizen.tokens import TOKEN_LIFETIME, TokenError, issue_token, read_token

SECRET = "s" * 32
NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def test_a_stock_holds_distinct_tokens_that_open_only_a_kiosk_form_not_the_ordinary_one():
    stock = issue_stock(SECRET, 7, NOW, size=5)
    assert len(set(stock)) == 5
    with pytest.raises(TokenError):
        read_token(SECRET, stock[0], 7, NOW)  # the ordinary form's check refuses it
    form_token, answered = read_kiosk_token(SECRET, stock[0], 7, NOW)
    assert (form_token.service_point_id, answered) == (7, NOW)


def test_a_stock_token_of_another_kiosk_is_refused():
    (token,) = issue_stock(SECRET, 7, NOW, size=1)
    with pytest.raises(TokenError, match="invalid"):
        read_kiosk_token(SECRET, token, 8, NOW)


def test_a_queued_answer_counts_when_the_kiosk_says_it_was_given():
    (token,) = issue_stock(SECRET, 7, NOW, size=1)
    given = NOW + timedelta(days=2)
    _, answered = read_kiosk_token(SECRET, token, 7, NOW + timedelta(days=4), queued_at=given)
    assert answered == given


def test_a_kiosk_clock_that_is_wrong_is_kept_between_the_tokens_issue_and_now():
    issued = NOW
    assert answer_time(NOW - timedelta(days=1), issued, NOW + timedelta(hours=1)) == issued
    assert answer_time(
        NOW + timedelta(days=1), issued, NOW + timedelta(hours=1)
    ) == NOW + timedelta(hours=1)
    assert answer_time(None, issued, NOW + timedelta(hours=1)) == NOW + timedelta(hours=1)


def test_a_page_token_still_counts_for_an_answer_given_in_its_lifetime_and_sent_days_later():
    token = issue_token(SECRET, 7, NOW)
    given = NOW + TOKEN_LIFETIME - timedelta(minutes=1)
    _, answered = read_kiosk_token(SECRET, token, 7, NOW + timedelta(days=3), queued_at=given)
    assert answered == given


def test_an_answer_given_after_its_token_had_expired_is_refused():
    token = issue_token(SECRET, 7, NOW)
    late = NOW + TOKEN_LIFETIME + timedelta(minutes=1)
    with pytest.raises(TokenError, match="expired"):
        read_kiosk_token(SECRET, token, 7, late, queued_at=late)
    (stock_token,) = issue_stock(SECRET, 7, NOW, size=1)
    stale = NOW + KIOSK_STOCK_LIFETIME + timedelta(minutes=1)
    with pytest.raises(TokenError, match="expired"):
        read_kiosk_token(SECRET, stock_token, 7, stale, queued_at=stale)


def test_a_queued_answer_older_than_the_replay_window_is_refused():
    (token,) = issue_stock(SECRET, 7, NOW, size=1)
    with pytest.raises(TokenError, match="expired"):
        read_kiosk_token(SECRET, token, 7, NOW + REPLAY_WINDOW + timedelta(hours=1), queued_at=NOW)
