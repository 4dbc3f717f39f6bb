"""Published answers (SPEC §2 visibility choice, §7 privacy): the question and the official answer of cases whose
resident consented to publication, with personal data removed.

Privacy decisions
- Only cases with publish_consent=True, kind other than denunciation and at least one public official answer
  (Message kind "answer", is_public) are published. Everything else is "not found".
- Pages never receive a Case: they get PublishedCase values built here, so a template cannot print a contact field.
- The texts (title, description, answers) are redacted: the case's own contact name, phone, e-mail, contact address,
  representative and the address of the issue are replaced wherever they occur (case- and spacing-insensitive, a
  phone number whatever its separators), a salutation followed by the resident's given name ("Kính gửi bà Lan") loses
  the name, and any e-mail address or Vietnamese phone number is replaced whoever it belongs to.
- Search matches only the published part of Case.search_text (title and description, not the address of the issue,
  which is stored after them): a search for an unpublished address cannot tell which case it belongs to.
  Residual risk (documented): a name that the resident wrote into the description is redacted on the page but its
  folded words still match a search.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest, Length, Substr
from django.utils import timezone

from portal.cases.models import Case, Message, MessageKind
from portal.core.text import fold
from portal.wards.models import CaseKind

REDACTED = "[***]"

# Words that introduce a person's name in Vietnamese letters: "Kính gửi bà Lan", "anh Minh", "chị Hoa".
SALUTATIONS = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "bạn", "cụ")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Vietnamese phone numbers: 0xxxxxxxxx or +84xxxxxxxxx, digits possibly grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
# Fields of a case whose values never appear on a public page or in open data.
PERSONAL_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address", "representative_name",
                   "address")


def _phrase_pattern(value: str) -> str:
    """A regex for a phrase, whatever the spacing between its words."""
    return r"\s+".join(re.escape(word) for word in value.split())


def _phone_pattern(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return None
    if digits.startswith("84"):
        digits = digits[2:]
    if digits.startswith("0"):
        digits = digits[1:]
    # the national number with or without its leading 0 / +84, digits separated by anything but letters and digits
    return r"(?:\+?84|0)?[\s.\-]?" + r"[\s.\-]?".join(digits)


def redact(text: str, personal: dict[str, str]) -> str:
    """`text` with the case's personal data (values of PERSONAL_FIELDS in `personal`) and any e-mail or phone number
    replaced by REDACTED."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    personal = {k: unicodedata.normalize("NFC", v or "") for k, v in personal.items()}
    patterns: list[tuple[str, str]] = []
    for field in PERSONAL_FIELDS:
        value = (personal.get(field) or "").strip()
        if not value:
            continue
        if field == "contact_phone":
            phone = _phone_pattern(value)
            if phone:
                patterns.append((phone, REDACTED))
            continue
        if len(value) >= 3:
            patterns.append((_phrase_pattern(value), REDACTED))
    # full values first (the longest first), then salutations followed by parts of a name
    patterns.sort(key=lambda p: len(p[0]), reverse=True)
    for field in ("contact_name", "representative_name"):
        words = (personal.get(field) or "").split()
        # "bà Lan", "ông Nguyễn", "anh Văn Minh": a salutation followed by the given name, the family name, or
        # the middle and given names.
        tails = {words[-1], " ".join(words[-2:]), words[0]} if len(words) >= 2 else set()
        for tail in sorted(tails, key=len, reverse=True):
            if len(tail) >= 2:
                salutation = "|".join(SALUTATIONS)
                patterns.append((rf"\b((?:{salutation})\s+){_phrase_pattern(tail)}\b", rf"\g<1>{REDACTED}"))
    for pattern, replacement in patterns:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE | re.UNICODE)
    text = _EMAIL.sub(REDACTED, text)
    return _PHONE.sub(REDACTED, text)


def personal_of(case) -> dict[str, str]:
    if isinstance(case, dict):
        return {field: case.get(field) or "" for field in PERSONAL_FIELDS}
    return {field: getattr(case, field) or "" for field in PERSONAL_FIELDS}


def public_answers() -> QuerySet:
    return Message.objects.filter(kind=MessageKind.ANSWER, is_public=True)


def publishable_condition() -> Q:
    """The cases that may be published: consented, not a denunciation."""
    return Q(publish_consent=True) & ~Q(kind=CaseKind.DENUNCIATION)


def published_cases() -> QuerySet:
    """Consented, non-denunciation cases with at least one public official answer."""
    has_answer = Exists(public_answers().filter(case_id=OuterRef("pk")))
    return Case.objects.filter(publishable_condition()).filter(has_answer)


@dataclass(frozen=True)
class PublishedAnswer:
    body: str
    on: dt.date


@dataclass(frozen=True)
class PublishedCase:
    code: str
    title: str
    description: str
    ward_code: str
    ward_name: str
    category_code: str
    category_name: str
    category_name_en: str
    area_name: str
    received_on: dt.date
    answered_on: dt.date | None
    answers: tuple[PublishedAnswer, ...]


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def to_published(case: Case) -> PublishedCase:
    """The public view of a case with prefetched `published_answers`."""
    personal = personal_of(case)
    answers = tuple(PublishedAnswer(body=redact(m.body, personal), on=_local_date(m.created_at))
                    for m in case.published_answers)
    answered_on = _local_date(case.answered_at) or (answers[-1].on if answers else None)
    return PublishedCase(
        code=case.tracking_code, title=redact(case.title, personal), description=redact(case.description, personal),
        ward_code=case.ward.code, ward_name=case.ward.name, category_code=case.category.code,
        category_name=case.category.name, category_name_en=case.category.name_en,
        area_name=case.area.name if case.area_id else "", received_on=case.received_on, answered_on=answered_on,
        answers=answers)


def _with_answers(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("ward", "category", "area").prefetch_related(
        Prefetch("messages", queryset=public_answers().order_by("created_at", "id"), to_attr="published_answers"))


def search_published(*, q: str = "", ward: str = "", category: str = "") -> QuerySet:
    """Published cases, newest answer first. `q`: every folded word must occur in the published part of the case's
    search text (title and description; the address of the issue, stored last, is cut off)."""
    qs = published_cases()
    if ward:
        qs = qs.filter(ward__code=ward)
    if category:
        qs = qs.filter(category__code=category)
    words = fold(q or "")[:200].split()[:8]
    if words:
        # search_text = fold(f"{title} {description} {address}"); folding never lengthens text, so cutting
        # len(address) characters off the end removes at least the whole folded address.
        qs = qs.annotate(published_text=Substr("search_text", 1, Greatest(
            Length("search_text") - Length("address"), Value(0))))
        for word in words:
            qs = qs.filter(published_text__contains=word)
    return _with_answers(qs).order_by(F("answered_at").desc(nulls_last=True), "-id")


@contextlib.contextmanager
def plan_for_common_words(common: bool):
    """Read a page of search_published() for words that match very many cases (`common`: the capped count says so).

    PostgreSQL cannot estimate how many cases hold several words at once (it multiplies the words' frequencies: 24
    estimated, 81,700 real for "đèn đường" at 1M cases), so it reads every match and sorts them all (1.7–2.8 s). For
    common words, walking the index of the list's order finds a page among the first few hundred cases (56 ms); this
    turns sorting and parallel workers off for the page's query, in its own transaction. Rare words (not capped) keep
    the default plan, which finds them through the trigram index (0.1 ms; the walk would take 2.5 s for them).
    """
    if not common or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def published_case(code: str) -> PublishedCase | None:
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        return None
    case = _with_answers(published_cases().filter(tracking_code=code)).first()
    return to_published(case) if case else None
