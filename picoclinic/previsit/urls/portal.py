from django.urls import path

from picoclinic.previsit import views

app_name = "previsit_portal"

urlpatterns = [
    path("<int:questionnaire_id>/", views.mine, name="mine"),
]
