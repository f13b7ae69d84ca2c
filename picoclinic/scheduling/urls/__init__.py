from django.urls import path

from picoclinic.scheduling import views
from picoclinic.scheduling.views import hours as views_hours
from picoclinic.scheduling.views import ical as views_ical
from picoclinic.scheduling.views import move as views_move
from picoclinic.scheduling.views import requests as views_requests
from picoclinic.scheduling.views import series as views_series

app_name = "scheduling"

_one = "patients/<int:patient_id>/appointments/<int:appointment_id>"

urlpatterns = [
    path("", views.day_calendar, name="day"),
    path("week/", views.week_calendar, name="week"),
    path("book/", views.book_find_patient, name="book"),
    path("my-calendar/", views_ical.my_calendar, name="my_calendar"),
    path("clinics/<int:clinic_id>/hours/", views_hours.opening_hours, name="hours"),
    path(
        "clinics/<int:clinic_id>/hours/practitioners/<int:practitioner_id>/",
        views_hours.working_hours,
        name="working_hours",
    ),
    # The patient's own appointment, from the portal (patient login; their own only).
    path("mine/<int:appointment_id>/calendar.ics", views_ical.my_appointment_ics, name="my_ics"),
    path("requests/<int:appointment_id>/", views_requests.request_view, name="request"),
    # A calendar app fetches this without logging in: the secret token is the key.
    path("feeds/<str:token>.ics", views_ical.feed, name="feed"),
    path("patients/<int:patient_id>/appointments/", views.patient_appointments, name="patient"),
    path("patients/<int:patient_id>/appointments/new/", views.appointment_new, name="new"),
    path(
        "patients/<int:patient_id>/appointments/series/<int:item_id>/",
        views_series.series_view,
        name="series",
    ),
    path(f"{_one}/move/", views_move.appointment_move, name="move"),
    path(f"{_one}/calendar.ics", views_ical.appointment_ics_view, name="ics"),
    path(f"{_one}/cancel/", views.appointment_cancel_view, name="cancel"),
    path(f"{_one}/no-show/", views.appointment_no_show_view, name="no_show"),
    path(f"{_one}/check-in/", views.appointment_check_in_view, name="check_in"),
]
