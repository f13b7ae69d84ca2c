from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "picoclinic.assessment"
    verbose_name = _("Is one session enough? (public self-assessment)")
