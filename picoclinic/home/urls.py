from django.urls import path

from picoclinic.clinics import views

app_name = "clinics"

urlpatterns = [
    path("today/", views.today, name="today"),
]
