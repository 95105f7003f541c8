"""Bulk import: many resume files or a ZIP become candidates, with a review step for unreadable contacts.

The upload is checked in the request (ZIP directory: entry count, declared sizes, nested archives)
and stored as is; the worker unpacks and reads each file with hard caps, so a ZIP whose directory
lies about its sizes is stopped by the inflate cap, not trusted. One file's failure is that file's
error; the rest of the batch goes on.
"""

from __future__ import annotations

import io
import secrets
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from screenroom.audit.services import audit_record
from screenroom.candidates.contact import ContactError, clean_contact
from screenroom.candidates.models import Source
from screenroom.candidates.services import DuplicateApplication, application_invite
from screenroom.jobs.models import Job
from screenroom.resumes.config import upload_limits
from screenroom.resumes.engine import ResumeReadError
from screenroom.resumes.models import ImportItemStatus, ResumeImport, ResumeImportItem, ResumeSource
from screenroom.resumes.services import _safe_name, resume_attach, resume_create

ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".jar")
SKIPPED_PREFIXES = ("__MACOSX/",)


class ImportRefused(ValueError):
    """The whole upload is refused; nothing was stored."""


@dataclass
class PlannedFile:
    filename: str
    data: bytes
    members: list[str]  # for a ZIP: the files inside it to read; empty for a loose file


def import_max_files() -> int:
    return int(getattr(settings, "RESUME_IMPORT_MAX_FILES", 500))


def _max_total() -> int:
    return int(getattr(settings, "RESUME_IMPORT_MAX_BYTES", 200 * 1024 * 1024))


def _is_docx(names: set[str]) -> bool:
    return "word/document.xml" in names


def plan_upload(files: list[tuple[str, bytes]]) -> list[PlannedFile]:
    """Check what was uploaded before anything is stored. Raises ``ImportRefused`` with a message."""
    if not files:
        raise ImportRefused("Choose one or more resume files, or a ZIP of them.")
    planned: list[PlannedFile] = []
    count = 0
    total = 0
    for filename, data in files:
        if data.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    infos = zf.infolist()
            except (zipfile.BadZipFile, ValueError):
                raise ImportRefused(f"{filename}: the ZIP file is damaged and could not be opened.") from None
            names = {i.filename for i in infos}
            if not _is_docx(names):
                members = [i for i in infos if not i.is_dir() and not i.filename.startswith(SKIPPED_PREFIXES)]
                if len(infos) > import_max_files() * 2 or count + len(members) > import_max_files():
                    raise ImportRefused(
                        f"{filename}: too many files. One import takes at most {import_max_files()} resumes."
                    )
                declared = sum(i.file_size for i in members)
                if total + declared > _max_total() or any(
                    i.compress_size and i.file_size / i.compress_size > 1000 for i in members
                ):
                    raise ImportRefused(
                        f"{filename}: the ZIP unpacks to more than {_max_total() // (1024 * 1024)} MB, or "
                        "compresses suspiciously well. Split it into smaller ZIPs of resumes."
                    )
                count += len(members)
                total += declared
                planned.append(PlannedFile(filename, data, [i.filename for i in members]))
                continue
        count += 1
        total += len(data)
        if count > import_max_files():
            raise ImportRefused(f"Too many files. One import takes at most {import_max_files()} resumes.")
        planned.append(PlannedFile(filename, data, []))
    if count == 0:
        raise ImportRefused("The ZIP has no files in it.")
    return planned


