"""Fixtures shared by the dialogue tests (domain, pages, API). Import them into a conftest with `from ... import *`."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from portal.accounts.models import ResidentProfile
from portal.dialogues.models import Session, SessionKind, SessionState

from .factories import UserFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday with no holiday around it: announcements are checked from here.
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN)


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def verified(user, contact=None, channel="email"):
    ResidentProfile.objects.get_or_create(user=user, defaults={
        "channel": channel, "contact": contact or user.email or f"{user.username}@example.vn",
        "verified_at": timezone.now()})
    return user


def make_session(ward, *, leader=None, kind=SessionKind.CONFERENCE, starts_at=None, state=SessionState.PLANNED,
                 capacity=None, title="Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân", **extra):
    """A session put straight into the database (the services are tested on their own)."""
    starts_at = starts_at or at(dt.date(2026, 11, 20))
    creator = leader or UserFactory(username="nguoi_tao_phien")
    fields = {"held_on": timezone.localtime(starts_at).date()} if state in (SessionState.HELD,
                                                                             SessionState.PUBLISHED) else {}
    fields.update(extra)
    return Session.objects.create(
        ward=ward, kind=kind, title=title, starts_at=starts_at, venue="Hội trường UBND phường, 159 Nguyễn Văn Trỗi",
        agenda="1. Báo cáo tình hình\n2. Cư dân phát biểu", capacity=capacity, state=state,
        announced_at=starts_at - dt.timedelta(days=14), announced_on=(starts_at - dt.timedelta(days=14)).date(),
        created_by=creator, **fields)


@pytest.fixture
def citizen(resident):
    return verified(resident)


@pytest.fixture
def citizen2(other_resident):
    return verified(other_resident)


@pytest.fixture
def citizens(db):
    return [verified(UserFactory(username=f"cudan_dk{n}", email=f"cudan_dk{n}@example.vn")) for n in range(4)]
