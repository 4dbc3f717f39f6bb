"""Who may see and do what with a case (SPEC §1, §7). Pages and the API ask these functions; nothing else decides.

- officer: cases of their departments, cases assigned to them, and the ward's screening queue (not yet routed);
- leader: every case of their ward;
- supervisor: every case of their ward with its full history, read-only, with a denouncer's identity masked;
- admin: reference data only, no cases (residents' personal data is not theirs to read);
- a denouncer's identity: only the assigned officer and the ward's leaders, and every view of it is audited;
- an inspection lead (an anonymous denunciation, Case.is_inspection_lead): only the ward's leaders, on its own pages
  (frontend/views/leads.py). It is no case of the queue: visible_cases() leaves it out for everyone, and nobody else
  has a role towards it, so neither an officer (the official it names may be one of them) nor a supervisor sees it,
  its files or its history. A leader decides what is done with it (Law on Denunciations Art. 25(2): the head of the
  body that received it inspects within its competence or passes it on).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.wards.models import CaseKind, Department, Membership, Role

from .models import Case, inspection_leads


@dataclass(frozen=True)
class StaffScope:
    """A staff user's memberships, loaded once per request."""

    roles: dict[int, str]  # ward id → role
    departments: dict[int, frozenset[int]]  # ward id → department ids (officers)

    def role_in(self, ward_id: int) -> str | None:
        return self.roles.get(ward_id)

    @property
    def case_ward_ids(self) -> list[int]:
        return [w for w, role in self.roles.items() if role in (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)]

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles)

    @property
    def works_cases(self) -> bool:
        """An officer or a leader somewhere: cases can be assigned to them. A supervisor only reads, and never has a
        case of their own."""
        return any(role in (Role.OFFICER, Role.LEADER) for role in self.roles.values())

    @property
    def leads(self) -> bool:
        return Role.LEADER in self.roles.values()

    @property
    def on_recommendations(self) -> bool:
        """Files (a supervisor) or answers (a leader) the People's Inspection Board's recommendations somewhere."""
        return any(role in (Role.LEADER, Role.SUPERVISOR) for role in self.roles.values())


EMPTY_SCOPE = StaffScope({}, {})


