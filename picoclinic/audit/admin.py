from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.audit.models import AuditEvent


class PatientFilter(admin.SimpleListFilter):
    """Filter by one patient (``?patient=<id>``) without listing every patient as a choice."""

    title = "patient"
    parameter_name = "patient"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, f"Patient #{value}")] if value and value.isdigit() else []

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(patient_id=int(value))
        return queryset


class ActorFilter(PatientFilter):
    title = "user"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, f"User #{value}")] if value and value.isdigit() else []

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(actor_id=int(value))
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only browsing of the audit trail by patient, user, action, clinic and date.

    A clinic admin sees the events about their clinics' patients and, for events about no
    patient, those naming their clinics; sign-ins (no patient, no clinic) are for the owner.
    """

    list_display = ["at", "actor_label", "action", "summary", "patient", "clinic"]
    list_filter = [PatientFilter, ActorFilter, "action", "clinic", "at"]
    date_hierarchy = "at"
    search_fields = ["patient__patient_number", "actor__email", "actor_label", "summary"]
    list_select_related = ["patient", "clinic"]
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    change_list_template = "admin/audit/auditevent/change_list.html"

    def get_urls(self):
        verify = self.admin_site.admin_view(self.verify_view)
        return [path("verify/", verify, name="audit_auditevent_verify"), *super().get_urls()]

    def verify_view(self, request):
        """The owner checks the hash chain (``audit/chain.py``) and copies its head to keep
        elsewhere. Clinic admins read their clinics' entries but not the whole chain."""
        from picoclinic.audit.chain import seal, verify

        if not request.user.is_superuser:
            raise PermissionDenied
        seal()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Verify the audit trail"),
            "opts": self.model._meta,
            "report": verify(),
        }
        return TemplateResponse(request, "admin/audit/verify.html", context)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # By the event's subject, never by who acted: staff who also work at other clinics
        # must not carry those clinics' patients into this admin's view.
        clinics = clinics_for_user(request.user, Capability.VIEW_AUDIT)
        return queryset.filter(
            Q(patient__clinic__in=clinics) | Q(patient__isnull=True, clinic__in=clinics)
        )

    def has_module_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (user.is_superuser or clinics_for_user(user, Capability.VIEW_AUDIT).exists())
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
