from django.urls import path

from picoclinic.consent import views

app_name = "consent"

urlpatterns = [
    # ?plan=<id> takes the treatment consent for that plan's course as well.
    path("take/", views.consent_take, name="take"),
    # Hands the tablet to the patient for signing (hand-over mode), ?plan=<id> as for take/.
    path("handover/", views.consent_handover, name="handover"),
    path("<int:consent_id>/pdf/", views.consent_pdf, name="pdf"),
    path("<int:consent_id>/withdraw/", views.consent_withdraw_view, name="withdraw"),
]
