"""Staff roles in a ward (Membership) as administrators give, change and take them in the Django admin
(portal/wards/admin.py): each is an audit event of the ward, with the administrator as actor, so the ward's leaders
and supervisors read on the log page who was given which role and departments, and by whom.

The admin saves the membership itself (its form); these functions are called in the same transaction, with the
membership's state before (membership_state) where there was one.
"""

from __future__ import annotations

from django.db import transaction

from portal.audit.services import record

from .models import Membership

OBJECT_TYPE = "wards.membership"


def membership_state(membership_id: int) -> dict | None:
    """The membership as saved: member, ward, role and departments (sorted ids), or None when there is none."""
    membership = (Membership.objects.select_for_update(of=("self",)).select_related("user", "ward")
                  .filter(pk=membership_id).first())
    if membership is None:
        return None
    departments = Membership.departments.through.objects.filter(membership_id=membership_id)
    return _state(membership, departments.values_list("department_id", flat=True))


def memberships_of(user_id: int) -> list[tuple[int, dict]]:
    """The user's memberships as saved, (id, membership_state), before the user is deleted with them."""
    ids = Membership.objects.filter(user_id=user_id).order_by("pk").values_list("pk", flat=True)
    return [(pk, state) for pk in ids if (state := membership_state(pk)) is not None]


def _state(membership: Membership, department_ids) -> dict:
    return {"user_id": membership.user_id, "account": membership.user.get_username(), "ward": membership.ward,
            "role": membership.role, "departments": sorted(department_ids)}


def _whole(*, action: str, membership_id: int, state: dict, actor) -> None:
    record(action=action, actor=actor, ward=state["ward"], object_type=OBJECT_TYPE, object_id=membership_id, data={
        "member": state["user_id"], "account": state["account"], "role": state["role"],
        "departments": state["departments"]})


def membership_saved(*, membership: Membership, before: dict | None, actor) -> bool:
    """The admin saved `membership` (its departments too). A new one is "membership.created"; a change of its role or
    departments is "membership.changed" with what changed before and after; moved to another member or ward, the old
    one is recorded as removed from its ward and the new one as given in its ward (each ward's leaders read their own).
    Nothing is recorded when nothing changed. Returns whether anything was recorded."""
    after = _state(membership, membership.departments.values_list("pk", flat=True))
    with transaction.atomic():
        if before is None:
            _whole(action="membership.created", membership_id=membership.pk, state=after, actor=actor)
            return True
        if (before["user_id"], before["ward"].pk) != (after["user_id"], after["ward"].pk):
            _whole(action="membership.deleted", membership_id=membership.pk, state=before, actor=actor)
            _whole(action="membership.created", membership_id=membership.pk, state=after, actor=actor)
            return True
        changed = [key for key in ("role", "departments") if before[key] != after[key]]
        if not changed:
            return False
        data = {"member": after["user_id"], "account": after["account"],
                "before": {key: before[key] for key in changed}, "after": {key: after[key] for key in changed}}
        record(action="membership.changed", actor=actor, ward=after["ward"], object_type=OBJECT_TYPE,
               object_id=membership.pk, data=data)
    return True


def membership_deleted(*, membership_id: int, before: dict, actor) -> None:
    """The admin deleted a membership whose state was `before` (membership_state, read before the deletion)."""
    with transaction.atomic():
        _whole(action="membership.deleted", membership_id=membership_id, state=before, actor=actor)
