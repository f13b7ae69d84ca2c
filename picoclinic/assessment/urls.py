"""The public self-assessment, mounted at /assess/ (no login)."""

from django.urls import path

from picoclinic.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.assess, name="assess"),
    path("book/", views.book_with_answers, name="book"),
]
