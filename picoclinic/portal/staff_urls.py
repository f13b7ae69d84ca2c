"""Staff actions on what patients report through the portal (mounted under the patient)."""

from django.urls import path

from picoclinic.portal import views

app_name = "side_effects"

urlpatterns = [
    path("<int:report_id>/", views.side_effect_detail, name="detail"),
    path("<int:report_id>/acknowledge/", views.side_effect_acknowledge, name="acknowledge"),
    path("<int:report_id>/close/", views.side_effect_close, name="close"),
]
