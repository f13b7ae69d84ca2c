"""The public booking page, mounted at /book/ (no login)."""

from django.urls import path

from picoclinic.scheduling.views import public as views_public

app_name = "booking"

urlpatterns = [
    path("", views_public.book, name="book"),
    # The signed token is the key: whoever holds the link sees and may cancel the request.
    path("requests/<str:request_token>/", views_public.request_page, name="request"),
    path(
        "requests/<str:request_token>/calendar.ics",
        views_public.request_calendar,
        name="request_ics",
    ),
]
