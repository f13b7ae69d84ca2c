from django.urls import path

from picoclinic.portal import views
from picoclinic.portal.selfserve import views as selfserve

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("side-effects/", views.side_effect_new, name="side_effects"),
    path("appointments/", selfserve.appointments, name="appointments"),
    path("appointments/book/<int:plan_item_id>/", selfserve.book, name="book"),
    path("appointments/<int:appointment_id>/move/", selfserve.move, name="move"),
    path("appointments/<int:appointment_id>/cancel/", selfserve.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/waitlist/", selfserve.waitlist, name="waitlist"),
    path("offers/<int:offer_id>/", selfserve.offer, name="offer"),
    path("link/<str:token>/", selfserve.reminder_link, name="reminder_link"),
]
