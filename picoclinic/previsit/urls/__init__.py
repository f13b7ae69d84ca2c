from django.urls import path

from picoclinic.previsit import views

app_name = "previsit"

urlpatterns = [
    path("<str:token>/", views.fill, name="fill"),
]
