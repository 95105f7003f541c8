from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Every automated decision and every human override (compliance.md: audit log)."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="audit_entries"
    )
    application = models.ForeignKey(
        "candidates.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.ForeignKey(
        "jobs.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    automated = models.BooleanField(default=True)
    action = models.CharField(max_length=40)
    engine = models.CharField(max_length=120, blank=True)
    input_sha256 = models.CharField(max_length=64, blank=True)
    output = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "created_at"])]
