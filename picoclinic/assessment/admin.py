from django.contrib import admin

from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.assessment.models import EmbedSetting


@admin.register(EmbedSetting)
class EmbedSettingAdmin(ClinicScopedAdmin):
    list_display = ("clinic", "allowed_origins")
