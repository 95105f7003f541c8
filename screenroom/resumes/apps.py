from django.apps import AppConfig


class ResumesConfig(AppConfig):
    """The Resume stage type, stored resumes, recruiter corrections and bulk import.

    The parsing itself is the pure-Python ``engine`` package; this app is its Django side.
    """

    name = "screenroom.resumes"
    label = "resumes"
    default_auto_field = "django.db.models.BigAutoField"
