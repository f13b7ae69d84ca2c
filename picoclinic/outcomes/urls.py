from django.urls import path

from picoclinic.outcomes import views
from picoclinic.outcomes.models import PhotoSize

app_name = "photos"

urlpatterns = [
    # ?area=&view=&a=&b= choose the area, the view and the two photos compared.
    path("", views.photo_index, name="index"),
    # ?concern=&appointment=&area= prefill the form (e.g. from a session).
    path("new/", views.photo_new, name="new"),
    path("<int:photo_id>/", views.photo_detail, name="detail"),
    # The pictures: only through this view, behind the access helper (no public URL).
    path("<int:photo_id>/full.jpg", views.photo_image, {"size": PhotoSize.FULL}, name="full"),
    path(
        "<int:photo_id>/display.jpg",
        views.photo_image,
        {"size": PhotoSize.DISPLAY},
        name="display",
    ),
    path("<int:photo_id>/thumb.jpg", views.photo_image, {"size": PhotoSize.THUMB}, name="thumb"),
]
