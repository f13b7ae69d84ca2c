from django.urls import path

from picoclinic.patients import import_views, views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_new, name="new"),
    path("import/", import_views.import_start, name="import"),
    path("import/template.csv", import_views.import_template, name="import_template"),
    path("import/<int:import_id>/", import_views.import_review, name="import_review"),
    path("<int:patient_id>/", views.patient_chart, name="chart"),
    path("<int:patient_id>/edit/", views.patient_edit, name="edit"),
]
