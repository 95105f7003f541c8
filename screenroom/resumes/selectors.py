"""Reads for resumes: the one on file for a candidate, staff lookups scoped to an organization."""

from __future__ import annotations

from django.db.models import QuerySet

from screenroom.candidates.models import Application
from screenroom.orgs.models import Organization
from screenroom.resumes.models import ImportItemStatus, Resume, ResumeImport, ResumeImportItem


def resume_on_file(*, application: Application) -> Resume | None:
    """The latest resume that arrived with this application (import, API or an earlier upload)."""
    return Resume.objects.filter(application=application).order_by("-created_at", "-id").first()


def resume_for_staff(*, organization: Organization, resume_id: int) -> Resume | None:
    return (
        Resume.objects.filter(organization=organization, pk=resume_id).select_related("application").first()
    )


def import_for_staff(*, organization: Organization, import_id: int) -> ResumeImport | None:
    return ResumeImport.objects.filter(organization=organization, pk=import_id).select_related("job").first()


def import_item_for_staff(
    *, organization: Organization, import_id: int, item_id: int
) -> ResumeImportItem | None:
    return (
        ResumeImportItem.objects.filter(
            resume_import__organization=organization, resume_import_id=import_id, pk=item_id
        )
        .select_related("resume_import__job", "resume")
        .first()
    )


def import_items(*, resume_import: ResumeImport) -> QuerySet[ResumeImportItem]:
    return resume_import.items.exclude(status=ImportItemStatus.PENDING).order_by("id")
