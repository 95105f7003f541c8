from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "screenroom.dashboard"
    label = "dashboard"
    default_auto_field = "django.db.models.BigAutoField"
