from django.urls import path

from picoclinic.consent import views

app_name = "consent"

urlpatterns = [
    # ?plan=<id> takes the treatment consent for that plan's course as well.
    path("take/", views.consent_take, name="take"),
    path("<int:consent_id>/pdf/", views.consent_pdf, name="pdf"),
    path("<int:consent_id>/withdraw/", views.consent_withdraw_view, name="withdraw"),
]
