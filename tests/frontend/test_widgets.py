"""FastSelect renders what Django's Select renders (same options, attributes, selection, optgroups, escaping)."""

import re

import pytest
from django import forms

from frontend.widgets import FastSelect

CHOICES = [("", "— any —"), ("1", "Phường <Bến> \"Nghé\""), ("2", "Đèn đường & chiếu sáng"),
           ("Nhóm <b>", [("3", "Rác"), ("4", "Nước")]), (5, "Số")]


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "1", "3", 5, "không-có"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x", "required": True, "disabled": False, "data-x": "a\"b"}])
def test_fast_select_renders_what_django_renders(value, attrs):
    ours = FastSelect(choices=CHOICES).render("ward", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("ward", value, attrs=attrs)
    assert normalised(ours) == normalised(django)


def test_values_and_labels_are_escaped():
    html = FastSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("x", None)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;&gt;&lt;script&gt;" in html


def test_a_form_field_keeps_its_value_and_validation():
    class F(forms.Form):
        ward = forms.ChoiceField(choices=CHOICES, widget=FastSelect, required=False)

    form = F({"ward": "2"})
    assert form.is_valid() and form.cleaned_data["ward"] == "2"
    assert '<option value="2" selected>' in str(form["ward"])
    assert not F({"ward": "99"}).is_valid()
