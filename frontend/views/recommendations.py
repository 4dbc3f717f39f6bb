"""Recommendations of the People's Inspection Board: supervisors file them, leaders answer within 15 days.

A refused form (filing or answering) comes back on the page with its errors and the typed text, as HTTP 400 (403 when
the domain refuses the user), as the desk's forms do; only a success redirects, with a message.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.cases import recommendations as service
from portal.cases.models import Case, RecommendationState
from portal.cases.permissions import scope_of
from portal.core.errors import DomainError
from portal.core.timeutil import local_today
from portal.wards.models import Role, Ward

from .refusals import put_refusal

# The longest recommendation or answer, as the desk's texts (frontend.desk_forms.TextForm): a clear error, not a
# page of megabytes for every leader and supervisor of the ward.
TEXT_MAX = 10000

# The service's names for what the filing form calls otherwise.
_FILING_FIELDS = {"case": "case_code"}


class RecommendationForm(forms.Form):
    ward = forms.ModelChoiceField(label=_lazy("Ward"), queryset=Ward.objects.none(),
                                  empty_label=_lazy("— choose the ward —"))
    case_code = forms.CharField(label=_lazy("About case (tracking code, optional)"), max_length=32, required=False)
    title = forms.CharField(label=_lazy("Title"), max_length=200)
    body = forms.CharField(label=_lazy("Recommendation"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, ward_ids, **kwargs):
        """`ward_ids`: the wards where the user is a supervisor. With one, it is chosen already."""
        if len(ward_ids) == 1:
            kwargs.setdefault("initial", {"ward": ward_ids[0]})
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.filter(pk__in=ward_ids)
        if len(ward_ids) == 1:
            self.fields["ward"].empty_label = None


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_lazy("The ward's answer"), max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             error_messages={"required": _lazy("Write the ward's answer.")})


def _answer_form(rec, data=None) -> AnswerForm:
    # one form per recommendation on the page: ids of its own
    return AnswerForm(data, auto_id=f"id_rec{rec.pk}_%s")


def _wards_where(user, role) -> list[int]:
    return sorted(w for w, r in scope_of(user).roles.items() if r == role)


def _require_board_member(user) -> None:
    if not scope_of(user).on_recommendations:
        raise PermissionDenied


@login_required
def recommendation_list(request):
    _require_board_member(request.user)
    supervised = _wards_where(request.user, Role.SUPERVISOR)
    if request.method != "POST":
        return _page(request, form=RecommendationForm(ward_ids=supervised))
    if not supervised:
        raise PermissionDenied
    form = RecommendationForm(request.POST, ward_ids=supervised)
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
            except PermissionDenied as exc:
                put_refusal(form, exc, _("You may not do this."))
                return _page(request, form=form, status=403)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                    exc = ValidationError({_FILING_FIELDS.get(name, name): errors
                                           for name, errors in exc.error_dict.items()})
                put_refusal(form, exc)
            else:
                messages.success(request, _("The recommendation was sent to the ward's leaders."))
                return redirect("frontend:recommendations")
    return _page(request, form=form, status=400)


@login_required
def recommendation_answer(request, pk):
    rec = service.recommendations_for(request.user).filter(pk=pk).first()
    if rec is None:
        raise Http404
    if request.method != "POST":
        return redirect("frontend:recommendations")
    form = _answer_form(rec, request.POST)
    if form.is_valid():
        try:
            service.answer_recommendation(recommendation=rec, actor=request.user, answer=form.cleaned_data["answer"])
        except PermissionDenied as exc:
            put_refusal(form, exc, _("You may not do this."))
            return _page(request, answering=(rec.pk, form), status=403)
        except (DomainError, ValidationError) as exc:
            put_refusal(form, exc)
        else:
            messages.success(request, _("Your answer was recorded and sent to the board."))
            return redirect("frontend:recommendations")
    return _page(request, answering=(rec.pk, form), status=400)


def _page(request, *, form=None, answering=None, status=200):
    """The list with the filing form (supervisors) and an answer form on each open recommendation of a ward the user
    leads; `answering`: (recommendation id, the refused answer form), shown on its recommendation whatever its
    state now, so that the typed answer is never lost."""
    user = request.user
    supervised = _wards_where(user, Role.SUPERVISOR)
    led = set(_wards_where(user, Role.LEADER))
    if form is None:
        form = RecommendationForm(ward_ids=supervised)
    failed_pk, failed = answering or (None, None)
    items = list(service.recommendations_for(user)[:200])
    if failed_pk is not None and all(r.pk != failed_pk for r in items):
        items.insert(0, service.recommendations_for(user).get(pk=failed_pk))
    for rec in items:
        if rec.pk == failed_pk:
            rec.answer_form = failed
        elif rec.state == RecommendationState.OPEN and rec.ward_id in led:
            rec.answer_form = _answer_form(rec)
        else:
            rec.answer_form = None
    service.mask_for_reader(user, items)  # a denouncer named in them is not the board's to read
    error = _("Please correct the form below.") if status == 400 else (
        _("You may not do this.") if status == 403 else "")
    return render(request, "frontend/recommendations.html", {
        "items": items, "form": form, "can_file": bool(supervised), "today": local_today(), "error": error,
        "failed_pk": failed_pk,
    }, status=status)
