"""The reference data that every submission reads — the ward, category and residential area by code, the routing
result and the first deadline — kept per process under the version token "intake-reference"
(portal.core.versions), so that a submission reads one token instead of six tables.

Every save or delete of the data they are derived from (wards, areas, departments, categories, staff memberships and
their departments, user accounts, routing rules, deadline policies, calendar overrides) renews the token in the same
transaction, so the next submission in every process derives them again: an admin's edit applies to the very next
case, as when intake read the tables directly. Code that changes these tables without Django's signals
(`QuerySet.update()`, `bulk_create()`, SQL) must call `changed()`.
"""

from __future__ import annotations

import datetime as dt

import django
from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.utils import DJANGO_VERSION_PICKLE_KEY

from portal.core import versions

NAME = "intake-reference"
MEMO = versions.Memo(NAME)

SOURCES = (
    "wards.Ward", "wards.Area", "wards.Department", "wards.Category", "wards.Membership",
    "routing.RoutingRule", "deadlines.DeadlinePolicy", "deadlines.CalendarOverride", "cases.AnswerTemplate",
)


def view() -> versions.MemoView:
    """The memo as of now: one query (the token). Use one view for the whole of a submission."""
    return MEMO.view()


def assumed_view() -> versions.MemoView:
    """The memo as of the token this process read last, without a query (versions.Memo.assumed_view()): for a
    submission filed in one statement, which checks the token itself (filing_sql); anything else that files with it
    must confirm() it first. Raises versions.Stale, through the filing, when it was out of date."""
    return MEMO.assumed_view()


def changed() -> None:
    """Renew the token (inside the caller's transaction). Signals call it; so must bulk writers."""
    versions.renew(NAME)


def _private_copy(instance):
    """copy.copy() of a model instance (or None), as copy.copy() makes it (the class's __new__, then __setstate__ with
    Model.__getstate__()'s state) without the pickling protocol's detour, which looks the model up in the app registry
    each time: a submission copies its ward and category (issue 7)."""
    if instance is None:
        return None
    new = type(instance).__new__(type(instance))
    state = instance.__getstate__()
    state[DJANGO_VERSION_PICKLE_KEY] = django.__version__  # as Model.__reduce__() adds it
    new.__setstate__(state)
    return new


def ward_by_code(ref: versions.MemoView, code: str):
    """The active ward with this code (a private copy), or None."""
    from portal.wards.models import Ward

    ward = ref.get(("ward", code), lambda: Ward.objects.filter(code=code, is_active=True).first())
    return _private_copy(ward)


def category_by_code(ref: versions.MemoView, code: str):
    """The active category with this code (a private copy), or None."""
    from portal.wards.models import Category

    category = ref.get(("category", code),
                       lambda: Category.objects.filter(code=code, is_active=True).first())
    return _private_copy(category)


def area_by_code(ref: versions.MemoView, ward_id: int, code: str):
    """The residential area of the ward with this code (a private copy), or None."""
    from portal.wards.models import Area

    area = ref.get(("area", ward_id, code), lambda: Area.objects.filter(ward_id=ward_id, code=code).first())
    return _private_copy(area)


def route_ids(ref: versions.MemoView, *, ward, kind: str, category, area) -> tuple[int, int | None, int] | None:
    """portal.routing.services.route() as ids: (department_id, assignee_id or None, rule_id), or None when the case
    goes to the ward's screening queue."""
    from portal.routing.services import route

    def derive():
        routed = route(ward=ward, kind=kind, category=category, area=area)
        if routed is None:
            return None
        return routed.department.pk, routed.assignee.pk if routed.assignee else None, routed.rule_id

    return ref.get(("route", ward.pk, kind, category.pk, area.pk if area else None), derive)


def first_deadline(ref: versions.MemoView, *, ward, kind: str, received_on: dt.date, channel: str
                   ) -> tuple[str, dt.date]:
    """portal.deadlines.services.initial_deadline(): the first step of a new case and its due date."""
    from portal.deadlines.services import initial_deadline

    return ref.get(("deadline", ward.pk, kind, received_on, channel),
                   lambda: initial_deadline(ward=ward, kind=kind, received_on=received_on, channel=channel))


def names(ref: versions.MemoView) -> tuple[dict, dict, dict, dict]:
    """Every ward, category, residential area and department by id (whole rows, a few thousand in a city), for pages
    that name them next to cases (the queue). Shared by every request of the process: read them, never change them.
    """
    from portal.wards.models import Area, Category, Department, Ward

    return ref.get(("names",), lambda: tuple({row.pk: row for row in model.objects.all()}
                                             for model in (Ward, Category, Area, Department)))


def calendars(ref: versions.MemoView, ward_ids) -> dict:
    """The working calendar of each ward (portal.deadlines.selectors.calendar_for), by ward id."""
    from portal.deadlines.selectors import calendar_for

    return {ward_id: ref.get(("calendar", ward_id), lambda ward_id=ward_id: calendar_for(ward_id))
            for ward_id in ward_ids}


def answer_templates(ref: versions.MemoView, ward_id: int, kind: str) -> tuple:
    """The answer templates a case of this ward and kind may start from (the city's and the ward's, for any kind or
    this one), by title: the case page's query, kept in the memo (templates change seldom; saving or deleting one
    renews the token). Shared instances: read them, never change them."""
    from django.db.models import Q

    from .models import AnswerTemplate

    return ref.get(("answer_templates", ward_id, kind), lambda: tuple(
        AnswerTemplate.objects.filter(Q(ward__isnull=True) | Q(ward_id=ward_id)).filter(kind__in=["", kind])
        .order_by("title")))


def policies(ref: versions.MemoView) -> tuple:
    """Every deadline policy version (a few dozen rows), for portal.deadlines.selectors.policy_in_force(policies=)."""
    from portal.deadlines.models import DeadlinePolicy

    return ref.get(("policies",), lambda: tuple(DeadlinePolicy.objects.all()))


def _renew(sender, **kwargs):
    changed()


def _renew_on_account_change(sender, instance, created=False, update_fields=None, **kwargs):
    # A new account has no staff role yet (its membership renews the token); a login only stamps last_login.
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    changed()


def connect() -> None:
    for label in SOURCES:
        model = apps.get_model(label)
        post_save.connect(_renew, sender=model, dispatch_uid=f"intake-reference-save-{label}")
        post_delete.connect(_renew, sender=model, dispatch_uid=f"intake-reference-delete-{label}")
    membership = apps.get_model("wards.Membership")
    m2m_changed.connect(_renew, sender=membership.departments.through, dispatch_uid="intake-reference-departments")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    post_save.connect(_renew_on_account_change, sender=user, dispatch_uid="intake-reference-user-save")
    post_delete.connect(_renew, sender=user, dispatch_uid="intake-reference-user-delete")
