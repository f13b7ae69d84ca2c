from django.urls import path

from picoclinic.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("side-effects/", views.side_effect_new, name="side_effects"),
]
