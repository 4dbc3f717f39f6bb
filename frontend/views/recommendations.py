"""Recommendations of the People's Inspection Board: supervisors file them, leaders answer within 15 days."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.cases import recommendations as service
from portal.cases.models import Case
from portal.cases.permissions import scope_of
from portal.core.errors import DomainError
from portal.core.timeutil import local_today
from portal.wards.models import Role, Ward


class RecommendationForm(forms.Form):
    ward = forms.ModelChoiceField(label=_lazy("Ward"), queryset=Ward.objects.none())
    case_code = forms.CharField(label=_lazy("About case (tracking code, optional)"), max_length=32, required=False)
    title = forms.CharField(label=_lazy("Title"), max_length=200)
    body = forms.CharField(label=_lazy("Recommendation"), widget=forms.Textarea(attrs={"rows": 5}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_lazy("The ward's answer"), widget=forms.Textarea(attrs={"rows": 5}))


def _wards_where(user, role):
    scope = scope_of(user)
    return Ward.objects.filter(pk__in=[w for w, r in scope.roles.items() if r == role])


@login_required
def recommendation_list(request):
    scope = scope_of(request.user)
    if not any(r in (Role.LEADER, Role.SUPERVISOR) for r in scope.roles.values()):
        raise PermissionDenied
    supervised = _wards_where(request.user, Role.SUPERVISOR)
    form = RecommendationForm(request.POST or None)
    form.fields["ward"].queryset = supervised
    if request.method == "POST":
        if not supervised.exists():
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            case = None
            if data["case_code"]:
                case = Case.objects.filter(tracking_code=data["case_code"].strip().upper(), ward=data["ward"]).first()
                if case is None:
                    form.add_error("case_code", _("No case with this code in the ward."))
            if not form.errors:
                try:
                    service.file_recommendation(ward=data["ward"], actor=request.user, title=data["title"],
                                                body=data["body"], case=case)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    messages.success(request, _("The recommendation was sent to the ward's leaders."))
                    return redirect("frontend:recommendations")
    items = list(service.recommendations_for(request.user)[:200])
    return render(request, "frontend/recommendations.html", {
        "items": items, "form": form, "can_file": supervised.exists(), "today": local_today(),
        "answer_form": AnswerForm(),
    }, status=400 if form.errors else 200)


@login_required
def recommendation_answer(request, pk):
    rec = service.recommendations_for(request.user).filter(pk=pk).first()
    if rec is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.answer_recommendation(recommendation=rec, actor=request.user, answer=form.cleaned_data["answer"])
        except (DomainError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
        else:
            messages.success(request, _("Your answer was recorded and sent to the board."))
    return redirect("frontend:recommendations")
