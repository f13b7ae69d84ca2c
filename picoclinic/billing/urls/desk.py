from django.urls import path

from picoclinic.billing.views import desk

app_name = "billing_desk"

urlpatterns = [
    path("takings/", desk.takings, name="takings"),
    path("takings.csv", desk.takings_export, name="takings_csv"),
    path("prices/", desk.prices, name="prices"),
]
