from django.urls import path

from picoclinic.plans.views import review as review_views

app_name = "reviews"

urlpatterns = [
    path("", review_views.review_queue, name="queue"),
]
