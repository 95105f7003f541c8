"""Stored resumes, recruiter corrections of their parsed fields, and bulk imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ResumeSource(models.TextChoices):
    CANDIDATE = "candidate", "Uploaded by the candidate"
    IMPORT = "import", "Bulk import"
    API = "api", "API"


class Resume(models.Model):
    """One uploaded file and what the engine read from it.

    ``text`` is only what a reader sees; every evidence span indexes into it. Hidden text is kept
    apart (``hidden``) so it can be shown to a human but never counts in screening.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="resumes")
    # Empty while a bulk-imported file waits for the recruiter to type the candidate's contact details.
    application = models.ForeignKey(
        "candidates.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="resumes"
    )
    source = models.CharField(max_length=10, choices=ResumeSource.choices, default=ResumeSource.CANDIDATE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=8, help_text="Detected from the content: pdf, docx, txt or rtf")
    pages = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(blank=True, help_text="The visible text")
    hidden = models.JSONField(default=list, blank=True, help_text="Text a reader cannot see, with why")
    metadata = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    profile = models.JSONField(default=dict, blank=True, help_text="As parsed, with evidence spans")
    engine_version = models.CharField(max_length=80)
    as_of = models.DateField(help_text="The day 'Present' meant when it was parsed; re-screening keeps it")
    parse_errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["application", "-created_at"], name="resume_application_latest")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.kind, "application/octet-stream")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "rtf": "application/rtf",
}


class ResumeCorrection(models.Model):
    """A recruiter's fix to one parsed field. Screening re-runs with every correction applied in order."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ResumeImport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Reading resumes"
        DONE = "done", "Finished"

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="resume_imports"
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="resume_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    send_email = models.BooleanField(
        default=True, help_text="Invite each candidate by email as they are created"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total_files = models.PositiveIntegerField(default=0)
    processed_files = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def percent(self) -> int:
        return int(100 * self.processed_files / self.total_files) if self.total_files else 100


class ImportItemStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    INVITED = "invited", "Candidate created"
    REVIEW = "review", "Needs contact details"
    ERROR = "error", "Could not be used"
    SKIPPED = "skipped", "Skipped by a recruiter"


class ResumeImportItem(models.Model):
    """One file of a bulk import. ``source`` is a stored upload; ``member`` names a file inside a ZIP."""

    resume_import = models.ForeignKey(ResumeImport, on_delete=models.CASCADE, related_name="items")
    filename = models.CharField(max_length=255)
    source = models.CharField(max_length=300, blank=True)
    member = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=8, choices=ImportItemStatus.choices, default=ImportItemStatus.PENDING
    )
    message = models.CharField(max_length=500, blank=True)
    resume = models.ForeignKey(Resume, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    application = models.ForeignKey(
        "candidates.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    found_name = models.CharField(max_length=200, blank=True)
    found_email = models.CharField(max_length=254, blank=True)
    found_phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
