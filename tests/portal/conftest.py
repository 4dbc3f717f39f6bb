"""Domain tests read messages in English (the source language); page tests check the Vietnamese the public sees."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield
