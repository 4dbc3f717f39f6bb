"""Demo data of portal.dialogues for `make run` (called by seed_demo; must be idempotent)."""

import datetime as dt

from django.utils import timezone

from portal.wards.models import Membership, Role

from .models import (
    ChangeKind,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Session,
    SessionChange,
    SessionKind,
    SessionState,
)
from .services import render_minutes

MINUTES = """# Biên bản Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân

**Chủ trì:** Chủ tịch UBND phường. **Thư ký:** Văn phòng HĐND-UBND.

## Nội dung
1. UBND phường báo cáo tình hình thực hiện dân chủ ở cơ sở, công khai thu chi ngân sách.
2. Cư dân phát biểu về ngập nước, đèn chiếu sáng hẻm, vỉa hè bị lấn chiếm.
3. Chủ tịch UBND phường trả lời và cam kết các việc dưới đây.
"""


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def seed(*, wards, today) -> dict[str, int]:
    """Create the demo records when none exist in the demo wards; return what was created, by kind."""
    counts = {"dialogue sessions": 0, "dialogue commitments": 0}
    for ward in (wards.values() if isinstance(wards, dict) else wards):
        if Session.objects.filter(ward=ward).exists():
            continue
        leader = (Membership.objects.filter(ward=ward, role=Role.LEADER).select_related("user").first())
        if leader is None:
            continue
        user = leader.user
        department = ward.departments.first()

        def session(title, kind, day, hour, state, *, ward=ward, user=user, **extra):
            starts = _at(day, hour)
            announced = starts - dt.timedelta(days=14)
            counts["dialogue sessions"] += 1
            return Session.objects.create(
                ward=ward, kind=kind, title=title, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
                venue=f"Hội trường UBND {ward.name}", state=state, announced_at=announced,
                announced_on=timezone.localtime(announced).date(), created_by=user,
                agenda="1. Báo cáo của UBND phường\n2. Cư dân phát biểu, đặt câu hỏi\n3. Lãnh đạo phường trả lời",
                **extra)

        held_day = today - dt.timedelta(days=30)
        held = session(f"Hội nghị đối thoại giữa Chủ tịch UBND với Nhân dân {ward.name}", SessionKind.CONFERENCE,
                       held_day, 8, SessionState.PUBLISHED, capacity=200, held_at=_at(held_day, 11),
                       held_on=held_day, results_due=held_day + dt.timedelta(days=10), minutes=MINUTES,
                       minutes_html=render_minutes(MINUTES), minutes_published_at=_at(held_day, 17),
                       minutes_published_on=held_day + dt.timedelta(days=3))
        session("Hội nghị đối thoại chuyên đề: chống ngập và chỉnh trang hẻm", SessionKind.CONFERENCE,
                today + dt.timedelta(days=14), 8, SessionState.OPEN, capacity=150)
        for week in range(1, 4):
            reception = session("Tiếp công dân định kỳ của Chủ tịch UBND phường", SessionKind.RECEPTION,
                                today + dt.timedelta(days=7 * week), 7, SessionState.PLANNED)
        # The last one is called off: it stays listed as cancelled, with its public reason.
        reason = "Chủ tịch UBND phường dự hội nghị của Thành ủy; Phó Chủ tịch tiếp công dân vào thứ Năm cùng tuần."
        reception.state, reception.cancel_reason, reception.cancelled_at = SessionState.CANCELLED, reason, _at(today, 9)
        reception.save(update_fields=["state", "cancel_reason", "cancelled_at"])
        SessionChange.objects.create(session=reception, kind=ChangeKind.CANCELLED, reason=reason, actor=user,
                                     before={"state": "planned"}, after={"state": "cancelled"},
                                     created_at=_at(today, 9))
        if department is None:
            continue
        for title, due, status in (
            ("Lắp 20 đèn LED chiếu sáng các hẻm tối", held_day + dt.timedelta(days=60), CommitmentStatus.IN_PROGRESS),
            ("Nạo vét cống thoát nước trước mùa mưa", held_day + dt.timedelta(days=20), CommitmentStatus.DONE),
            ("Lập lại trật tự vỉa hè tuyến đường chính", held_day + dt.timedelta(days=90), CommitmentStatus.PLANNED),
        ):
            commitment = Commitment.objects.create(
                session=held, ward=ward, title=title, department=department, due_date=due, status=status,
                done_on=held_day + dt.timedelta(days=15) if status == CommitmentStatus.DONE else None)
            CommitmentUpdate.objects.create(commitment=commitment, status=CommitmentStatus.PLANNED, actor=user,
                                            created_at=_at(held_day, 17))
            if status != CommitmentStatus.PLANNED:
                CommitmentUpdate.objects.create(commitment=commitment, status=status, actor=user,
                                                note="Cập nhật tiến độ của bộ phận phụ trách",
                                                created_at=_at(held_day + dt.timedelta(days=15), 9))
            counts["dialogue commitments"] += 1
    return {k: v for k, v in counts.items() if v}
