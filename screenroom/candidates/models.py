from django.conf import settings
from django.db import models

from screenroom.jobs.models import Job, Stage
from screenroom.orgs.models import Organization


class Candidate(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=20, blank=True, help_text="E.164")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "email"], name="unique_candidate_email_per_org")
        ]
        # The dashboard sorts a job's candidates by name: walking this index stops after one page.
        indexes = [models.Index(fields=["organization", "name"], name="candidate_org_name")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ApplicationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    OPENED = "opened", "Opened"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    ADVANCED = "advanced", "Advanced"
    DISQUALIFIED = "disqualified", "Disqualified"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Source(models.TextChoices):
    MANUAL = "manual", "Added by a recruiter"
    CSV = "csv", "CSV upload"
    API = "api", "API"
    PREVIEW = "preview", "Preview"


class Application(models.Model):
    """A candidate in one job's pipeline; also the invitation (its token is the personal link)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        max_length=14, choices=ApplicationStatus.choices, default=ApplicationStatus.INVITED
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    is_preview = models.BooleanField(default=False)

    token = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    email_status = models.CharField(max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    email_error = models.CharField(max_length=500, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    current_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overall_score = models.PositiveSmallIntegerField(null=True, blank=True)
    flagged = models.BooleanField(default=False, help_text="A dealbreaker failed on a stage that only flags.")
    accommodation_requested = models.BooleanField(default=False)

    invited_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    disqualified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "candidate"], name="unique_application_per_job")
        ]
        indexes = [
            models.Index(fields=["job", "is_preview", "status"]),
            models.Index(fields=["job", "is_preview", "invited_at"]),
            models.Index(fields=["job", "is_preview", "overall_score"]),
            models.Index(fields=["status", "reminders_sent"]),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.job}"


class StageResultStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    PASSED = "passed", "Passed"
    FLAGGED = "flagged", "Passed with flags"
    FAILED = "failed", "Failed a dealbreaker"


class StageResult(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_results")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="results")
    status = models.CharField(
        max_length=12, choices=StageResultStatus.choices, default=StageResultStatus.IN_PROGRESS
    )
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    evaluation = models.JSONField(default=dict)
    engine = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "stage"], name="unique_result_per_stage")
        ]
        # The dashboard's funnel counts results per stage and status from this index alone.
        indexes = [models.Index(fields=["stage", "status"], name="stageresult_stage_status")]


class EventKind(models.TextChoices):
    INVITED = "invited", "Invited"
    EMAIL_SENT = "email_sent", "Email sent"
    EMAIL_FAILED = "email_failed", "Email failed"
    REMINDER_SENT = "reminder_sent", "Reminder sent"
    OPENED = "opened", "Opened the link"
    CONSENTED = "consented", "Consented"
    ACCOMMODATION = "accommodation", "Requested an accommodation"
    STAGE_STARTED = "stage_started", "Stage started"
    STAGE_FINISHED = "stage_finished", "Stage finished"
    DISQUALIFIED = "disqualified", "Disqualified"
    COMPLETED = "completed", "Completed"
    OVERRIDDEN = "overridden", "Decision overridden"
    REJECTED = "rejected", "Rejected"
    ADVANCED = "advanced", "Advanced"
    REVOKED = "revoked", "Link revoked"
    RESENT = "resent", "Invitation resent"


class Event(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ConsentRecord(models.Model):
    """What the candidate was shown and agreed to, kept as evidence (compliance.md: notices and consent)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(max_length=40)
    notice_sha256 = models.CharField(max_length=64)
    channel = models.CharField(max_length=16, default="web")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AccommodationRequest(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="accommodations")
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
