from django.urls import path

from screenroom.jobs import views

app_name = "jobs"

_stage = "jobs/<int:job_id>/stages/<int:stage_id>/"
_question = _stage + "questions/<str:question_id>/"

urlpatterns = [
    path("jobs/new/", views.job_create, name="create"),
    path("jobs/<int:job_id>/edit/", views.job_edit, name="edit"),
    path("jobs/<int:job_id>/status/", views.job_status, name="status"),
    path("jobs/<int:job_id>/preview/", views.job_preview, name="preview"),
    path("jobs/<int:job_id>/pipeline/", views.pipeline, name="pipeline"),
    path("jobs/<int:job_id>/pipeline/add/", views.stage_add, name="stage_add"),
    path("jobs/<int:job_id>/pipeline/reorder/", views.stage_reorder, name="stage_reorder"),
    path(_stage, views.stage_builder, name="stage"),
    path(_stage + "settings/", views.stage_update, name="stage_update"),
    path(_stage + "move/", views.stage_move, name="stage_move"),
    path(_stage + "delete/", views.stage_delete, name="stage_delete"),
    path(_stage + "intro/", views.stage_intro, name="stage_intro"),
    path(_stage + "questions/new/", views.question_save, name="question_create"),
    path(_stage + "questions/reorder/", views.question_reorder, name="question_reorder"),
    path(_question, views.question_save, name="question_update"),
    path(_question + "delete/", views.question_delete, name="question_delete"),
    path(_question + "move/", views.question_move, name="question_move"),
]
