"""Recommendations of the People's Inspection Board: filed by supervisors, answered by leaders within 15 days.

A recommendation may concern a case. When that case is a denunciation, its texts (the title and body the board wrote,
the answer a leader gave) may name the denouncer, whom a supervisor may not see (SPEC §7, Law on Denunciations
Art. 56): every reader and recipient reads them through reading_mask(), as the case page reads the case's own texts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.timeutil import local_today, now
from portal.deadlines.selectors import calendar_for, policy_in_force
from portal.deadlines.services import compute_due_date
from portal.wards.models import Role

from .models import Recommendation, RecommendationState
from .notify import notify_staff
from .permissions import role_for_case, scope_of
from .presentation import Mask, as_written, text_mask


def file_recommendation(*, ward, actor, title: str, body: str, case=None) -> Recommendation:
    if scope_of(actor).role_in(ward.pk) != Role.SUPERVISOR:
        raise PermissionDenied(_("Only the ward's supervisors file recommendations."))
    if case is not None and (case.ward_id != ward.pk or role_for_case(actor, case) is None):
        raise ValidationError({"case": [_("This case is not in the ward.")]})
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if not (body or "").strip():
        errors["body"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    today = local_today()
    policy = policy_in_force("recommendation", "answer", today, ward=ward)
    due = compute_due_date(policy, today, calendar_for(ward))
    with transaction.atomic():
        rec = Recommendation.objects.create(ward=ward, case=case, author=actor, title=title.strip()[:200],
                                            body=body.strip(), received_on=today, due_date=due)
        record(action="recommendation.filed", obj=rec, actor=actor, ward=ward,
               data={"case": case.tracking_code if case else None, "due_date": due})
        from django.contrib.auth import get_user_model

        leaders = get_user_model().objects.filter(memberships__ward=ward, memberships__role=Role.LEADER)
        for leader in leaders:
            notify_staff(leader, key=f"recommendation:{rec.pk}:leader:{leader.pk}",
                         subject=_("New recommendation of the People's Inspection Board: %(title)s") % {
                             "title": reading_mask(leader, rec)(rec.title)},
                         body=_("Answer by %(due)s (Law on Grassroots Democracy, Art. 40).") % {
                             "due": due.strftime("%d/%m/%Y")})
    return rec


def answer_recommendation(*, recommendation: Recommendation, actor, answer: str) -> Recommendation:
    if scope_of(actor).role_in(recommendation.ward_id) != Role.LEADER:
        raise PermissionDenied(_("Only the ward's leaders answer recommendations."))
    if not (answer or "").strip():
        raise ValidationError({"answer": [_("This field is required.")]})
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if rec.state != RecommendationState.OPEN:
            raise DomainError(_("This recommendation was already answered."), code="answered")
        rec.state, rec.answer = RecommendationState.ANSWERED, answer.strip()
        rec.answered_by, rec.answered_at = actor, now()
        rec.save(update_fields=["state", "answer", "answered_by", "answered_at"])
        record(action="recommendation.answered", obj=rec, actor=actor, ward=rec.ward,
               data={"on_time": local_today() <= rec.due_date})
    # The supervisor who filed it may not see a denouncer whom the answer names.
    mask = reading_mask(rec.author, rec)
    notify_staff(rec.author, key=f"recommendation:{rec.pk}:answered",
                 subject=_("The ward answered your recommendation: %(title)s") % {"title": mask(rec.title)},
                 body=mask(rec.answer))
    return rec


def recommendations_for(user):
    """Recommendations of the wards where the user is a leader or supervisor."""
    scope = scope_of(user)
    wards = [w for w, role in scope.roles.items() if role in (Role.LEADER, Role.SUPERVISOR)]
    return Recommendation.objects.filter(ward_id__in=wards).select_related("ward", "case", "author", "answered_by")


def reading_mask(user, rec: Recommendation) -> Mask:
    """How `user` reads a recommendation's free texts (title, body, answer): those of one about a case as they read
    that case's texts (presentation.text_mask: a denunciation with the denouncer's identity masked for whoever may
    not see it, a supervisor among them); one about the ward in general as written. No query when the case is read
    with the recommendation (recommendations_for() joins it) and the user's scope is loaded."""
    return as_written if rec.case_id is None else text_mask(user, rec.case)


def mask_for_reader(user, recs) -> None:
    """Mask, in place, the free texts of recommendations listed to `user` (reading_mask()): for display only from
    here on, never to be saved."""
    for rec in recs:
        mask = reading_mask(user, rec)
        if mask is not as_written:
            rec.title, rec.body, rec.answer = mask(rec.title or ""), mask(rec.body or ""), mask(rec.answer or "")
