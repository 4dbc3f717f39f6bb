"""Web forms: they parse and present; the rules live in portal services."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import ContactChannel
from portal.accounts.services import normalise_contact
from portal.cases.models import NotifyBy
from portal.cases.rules import submission_errors
from portal.core.timeutil import local_today
from portal.media.validation import clean_uploads
from portal.wards.models import Area, CaseKind, Category

KIND_HELP = {
    CaseKind.FEEDBACK: _("About public life, services, roads, lighting, sanitation, administrative rules. "
                         "You may stay anonymous."),
    CaseKind.COMPLAINT: _("You disagree with a decision or act of the ward that affects your rights. "
                          "Needs your name and address; within 90 days of learning of it."),
    CaseKind.DENUNCIATION: _("You report a violation of the law by an official. Needs your name, address and "
                             "contact; your identity is kept confidential by law. Sent anonymously, it is not "
                             "processed as a denunciation but passed to the ward's leaders as an inspection lead."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        accept = "image/jpeg,image/png,image/webp,application/pdf"
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        # Empty files get through here so that clean_upload() refuses them naming the file, like every file error.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class KindRadioSelect(forms.RadioSelect):
    option_template_name = "frontend/widgets/kind_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = KIND_HELP.get(value, "")
        return option


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of case is it?"), choices=CaseKind.choices, widget=KindRadioSelect,
                             initial=CaseKind.FEEDBACK)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(),
                                      empty_label=_("— choose a category —"))
    area = forms.ModelChoiceField(label=_("Residential area"), queryset=Area.objects.none(), required=False,
                                  empty_label=_("— not sure / not applicable —"))
    title = forms.CharField(label=_("Title"), max_length=200, min_length=5,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Street light broken on Lê Lợi")}))
    description = forms.CharField(label=_("Description"), min_length=10, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("What happened, where and since when. For a complaint: which decision "
                                              "or act, and what you ask for."))
    address = forms.CharField(label=_("Address of the issue"), max_length=300, required=False)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False,
                                  widget=forms.NumberInput(attrs={"step": "any"}))
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False,
                                   widget=forms.NumberInput(attrs={"step": "any"}))
    decision_date = forms.DateField(label=_("Date you learned of the decision or act"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}),
                                    help_text=_("Complaints only. The law allows 90 days from this date."))
    decision_reference = forms.CharField(label=_("Decision or act complained about"), max_length=300,
                                         required=False, help_text=_("Complaints only: number, date, who issued it."))
    denounced_person = forms.CharField(
        label=_("Person or body denounced"), max_length=300, required=False,
        help_text=_("Denunciations only: the official's name and position, or the body. Required when you send the "
                    "denunciation anonymously."))
    evidence = forms.CharField(
        label=_("Evidence"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Denunciations only: what shows the violation (documents, photos, witnesses, where it can be "
                    "checked). An anonymous denunciation needs this description (at least 20 characters) or at least "
                    "one attached photo or document."))
    files = MultipleFileField(label=_("Photos or documents"), required=False,
                              help_text=_("Up to 5 files: photos (JPEG, PNG, WebP) or PDF, 10 MB each. "
                                          "Location data in photos is removed."))
    is_anonymous = forms.BooleanField(
        label=_("Send anonymously"), required=False,
        help_text=_("Feedback may be anonymous; a complaint may not. An anonymous denunciation is not processed or "
                    "answered as a denunciation (Law on Denunciations, Art. 25): if it names the official or body "
                    "and gives evidence, it is passed to the ward's leaders as an internal inspection lead, and you "
                    "get a tracking code only to confirm it was received."))
    contact_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    contact_phone = forms.RegexField(label=_("Phone"), regex=r"^\+?[0-9 .-]{8,20}$", max_length=32, required=False,
                                     error_messages={"invalid": _("Enter a valid phone number.")},
                                     widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    contact_email = forms.EmailField(label=_("E-mail"), required=False,
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    contact_address = forms.CharField(label=_("Your address"), max_length=300, required=False)
    notify_by = forms.ChoiceField(label=_("Notify me by"), choices=NotifyBy.choices, initial=NotifyBy.NONE,
                                  widget=forms.RadioSelect)
    signatory_count = forms.IntegerField(label=_("Number of people signing"), min_value=1, max_value=100000,
                                         initial=1)
    representative_name = forms.CharField(label=_("Representative (5 or more signatories)"), max_length=200,
                                          required=False)
    publish_consent = forms.BooleanField(
        label=_("The ward may publish my question and its answer (never my personal data)"), required=False)

    # The order of the page (case_form.html), which the error summary follows.
    field_order = ["kind", "category", "title", "description", "decision_date", "decision_reference",
                   "denounced_person", "evidence", "area",
                   "address", "latitude", "longitude", "files", "is_anonymous", "contact_name", "contact_address",
                   "contact_phone", "contact_email", "notify_by", "signatory_count", "representative_name",
                   "publish_consent"]

    def __init__(self, *args, ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.ward = ward
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["category"].label_from_instance = self._category_label
        self.fields["area"].queryset = Area.objects.filter(ward=ward).order_by("name")

    @staticmethod
    def _category_label(category):
        name = category.display_name(get_language() or "vi")
        kinds = ", ".join(str(CaseKind(k).label) for k in category.kinds if k in CaseKind.values)
        return f"{name} ({kinds})" if kinds else name

    def clean(self):
        """Show the kind rules' messages together with the field errors, so residents fix everything at once.
        The intake service checks the same rules again."""
        data = super().clean()
        errors = submission_errors(
            kind=data.get("kind") or "", is_anonymous=bool(data.get("is_anonymous")),
            contact_name=data.get("contact_name") or "", contact_address=data.get("contact_address") or "",
            contact_phone=data.get("contact_phone") or "", contact_email=data.get("contact_email") or "",
            notify_by=data.get("notify_by") or NotifyBy.NONE, decision_date=data.get("decision_date"),
            signatory_count=data.get("signatory_count") or 1,
            representative_name=data.get("representative_name") or "",
            latitude=data.get("latitude"), longitude=data.get("longitude"), today=local_today(),
            denounced_person=data.get("denounced_person") or "", evidence=data.get("evidence") or "",
            attachments=len(data.get("files") or []),
        )
        for field, messages in errors.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, messages)
        category, kind = data.get("category"), data.get("kind")
        if category is not None and kind and not category.applies_to(kind):
            self.add_error("category", _("This category does not apply to the chosen kind of case."))
        if self.errors and "files" not in self.errors:
            # The intake service checks the files (once) when the form is valid. When the form goes back with
            # errors, the browser drops the chosen files: a bad one is named now, not after they are attached again.
            file_errors = clean_uploads(data.get("files") or [])[1]
            if file_errors:
                self.add_error("files", file_errors)
        return data

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(n)s files.") % {"n": settings.UPLOAD_MAX_FILES})
        return files


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=32,
                           widget=forms.TextInput(attrs={"placeholder": "PN17-2026-000123",
                                                                "autocapitalize": "characters"}))
    token = forms.CharField(label=_("Secret code"), max_length=128,
                            help_text=_("The secret part of the link you received when you filed the case."))


class ResidentSignInForm(forms.Form):
    channel = forms.ChoiceField(label=_("Send me a code by"), choices=ContactChannel.choices,
                                initial=ContactChannel.EMAIL, widget=forms.RadioSelect)
    contact = forms.CharField(label=_("E-mail address or phone number"), max_length=254,
                              widget=forms.TextInput(attrs={"autocomplete": "username"}))

    def clean(self):
        data = super().clean()
        if data.get("channel") and data.get("contact"):
            try:
                data["contact"] = normalise_contact(data["channel"], data["contact"])
            except forms.ValidationError as exc:
                self.add_error("contact", exc)
        return data


class OneTimeCodeForm(forms.Form):
    code = forms.RegexField(label=_("The 6-digit code"), regex=r"^\s*\d{6}\s*$",
                            error_messages={"invalid": _("Enter the 6 digits of the code.")},
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class ResidentMessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 — very satisfied")), (4, _("4 — satisfied")), (3, _("3 — acceptable")),
                 (2, _("2 — unsatisfied")), (1, _("1 — very unsatisfied"))],
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    text = forms.CharField(label=_("Why do you withdraw the case?"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("I withdraw this case. I understand the ward will stop handling it."))


class EscalateForm(forms.Form):
    text = forms.CharField(label=_("Why do you take the complaint to the next level?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, strip=True,
        help_text=_("Six digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )

    def __init__(self, *args, backup_codes: bool = True, **kwargs):
        """`backup_codes=False` at set-up, where the user has no backup codes yet (they are made after it)."""
        super().__init__(*args, **kwargs)
        if not backup_codes:
            self.fields["code"].help_text = _("The six digits your authenticator app shows now.")
