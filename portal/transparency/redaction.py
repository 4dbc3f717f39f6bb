"""Removing a case's personal data from the texts that are published (SPEC §7): the published answer pages and
the open-data exports.

What is redacted, in the title, the description and the answers of a case:
- each of the case's personal values (PERSONAL_FIELDS) of three characters or more, wherever it occurs, whatever
  the letter case, the spacing between its words and the diacritics left out (the phrase may start inside a word
  and end inside one, as "Lan" in "Lanh": redacting too much is the safe side);
- the contact phone wherever its national digits occur, with or without the leading 0 / +84, the digits possibly
  separated by one space, dot or dash each;
- a salutation followed by part of the contact's or the representative's name ("Kính gửi bà Lan", "ông Nguyễn",
  "anh Văn Minh"): the name goes, the salutation stays;
- then any e-mail address and any Vietnamese phone number, whoever it belongs to.

Diacritics: residents often type without them ("Trinh Quoc Vinh", "88 Hem Cay Me" for the "Trịnh Quốc Vĩnh" and
"88 Hẻm Cây Me" of their contact), and staff write with them a name the resident typed without. A letter of the text
matches a letter of a value when both are the same base letter and the diacritics of one are among the other's
("i" and "ĩ", "ê" and "ễ", "d" and "đ", "o" and "ô"), never when they differ ("ĩ" and "ị", "ó" and "ô": "có" is
not the salutation "cô", "Vịnh" is not "Vĩnh").

Letter case follows Python's `re.IGNORECASE` exactly (simple case folding plus its extra equivalences such as
"ſ"/"s", "ı"/"i", "ς"/"σ"); tests/portal/opendata/test_redaction.py proves it over every code point and checks the
matcher against the regular expressions it replaced.

Why not regular expressions per case: compiling them cost about 1 ms a case (a ward-year of open data spent most
of its time there). Matching here uses only str.find/startswith on a case-folded copy of the text and on a copy of that
without diacritics, which have the same length as the text, so a match's position is the position to redact; the
diacritics of a candidate are compared letter by letter.
"""

from __future__ import annotations

import re
import unicodedata

REDACTED = "[***]"

# Words that introduce a person's name in Vietnamese letters: "Kính gửi bà Lan", "anh Minh", "chị Hoa".
SALUTATIONS = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "bạn", "cụ")
# Fields of a case whose values never appear on a public page or in open data.
PERSONAL_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address", "representative_name",
                   "address")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Vietnamese phone numbers: 0xxxxxxxxx or +84xxxxxxxxx, digits possibly grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
# A salutation and the spaces after it, in case-folded text (the salutations are lower case already).
_SPACES = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
_NON_DIGITS = re.compile(r"\D+")
_PHONE_SEPARATOR = re.compile(r"[\s.\-]")


def _case_key(char: str) -> str:
    """Two characters are equal under re.IGNORECASE exactly when their keys are equal: the simple lower case (for
    "İ", whose full lower case is two characters, its first), upper-cased and lower-cased again to join the
    characters that differ in lower case but share their upper case ("ſ" and "s", "ς" and "σ")."""
    lower = char.lower()
    if len(lower) != 1:
        lower = lower[0]
    return lower.upper().lower()


class _FoldTable(dict):
    """A str.translate table, filled as characters are met: each character maps to its case key, or, where the key
    is longer than one character ("ss", "st"), to the first character met with that key, so that folding keeps the
    text's length."""

    def __init__(self):
        super().__init__()
        self._by_key: dict[str, int] = {}

    def __missing__(self, code: int) -> int:
        key = _case_key(chr(code))
        mapped = ord(key) if len(key) == 1 else self._by_key.setdefault(key, code)
        self[code] = mapped
        return mapped


_FOLD = _FoldTable()


def case_fold(text: str) -> str:
    """`text` with each character replaced by one representative of its re.IGNORECASE class; same length."""
    return text.translate(_FOLD)


# Stands for the stroke of "đ", which Unicode does not decompose into "d" and a mark.
_STROKE = "\u0335"


def _base_and_marks(char: str) -> tuple[str, frozenset[str]]:
    """A case-folded letter's base letter and diacritics: "ễ" → ("e", {circumflex, tilde}), "đ" → ("d", {stroke})."""
    if char == "đ":
        return "d", frozenset(_STROKE)
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 1 or unicodedata.combining(decomposed[0]) \
            or not all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return char, frozenset()
    return decomposed[0], frozenset(decomposed[1:])


class _PlainTable(dict):
    """A str.translate table from any character to the base letter of its case key (one character each): the text
    without letter case and diacritics, "Trịnh QUỐC" → "trinh quoc", of the same length."""

    def __missing__(self, code: int) -> int:
        mapped = ord(_base_and_marks(chr(_FOLD[code]))[0])
        self[code] = mapped
        return mapped


_PLAIN = _PlainTable()
_MARKS: dict[str, frozenset[str]] = {}


def _marks(char: str) -> frozenset[str]:
    """The diacritics of a case-folded letter."""
    marks = _MARKS.get(char)
    if marks is None:
        marks = _MARKS[char] = _base_and_marks(char)[1]
    return marks


def _letters_agree(text: str, at: int, word: str) -> bool:
    """Whether the text, from `at`, carries the diacritics of `word` (case-folded), some of them, or `word`'s and
    more, letter by letter, letter case aside. The caller has checked that the base letters are the same."""
    for offset, letter in enumerate(word):
        found = text[at + offset]
        if found != letter:
            found = chr(_FOLD[ord(found)])
            if found != letter:
                found_marks, letter_marks = _marks(found), _marks(letter)
                if not (found_marks <= letter_marks or letter_marks <= found_marks):
                    return False
    return True


