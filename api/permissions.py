"""API permission classes. They ask portal.cases.permissions; the rules themselves live there, named once."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from portal.cases.permissions import scope_of
from portal.wards.models import Role

CASE_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.SUPERVISOR})
WORKING_ROLES = frozenset({Role.OFFICER, Role.LEADER})


def _roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(scope_of(user).roles.values())


class IsWardStaff(BasePermission):
    """Ward staff who work with cases: an officer, leader or supervisor membership in some ward.

    Supervisors (People's Inspection Board, Fatherland Front) read only: any unsafe method needs an officer or leader
    membership. Whether the user may see or act on a particular case is decided per case by
    portal.cases.permissions (role_for_case, can_work, is_leader, may_see_identity).
    """

    message = _("This is for ward staff only.")

    def has_permission(self, request, view) -> bool:
        roles = _roles(request.user)
        if request.method in SAFE_METHODS:
            return bool(roles & CASE_ROLES)
        if roles & WORKING_ROLES:
            return True
        if roles & CASE_ROLES:
            self.message = _("Supervisors can read cases but not change them.")
        return False


class IsLeadReader(BasePermission):
    """The inspection-lead endpoints: ward staff with a case role, whatever the method. Whether they lead the lead's
    ward is decided per request by portal.cases.leads (lead_ward_ids): the list is 403 for the others and a lead, its
    files and its outcome 404 — for a supervisor's POST too, as at the desk, so that it says nothing of the lead."""

    message = _("This is for ward staff only.")

    def has_permission(self, request, view) -> bool:
        return bool(_roles(request.user) & CASE_ROLES)
