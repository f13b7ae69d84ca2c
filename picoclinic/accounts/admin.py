from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from picoclinic.accounts.models import Membership, User
from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.clinics.models import Clinic, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["clinic"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "is_superuser"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


# The organisation and its clinics are configured here, beside the roles that scope who may.
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
