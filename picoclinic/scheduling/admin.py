"""Configuration of scheduling by clinic admins: hours, closures, rooms, lasers, practitioners,
appointment types and booking rules. Each admin sees and edits only their own clinics."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, User
from picoclinic.accounts.roles import Capability
from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.scheduling.forms.config import AppointmentTypeForm, DeviceForm, PractitionerForm
from picoclinic.scheduling.models import (
    AppointmentType,
    Closure,
    Device,
    DeviceDowntime,
    Leave,
    OpeningHours,
    Practitioner,
    Room,
    SchedulingPolicy,
    WorkingHours,
)
from picoclinic.scheduling.setup_cache import setup_changed

REVIEWED = _("%(count)s confirmed as reviewed.")


class _ScopedChoices:
    """Foreign keys to a clinic offer only the admin's clinics (superusers: all)."""

    def _admin_clinics(self, request):
        return clinics_for_user(request.user, Capability.CONFIGURE_CLINIC)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            clinics = self._admin_clinics(request)
            if db_field.name == "clinic":
                kwargs["queryset"] = clinics
            elif db_field.name == "device":
                kwargs["queryset"] = Device.objects.filter(clinic__in=clinics)
            elif db_field.name == "practitioner":
                kwargs["queryset"] = _practitioners_of(clinics)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _practitioners_of(clinics):
    return Practitioner.objects.filter(user__memberships__clinic__in=clinics).distinct()


def _shared_beyond(practitioner: Practitioner | None, clinics) -> bool:
    """Does ``practitioner`` also work (an active membership) at a clinic outside ``clinics``?
    Then whether they are active, who they are and their leave are the whole organisation's:
    only the owner changes them, not one clinic's admin."""
    if practitioner is None or practitioner.user_id is None:
        return False
    working = Membership.objects.filter(user_id=practitioner.user_id, is_active=True)
    return working.exclude(clinic__in=clinics).exists()


def _owned_by_admin(request, practitioner: Practitioner | None) -> bool:
    if request.user.is_superuser:
        return True
    clinics = clinics_for_user(request.user, Capability.CONFIGURE_CLINIC)
    return not _shared_beyond(practitioner, clinics)


class ConfigAdmin(_ScopedChoices, ClinicScopedAdmin):
    """Clinic admins add and remove their clinic's configuration rows themselves."""

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReviewedOnSave:
    """Starter content ("review before use") counts as reviewed once an admin saves it, or
    confirms it from the list."""

    actions = ["confirm_reviewed"]

    def save_model(self, request, obj, form, change):
        obj.needs_review = False
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected as reviewed"))
    def confirm_reviewed(self, request, queryset):
        count = queryset.filter(needs_review=True).update(needs_review=False)
        setup_changed()  # update() sends no signals
        self.message_user(request, REVIEWED % {"count": count}, messages.SUCCESS)

    @admin.display(boolean=True, description=_("Review before use"))
    def review(self, obj) -> bool:
        return obj.needs_review


class ResourceAdmin(ConfigAdmin):
    # Rooms and lasers carry booking history: retire them (untick "active"), never delete.
    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(OpeningHours)
class OpeningHoursAdmin(ConfigAdmin):
    list_display = ["clinic", "weekday", "opens", "closes"]
    list_filter = ["clinic", "weekday"]


@admin.register(Closure)
class ClosureAdmin(ReviewedOnSave, ConfigAdmin):
    list_display = ["clinic", "starts_on", "ends_on", "reason", "review"]
    list_filter = ["clinic", "needs_review"]
    date_hierarchy = "starts_on"


@admin.register(Room)
class RoomAdmin(ResourceAdmin):
    list_display = ["name", "clinic", "is_active"]
    list_filter = ["clinic", "is_active"]
    fields = ["clinic", "name", "is_active"]


