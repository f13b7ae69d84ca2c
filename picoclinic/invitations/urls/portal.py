from django.urls import path

from picoclinic.invitations import views

app_name = "portal_login_close"

urlpatterns = [
    path("", views.portal_login_close, name="close"),
]
