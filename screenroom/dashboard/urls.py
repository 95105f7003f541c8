from django.urls import path

from screenroom.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_home, name="settings"),
    path("applications/<int:application_id>/", views.report, name="report"),
]
