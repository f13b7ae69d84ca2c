from django.urls import path

from picoclinic.invitations import views

app_name = "portal_login"

urlpatterns = [
    path("", views.patient_portal_login, name="manage"),
]
