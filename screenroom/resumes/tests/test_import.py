"""Bulk import: files or a ZIP become candidates; unreadable contacts wait for review; bombs are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from screenroom.audit.models import AuditEntry
from screenroom.candidates.models import Application
from screenroom.resumes.engine.tests import corpus
from screenroom.resumes.imports import resume_import_confirm, resume_import_skip
from screenroom.resumes.models import ImportItemStatus, Resume, ResumeImport, ResumeImportItem
from screenroom.resumes.tests.conftest import resume_job, samples

pytestmark = pytest.mark.django_db

NO_CONTACT = b"Summary\nWarehouse lead with six years on the floor.\nSkills: forklift, inventory, SQL\n"


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _post(client, job, files, send_email="", capture=None):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    url = reverse("resumes:import", args=[job.pk])
    if capture is None:
        return client.post(url, {"files": uploads, "send_email": send_email})
    with capture(execute=True):
        return client.post(url, {"files": uploads, "send_email": send_email})


def test_zip_import_creates_candidates_and_reports_each_file(
    team, recruiter_client, django_capture_on_commit_callbacks
):
    job, _ = resume_job(team)
    archive = _zip(
        {
            "cvs/jane.pdf": samples()[0].data,
            "cvs/carlos.docx": samples()[1].data,
            "cvs/anon.txt": NO_CONTACT,
            "cvs/locked.pdf": corpus.encrypted_pdf(),
            "cvs/more.zip": _zip({"x.pdf": samples()[0].data}),
            "__MACOSX/._jane.pdf": b"junk",
        }
    )
    response = _post(
        recruiter_client, job, [("batch.zip", archive)], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    resume_import = ResumeImport.objects.get()
    assert resume_import.status == "done" and resume_import.total_files == 5 == resume_import.processed_files
    by_name = {i.filename: i for i in resume_import.items.all()}
    assert by_name["cvs/jane.pdf"].status == ImportItemStatus.INVITED
    assert by_name["cvs/carlos.docx"].status == ImportItemStatus.INVITED
    assert by_name["cvs/anon.txt"].status == ImportItemStatus.REVIEW
    assert "password-protected" in by_name["cvs/locked.pdf"].message
    assert "Archives inside the ZIP are not opened" in by_name["cvs/more.zip"].message
    jane = Application.objects.get(job=job, candidate__email="jane.kowalski@example.com")
    assert jane.candidate.name == "Jane Kowalski"
    assert Resume.objects.get(application=jane).kind == "pdf"
    page = recruiter_client.get(response["Location"]).content.decode()
    assert (
        "2 candidates added" in page
        and "1 waiting for contact details" in page
        and "2 could not be used" in page
    )
    assert "hx-trigger" not in page  # finished: polling stops


def test_review_step_confirms_or_skips(
    team, recruiter_client, viewer_client, django_capture_on_commit_callbacks
):
    job, _ = resume_job(team)
    _post(
        recruiter_client,
        job,
        [("a.txt", NO_CONTACT), ("b.txt", NO_CONTACT)],
        capture=django_capture_on_commit_callbacks,
    )
    first, second = ResumeImportItem.objects.order_by("id")
    assert first.status == second.status == ImportItemStatus.REVIEW
    url = reverse("resumes:import_item", args=[first.resume_import_id, first.pk])
    assert viewer_client.post(url, {"name": "Sam Lee", "email": "sam@example.org"}).status_code == 403
    bad = recruiter_client.post(url, {"name": "Sam Lee", "email": "not-an-email"}, follow=True)
    assert "Invalid email" in bad.content.decode()
    recruiter_client.post(url, {"name": "Sam Lee", "email": "sam@example.org", "action": "confirm"})
    first.refresh_from_db()
    assert first.status == ImportItemStatus.INVITED
    assert first.resume is not None and first.resume.application is not None
    assert first.resume.application.candidate.email == "sam@example.org"
    recruiter_client.post(
        reverse("resumes:import_item", args=[second.resume_import_id, second.pk]), {"action": "skip"}
    )
    second.refresh_from_db()
    assert second.status == ImportItemStatus.SKIPPED
    assert not Resume.objects.filter(application__isnull=True).exists()


def test_loose_files_and_a_duplicate(team, recruiter_client, django_capture_on_commit_callbacks):
    job, _ = resume_job(team)
    files = [("jane.pdf", samples()[0].data), ("jane-again.pdf", samples()[0].data)]
    _post(recruiter_client, job, files, send_email="on", capture=django_capture_on_commit_callbacks)
    statuses = list(ResumeImportItem.objects.order_by("id").values_list("status", "message"))
    assert statuses[0][0] == ImportItemStatus.INVITED
    assert statuses[1][0] == ImportItemStatus.ERROR and "already invited" in statuses[1][1]
    assert Application.objects.filter(job=job).count() == 1


@override_settings(RESUME_IMPORT_MAX_BYTES=1024 * 1024)
def test_zip_bomb_is_refused_before_anything_is_stored(team, recruiter_client):
    job, _ = resume_job(team)
    bomb = _zip({"a.txt": b"\0" * (5 * 1024 * 1024), "b.pdf": samples()[0].data})
    response = _post(recruiter_client, job, [("bomb.zip", bomb)])
    assert response.status_code == 400
    assert (
        "unpacks to more than 1 MB" in response.content.decode()
        and "Nothing was imported" in response.content.decode()
    )
    assert not ResumeImport.objects.exists()


@override_settings(RESUME_IMPORT_MAX_FILES=3)
def test_too_many_entries_are_refused(team, recruiter_client):
    job, _ = resume_job(team)
    response = _post(recruiter_client, job, [("many.zip", _zip({f"{i}.txt": NO_CONTACT for i in range(5)}))])
    assert response.status_code == 400 and "at most 3 resumes" in response.content.decode()


def test_a_zip_that_lies_about_sizes_costs_only_that_file(
    team, recruiter_client, django_capture_on_commit_callbacks
):
    job, _ = resume_job(team)
    big = b"Jane Doe\n" + b" " * (3 * 1024 * 1024)
    archive = bytearray(_zip({"huge.txt": big, "jane.pdf": samples()[0].data}))
    real = len(big).to_bytes(4, "little")
    lying = bytes(archive).replace(real, (100).to_bytes(4, "little"))
    response = _post(recruiter_client, job, [("liar.zip", lying)], capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    items = {i.filename: i for i in ResumeImportItem.objects.all()}
    # zipfile reads no more than the declared size, then the CRC check fails: a clear per-file error.
    assert items["huge.txt"].status == ImportItemStatus.ERROR and "damaged" in items["huge.txt"].message
    assert items["jane.pdf"].status == ImportItemStatus.INVITED  # the rest of the batch is not lost


@override_settings(RESUME_MAX_BYTES=64 * 1024)
def test_an_oversized_file_inside_a_zip_is_that_files_error(
    team, recruiter_client, django_capture_on_commit_callbacks
):
    job, _ = resume_job(team)
    archive = _zip({"huge.txt": b"Jane Doe\n" + b"x " * (100 * 1024), "a.txt": NO_CONTACT})
    _post(recruiter_client, job, [("big.zip", archive)], capture=django_capture_on_commit_callbacks)
    items = {i.filename: i for i in ResumeImportItem.objects.all()}
    assert items["huge.txt"].status == ImportItemStatus.ERROR and "larger than" in items["huge.txt"].message
    assert items["a.txt"].status == ImportItemStatus.REVIEW


def test_import_access(team, viewer_client, outsider_client, recruiter_client):
    job, _ = resume_job(team)
    url = reverse("resumes:import", args=[job.pk])
    assert viewer_client.post(url, {}).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert recruiter_client.get(url).status_code == 200
    resume_import = ResumeImport.objects.create(organization=team.org, job=job)
    status_url = reverse("resumes:import_status", args=[resume_import.pk])
    assert outsider_client.get(status_url).status_code == 404
    assert viewer_client.get(status_url).status_code == 200


def test_progress_page_polls_while_running(team, recruiter_client, django_assert_max_num_queries):
    job, _ = resume_job(team)
    resume_import = ResumeImport.objects.create(
        organization=team.org, job=job, total_files=40, processed_files=10, status="running"
    )
    ResumeImportItem.objects.bulk_create(
        [
            ResumeImportItem(
                resume_import=resume_import,
                filename=f"{i}.pdf",
                status=ImportItemStatus.ERROR,
                message="broken",
            )
            for i in range(30)
        ]
    )
    with django_assert_max_num_queries(12):
        fragment = recruiter_client.get(
            reverse("resumes:import_status", args=[resume_import.pk]), HTTP_HX_REQUEST="true"
        )
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and "10 of 40 files (25%)" in html and "<progress" in html


def _two_in_review(team, recruiter_client, capture):
    job, _ = resume_job(team)
    _post(recruiter_client, job, [("a.txt", NO_CONTACT), ("b.txt", NO_CONTACT)], capture=capture)
    return list(ResumeImportItem.objects.order_by("id"))


def test_confirm_and_skip_recheck_the_locked_row_not_the_loaded_one(
    team, recruiter_client, django_capture_on_commit_callbacks
):
    """A second tab holds an item loaded while it was in review; the first tab already handled it."""
    first, second = _two_in_review(team, recruiter_client, django_capture_on_commit_callbacks)
    ResumeImportItem.objects.filter(pk=first.pk).update(status=ImportItemStatus.SKIPPED)
    errors = resume_import_confirm(item=first, actor=team.recruiter, name="Sam Lee", email="sam@example.org")
    assert errors == {"__all__": "This file is no longer waiting for review."}
    assert not Application.objects.filter(candidate__email="sam@example.org").exists()

    resume_import_confirm(item=second, actor=team.recruiter, name="Kim Ro", email="kim@example.org")
    stale = ResumeImportItem.objects.get(pk=second.pk)
    stale.status = ImportItemStatus.REVIEW
    resume_import_skip(item=stale, actor=team.recruiter)
    second.refresh_from_db()
    assert second.status == ImportItemStatus.INVITED and second.resume is not None


def test_confirm_records_who_added_the_candidate(team, recruiter_client, django_capture_on_commit_callbacks):
    first, _ = _two_in_review(team, recruiter_client, django_capture_on_commit_callbacks)
    assert (
        resume_import_confirm(item=first, actor=team.recruiter, name="Sam Lee", email="sam@example.org") == {}
    )
    first.refresh_from_db()
    entry = AuditEntry.objects.get(action="resume_import.confirmed")
    assert (entry.actor, entry.application, entry.organization_id) == (
        team.recruiter,
        first.application,
        team.org.pk,
    )
