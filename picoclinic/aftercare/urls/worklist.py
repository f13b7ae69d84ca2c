from django.urls import path

from picoclinic.aftercare import views
from picoclinic.treatments.views import events as views_events

app_name = "worklist"

urlpatterns = [
    path("", views.worklist_page, name="list"),
    path("<int:task_id>/done/", views.task_mark_done, name="done"),
    # The clinic's adverse events needing attention, beside the follow-up calls.
    path("adverse-events/", views_events.events_page, name="adverse_events"),
]
