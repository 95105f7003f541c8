"""Staff pages (under /app/): AI provider settings, the chat stage builder, and "Try your rubric"."""

from django.urls import path

from screenroom.interviews import views

app_name = "interviews"

_stage = "jobs/<int:job_id>/stages/<int:stage_id>/chat/"

urlpatterns = [
    path("settings/ai/", views.provider_settings, name="provider_settings"),
    path("settings/ai/test/", views.provider_test, name="provider_test"),
    path(_stage + "save/", views.builder_save, name="builder_save"),
    path(_stage + "try/", views.try_rubric, name="try_rubric"),
]
