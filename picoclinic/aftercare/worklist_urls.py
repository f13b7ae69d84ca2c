from django.urls import path

from picoclinic.aftercare import views

app_name = "worklist"

urlpatterns = [
    path("", views.worklist_page, name="list"),
    path("<int:task_id>/done/", views.task_mark_done, name="done"),
]
