from django.apps import AppConfig


class FormStageConfig(AppConfig):
    """An app only so its templates are found; its settings live in Stage.config."""

    name = "screenroom.stages.form"
    label = "stages_form"
