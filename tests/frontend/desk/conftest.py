"""Fixtures for the staff desk pages: cases filed through the one intake service, and logged-in clients."""

import pytest
from django.test import Client

from tests.conftest import log_in

from .helpers import file


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Personas get passwords hashed on creation; Argon2 costs ~0.3 s each, MD5 is fine in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def file_case(ward, category):
    def make(**kwargs):
        kwargs.setdefault("ward", ward)
        kwargs.setdefault("category", category)
        return file(kwargs.pop("ward"), kwargs.pop("category"), **kwargs)

    return make


@pytest.fixture
def login():
    """A fresh client logged in as the user (each persona its own client), leaders past the second factor too."""

    def make(user) -> Client:
        return log_in(Client(), user)

    return make
