"""Clinic admins set their clinic's session policy (when a doctor co-signs)."""

from __future__ import annotations

from django.contrib import admin

from picoclinic.accounts.scoping import ClinicSettingsAdmin
from picoclinic.treatments.models import TreatmentPolicy


@admin.register(TreatmentPolicy)
class TreatmentPolicyAdmin(ClinicSettingsAdmin):
    list_display = [
        "clinic",
        "cosign_all_sessions",
        "cosign_after_override",
        "cosign_after_adverse_event",
    ]
