"""Removing a case's personal data from the texts that are published (SPEC §7): the published answer pages and
the open-data exports.

What is redacted, in the title, the description and the answers of a case:
- each of the case's personal values (PERSONAL_FIELDS) of three characters or more, wherever it occurs, whatever
  the letter case and the spacing between its words (the phrase may start inside a word and end inside one, as
  "Lan" in "Lanh": redacting too much is the safe side);
- the contact phone wherever its national digits occur, with or without the leading 0 / +84, the digits possibly
  separated by one space, dot or dash each;
- a salutation followed by part of the contact's or the representative's name ("Kính gửi bà Lan", "ông Nguyễn",
  "anh Văn Minh"): the name goes, the salutation stays;
- then any e-mail address and any Vietnamese phone number, whoever it belongs to.

Letter case follows Python's `re.IGNORECASE` exactly (simple case folding plus its extra equivalences such as
"ſ"/"s", "ı"/"i", "ς"/"σ"); tests/portal/opendata/test_redaction.py proves it over every code point and checks the
matcher against the regular expressions it replaced.

Why not regular expressions per case: compiling them cost about 1 ms a case (a ward-year of open data spent most
of its time there). Matching here uses only str.find/startswith on a case-folded copy of the text, which has the
same length as the text, so a match's position is the position to redact.
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


# A salutation and the spaces after it, in case-folded text.
_SALUTATION = re.compile(r"\b(?:" + "|".join(case_fold(word) for word in SALUTATIONS) + r")\s+")


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


def _phrase_end(text: str, start: int, words: tuple[str, ...]) -> int:
    """Where `words`, separated by whitespace, end when they start at `start`; -1 when they don't."""
    if not text.startswith(words[0], start):
        return -1
    at = start + len(words[0])
    for word in words[1:]:
        spaces = _SPACES.match(text, at)
        if spaces is None or not text.startswith(word, spaces.end()):
            return -1
        at = spaces.end() + len(word)
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
                phrases.add(tuple(case_fold(value).split()))
        self.phrases = tuple(phrases)
        tails = set()
        for field in ("contact_name", "representative_name"):
            words = case_fold(personal[field]).split()
            # "bà Lan", "ông Nguyễn", "anh Văn Minh": the given name, the family name, the middle and given names
            if len(words) >= 2:
                tails.update(tail for tail in ((words[-1],), tuple(words[-2:]), (words[0],))
                             if len(" ".join(tail)) >= 2)
        self.tails = tuple(sorted(tails, key=lambda words: len(" ".join(words)), reverse=True))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) ranges of `text` (NFC) to redact for this case's own values, merged and in order."""
        folded = case_fold(text)
        found: list[tuple[int, int]] = []
        for words in self.phrases:
            start = folded.find(words[0])
            while start != -1:
                end = _phrase_end(folded, start, words)
                if end != -1:
                    found.append((start, end))
                start = folded.find(words[0], start + 1)
        if self.digits:
            found.extend(self._phone_spans(folded))
        if self.tails:
            for salutation in _SALUTATION.finditer(folded):
                at = salutation.end()
                for words in self.tails:
                    end = _phrase_end(folded, at, words)
                    if end != -1 and _is_word(folded, end - 1) != _is_word(folded, end):
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
