from django.apps import AppConfig


class StagesConfig(AppConfig):
    name = "screenroom.stages"
    label = "stages"
    default_auto_field = "django.db.models.BigAutoField"
