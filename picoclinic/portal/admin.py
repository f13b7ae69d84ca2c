"""Clinic admins set how long a side-effect report may wait before it escalates."""

from __future__ import annotations

from django.contrib import admin

from picoclinic.portal.models import SideEffectAlertPolicy
from picoclinic.web.admin import ClinicPolicyAdmin


@admin.register(SideEffectAlertPolicy)
class SideEffectAlertPolicyAdmin(ClinicPolicyAdmin):
    list_display = ["clinic", "escalate_after_minutes"]