def scope_of(user) -> StaffScope:
    if not getattr(user, "is_authenticated", False):
        return EMPTY_SCOPE
    cached = getattr(user, "_openward_scope", None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(user=user).values_list("user_id", "ward_id", "role", "departments")
    scope = _scopes(rows).get(user.pk, EMPTY_SCOPE)
    with_scope(user, scope)
    return scope


def staff_scopes() -> dict[int, StaffScope]:
    """Every staff user's scope, by user id, in one query: for a job that asks the same questions as scope_of() about
    many users (the deadline sweep: does a case's assignee still work it?). Give each user theirs with with_scope();
    a user missing here has no membership (EMPTY_SCOPE)."""
    return _scopes(Membership.objects.values_list("user_id", "ward_id", "role", "departments"))


def with_scope(user, scope: StaffScope):
    """`user`, whose scope is `scope` from now on (scope_of() reads it instead of querying): for scopes read in bulk
    (staff_scopes()). Returns the user."""
    user._openward_scope = scope
    return user


def _scopes(rows) -> dict[int, StaffScope]:
    """StaffScopes by user id from (user id, ward id, role, department id or None) rows of memberships."""
    roles: dict[int, dict[int, str]] = {}
    departments: dict[int, dict[int, set[int]]] = {}
    for user_id, ward_id, role, department_id in rows:
        roles.setdefault(user_id, {})[ward_id] = role
        if department_id is not None:
            departments.setdefault(user_id, {}).setdefault(ward_id, set()).add(department_id)
    return {user_id: StaffScope(by_ward, {w: frozenset(d) for w, d in departments.get(user_id, {}).items()})
            for user_id, by_ward in roles.items()}


def visible_cases(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases a staff user may see, as a filter (used by the queue, search and the API alike)."""
    queryset = Case.objects.all() if queryset is None else queryset
    condition = Q(pk__in=[])
    for ward_id, departments in _visibility_terms(user):
        if departments is None:
            condition |= Q(ward_id=ward_id)
        else:
            condition |= Q(ward_id=ward_id) & (
                Q(department_id__in=departments) | Q(department__isnull=True) | Q(assignee=user)
            )
    # Inspection leads are read on their own pages, by the ward's leaders only (lead_ward_ids()).
    return queryset.filter(condition & ~inspection_leads())


def _visibility_terms(user) -> list[tuple[int, tuple[int, ...] | None]]:
    """visible_cases()'s condition as (ward id, None) for a ward seen whole (leader, supervisor) and (ward id, the
    officer's department ids) for a ward where the user is an officer (who also sees its unrouted cases and the cases
    assigned to them), in the order of the user's memberships."""
    scope = scope_of(user)
    terms: list[tuple[int, tuple[int, ...] | None]] = []
    for ward_id, role in scope.roles.items():
        if role in (Role.LEADER, Role.SUPERVISOR):
            terms.append((ward_id, None))
        elif role == Role.OFFICER:
            terms.append((ward_id, tuple(scope.departments.get(ward_id, ()))))
    return terms


def visibility_shape(user) -> tuple[tuple, list]:
    """What the SQL of visible_cases(user)'s condition depends on, and the values it takes: (shape, parameters).
    Two users of one shape get the same SQL text (one term per ward, seen whole or as an officer with so many
    departments), with these parameters in this order (the ward, the departments, the user as assignee). For a
    caller that keeps the SQL of a query made from visible_cases() (selectors.case_for_staff), which checks
    these parameters against Django's own before keeping it."""
    shape, params = [], []
    for ward_id, departments in _visibility_terms(user):
        if departments is None:
            shape.append(None)
            params.append(ward_id)
        else:
            shape.append(len(departments))
            params.extend((ward_id, *departments, user.pk))
    if shape:
        params.append(CaseKind.DENUNCIATION)  # the inspection leads left out (inspection_leads())
    return tuple(shape), params


def queue_departments(user) -> dict[int, frozenset[int] | None]:
    """The departments in which a staff user can find cases, by ward id (the queue's department filter offers these).

    None: every department of the ward (a leader or supervisor sees the whole ward). An officer: the departments of
    their memberships, and the other departments of their wards that hold a case assigned to them (visible_cases()
    shows those cases too). That is one query, made only for an officer: one probe of case_assignee_department_idx
    per other department of the ward (a handful), whatever the number of cases. Roles without cases (admin) are not
    in it.
    """
    scope = scope_of(user)
    result: dict[int, frozenset[int] | None] = {}
    officer_wards = []
    for ward_id, role in scope.roles.items():
        if role in (Role.LEADER, Role.SUPERVISOR):
            result[ward_id] = None
        elif role == Role.OFFICER:
            officer_wards.append(ward_id)
    if not officer_wards:
        return result
    own = {department for ward_id in officer_wards for department in scope.departments.get(ward_id, ())}
    # A case's department is one of its ward's (services.assign refuses another), so the department's ward is the
    # case's.
    assigned_there = Case.objects.filter(assignee=user, department=OuterRef("pk"))
    extra: dict[int, set[int]] = {}
    rows = (Department.objects.filter(ward_id__in=officer_wards).exclude(pk__in=own)
            .filter(Exists(assigned_there)).order_by().values_list("ward_id", "pk"))
    for ward_id, department_id in rows:
        extra.setdefault(ward_id, set()).add(department_id)
    for ward_id in officer_wards:
        result[ward_id] = scope.departments.get(ward_id, frozenset()) | extra.get(ward_id, set())
    return result


def role_for_case(user, case: Case) -> str | None:
    """The user's role towards this case, or None when they may not see it."""
    scope = scope_of(user)
    role = scope.role_in(case.ward_id)
    if case.is_inspection_lead:
        return role if role == Role.LEADER else None
    if role in (Role.LEADER, Role.SUPERVISOR):
        return role
    in_reach = (case.department_id is None or case.department_id in scope.departments.get(case.ward_id, ())
                or case.assignee_id == user.pk)
    return role if role == Role.OFFICER and in_reach else None


def lead_ward_ids(user) -> list[int]:
    """The wards whose inspection leads `user` may read and decide on: those they lead."""
    return [ward_id for ward_id, role in scope_of(user).roles.items() if role == Role.LEADER]


def can_view(user, case: Case) -> bool:
    return role_for_case(user, case) is not None


def can_work(user, case: Case) -> bool:
    return role_for_case(user, case) in (Role.OFFICER, Role.LEADER)


def is_leader(user, case: Case) -> bool:
    return role_for_case(user, case) == Role.LEADER


def identity_protected(case: Case) -> bool:
    return case.kind == CaseKind.DENUNCIATION


def may_take(user, case: Case) -> bool:
    """Whether the user may make themselves the case's assignee (claim it, or become its assignee by drafting its
    answer or starting work on it): whoever works the case, except a denunciation, which a leader assigns. Its
    assignee sees the denouncer's identity (may_see_identity), so an officer must not pick themselves (Law on
    Denunciations Arts. 9, 47: the identity is kept to those the person resolving the denunciation charges with it)."""
    role = role_for_case(user, case)
    if identity_protected(case):
        return role == Role.LEADER
    return role in (Role.OFFICER, Role.LEADER)


def may_see_identity(user, case: Case) -> bool:
    """Personal data of the resident: ward staff working the case; for a denunciation only the assignee and leaders."""
    role = role_for_case(user, case)
    if role is None:
        return False
    if identity_protected(case):
        return role == Role.LEADER or (role == Role.OFFICER and case.assignee_id == user.pk)
    return True


def identity_visible(user) -> Q:
    """may_see_identity() as a filter of visible_cases(user): true on the cases whose resident's identity `user` may
    see (every case but a denunciation; a denunciation of a ward they lead, or assigned to them in a ward where they
    are an officer), to be read per row where a query must treat the others apart (selectors.search_condition)."""
    scope = scope_of(user)
    condition = ~Q(kind=CaseKind.DENUNCIATION)
    led = [ward_id for ward_id, role in scope.roles.items() if role == Role.LEADER]
    worked = [ward_id for ward_id, role in scope.roles.items() if role == Role.OFFICER]
    if led:
        condition |= Q(ward_id__in=led)
    if worked:
        condition |= Q(ward_id__in=worked, assignee_id=user.pk)
    return condition


def may_see_attachments(user, case: Case) -> bool:
    """The original files of a case. A denunciation's may name the denouncer (SPEC §7, Law on Denunciations Art. 56):
    only those who may see the identity open them (and each opening is audited, services.record_original_opened);
    everyone else who reads the case gets their redacted copies (may_see_redacted_copies)."""
    return can_view(user, case) and (not identity_protected(case) or may_see_identity(user, case))


def may_see_redacted_copies(user, case: Case) -> bool:
    """The redacted copies of a denunciation's files: whoever reads the case (supervisors and officers who are not
    its assignee get only these; the assignee and leaders get them too, to check them)."""
    return identity_protected(case) and can_view(user, case)


def may_redact(user, case: Case) -> bool:
    """Who uploads (or replaces) a redacted copy of a denunciation's file: those who may open the original to black
    out the denouncer — the assigned officer and the ward's leaders. Never a supervisor, who only reads."""
    return identity_protected(case) and may_see_identity(user, case)
