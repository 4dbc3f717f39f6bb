"""Forms of the disclosure pages: they parse and present; the rules live in portal.disclosures (rules, services)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.disclosures.models import DisclosureCategory, DisclosureForm, DisclosureState
from portal.disclosures.services import DisclosureInput
from portal.wards.models import Ward

from .forms import MultipleFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CategoryField(forms.ModelChoiceField):
    """A disclosure category, named by its item of Art. 11 and its name in the page's language."""

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.display_name(get_language() or 'vi')}"


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("e.g. “ngân sách” (budget)")}))
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=Ward.objects.filter(is_active=True), required=False,
                                  to_field_name="code", empty_label=_("All wards"))
    category = CategoryField(label=_("Category"), queryset=DisclosureCategory.objects.all(), required=False,
                             to_field_name="number", empty_label=_("All categories"))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("Any state")), (DisclosureState.POSTED, _("Being posted")),
        (DisclosureState.ENDED, _("Posting ended")), (DisclosureState.WITHDRAWN, _("Withdrawn"))])
    posted_from = forms.DateField(label=_("Posted from"), required=False, widget=DATE)
    posted_to = forms.DateField(label=_("Posted until"), required=False, widget=DATE)


class HoneypotMixin(forms.Form):
    # Spam bots fill every field; people never see this one (hidden by CSS, skipped by keyboard and screen readers).
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def is_spam(self) -> bool:
        return bool(self["website"].value())


class ResidentPostForm(HoneypotMixin):
    body = forms.CharField(label=_("Your text"), min_length=5, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    author_name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    show_name = forms.BooleanField(label=_("Show my name with my text"), required=False)
    contact = forms.CharField(label=_("Phone or e-mail (optional, kept private)"), required=False, max_length=200,
                              help_text=_("Only the ward's staff see it, to contact you if needed."))


class DisclosureEditForm(forms.Form):
    category = CategoryField(label=_("Category (Law on Grassroots Democracy Art. 11)"),
                             queryset=DisclosureCategory.objects.all(), empty_label=_("— choose a category —"))
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Content (Markdown)"), required=False, max_length=50000,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("**bold**, *italic*, lists with -, tables; HTML is not allowed."))
    decision_date = forms.DateField(label=_("Date of the decision"), widget=DATE)
    decision_reference = forms.CharField(label=_("Decision number"), required=False, max_length=100)
    posting_start = forms.DateField(label=_("Posted from"), widget=DATE)
    posting_end = forms.DateField(label=_("Posted until"), required=False, widget=DATE,
                                  help_text=_("Leave empty for a permanent posting."))
    loudspeaker_days = forms.IntegerField(label=_("Days on the loudspeaker"), required=False, min_value=0,
                                          max_value=365)
    files = MultipleFileField(label=_("Attachments (PDF or images)"), required=False)
    notice_photo = forms.FileField(label=_("Photo of the posted notice (optional)"), required=False,
                                   widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    # Last: the field's name shadows the forms module in this class body.
    forms = forms.MultipleChoiceField(label=_("Forms of disclosure"), choices=DisclosureForm.choices,
                                      widget=forms.CheckboxSelectMultiple, initial=[DisclosureForm.PORTAL,
                                                                                     DisclosureForm.OFFICE_BOARD])

    field_order = ["category", "title", "body", "decision_date", "decision_reference", "posting_start",
                   "posting_end", "forms", "loudspeaker_days", "files", "notice_photo"]

    def to_input(self) -> DisclosureInput:
        data = self.cleaned_data
        return DisclosureInput(
            category=data["category"], title=data["title"], body=data["body"], decision_date=data["decision_date"],
            decision_reference=data["decision_reference"], posting_start=data["posting_start"],
            posting_end=data["posting_end"], forms=list(data["forms"]), loudspeaker_days=data["loudspeaker_days"],
            files=data["files"], notice_photo=data["notice_photo"])


class CorrectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Content (Markdown)"), required=False, max_length=50000,
                           widget=forms.Textarea(attrs={"rows": 10}))
    reason = forms.CharField(label=_("What is corrected and why"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("Further attachments (PDF or images)"), required=False)
    notice_photo = forms.FileField(label=_("Photo of the posted notice (optional)"), required=False,
                                   widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(forms.Form):
    question = forms.CharField(label=_("What residents are asked"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    opens_on = forms.DateField(label=_("Comments from"), widget=DATE)
    closes_on = forms.DateField(label=_("Comments until"), widget=DATE,
                                help_text=_("At least 20 days (Law on Grassroots Democracy Arts. 25–28)."))


class SynthesisForm(forms.Form):
    synthesis = forms.CharField(label=_("Synthesis of the comments"), max_length=50000,
                                widget=forms.Textarea(attrs={"rows": 6}))
    explanation = forms.CharField(label=_("What the ward took up, and why not the rest"), max_length=50000,
                                  widget=forms.Textarea(attrs={"rows": 6}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Public answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
