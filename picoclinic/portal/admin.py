"""Clinic admins set how long a side-effect report may wait before it escalates."""

from __future__ import annotations

from django.contrib import admin

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.portal.models import SideEffectAlertPolicy


@admin.register(SideEffectAlertPolicy)
class SideEffectAlertPolicyAdmin(ClinicScopedAdmin):
    list_display = ["clinic", "escalate_after_minutes"]

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = clinics_for_user(request.user, Capability.CONFIGURE_CLINIC)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
