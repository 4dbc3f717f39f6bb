"""How a case's state reads to a resident, in plain words."""

from django.utils.translation import gettext_lazy as _

from .models import CaseState

STATE_EXPLANATIONS = {
    CaseState.RECEIVED: _("The ward has received your case and will decide whether to accept it for handling."),
    CaseState.ACCEPTED: _("The ward has accepted your case and will handle it within the legal time limit."),
    CaseState.IN_PROGRESS: _("An officer is working on your case."),
    CaseState.NEEDS_INFO: _("The ward needs more information from you. The time limit is paused until you reply."),
    CaseState.SUSPENDED: _("Handling is suspended for a legal reason. The time limit restarts when it resumes."),
    CaseState.ANSWERED: _("The ward has answered. Please read the answer and rate it."),
    CaseState.CLOSED: _("The case is closed."),
    CaseState.REJECTED: _("The ward did not accept the case. The reason is given in the timeline."),
    CaseState.TRANSFERRED: _("The case was forwarded to the body competent to handle it."),
    CaseState.MERGED: _("The case was merged with another case about the same matter."),
    CaseState.WITHDRAWN: _("You withdrew the case."),
    CaseState.REOPENED: _("The case was reopened and will be looked at again."),
    CaseState.ESCALATED: _("The complaint was taken to the next level."),
}


def state_explanation(state: str):
    return STATE_EXPLANATIONS.get(state, "")
