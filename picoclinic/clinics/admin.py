from django.contrib import admin

from picoclinic.clinics.models import Clinic, Organisation
from picoclinic.web.admin import ClinicScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    clinic_path = "pk"
    list_display = ["name", "code", "organisation", "time_zone", "phone"]
    list_filter = ["organisation"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # A clinic's code is printed in every patient number: only the owner changes it.
        return [] if request.user.is_superuser else ["organisation", "code"]