@transaction.atomic
def resume_import_create(
    *, job: Job, actor: User, files: list[tuple[str, bytes]], send_email: bool
) -> ResumeImport:
    planned = plan_upload(files)
    resume_import = ResumeImport.objects.create(
        organization_id=job.organization_id, job=job, created_by=actor, send_email=send_email
    )
    items: list[ResumeImportItem] = []
    for p in planned:
        path = default_storage.save(
            f"resume_imports/{job.organization_id}/{resume_import.pk}/{secrets.token_hex(8)}_{_safe_name(p.filename)}",
            ContentFile(p.data),
        )
        if p.members:
            items.extend(
                ResumeImportItem(resume_import=resume_import, filename=m[-255:], source=path, member=m)
                for m in p.members
            )
        else:
            items.append(
                ResumeImportItem(resume_import=resume_import, filename=p.filename[:255], source=path)
            )
    ResumeImportItem.objects.bulk_create(items)
    resume_import.total_files = len(items)
    resume_import.save(update_fields=["total_files"])
    from screenroom.resumes.tasks import run_resume_import

    transaction.on_commit(lambda: run_resume_import.enqueue(resume_import.pk))
    return resume_import


def _read_item(item: ResumeImportItem) -> bytes:
    limit = upload_limits().max_bytes
    name = item.member or item.filename
    if item.member:
        if item.member.lower().endswith(ARCHIVE_SUFFIXES):
            raise ResumeReadError(
                "nested_archive", "Archives inside the ZIP are not opened. Add the resumes themselves."
            )
        with default_storage.open(item.source, "rb") as fh, zipfile.ZipFile(fh) as zf:
            try:
                with zf.open(item.member) as member:
                    data = member.read(limit + 1)  # the inflate cap: declared sizes are not trusted
            except (
                zipfile.BadZipFile,
                KeyError,
                OSError,
                RuntimeError,
                NotImplementedError,
                EOFError,
            ) as exc:
                msg = (
                    "This file is encrypted inside the ZIP."
                    if isinstance(exc, RuntimeError)
                    else "This file inside the ZIP is damaged."
                )
                raise ResumeReadError("broken", msg) from None
        if data.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    if not _is_docx(set(inner.namelist())):
                        raise ResumeReadError(
                            "nested_archive",
                            "Archives inside the ZIP are not opened. Add the resumes themselves.",
                        )
            except zipfile.BadZipFile:
                pass  # the engine reports it as damaged
    else:
        with default_storage.open(item.source, "rb") as fh:
            data = fh.read(limit + 1)
    if len(data) > limit:
        raise ResumeReadError("too_large", f"{name} is larger than {limit // (1024 * 1024)} MB.")
    return data


def resume_import_run(*, import_id: int) -> ResumeImport:
    """Read every waiting file of an import; each file is its own transaction."""
    resume_import = ResumeImport.objects.select_related("job", "created_by").get(pk=import_id)
    if resume_import.status == ResumeImport.Status.DONE:
        return resume_import
    ResumeImport.objects.filter(pk=import_id).update(status=ResumeImport.Status.RUNNING)
    for item in resume_import.items.filter(status=ImportItemStatus.PENDING).order_by("id"):
        try:
            _process(resume_import, item)
        except Exception as exc:  # one file's surprise must not cost the rest of the batch
            ResumeImportItem.objects.filter(pk=item.pk).update(
                status=ImportItemStatus.ERROR, message=f"Could not be processed ({type(exc).__name__})."
            )
        ResumeImport.objects.filter(pk=import_id).update(processed_files=F("processed_files") + 1)
    sources = set(resume_import.items.values_list("source", flat=True))
    for source in sources:
        if source:
            default_storage.delete(source)  # each resume kept is stored on its own
    ResumeImport.objects.filter(pk=import_id).update(
        status=ResumeImport.Status.DONE, finished_at=timezone.now()
    )
    resume_import.refresh_from_db()
    return resume_import


def _process(resume_import: ResumeImport, item: ResumeImportItem) -> None:
    try:
        data = _read_item(item)
        resume = resume_create(
            organization_id=resume_import.organization_id,
            data=data,
            filename=item.filename.rsplit("/", 1)[-1],
            source=ResumeSource.IMPORT,
            uploaded_by=resume_import.created_by,
        )
    except ResumeReadError as exc:
        item.status, item.message = ImportItemStatus.ERROR, exc.message[:500]
        item.save(update_fields=["status", "message"])
        return
    contact = resume.profile.get("contact", {})
    item.resume = resume
    item.found_name = ((contact.get("name") or {}).get("value") or "")[:200]
    item.found_email = ((contact.get("email") or {}).get("value") or "")[:254]
    item.found_phone = ((contact.get("phone") or {}).get("value") or "")[:40]
    item.save(update_fields=["resume", "found_name", "found_email", "found_phone"])
    _invite_item(
        resume_import=resume_import,
        item=item,
        name=item.found_name,
        email=item.found_email,
        phone=item.found_phone,
        review_on_error=True,
    )


