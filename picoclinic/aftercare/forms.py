from __future__ import annotations

from django import forms

from picoclinic.aftercare.selectors import Show


class DoneForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": "What was said or done (optional)"}),
    )
    show = forms.ChoiceField(choices=[(s, s) for s in Show.ALL], required=False)
