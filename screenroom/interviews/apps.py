from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    """The chat interview stage, AI provider settings, and the Django side of the interviewer engine."""

    name = "screenroom.interviews"
    label = "interviews"
    default_auto_field = "django.db.models.BigAutoField"
