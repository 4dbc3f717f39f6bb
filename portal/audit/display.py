"""What the audit log's events are called on screen, and what of their data a reader may see (SPEC §7).

Actions are written in code as "<domain>.<verb>" (grep "record(" and "action="); each has a label here, and an
action without one is shown by its name. `masked()` is the privacy rule of the log page: personal fields of a resident
(contact data, a denouncer's identity) are never shown, to anyone, whatever event carries them: the page names the
field and says its value is hidden. Today no event records such values (a view of a denouncer's identity is recorded
without them), so this guards what a future service might put in an event's data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The state machine's actions (portal.cases.workflow.TRANSITIONS) are recorded as "case.<action>".
CASE_ACTIONS = {
    "case.submitted": _("Case filed"),
    "case.claimed": _("Officer took the case"),
    "case.assigned": _("Case assigned"),
    "case.note_added": _("Internal note added"),
    "case.replied": _("Message sent to the resident"),
    "case.resident_informed": _("Resident informed"),
    "case.resident_message": _("Message from the resident"),
    "case.answer_proposed": _("Draft answer proposed"),
    "case.answer_approved": _("Draft answer approved"),
    "case.answer_returned": _("Draft answer returned"),
    "case.deadline_extended": _("Deadline extended"),
    "case.marked_complex": _("Marked as complex"),
    "case.marked_especially_complex": _("Marked as especially complex"),
    "case.deadline_recomputed": _("Due date recomputed"),
    "case.rated": _("Answer rated by the resident"),
    "case.identity_viewed": _("Denouncer's identity viewed"),
    "case.original_file_opened": _("Original file of a denunciation opened"),
    "case.redacted_copy_added": _("Redacted copy of a file uploaded"),
    "case.redacted_copy_replaced": _("Redacted copy of a file replaced"),
    "case.overdue_escalated": _("Overdue: escalated to the leaders"),
    "case.accept": _("Case accepted for handling"),
    "case.start_work": _("Work on the case started"),
    "case.request_info": _("Information requested from the resident"),
    "case.provide_info": _("Information provided by the resident"),
    "case.resume_handling": _("Handling resumed after the information"),
    "case.suspend": _("Handling suspended"),
    "case.resume": _("Handling resumed"),
    "case.answer": _("Answer sent"),
    "case.close": _("Case closed"),
    "case.reject": _("Case not accepted"),
    "case.transfer": _("Case forwarded to the competent body"),
    "case.merge": _("Case merged into another"),
    "case.withdraw": _("Case withdrawn"),
    "case.reopen": _("Case reopened"),
    "case.escalate": _("Complaint escalated to the next level"),
    "case.lead_outcome": _("Anonymous denunciation: what was done recorded"),
    "case.leads_listed": _("Anonymous denunciations listed"),
    "case.lead_viewed": _("Anonymous denunciation viewed"),
    "case.lead_attachment_viewed": _("File of an anonymous denunciation opened"),
    "recommendation.filed": _("Recommendation of the People's Inspection Board filed"),
    "recommendation.answered": _("Recommendation answered"),
    "open311.request_filed": _("Case filed through Open311"),
    "open311.key_issued": _("Open311 API key issued"),
    "open311.key_changed": _("Open311 API key changed"),
}
DISCLOSURE_ACTIONS = {
    "disclosure.drafted": _("Disclosure drafted"),
    "disclosure.draft_edited": _("Disclosure draft edited"),
    "disclosure.published": _("Disclosure published"),
    "disclosure.corrected": _("Disclosure corrected (new version)"),
    "disclosure.ended_early": _("Disclosure ended early"),
    "disclosure.withdrawn": _("Disclosure withdrawn"),
    "disclosure.posted": _("Posting period started"),
    "disclosure.ended": _("Posting period ended"),
    "disclosure.consultation_opened": _("Public consultation opened"),
    "disclosure.synthesis_published": _("Consultation synthesis published"),
    "disclosure.comment_submitted": _("Comment submitted"),
    "disclosure.question_asked": _("Question asked about a disclosure"),
    "disclosure.question_answered": _("Question about a disclosure answered"),
    "disclosure.comment_hidden": _("Comment hidden"),
    "disclosure.question_hidden": _("Question about a disclosure hidden"),
}
DIALOGUE_ACTIONS = {
    "dialogue.scheduled": _("Session scheduled"),
    "dialogue.edited": _("Session details changed"),
    "dialogue.rescheduled": _("Session rescheduled"),
    "dialogue.cancelled": _("Session cancelled"),
    "dialogue.questions_opened": _("Questions opened"),
    "dialogue.held": _("Session held"),
    "dialogue.minutes_published": _("Minutes published"),
    "dialogue.registered": _("Resident registered"),
    "dialogue.registration_cancelled": _("Registration cancelled"),
    "dialogue.registration_promoted": _("Registration moved from the waiting list"),
    "dialogue.question_asked": _("Question asked for a session"),
    "dialogue.voted": _("Vote on a question"),
    "dialogue.question_hidden": _("Question of a session hidden"),
    "dialogue.question_merged": _("Question merged into another"),
    "dialogue.question_grouped": _("Question grouped under a topic"),
    "dialogue.question_answered": _("Question of a session answered"),
    "dialogue.commitment_added": _("Commitment added"),
    "dialogue.commitment_updated": _("Commitment progress updated"),
    "dialogue.request_started": _("Request for a dialogue started"),
    "dialogue.request_supported": _("Request for a dialogue supported"),
    "dialogue.request_linked": _("Request for a dialogue linked to a session"),
}
# Staff roles given, changed and taken in the Django admin (portal.wards.services).
STAFF_ACTIONS = {
    "membership.created": _("Staff role given"),
    "membership.changed": _("Staff role or departments changed"),
    "membership.deleted": _("Staff role taken away"),
}
ACTION_GROUPS = (
    (_("Cases"), CASE_ACTIONS),
    (_("Public disclosures"), DISCLOSURE_ACTIONS),
    (pgettext_lazy("audit log", "Dialogues"), DIALOGUE_ACTIONS),
    (_("Staff roles"), STAFF_ACTIONS),
)
# Events about accounts, of no ward (portal.audit.models.ACCOUNT_ACTIONS, the same actions): the accounts' log page.
ACCOUNT_ACTIONS = {
    "auth.account_created": _("Account created"),
    "auth.account_changed": _("Account changed (username, e-mail, access, powers)"),
    "auth.account_deleted": _("Account deleted"),
    "auth.password_set_by_admin": _("Password set by an administrator"),
    "auth.two_factor_reset": _("Two-step verification reset by an administrator"),
    "auth.api_token_revoked": _("API token revoked"),
    "auth.two_factor_enabled": _("Two-step verification turned on"),
    "auth.two_factor_disabled": _("Two-step verification turned off"),
    "auth.backup_codes_renewed": _("Backup codes renewed"),
    "auth.password_reset": _("Password reset through the e-mail link"),
}
# Groups of permissions, of no ward (portal.audit.models.GROUP_ACTIONS): the accounts' log page, for superusers.
GROUP_ACTIONS = {
    "auth.group_created": _("Group of permissions created"),
    "auth.group_changed": _("Group of permissions changed (name, permissions)"),
    "auth.group_deleted": _("Group of permissions deleted"),
}
ACTION_LABELS = {**CASE_ACTIONS, **DISCLOSURE_ACTIONS, **DIALOGUE_ACTIONS, **STAFF_ACTIONS, **ACCOUNT_ACTIONS,
                 **GROUP_ACTIONS}

OBJECT_LABELS = {
    "cases.case": _("Case"),
    "cases.recommendation": _("Recommendation"),
    "disclosures.disclosure": _("Disclosure"),
    "disclosures.consultation": _("Public consultation"),
    "disclosures.comment": _("Comment on a disclosure"),
    "disclosures.question": _("Question about a disclosure"),
    "dialogues.session": _("Dialogue session"),
    "dialogues.registration": _("Registration for a session"),
    "dialogues.question": _("Question of a session"),
    "dialogues.vote": _("Vote"),
    "dialogues.commitment": _("Commitment"),
    "dialogues.dialoguerequest": _("Request for a dialogue"),
    "dialogues.requestsupport": _("Support for a request"),
    "open311.apikey": _("Open311 API key"),
    "wards.membership": _("Staff role"),
    "auth.group": _("Group of permissions"),
}

# Fields of an event's data that hold a resident's personal data, at any depth ("before"/"after" included). Their
# values are never shown on the log page; "name" is personal except on an API key's events (the key's name).
PERSONAL_FIELDS = frozenset({
    "contact_name", "contact_phone", "contact_email", "contact_address", "contact", "name", "phone", "email",
    "address", "representative_name", "representative", "signatories", "identity", "username", "ip",
    "full_name", "first_name", "last_name", "id_number",
})
NOT_PERSONAL = {"open311.apikey": frozenset({"name"})}


class Hidden:
    """A personal value the page does not show (it says so instead)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = Hidden()


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def object_label(object_type: str) -> str:
    label = OBJECT_LABELS.get(object_type)
    return str(label) if label is not None else object_type


def masked(data, *, object_type: str = "", also=frozenset()):
    """`data` with the value of every personal field (and of the fields `also`) replaced by HIDDEN (the field's name
    stays)."""
    allowed = NOT_PERSONAL.get(object_type, frozenset())
    personal = PERSONAL_FIELDS | also

    def walk(value):
        if isinstance(value, dict):
            return {key: HIDDEN if key in personal and key not in allowed and item not in (None, "")
                    else walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(data)


# --- the chain's nightly check (portal.audit.services.check_chain), on the log page and in the admins' alert ----------

BREAK_TEXTS = {
    "content": _("entry #%(id)s was changed after it was written: its content no longer matches its hash"),
    "previous": _("the chain breaks at entry #%(id)s: an entry before it was deleted or inserted"),
    "head": _("the newest entries of the log are missing (deleted)"),
}


def break_text(reason: str, event_id: int | None) -> str:
    """Where and how the chain broke, as a clause ("entry #12 was changed after it was written: …")."""
    text = BREAK_TEXTS.get(reason)
    if text is None:
        return reason
    return str(text) % {"id": event_id}
