"""Inspection leads at the desk (/can-bo/tin-nac-danh/): anonymous denunciations, read by the ward's leaders only.

Law on Denunciations Art. 25(2): an anonymous denunciation is not processed as a denunciation; one that names the
violator and gives evidence is a lead the head of the body inspects within its competence or passes on. Officers
(the official it names may be one of them) and supervisors get the desk's 403 page on the list and a 404 on a lead;
every list, lead and file a leader opens is an audit event (portal.cases.leads).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from portal.cases import leads as service
from portal.cases.models import CaseState, LeadOutcome
from portal.cases.permissions import lead_ward_ids
from portal.core.errors import DomainError

from .desk import desk_required


class LeadOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_lazy("What was done with the lead"), choices=LeadOutcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": service.OUTCOME_REQUIRED})
    note = forms.CharField(label=_lazy("Note (internal)"), max_length=service.NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_lazy("Who inspects it, which body it was passed to, or why it is filed. Never "
                                           "shown to the sender."),
                           error_messages={"required": service.NOTE_REQUIRED})


@desk_required
def lead_list(request):
    """The inspection leads of the wards the user leads; `?all=1` shows those decided on too."""
    if not lead_ward_ids(request.user):
        return render(request, "frontend/desk/leads_forbidden.html", status=403)
    show_all = request.GET.get("all") == "1"
    page = service.read_list(actor=request.user, pending=not show_all, page=request.GET.get("page"))
    return render(request, "frontend/desk/leads.html", {"page": page, "rows": page.object_list,
                                                         "show_all": show_all})


def _lead_page(request, code, *, form=None, status=200):
    lead = service.read_lead(actor=request.user, code=code)
    if lead is None:
        raise Http404
    decision = service.decision_of(lead)
    if form is None and lead.state == CaseState.RECEIVED:
        form = LeadOutcomeForm()
    return render(request, "frontend/desk/lead.html", {"lead": lead, "attachments": list(lead.attachments.all()),
                                                        "decision": decision, "form": form}, status=status)


@desk_required
def lead_page(request, code):
    return _lead_page(request, code)


@desk_required
@require_POST
def lead_outcome(request, code):
    lead = service.lead_for(request.user, code)
    if lead is None:
        raise Http404
    form = LeadOutcomeForm(request.POST)
    if form.is_valid():
        try:
            service.record_outcome(actor=request.user, lead=lead, outcome=form.cleaned_data["outcome"],
                                   note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return _lead_page(request, code, form=form, status=403)
        else:
            messages.success(request, _("What was done with the lead is recorded."))
            return redirect("frontend:desk-lead", code=lead.tracking_code)
    return _lead_page(request, code, form=form, status=400)


@desk_required
def lead_attachment(request, code, attachment_id):
    item = service.read_attachment(actor=request.user, code=code, attachment_id=attachment_id)
    if item is None:
        raise Http404
    return FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=item.kind != "image",
                        filename=item.original_name or item.file.name)
