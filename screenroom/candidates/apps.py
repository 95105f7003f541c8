from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "screenroom.candidates"
    label = "candidates"
    default_auto_field = "django.db.models.BigAutoField"
