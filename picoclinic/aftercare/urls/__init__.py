from django.urls import path

from picoclinic.aftercare import views

app_name = "aftercare"

urlpatterns = [
    path("<int:sheet_id>/", views.sheet_detail, name="sheet"),
    path("<int:sheet_id>/pdf/", views.sheet_download, name="pdf"),
]
