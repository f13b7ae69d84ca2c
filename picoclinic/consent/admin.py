"""Consent texts in the admin: a clinic admin writes versions for their own clinics.

Saving an edited text publishes a new version (``consent_text_publish``); the version that was
open stays exactly as it was, so every patient who signed it keeps what they read.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.consent.models import ConsentText
from picoclinic.consent.services import consent_text_publish

NEW_VERSION_SAVED = "Saved as version {new}. Version {old} is kept unchanged for the record."
NOTHING_CHANGED = "Nothing was changed, so no new version was made."
CONFIRMED = _("%(count)s starter texts confirmed: each is now published as your own version.")
BODY_HELP = (
    "Shown to the patient exactly as written. Leave a blank line between paragraphs; a single "
    "line break starts a new line. For a treatment text, the plan's course (concerns, "
    "sessions, interval) is added below it automatically."
)
EDIT_HELP = (
    "Saving publishes a new version (the next number) for new consents. This version stays "
    "exactly as it is: patients who signed it keep what they read."
)


@admin.register(ConsentText)
class ConsentTextAdmin(ClinicScopedAdmin):
    list_display = ["title", "kind", "version", "signed", "review", "clinic", "created_at"]
    list_filter = ["clinic", "kind"]
    actions = ["confirm_reviewed"]
    search_fields = ["title"]
    ordering = ["clinic", "kind", "-version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signed_count=Count("records"))

    @admin.display(boolean=True, description=_("Starter text to review"))
    def review(self, obj) -> bool:
        return obj.starter

    @admin.action(description=_("Confirm the selected starter texts as reviewed"))
    def confirm_reviewed(self, request, queryset):
        """A starter text, read and accepted as it is, is published again as the admin's own
        version: the record then says who took it on, and it is no longer "to review"."""
        count = 0
        for text in queryset.filter(starter=True):
            newest = ConsentText.objects.filter(clinic=text.clinic, kind=text.kind).first()
            if newest is not None and newest.pk == text.pk:
                consent_text_publish(
                    actor=request.user,
                    clinic=text.clinic,
                    kind=text.kind,
                    title=text.title,
                    body=text.body,
                )
                count += 1
        self.message_user(request, CONFIRMED % {"count": count}, messages.SUCCESS)

    @admin.display(description="Times signed")
    def signed(self, obj) -> int:
        return obj.signed_count

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["clinic", "kind", "title", "body"]})]
        return [
            (None, {"fields": ["clinic", "kind", "version", "created_at", "created_by"]}),
            ("Text", {"fields": ["title", "body"], "description": EDIT_HELP}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["clinic", "kind", "version", "created_at", "created_by"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.widget = forms.Textarea(attrs={"rows": 22, "cols": 90})
            field.help_text = BODY_HELP
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = self._clinics(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        # Only a version nobody signed, one at a time (e.g. a draft published by mistake).
        if obj is None or obj.records.exists():
            return False
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        original = ConsentText.objects.get(pk=obj.pk) if change else None
        if original is not None and (original.title, original.body) == (
            data["title"].strip(),
            data["body"].strip(),
        ):
            request.consent_new_version = original
            return
        text = consent_text_publish(
            actor=request.user,
            clinic=original.clinic if original else data["clinic"],
            kind=original.kind if original else data["kind"],
            title=data["title"],
            body=data["body"],
        )
        request.consent_new_version = text
        if not change:
            obj.pk, obj.version, obj.created_at = text.pk, text.version, text.created_at
            obj._state.adding = False

    def log_change(self, request, obj, message):
        new = getattr(request, "consent_new_version", None)
        if new is not None and new.pk != obj.pk:
            return self.log_addition(request, new, [{"added": {}}])
        return None

    def response_change(self, request, obj):
        new = getattr(request, "consent_new_version", None)
        if new is None:
            return super().response_change(request, obj)
        if new.pk == obj.pk:
            self.message_user(request, NOTHING_CHANGED, messages.INFO)
        else:
            text = NEW_VERSION_SAVED.format(new=new.version, old=obj.version)
            self.message_user(request, text, messages.SUCCESS)
        if "_continue" in request.POST:
            return HttpResponseRedirect(reverse("admin:consent_consenttext_change", args=[new.pk]))
        return HttpResponseRedirect(reverse("admin:consent_consenttext_changelist"))
