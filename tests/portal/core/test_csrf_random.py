"""CSRF secrets and masks come from portal.core.csrf_random: the same strings Django draws, with one read of the
random source, and tokens that Django's middleware accepts."""

import collections

import pytest
from django.middleware import csrf
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from portal.core import csrf_random


def test_the_csrf_middleware_draws_with_it():
    assert csrf.get_random_string is csrf_random.random_string


@given(length=st.integers(0, 200), alphabet=st.text(min_size=1, max_size=300).map(lambda t: "".join(dict.fromkeys(t))))
def test_it_draws_the_asked_length_from_the_alphabet(length, alphabet):
    drawn = csrf_random.random_string(length, alphabet)
    assert len(drawn) == length and set(drawn) <= set(alphabet)


def test_every_character_is_as_likely():
    alphabet = csrf.CSRF_ALLOWED_CHARS
    counts = collections.Counter(csrf_random.random_string(62 * 3000, alphabet))
    expected = 3000
    chi_square = sum((counts[c] - expected) ** 2 / expected for c in alphabet)
    # 61 degrees of freedom: a fair draw exceeds 130 about once in ten million runs; a modulo bias (bytes 248-255
    # mapped onto the first 8 characters) gives over 1,000.
    assert chi_square < 130, chi_square
    assert len(counts) == 62


def test_a_new_visitors_token_unmasks_to_their_cookie_and_is_accepted():
    request = RequestFactory().get("/")
    request.META = {**request.META}
    token = csrf.get_token(request)
    assert len(token) == csrf.CSRF_TOKEN_LENGTH and set(token) <= set(csrf.CSRF_ALLOWED_CHARS)
    assert csrf._unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert csrf.get_token(request) != token  # a new mask each time, the same secret
    assert csrf._unmask_cipher_token(csrf.get_token(request)) == request.META["CSRF_COOKIE"]


@pytest.mark.django_db
def test_a_form_posted_with_its_token_passes_and_without_it_is_refused():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/dang-nhap/")
    token = page.context["csrf_token"] if page.context else None
    assert token
    ok = client.post("/dang-nhap/", {"csrfmiddlewaretoken": str(token), "username": "x", "password": "y"})
    assert ok.status_code != 403
    refused = Client(enforce_csrf_checks=True)
    refused.get("/dang-nhap/")
    assert refused.post("/dang-nhap/", {"username": "x", "password": "y"}).status_code == 403


def test_a_django_that_draws_another_way_is_left_alone(monkeypatch, caplog):
    def elsewhere(length, allowed_chars=""):
        return "x" * length

    monkeypatch.setattr(csrf, "get_random_string", elsewhere)
    csrf_random.install()
    assert csrf.get_random_string is elsewhere and "no longer draws" in caplog.text
    monkeypatch.delattr(csrf, "get_random_string")
    csrf_random.install()  # nothing to replace: starts all the same
