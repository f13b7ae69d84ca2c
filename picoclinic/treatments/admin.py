"""Clinic admins set their clinic's session policy (when a doctor co-signs)."""

from __future__ import annotations

from django.contrib import admin

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.treatments.models import TreatmentPolicy


@admin.register(TreatmentPolicy)
class TreatmentPolicyAdmin(ClinicScopedAdmin):
    list_display = [
        "clinic",
        "cosign_all_sessions",
        "cosign_after_override",
        "cosign_after_adverse_event",
    ]

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = clinics_for_user(request.user, Capability.CONFIGURE_CLINIC)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
