"""Form fields shared by every app."""

from __future__ import annotations

from django import forms

# The largest id a database integer column holds (PostgreSQL bigint; SQLite raises
# OverflowError past it instead of finding nothing).
MAX_ID = 2**63 - 1


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, but an id no column can hold is "not one of the choices", never a 500."""

    def to_python(self, value):
        text = str(value).strip()
        if text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
