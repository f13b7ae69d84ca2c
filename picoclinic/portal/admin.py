"""Clinic admins set how long a side-effect report may wait before it escalates."""

from __future__ import annotations

from django.contrib import admin

from picoclinic.accounts.scoping import ClinicSettingsAdmin
from picoclinic.portal.models import SideEffectAlertPolicy


@admin.register(SideEffectAlertPolicy)
class SideEffectAlertPolicyAdmin(ClinicSettingsAdmin):
    list_display = ["clinic", "escalate_after_minutes"]
