from django.db import models

from screenroom.orgs.models import Organization


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERNSHIP = "internship", "Internship"


class DisqualifiedBehavior(models.TextChoices):
    SHOW_MESSAGE = "show_message", "Show a message that requirements were not met"
    SILENT = "silent", "Do not tell; the candidate simply does not move forward"


DEFAULT_DISQUALIFIED_MESSAGE = (
    "Thank you for your time. Based on your answers, you do not meet the requirements for this role."
)


class Job(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    remote = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD", blank=True)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.DRAFT)
    welcome_message = models.TextField(blank=True, help_text="Overrides the organization's welcome message.")
    disqualified_behavior = models.CharField(
        max_length=16, choices=DisqualifiedBehavior.choices, default=DisqualifiedBehavior.SHOW_MESSAGE
    )
    disqualified_message = models.TextField(default=DEFAULT_DISQUALIFIED_MESSAGE)
    link_expiry_days = models.PositiveIntegerField(default=14)
    reminder_after_days = models.PositiveIntegerField(default=3)
    reminder_max = models.PositiveIntegerField(default=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def location_label(self) -> str:
        if self.remote and self.location:
            return f"{self.location} or remote"
        return "Remote" if self.remote else self.location

    @property
    def salary_label(self) -> str:
        if self.salary_min and self.salary_max:
            return f"{self.salary_min:,}–{self.salary_max:,} {self.salary_currency}"
        if self.salary_min:
            return f"from {self.salary_min:,} {self.salary_currency}"
        if self.salary_max:
            return f"up to {self.salary_max:,} {self.salary_currency}"
        return ""


class Stage(models.Model):
    """One step of a job's pipeline. `config` is owned and validated by the stage type."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    enforce_criteria = models.BooleanField(
        default=True, help_text="On: failing a dealbreaker disqualifies. Off: failures are flagged only."
    )
    config = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["job", "position"])]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.name}"
