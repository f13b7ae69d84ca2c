from django.urls import path

from picoclinic.home import views

app_name = "home"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("start/", views.start, name="start"),
    path("inbox/", views.inbox, name="inbox"),
]
