"""Public working-day calculator (SPEC §3): a GET form, so it works without JavaScript and results can be linked."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.core.timeutil import local_today
from portal.deadlines.services import MAX_CALCULATOR_DAYS, calculate_working_days
from portal.wards.models import Ward


class CalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("Start date"),
        help_text=_("The day the period starts from, e.g. the day the ward received your case. It is not counted."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    days = forms.IntegerField(
        label=_("Number of working days"), min_value=0, max_value=MAX_CALCULATOR_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    ward = forms.ModelChoiceField(
        label=_("Ward"), queryset=Ward.objects.filter(is_active=True).only("code", "name"), to_field_name="code",
        required=False, empty_label=_("Whole city (no ward's own days off)"),
        help_text=_("A ward may have its own days off on top of the national calendar."),
    )


def calculator(request):
    submitted = any(name in request.GET for name in CalculatorForm.base_fields)
    form = CalculatorForm(request.GET if submitted else None, initial={"start": local_today(), "days": 10})
    result = None
    status = 200
    if submitted:
        if form.is_valid():
            try:
                result = calculate_working_days(
                    start=form.cleaned_data["start"], days=form.cleaned_data["days"], ward=form.cleaned_data["ward"]
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
        if result is None:
            status = 400
    return render(request, "frontend/calendar.html", {"form": form, "result": result}, status=status)
