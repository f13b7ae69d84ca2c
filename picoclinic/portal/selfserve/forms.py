from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

CHOOSE_TIME = _("Choose one of the times shown.")


class TimeForm(forms.Form):
    """One of the listed start times (an ISO instant). Whether it can still be had is the
    booking service's to say."""

    starts_at = forms.CharField(max_length=40, error_messages={"required": CHOOSE_TIME})

    def clean_starts_at(self) -> datetime:
        try:
            moment = datetime.fromisoformat(self.cleaned_data["starts_at"].strip())
        except ValueError:
            raise forms.ValidationError(CHOOSE_TIME) from None
        if moment.tzinfo is None:
            raise forms.ValidationError(CHOOSE_TIME)
        return moment
