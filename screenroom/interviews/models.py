"""AI provider settings per organization, chat interview sessions, and the per-call provider log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from screenroom.orgs.models import Organization


class ProviderKind(models.TextChoices):
    NONE = "none", "None: the built-in offline interviewer and scorer"
    OPENAI_COMPATIBLE = "openai_compatible", "OpenAI-compatible API (OpenAI, Azure, vLLM, Ollama, llama.cpp)"
    ANTHROPIC = "anthropic", "Anthropic"


class AIProviderSettings(models.Model):
    """Which AI an organization's interviews use. The API key is stored encrypted (crypto.py)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="ai_provider")
    provider = models.CharField(max_length=20, choices=ProviderKind.choices, default=ProviderKind.NONE)
    base_url = models.CharField(max_length=500, blank=True)
    model = models.CharField(max_length=200, blank=True)
    api_key_encrypted = models.TextField(blank=True)
    timeout_s = models.FloatField(default=20.0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.organization}: {self.provider}"

    @property
    def has_key(self) -> bool:
        return bool(self.api_key_encrypted)

    @property
    def is_offline(self) -> bool:
        return self.provider == ProviderKind.NONE


class SessionStatus(models.TextChoices):
    ACTIVE = "active", "In progress"
    FINISHED = "finished", "Finished, being scored"
    SUBMITTED = "submitted", "Scored and submitted"


class InterviewSession(models.Model):
    """One candidate's chat interview at one stage.

    `state` is the engine's ConversationState.to_dict(), written after every turn: it holds the full
    timestamped transcript and the map of processed turn ids that makes a resent turn harmless.
    `version` is bumped on every write; a write whose version moved on meanwhile is retried, so two
    tabs (or two server processes) can never lose each other's turns.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="interview_sessions"
    )
    stage = models.ForeignKey("jobs.Stage", on_delete=models.CASCADE, related_name="interview_sessions")
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.ACTIVE)
    state = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=0)
    # The engine that answered the last turn ("offline-rules-v1", "llm:openai:gpt-x" ...).
    engine = models.CharField(max_length=120, blank=True)
    # StageScore.to_dict() once the interview is over; evaluate() reads it.
    scoring = models.JSONField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "stage"], name="unique_interview_per_stage")
        ]

    def __str__(self) -> str:
        return f"Interview {self.pk} ({self.status})"

    @property
    def transcript(self) -> list[dict[str, Any]]:
        return list(self.state.get("transcript", []))


class CallPurpose(models.TextChoices):
    INTERVIEW_TURN = "turn", "Interview turn"
    SCORING = "scoring", "Scoring"
    TRY_RUBRIC = "try_rubric", "Try your rubric"
    TEST_CONNECTION = "test", "Test connection"
    COMMAND = "command", "score_answers command"


class AICall(models.Model):
    """One call to an AI provider: what, how long, how many tokens, and whether it fell back.

    Holds a hash of the input, never the input or the key (CallLog from the engine).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        InterviewSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    stage = models.ForeignKey(
        "jobs.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(max_length=12, choices=CallPurpose.choices)
    provider = models.CharField(max_length=40)
    model = models.CharField(max_length=200)
    prompt_version = models.CharField(max_length=40, blank=True)
    input_sha256 = models.CharField(max_length=64, blank=True)
    tokens_in = models.PositiveIntegerField(null=True, blank=True)
    tokens_out = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.FloatField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=40, blank=True)
    # The offline engine answered instead (the call failed, or its quotes could not be verified).
    fallback = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "created_at"], name="aicall_org_created")]
