from django.urls import path

from picoclinic.home import setup_views, views

app_name = "home"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("start/", views.start, name="start"),
    path("inbox/", views.inbox, name="inbox"),
    path("setup/<int:clinic_id>/", setup_views.setup, name="setup"),
    path("setup/<int:clinic_id>/starter/", setup_views.starter, name="starter"),
    path("setup/<int:clinic_id>/copy/", setup_views.copy, name="copy"),
]
