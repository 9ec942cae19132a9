from datetime import UTC, datetime, timedelta

import pytest

from surveys.citizen.tokens import TOKEN_LIFETIME, TokenError, issue_token, read_token

SECRET = "a-secret-that-is-long-enough-for-tests-0123456789"
NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def test_it_reads_back_the_point_time_and_nonce_it_signed():
    token = issue_token(SECRET, 42, NOW, nonce="abc_DEF-123")
    form = read_token(SECRET, token, 42, NOW + timedelta(minutes=3))
    assert (form.service_point_id, form.issued_at, form.nonce) == (42, NOW, "abc_DEF-123")
    assert form.dedupe_key == "f:abc_DEF-123"


def test_it_gives_every_display_a_different_nonce():
    first = read_token(SECRET, issue_token(SECRET, 1, NOW), 1, NOW)
    second = read_token(SECRET, issue_token(SECRET, 1, NOW), 1, NOW)
    assert first.nonce != second.nonce
    assert len(first.dedupe_key) <= 64


def test_it_rejects_a_tampered_token():
    token = issue_token(SECRET, 42, NOW, nonce="n1")
    forged = token.replace("42.", "43.", 1)
    with pytest.raises(TokenError) as error:
        read_token(SECRET, forged, 43, NOW)
    assert error.value.reason == "invalid"


def test_it_rejects_a_token_signed_with_another_secret():
    token = issue_token("another-secret-that-is-long-enough-000000000", 42, NOW)
    with pytest.raises(TokenError, match="invalid"):
        read_token(SECRET, token, 42, NOW)


def test_it_rejects_a_token_issued_for_another_service_point():
    token = issue_token(SECRET, 42, NOW)
    with pytest.raises(TokenError, match="invalid"):
        read_token(SECRET, token, 7, NOW)


@pytest.mark.parametrize("garbage", ["", "x", "a.b.c", "1.2.3.sig", "é" * 10, "a" * 500])
def test_it_rejects_garbage_without_crashing(garbage):
    with pytest.raises(TokenError, match="invalid"):
        read_token(SECRET, garbage, 1, NOW)


def test_it_accepts_a_token_until_its_lifetime_ends():
    token = issue_token(SECRET, 42, NOW)
    assert read_token(SECRET, token, 42, NOW + TOKEN_LIFETIME).service_point_id == 42


def test_it_rejects_an_expired_token():
    token = issue_token(SECRET, 42, NOW)
    with pytest.raises(TokenError) as error:
        read_token(SECRET, token, 42, NOW + TOKEN_LIFETIME + timedelta(seconds=1))
    assert error.value.reason == "expired"


def test_it_rejects_a_token_from_the_future_beyond_clock_skew():
    token = issue_token(SECRET, 42, NOW + timedelta(hours=1))
    with pytest.raises(TokenError, match="expired"):
        read_token(SECRET, token, 42, NOW)
    assert read_token(SECRET, issue_token(SECRET, 42, NOW + timedelta(seconds=30)), 42, NOW)
