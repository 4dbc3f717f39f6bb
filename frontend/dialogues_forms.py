"""Forms of the dialogue pages. They parse input only; the rules live in portal.dialogues.services."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dialogues.models import CommitmentStatus, DialogueRequest, SessionKind, SessionState
from portal.dialogues.rules import MAX_CAPACITY
from portal.dialogues.services import CAPACITY_LIMIT_MESSAGE
from portal.wards.models import Area, Department, Ward


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class Moments:
    """The start and end of a session from its date and times, in the ward's time zone."""

    def moments(self):
        data = self.cleaned_data
        starts = timezone.make_aware(dt.datetime.combine(data["date"], data["start"]))
        ends = timezone.make_aware(dt.datetime.combine(data["date"], data["end"])) if data.get("end") else None
        return starts, ends


class ScheduleForm(Moments, forms.Form):
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=Ward.objects.none())
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends at (optional)"), widget=TimeInput(), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=300)
    online_link = forms.URLField(label=_("Online link (optional)"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    capacity = forms.IntegerField(label=_("Seats (empty for no limit)"), required=False, min_value=1,
                                  max_value=MAX_CAPACITY, error_messages={"max_value": CAPACITY_LIMIT_MESSAGE})
    area = forms.ModelChoiceField(label=_("Residential area (annual conference)"), queryset=Area.objects.none(),
                                  required=False)
    case_code = forms.CharField(label=_("Complaint's tracking code (complaint dialogue)"), max_length=32,
                                required=False)
    late_reason = forms.CharField(label=_("Reason for a late announcement"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Needed only when the notice the law asks can no longer be given."))
    request = forms.ModelChoiceField(label=_("Answers residents' request for a dialogue (optional)"),
                                     queryset=DialogueRequest.objects.none(), required=False)

    def __init__(self, *args, ward_ids=(), **kwargs):
        """`ward_ids`: the wards the user leads. With one, it is chosen already (as the recommendations' form)."""
        ward_ids = list(ward_ids)
        if len(ward_ids) == 1:
            kwargs.setdefault("initial", {"ward": ward_ids[0]})
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.filter(pk__in=ward_ids)
        self.fields["ward"].empty_label = None if len(ward_ids) == 1 else _("— choose the ward —")
        self.fields["area"].queryset = Area.objects.filter(ward_id__in=ward_ids).select_related("ward")
        self.fields["request"].queryset = open_requests(ward_ids)


def open_requests(ward_ids):
    """Requests for a dialogue that no session answers yet (or only a cancelled one), in the given wards."""
    return (DialogueRequest.objects.filter(ward_id__in=ward_ids)
            .filter(Q(session__isnull=True) | Q(session__state=SessionState.CANCELLED))
            .order_by("-created_at", "-pk"))


class EditSessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    venue = forms.CharField(label=_("Venue"), max_length=300)
    online_link = forms.URLField(label=_("Online link (optional)"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    capacity = forms.IntegerField(label=_("Seats (empty for no limit)"), required=False, min_value=1,
                                  max_value=MAX_CAPACITY, error_messages={"max_value": CAPACITY_LIMIT_MESSAGE})
    reason = forms.CharField(label=_("Reason for the change (public)"), widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_session(cls, session):
        return cls(initial={name: getattr(session, name) for name in
                            ("title", "venue", "online_link", "agenda", "capacity")}, prefix="edit")


class RescheduleForm(Moments, forms.Form):
    date = forms.DateField(label=_("New date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends at (optional)"), widget=TimeInput(), required=False)
    reason = forms.CharField(label=_("Reason for the change (public)"), widget=forms.Textarea(attrs={"rows": 2}))
    late_reason = forms.CharField(label=_("Reason for a late announcement"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Needed only when the notice the law asks can no longer be given."))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why the session does not take place (public)"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class LinkRequestForm(forms.Form):
    request = forms.ModelChoiceField(label=_("Residents' request for a dialogue"),
                                     queryset=DialogueRequest.objects.none())

    def __init__(self, *args, ward_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = open_requests([ward_id])


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into question number"), min_value=1)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class TopicForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=120, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes (Markdown)"), widget=forms.Textarea(attrs={"rows": 10}))
    scan = forms.FileField(label=_("Signed scan of the minutes (PDF or photo)"), required=False)


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Commitment"), max_length=300)
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=Department.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    question = forms.IntegerField(label=_("Answers question number (optional)"), required=False, min_value=1)

    def __init__(self, *args, ward_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(ward_id=ward_id)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    note = forms.CharField(label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestForm(forms.Form):
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=Ward.objects.filter(is_active=True))
    title = forms.CharField(label=_("Subject"), max_length=200)
    reason = forms.CharField(label=_("Why a dialogue is needed"), widget=forms.Textarea(attrs={"rows": 4}))
