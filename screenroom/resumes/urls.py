from django.urls import path

from screenroom.resumes import views

app_name = "resumes"

urlpatterns = [
    path("jobs/<int:job_id>/stages/<int:stage_id>/resume-settings/", views.stage_settings, name="settings"),
    path("jobs/<int:job_id>/resumes/import/", views.import_start, name="import"),
    path("resumes/<int:resume_id>/file/", views.resume_file, name="file"),
    path("resumes/<int:resume_id>/correct/", views.correct, name="correct"),
    path("resume-imports/<int:resume_import_id>/", views.import_status, name="import_status"),
    path("resume-imports/<int:resume_import_id>/items/<int:item_id>/", views.import_item, name="import_item"),
]
