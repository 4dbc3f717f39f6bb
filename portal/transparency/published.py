"""Published answers (SPEC §2 visibility choice, §7 privacy): the question and the official answer of cases whose
resident consented to publication, with personal data removed.

Privacy decisions
- Only cases with publish_consent=True, kind other than denunciation and at least one public official answer
  (Message kind "answer", is_public) are published. Everything else is "not found".
- Pages never receive a Case: they get PublishedCase values built here, so a template cannot print a contact field.
- The texts (title, description, answers) are redacted: the case's own contact name, phone, e-mail, contact address,
  representative and the address of the issue are replaced wherever they occur (whatever the letter case, the
  spacing, and diacritics left out or added: "Trinh Quoc Vinh" for "Trịnh Quốc Vĩnh"; a phone number whatever its
  separators), a salutation followed by the resident's given name ("Kính gửi bà Lan") loses
  the name, and any e-mail address or Vietnamese phone number is replaced whoever it belongs to
  (portal.transparency.redaction).
- Search matches only the published part of Case.search_text (title and description, not the address of the issue,
  which is stored after them): a search for an unpublished address cannot tell which case it belongs to. A word
  typed with diacritics must also occur as typed in the title or description (portal.core.search): an added
  condition, so it narrows what the folded words match and never widens it.
  Residual risk (documented): a name that the resident wrote into the description is redacted on the page but its
  words still match a search (folded, and as typed with diacritics): the page shows [***] where it stood.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest, Length, Substr
from django.utils import timezone

from portal.cases.models import Case, Message, MessageKind
from portal.core.search import words_condition
from portal.wards.models import CaseKind

from .redaction import Redactor, personal_of


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
    redact_case = Redactor(personal_of(case))
    answers = tuple(PublishedAnswer(body=redact_case(m.body), on=_local_date(m.created_at))
                    for m in case.published_answers)
    answered_on = _local_date(case.answered_at) or (answers[-1].on if answers else None)
    return PublishedCase(
        code=case.tracking_code, title=redact_case(case.title), description=redact_case(case.description),
        ward_code=case.ward.code, ward_name=case.ward.name, category_code=case.category.code,
        category_name=case.category.name, category_name_en=case.category.name_en,
        area_name=case.area.name if case.area_id else "", received_on=case.received_on, answered_on=answered_on,
        answers=answers)


def _with_answers(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("ward", "category", "area").prefetch_related(
        Prefetch("messages", queryset=public_answers().order_by("created_at", "id"), to_attr="published_answers"))


def search_published(*, q: str = "", ward: str = "", category: str = "") -> QuerySet:
    """Published cases, newest answer first. `q`: every folded word must occur in the published part of the case's
    search text (title and description; the address of the issue, stored last, is cut off), and a word typed with
    diacritics, as typed (case aside), in the title or description."""
    qs = published_cases()
    if ward:
        qs = qs.filter(ward__code=ward)
    if category:
        qs = qs.filter(category__code=category)
    # A word typed with diacritics is also rechecked as typed in the title and description (portal.core.search):
    # never the address, so this narrows what the folded words match and never widens it.
    condition = words_condition(q, folded="published_text", original=["title", "description"])
    if condition:
        # search_text = fold(f"{title} {description} {address}"); folding never lengthens text, so cutting
        # len(address) characters off the end removes at least the whole folded address.
        qs = qs.annotate(published_text=Substr("search_text", 1, Greatest(
            Length("search_text") - Length("address"), Value(0)))).filter(condition)
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
