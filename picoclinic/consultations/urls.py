from django.urls import path

from picoclinic.consultations import views
from picoclinic.consultations.sections import Section

app_name = "consultations"

CONSULTATION = "<int:consultation_id>/"
CONCERN = f"{CONSULTATION}concerns/<int:concern_id>/"

urlpatterns = [
    path("new/", views.consultation_new, name="new"),
    path(CONSULTATION, views.consultation_workspace, name="workspace"),
    *(
        path(
            f"{CONSULTATION}{section.value.replace('_', '-')}/",
            views.section_save,
            {"section": section.value},
            name=f"save_{section.value}",
        )
        for section in Section
    ),
    path(f"{CONSULTATION}concerns/", views.concern_create, name="concern_add"),
    path(CONCERN, views.concern_update, name="concern_save"),
    path(f"{CONCERN}remove/", views.concern_delete, name="concern_remove"),
    path(f"{CONSULTATION}screening/", views.screening_run, name="screening"),
    path(f"{CONSULTATION}complete/", views.consultation_finish, name="complete"),
    path(
        f"{CONSULTATION}reported/<int:reported_item_id>/",
        views.reported_decide,
        name="reported_decide",
    ),
]
