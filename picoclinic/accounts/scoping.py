"""Admin building blocks: clinic admins configure only their own clinics."""

from __future__ import annotations

from django.contrib import admin

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import clinics_for_user


class ClinicScopedAdmin(admin.ModelAdmin):
    """Superusers see everything; a clinic admin sees rows of the clinics they administer.

    Subclasses name the path from the model to its clinic in ``clinic_path``.
    """

    clinic_path = "clinic"
    capability = Capability.CONFIGURE_CLINIC

    def _clinics(self, request):
        return clinics_for_user(request.user, self.capability)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.clinic_path}__in": self._clinics(request)})

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or self._clinics(request).exists()

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
