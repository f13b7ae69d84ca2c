"""The front desk's recall list; the lead includes it at /recalls/ (app_name "recalls")."""

from django.urls import path

from picoclinic.outcomes.recalls import views as recall_views

app_name = "recalls"

urlpatterns = [
    # ?state=overdue|due|upcoming|contacted|booked|closed filters the list.
    path("", recall_views.recall_index, name="index"),
    path(
        "<int:recall_id>/<str:action>/",
        recall_views.recall_action,
        name="action",
    ),
]
