from django.urls import path

from picoclinic.treatments import views
from picoclinic.treatments.views import events as views_events
from picoclinic.treatments.views import record as views_record

app_name = "treatments"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("start/<int:appointment_id>/", views.session_begin, name="start"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/checklist/", views.checklist_item_tick, name="tick"),
    path("<int:session_id>/checklist/override/", views.checklist_item_override, name="override"),
    path("<int:session_id>/checklist/recheck/", views.checklist_check_again, name="recheck"),
    path("<int:session_id>/history/", views_record.history_confirm, name="history"),
    path("<int:session_id>/history/unchanged/", views.history_unchanged, name="unchanged"),
    path("<int:session_id>/settings/", views_record.entry_add, name="entry_add"),
    path("<int:session_id>/settings/check/", views_record.entry_check, name="entry_check"),
    path(
        "<int:session_id>/settings/<int:entry_id>/override/",
        views_record.entry_override,
        name="entry_override",
    ),
    path(
        "<int:session_id>/settings/<int:entry_id>/delete/",
        views_record.entry_delete,
        name="entry_delete",
    ),
    path("<int:session_id>/response/", views_record.response_save, name="response"),
    path("<int:session_id>/adverse-events/", views_record.event_add, name="event_add"),
    path("<int:session_id>/sign/", views_record.sign, name="sign"),
    path("<int:session_id>/cosign/", views_record.cosign, name="cosign"),
    path("<int:session_id>/addenda/", views_record.addendum, name="addendum"),
    path("<int:session_id>/not-treated/", views.not_treated, name="not_treated"),
    # Adverse events at any time (from the chart or a follow-up task).
    path("adverse-events/new/", views_events.event_new, name="event_new"),
    path("adverse-events/<int:event_id>/", views_events.event_detail, name="event_detail"),
    path(
        "adverse-events/<int:event_id>/resolve/",
        views_events.event_resolve,
        name="event_resolve",
    ),
    path(
        "adverse-events/<int:event_id>/acknowledge/",
        views_events.event_acknowledge,
        name="event_acknowledge",
    ),
]
