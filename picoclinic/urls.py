from django.contrib import admin
from django.urls import include, path

from picoclinic.api.v1 import api
from picoclinic.home.views import first_run, home
from picoclinic.invitations.views import invite_landing
from picoclinic.web import errors

admin.site.site_header = "picoclinic configuration"
admin.site.site_title = "picoclinic"
admin.site.index_title = "Configuration and audit"

urlpatterns = [
    path("", home, name="home"),
    path("setup/", first_run, name="first_run"),
    path("accounts/", include("picoclinic.accounts.urls")),
    path("clinic/", include("picoclinic.home.urls")),
    path("patients/", include("picoclinic.patients.urls")),
    path("patients/<int:patient_id>/portal-login/", include("picoclinic.invitations.urls.patient")),
    path("patients/<int:patient_id>/consultations/", include("picoclinic.consultations.urls")),
    path("patients/<int:patient_id>/plans/", include("picoclinic.plans.urls")),
    path("patients/<int:patient_id>/consents/", include("picoclinic.consent.urls")),
    path("reviews/", include("picoclinic.plans.urls.review")),
    path("patients/<int:patient_id>/sessions/", include("picoclinic.treatments.urls")),
    path("patients/<int:patient_id>/aftercare/", include("picoclinic.aftercare.urls")),
    path("patients/<int:patient_id>/photos/", include("picoclinic.outcomes.urls")),
    path("patients/<int:patient_id>/side-effects/", include("picoclinic.portal.urls.staff")),
    path("patients/<int:patient_id>/billing/", include("picoclinic.billing.urls")),
    path("billing/", include("picoclinic.billing.urls.desk")),
    path("worklist/", include("picoclinic.aftercare.urls.worklist")),
    path("recalls/", include("picoclinic.outcomes.recalls.urls")),
    path("schedule/", include("picoclinic.scheduling.urls")),
    path("book/", include("picoclinic.scheduling.urls.public")),
    path("assess/", include("picoclinic.assessment.urls")),
    path("me/questionnaire/", include("picoclinic.previsit.urls.portal")),
    path("me/close-login/", include("picoclinic.invitations.urls.portal")),
    path("me/", include("picoclinic.portal.urls")),
    path("before-your-visit/", include("picoclinic.previsit.urls")),
    path("api/v1/", api.urls),
    path("api/", include("picoclinic.api.urls")),
    path("staff/", include("picoclinic.invitations.urls")),
    path("invite/<str:token>/", invite_landing, name="invite"),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