class DeviceDowntimeInline(_ScopedChoices, admin.TabularInline):
    model = DeviceDowntime
    extra = 0
    fields = ["kind", "starts_at", "ends_at", "note"]


@admin.register(Device)
class DeviceAdmin(ResourceAdmin):
    form = DeviceForm
    list_display = [
        "name",
        "model_name",
        "clinic",
        "wavelengths_nm",
        "cleanup_minutes",
        "is_active",
    ]
    list_filter = ["clinic", "is_active"]
    fields = [
        "clinic",
        "name",
        "model_name",
        "serial_number",
        "wavelengths_nm",
        "handpieces",
        "cleanup_minutes",
        "is_active",
    ]
    inlines = [DeviceDowntimeInline]


@admin.register(AppointmentType)
class AppointmentTypeAdmin(ReviewedOnSave, ResourceAdmin):
    form = AppointmentTypeForm
    list_display = [
        "name",
        "clinic",
        "kind",
        "duration_minutes",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "needs_room",
        "needs_device",
        "is_active",
        "review",
    ]
    list_filter = ["clinic", "kind", "is_active", "needs_review"]


@admin.register(SchedulingPolicy)
class SchedulingPolicyAdmin(ConfigAdmin):
    list_display = [
        "clinic",
        "slot_minutes",
        "min_notice_minutes",
        "online_booking",
        "online_min_notice_minutes",
        "online_max_per_contact",
    ]


class WorkingHoursInline(_ScopedChoices, admin.TabularInline):
    model = WorkingHours
    extra = 0
    fields = ["clinic", "weekday", "starts", "ends"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(clinic__in=self._admin_clinics(request))


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0
    fields = ["starts_at", "ends_at", "reason"]


@admin.register(Practitioner)
class PractitionerAdmin(ResourceAdmin):
    """A practitioner is one resource for the whole organisation; an admin sees those who hold
    a membership at one of their clinics, and edits their hours at those clinics only."""

    clinic_path = "user__memberships__clinic"
    form = PractitionerForm
    list_display = ["name", "user", "is_active"]
    list_filter = ["is_active"]
    fields = ["user", "name", "appointment_types", "indications", "is_active"]
    filter_horizontal = ["appointment_types"]
    inlines = [WorkingHoursInline, LeaveInline]
    organisation_fields = ["user", "name", "indications", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not _owned_by_admin(request, obj):
            readonly += self.organisation_fields
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            clinics = self._admin_clinics(request)
            kwargs["queryset"] = User.objects.filter(memberships__clinic__in=clinics).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "appointment_types" and not request.user.is_superuser:
            kwargs["queryset"] = AppointmentType.objects.filter(
                clinic__in=self._admin_clinics(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # The form offers only this admin's clinics' types; keep those of other clinics, which
        # saving the form would otherwise silently remove.
        kept = []
        if change and not request.user.is_superuser:
            kept = list(
                form.instance.appointment_types.exclude(clinic__in=self._admin_clinics(request))
            )
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.appointment_types.add(*kept)


@admin.register(Leave)
class LeaveAdmin(ConfigAdmin):
    clinic_path = "practitioner__user__memberships__clinic"
    list_display = ["practitioner", "starts_at", "ends_at", "reason"]
    date_hierarchy = "starts_at"

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "practitioner" and not request.user.is_superuser:
            # Leave stops bookings at every clinic: only for those working at this admin's only.
            clinics = self._admin_clinics(request)
            elsewhere = Membership.objects.filter(is_active=True).exclude(clinic__in=clinics)
            field.queryset = field.queryset.exclude(user__in=elsewhere.values("user_id"))
        return field

    def has_change_permission(self, request, obj=None):
        owned = obj is None or _owned_by_admin(request, obj.practitioner)
        return super().has_change_permission(request, obj) and owned

    def has_delete_permission(self, request, obj=None):
        owned = obj is None or _owned_by_admin(request, obj.practitioner)
        return super().has_delete_permission(request, obj) and owned
