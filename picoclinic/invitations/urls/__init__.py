from django.urls import path

from picoclinic.invitations import views

app_name = "invitations"

urlpatterns = [
    path("", views.staff_list, name="staff"),
    path("<int:membership_id>/", views.staff_member, name="member"),
    path("<int:membership_id>/end/", views.staff_member_end, name="member_end"),
    path(
        "invitations/<int:invitation_id>/resend/",
        views.staff_invitation_action,
        {"action": "resend"},
        name="invitation_resend",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        views.staff_invitation_action,
        {"action": "revoke"},
        name="invitation_revoke",
    ),
]
