"""portal.core.search: a word typed without diacritics matches any accent, one typed with them only its own word form
(case-insensitive, Unicode NFC), in Python and in the database (SQLite's LOWER() is ASCII-only)."""

import unicodedata

import pytest
from django.db.models import Q

from portal.core.search import ContainsExactWords, both_forms, words_in_both_forms
from portal.core.text import exact_form, search_words
from portal.wards.models import Ward


def test_words_without_diacritics_are_folded_only():
    assert search_words("den DUONG") == [("den", None), ("duong", None)]


def test_words_with_diacritics_keep_their_exact_form_lower_cased():
    assert search_words("đèn ĐÈN Đèn") == [("den", "đèn")] * 3
    assert search_words("đèn duong") == [("den", "đèn"), ("duong", None)]
    assert search_words("Đen") == [("den", "đen")]  # đ alone is a diacritic too: not "den"


def test_decomposed_input_is_the_same_word():
    decomposed = unicodedata.normalize("NFD", "Đèn đường")
    assert search_words(decomposed) == search_words("Đèn đường") == [("den", "đèn"), ("duong", "đường")]
    # Unikey's "Unicode tổ hợp": the vowel precomposed, the tone mark combining.
    assert exact_form("ê\u0301") == exact_form("ế") == "ế"


def test_limits_and_stray_marks():
    assert len(search_words(" ".join(f"tu{n}" for n in range(12)))) == 8
    assert search_words("\u0301 den") == [("den", None)]
    assert search_words("a" * 300) == [("a" * 200, None)]
    assert search_words("") == [] and search_words(None) == []


UNIKEY = "Đe\u0300n đươ\u0300ng"  # "Unicode tổ hợp": ư and ơ precomposed, the tone marks combining


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["ĐÈN ĐƯỜNG Ở HẺM", "Đèn Đường ở Hẻm", unicodedata.normalize("NFD", "ĐÈN ĐƯỜNG Ở HẺM"),
                                  UNIKEY + " ở hẻm"])
def test_the_database_finds_the_exact_word_whatever_the_case_and_composition(ward, text):
    Ward.objects.filter(pk=ward.pk).update(name=text, city="Hà Nội")
    wards = Ward.objects.filter(pk=ward.pk)
    for word in ("đèn", "đường", "hẻm", "nội"):
        assert wards.filter(ContainsExactWords("name", "city", words=[word])).exists(), word
    for word in ("đến", "đen", "dèn", "Đèn"):  # other words; words come lower-cased
        assert not wards.filter(ContainsExactWords("name", "city", words=[word])).exists(), word
    assert wards.filter(ContainsExactWords("name", "city", words=["nội", "đèn", "đường"])).exists()
    assert not wards.filter(ContainsExactWords("name", "city", words=["đèn", "đến"])).exists()
    # The texts are joined by a space, as the folded text was made.
    assert wards.filter(ContainsExactWords("name", "city", words=["hẻm hà"])).exists()
    assert not wards.filter(ContainsExactWords("name", "city", words=["hẻmhà"])).exists()


@pytest.mark.django_db
def test_like_wildcards_in_a_word_are_literal(ward):
    Ward.objects.filter(pk=ward.pk).update(name="Giảm 50% phí")
    wards = Ward.objects.filter(pk=ward.pk)
    assert wards.filter(ContainsExactWords("name", words=["50%"])).exists()
    assert not wards.filter(ContainsExactWords("name", words=["5%"])).exists()
    assert not wards.filter(ContainsExactWords("name", words=["gi_m"])).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["ĐÈN ĐƯỜNG Ở HẺM 50%", unicodedata.normalize("NFD", "Đèn đường ở hẻm 50%"),
                                  UNIKEY + " ở hẻm 50%"])
def test_words_in_both_forms_find_what_words_condition_finds(ward, text):
    """A column holding both_forms() of a text (Case.masked_search_text) answers the search as search_text and
    ContainsExactWords do: a word without diacritics in any accent, one with them only as typed, case aside."""
    Ward.objects.filter(pk=ward.pk).update(name=both_forms(text))
    wards = Ward.objects.filter(pk=ward.pk)
    for q in ("den duong", "Đèn", "ĐƯỜNG hẻm", "o hem", "ở", "50%", "DEN"):
        assert wards.filter(words_in_both_forms(q, field="name")).exists(), q
    for q in ("đến", "đen", "dèn", "duong den xe", "5%", "đèn_", "hẻmh"):
        assert not wards.filter(words_in_both_forms(q, field="name")).exists(), q
    assert words_in_both_forms("", field="name") == Q()  # no word, no condition
