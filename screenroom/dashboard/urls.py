from django.urls import path

from screenroom.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_home, name="settings"),
    path("audit/", views.audit_log, name="audit"),
    path("jobs/<int:job_id>/", views.job_candidates, name="job"),
    path("jobs/<int:job_id>/export.<str:fmt>", views.export, name="export"),
    path("applications/<int:application_id>/", views.report, name="report"),
    path("applications/<int:application_id>/decide/", views.decide, name="decide"),
]
