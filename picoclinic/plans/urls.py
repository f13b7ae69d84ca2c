from django.urls import path

from picoclinic.plans import views, views_course

app_name = "plans"

urlpatterns = [
    path("new/", views.plan_new, name="new"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/details/", views.plan_details_edit, name="details"),
    path("<int:plan_id>/items/<int:item_id>/", views.plan_item_edit, name="item"),
    path("<int:plan_id>/instructions/", views.plan_instructions_edit, name="instructions"),
    path("<int:plan_id>/submit/", views.plan_submit, name="submit"),
    path("<int:plan_id>/approve/", views.plan_approve, name="approve"),
    path("<int:plan_id>/return/", views.plan_return, name="return"),
    path("<int:plan_id>/start/", views.plan_start, name="start"),
    path("<int:plan_id>/complete/", views.plan_complete, name="complete"),
    path("<int:plan_id>/stop/", views.plan_stop, name="stop"),
    path("<int:plan_id>/pdf/", views.plan_pdf, name="pdf"),
    path(
        "<int:plan_id>/items/<int:item_id>/course/",
        views_course.course_change,
        name="course_change",
    ),
    path(
        "<int:plan_id>/course-changes/<int:change_id>/decide/",
        views_course.course_change_decide,
        name="course_change_decide",
    ),
]