class _Words(tuple):
    """A value's words, case-folded, with the same words without diacritics (`plain`)."""

    plain: tuple[str, ...]

    def __new__(cls, value: str):
        self = super().__new__(cls, case_fold(value).split())
        self.plain = tuple(value.translate(_PLAIN).split())
        return self


# A salutation and the spaces after it, in text without diacritics; _SALUTATION_WORDS gives the salutation each
# such word stands for, whose diacritics the text's must agree with.
_SALUTATION_WORDS = {word.translate(_PLAIN): case_fold(word) for word in SALUTATIONS}
_SALUTATION = re.compile(r"\b(" + "|".join(_SALUTATION_WORDS) + r")\s+")


def personal_of(case) -> dict[str, str]:
    if isinstance(case, dict):
        return {field: case.get(field) or "" for field in PERSONAL_FIELDS}
    return {field: getattr(case, field) or "" for field in PERSONAL_FIELDS}


def _national_digits(phone: str) -> str | None:
    digits = _NON_DIGITS.sub("", phone)
    if len(digits) < 6:
        return None
    if digits.startswith("84"):
        digits = digits[2:]
    if digits.startswith("0"):
        digits = digits[1:]
    return digits


def _phrase_end(text: str, plain: str, start: int, words: _Words) -> int:
    """Where `words`, separated by whitespace, end when they start at `start` of `text` (`plain`: the text without
    letter case and diacritics); -1 when they don't."""
    at = start
    for index, (word, plain_word) in enumerate(zip(words, words.plain, strict=True)):
        if index:
            spaces = _SPACES.match(plain, at)
            if spaces is None:
                return -1
            at = spaces.end()
        if not plain.startswith(plain_word, at) or not _letters_agree(text, at, word):
            return -1
        at += len(word)
    return at


def _is_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _WORD_CHAR.match(text, at) is not None


class Redactor:
    """The redaction of one case's texts: built once from the case's personal values, applied to each text."""

    __slots__ = ("phrases", "digits", "tails")

    def __init__(self, personal: dict[str, str]):
        personal = {field: unicodedata.normalize("NFC", personal.get(field) or "") for field in PERSONAL_FIELDS}
        phrases = set()
        self.digits = None
        for field in PERSONAL_FIELDS:
            value = personal[field].strip()
            if field == "contact_phone":
                self.digits = _national_digits(value) if value else None
            elif len(value) >= 3:
                phrases.add(_Words(value))
        self.phrases = tuple(phrases)
        tails = set()
        for field in ("contact_name", "representative_name"):
            words = personal[field].split()
            # "bà Lan", "ông Nguyễn", "anh Văn Minh": the given name, the family name, the middle and given names
            if len(words) >= 2:
                tails.update(_Words(tail) for tail in (words[-1], " ".join(words[-2:]), words[0]) if len(tail) >= 2)
        self.tails = tuple(sorted(tails, key=lambda words: len(" ".join(words)), reverse=True))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) ranges of `text` (NFC) to redact for this case's own values, merged and in order."""
        plain = text.translate(_PLAIN)
        found: list[tuple[int, int]] = []
        for words in self.phrases:
            first = words.plain[0]
            start = plain.find(first)
            while start != -1:
                end = _phrase_end(text, plain, start, words)
                if end != -1:
                    found.append((start, end))
                start = plain.find(first, start + 1)
        if self.digits:
            found.extend(self._phone_spans(plain))
        if self.tails:
            for salutation in _SALUTATION.finditer(plain):
                if not _letters_agree(text, salutation.start(), _SALUTATION_WORDS[salutation.group(1)]):
                    continue
                at = salutation.end()
                for words in self.tails:
                    end = _phrase_end(text, plain, at, words)
                    if end != -1 and _is_word(plain, end - 1) != _is_word(plain, end):
                        found.append((at, end))
                        break
        found.sort()
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def _phone_spans(self, text: str) -> list[tuple[int, int]]:
        digits = self.digits
        if digits not in _NON_DIGITS.sub("", text):
            return []
        found = []
        start = text.find(digits[0])
        while start != -1:
            at = start + 1
            for digit in digits[1:]:
                if text.startswith(digit, at):
                    at += 1
                elif _PHONE_SEPARATOR.match(text, at) and text.startswith(digit, at + 1):
                    at += 2
                else:
                    at = -1
                    break
            if at != -1:
                found.append((self._phone_prefix(text, start), at))
            start = text.find(digits[0], start + 1)
        return found

    @staticmethod
    def _phone_prefix(text: str, start: int) -> int:
        """Where the match starts once one separator and a "0", "84" or "+84" before the digits are taken in."""
        if start > 0 and _PHONE_SEPARATOR.match(text, start - 1):
            start -= 1
        if text.endswith("0", 0, start):
            return start - 1
        if text.endswith("84", 0, start):
            return start - 3 if text.endswith("+84", 0, start) else start - 2
        return start

    def __call__(self, text: str) -> str:
        """`text` with this case's personal data and any e-mail address or phone number replaced by REDACTED."""
        if not text:
            return ""
        text = unicodedata.normalize("NFC", text)
        spans = self.spans(text)
        if spans:
            parts, at = [], 0
            for start, end in spans:
                parts.append(text[at:start])
                parts.append(REDACTED)
                at = end
            parts.append(text[at:])
            text = "".join(parts)
        if "@" in text:
            text = _EMAIL.sub(REDACTED, text)
        return _PHONE.sub(REDACTED, text)


def redact(text: str, personal: dict[str, str]) -> str:
    """`text` with the personal values of one case (PERSONAL_FIELDS of `personal`) and any e-mail address or phone
    number replaced by REDACTED. For several texts of a case, build one Redactor and call it on each."""
    return Redactor(personal)(text)