def _invite_item(
    *,
    resume_import: ResumeImport,
    item: ResumeImportItem,
    name: str,
    email: str,
    phone: str,
    review_on_error: bool,
) -> dict[str, str]:
    try:
        contact = clean_contact(name, email, phone)
    except ContactError as exc:
        if "phone" in exc.errors and len(exc.errors) == 1:
            contact = clean_contact(name, email, "")  # a phone we misread is not worth a review step
        elif review_on_error:
            missing = " and ".join(k for k in ("name", "email") if k in exc.errors)
            item.status = ImportItemStatus.REVIEW
            item.message = f"The {missing} could not be read from the resume."
            item.save(update_fields=["status", "message"])
            return exc.errors
        else:
            return exc.errors
    try:
        with transaction.atomic():
            application = application_invite(
                job=resume_import.job,
                contact=contact,
                source=Source.MANUAL,
                send_email=resume_import.send_email,
            )
            assert item.resume is not None
            resume_attach(resume=item.resume, application=application)
            item.application = application
            item.status = ImportItemStatus.INVITED
            item.message = f"{contact.name} <{contact.email}>"
            item.save(update_fields=["application", "status", "message"])
    except DuplicateApplication as exc:
        item.status = ImportItemStatus.ERROR
        item.message = str(exc)[:500]
        item.save(update_fields=["status", "message"])
        return {"email": str(exc)}
    return {}


def _locked_item(item: ResumeImportItem) -> ResumeImportItem:
    # Lock the item row only (not its import, job or resume): a double click or a second tab waits here,
    # then sees the first one's outcome.
    return (
        ResumeImportItem.objects.select_for_update(of=("self",))
        .select_related("resume_import__job", "resume")
        .get(pk=item.pk)
    )


@transaction.atomic
def resume_import_confirm(
    *, item: ResumeImportItem, actor: User, name: str, email: str, phone: str = ""
) -> dict[str, str]:
    """The review step: the recruiter typed the contact details the parser could not read."""
    locked = _locked_item(item)
    if locked.status != ImportItemStatus.REVIEW:
        return {"__all__": "This file is no longer waiting for review."}
    errors = _invite_item(
        resume_import=locked.resume_import,
        item=locked,
        name=name,
        email=email,
        phone=phone,
        review_on_error=False,
    )
    if not errors and locked.application is not None:
        audit_record(
            organization_id=locked.resume_import.organization_id,
            application=locked.application,
            job_id=locked.application.job_id,
            actor=actor,
            action="resume_import.confirmed",
            inputs={"import": locked.resume_import_id, "item": locked.pk, "file": locked.filename},
        )
    return errors


@transaction.atomic
def resume_import_skip(*, item: ResumeImportItem, actor: User) -> None:
    locked = _locked_item(item)
    if locked.status != ImportItemStatus.REVIEW:
        return
    locked.status = ImportItemStatus.SKIPPED
    locked.message = f"Skipped by {actor.username}."
    locked.save(update_fields=["status", "message"])
    resume = locked.resume
    if resume is not None and resume.application_id is None:
        # The file goes only once the skip is committed, so a rollback cannot leave a row without its file.
        transaction.on_commit(lambda: resume.file.delete(save=False))
        resume.delete()


def import_counts(resume_import: ResumeImport) -> dict[str, Any]:
    counts = {s: 0 for s in ImportItemStatus.values}
    counts.update(resume_import.items.values_list("status").annotate(n=Count("id")).order_by())
    return counts
