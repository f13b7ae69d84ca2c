from django.urls import path

from picoclinic.outcomes import views
from picoclinic.outcomes.models import PhotoSize
from picoclinic.outcomes.scores import views as score_views
from picoclinic.outcomes.summary import views as summary_views

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

# Outcome scores and progress (issue #7 items 3-4): see score_views.
urlpatterns += [
    path("scores/", score_views.score_list, name="scores"),
    # ?item=<plan item>&scale=<scale id> choose the concern and the scale.
    path("scores/new/", score_views.score_new, name="score_new"),
    # ?item=&scale= and the scale's inputs: the computed score, live as it is typed (htmx).
    path("scores/preview/", score_views.score_preview, name="score_preview"),
    path("progress/", score_views.progress, name="progress"),
    # The patient's course summary (staff and the patient themselves).
    path("summary/<int:plan_id>.pdf", summary_views.course_summary_pdf, name="summary"),
]
