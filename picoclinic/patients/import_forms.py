"""The forms of the patient import: the file, then its columns and date order."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.patients.imports import COLUMNS, MAX_BYTES, TOO_LARGE, DateOrder

NOT_IN_FILE = ""
REQUIRED_COLUMN = _("Choose the file's column for %(label)s: it is needed.")
USED_TWICE = _("This column is already chosen for %(label)s.")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of patients"),
        help_text=_("Up to 2 MB. Saved from Excel or your previous system as CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        return upload


class ImportMappingForm(forms.Form):
    """One choice per column of ours: which of the file's columns holds it (or none)."""

    date_order = forms.ChoiceField(label=_("Dates in the file"), choices=DateOrder.CHOICES)

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, _("— not in the file —"))] + [
            (str(i), name or _("(column %(n)s, no name)") % {"n": i + 1})
            for i, name in enumerate(header)
        ]
        for column in COLUMNS:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label, choices=choices, required=False
            )

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for column in COLUMNS:
            value = cleaned.get(column.key, NOT_IN_FILE)
            if value == NOT_IN_FILE:
                if column.required:
                    self.add_error(column.key, REQUIRED_COLUMN % {"label": column.label})
                continue
            if value in used:
                self.add_error(column.key, USED_TWICE % {"label": used[value]})
            used[value] = column.label
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {
            c.key: int(self.cleaned_data[c.key]) if self.cleaned_data[c.key] else None
            for c in COLUMNS
        }


def mapping_initial(mapping: dict, date_order: str) -> dict:
    initial = {
        key: (str(index) if index is not None else NOT_IN_FILE) for key, index in mapping.items()
    }
    return initial | {"date_order": date_order}
