import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from screenroom.candidates.models import Application, Candidate, EmailStatus, Source
from screenroom.core.testing.factories import JobFactory
from screenroom.invitations import csv_import as csv_import_module
from screenroom.invitations.models import CsvImport
from screenroom.invitations.tests.conftest import invite
from screenroom.jobs.models import Job

pytestmark = pytest.mark.django_db


def _upload(client, job, data: bytes, name: str = "candidates.csv"):
    return client.post(
        reverse("invitations:import", args=[job.pk]), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def _rows(n: int, start: int = 0) -> str:
    return "".join(
        f"Person {i},person{i}@example.org,+1 512 555 {i % 10000:04d}\n" for i in range(start, start + n)
    )


def test_good_file_is_imported_in_the_background_with_progress_and_emails(
    team, recruiter_client, smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(csv_import_module, "IMPORT_CHUNK_ROWS", 10)
    data = (
        "\ufeffFull Name;E-mail Address;Mobile\r\n" + _rows(25).replace(",", ";").replace("\n", "\r\n")
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(recruiter_client, team.job, data)
    csv_import = CsvImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("invitations:import_status", args=[csv_import.pk])
    assert (csv_import.status, csv_import.total_rows, csv_import.processed_rows) == ("done", 25, 25)
    assert csv_import.percent == 100 and csv_import.created_count == 25 and csv_import.content == ""
    applications = Application.objects.filter(job=team.job)
    assert applications.count() == 25
    assert set(applications.values_list("source", flat=True)) == {Source.CSV}
    assert Candidate.objects.get(email="person7@example.org").phone == "+15125550007"

    smtp_server.wait_for(25)
    assert {m.rcpt_tos[0] for m in smtp_server.messages} == {f"person{i}@example.org" for i in range(25)}
    assert smtp_server.connection_count == 3  # one SMTP connection per imported chunk's batch
    assert not applications.exclude(email_status=EmailStatus.SENT).exists()

    page = recruiter_client.get(response["Location"])
    assert b"25 of 25 rows (100%)" in page.content and b"hx-get" not in page.content
    poll = recruiter_client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert poll.content.lstrip().startswith(b"{#") is False and b'id="import-progress"' in poll.content


def test_pending_import_polls_and_shows_progress(team, viewer_client):
    csv_import = CsvImport.objects.create(
        organization=team.org,
        job=team.job,
        filename="big.csv",
        content="x",
        total_rows=200,
        processed_rows=50,
        status=CsvImport.Status.RUNNING,
    )
    response = viewer_client.get(
        reverse("invitations:import_status", args=[csv_import.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'hx-trigger="every 1s"' in response.content and b"50 of 200 rows (25%)" in response.content
    assert b"<html" not in response.content


def test_every_bad_row_is_listed_and_nothing_is_imported(team, recruiter_client):
    invite(team, name="Already Here", email="here@example.org")
    data = (
        b"name,email,phone\n"
        b"Good Person,good@example.org,\n"  # line 2
        b"Bad Email,not-an-email,\n"  # line 3
        b"Bad Phone,phone@example.org,12\n"  # line 4
        b",noname@example.org,\n"  # line 5
        b"Good Twin,GOOD@example.org,\n"  # line 6: duplicate of line 2
        b"Already,here@example.org,\n"  # line 7
    )
    before = (Candidate.objects.count(), Application.objects.count())
    response = _upload(recruiter_client, team.job, data)
    assert response.status_code == 400
    assert (Candidate.objects.count(), Application.objects.count()) == before
    errors = response.context["csv_errors"]
    assert [(e.line, e.column) for e in errors] == [
        (3, "email"),
        (4, "phone"),
        (5, "name"),
        (6, "email"),
        (7, "email"),
    ]
    body = response.content.decode()
    assert "Nothing was imported: 5 problems" in body
    assert "Duplicate: the same email is on line 2." in body and "Already invited to this job." in body
    assert CsvImport.objects.get().status == CsvImport.Status.REJECTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook"),
        (
            "name,email\nJosé Müller,jose@example.org\n".encode("latin-1"),
            "not UTF-8 text (first unreadable character on line 2)",
        ),
        ("name,email\nA,a@example.org\n".encode("utf-16"), "UTF-16"),
        (b"name,email\n", "header but no candidates"),
        (b"Ada,ada@example.org\nBob,bob@example.org\n", "add a header row"),
        (b"foo,bar\n1,2\n", "must be a header naming the columns"),
    ],
)
def test_unreadable_files_get_a_clear_error(team, recruiter_client, data, message):
    response = _upload(recruiter_client, team.job, data)
    assert response.status_code == 400
    assert message in response.context["csv_file_error"]
    assert Application.objects.count() == 0


def test_empty_upload_is_refused(team, recruiter_client):
    response = _upload(recruiter_client, team.job, b"")
    assert response.status_code == 400 and b"The submitted file is empty." in response.content


def test_oversized_file_and_too_many_rows_are_refused(team, recruiter_client, settings):
    settings.MAX_CSV_BYTES = 200
    response = _upload(recruiter_client, team.job, ("name,email\n" + _rows(20)).encode())
    assert response.status_code == 400 and b"the limit is" in response.content
    settings.MAX_CSV_BYTES = 1_000_000
    settings.MAX_CSV_ROWS = 10
    response = _upload(recruiter_client, team.job, ("name,email,phone\n" + _rows(11)).encode())
    assert response.status_code == 400 and "more than 10 candidates" in response.context["csv_file_error"]
    assert Application.objects.count() == 0


def test_formula_like_values_are_stored_as_text_and_known_people_are_reused(
    team, recruiter_client, django_capture_on_commit_callbacks
):
    other_job: Job = JobFactory(organization=team.org)  # type: ignore[assignment]
    from screenroom.candidates.contact import clean_contact
    from screenroom.candidates.services import application_invite

    application_invite(
        job=other_job, contact=clean_contact("Old Name", "known@example.org"), send_email=False
    )
    data = (
        b'name,email\n"=HYPERLINK(""http://evil.example"",""x"")",formula@example.org\n'
        b"+Plus Minus,known@example.org\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _upload(recruiter_client, team.job, data).status_code == 302
    assert Candidate.objects.get(email="formula@example.org").name == '=HYPERLINK("http://evil.example","x")'
    known = Candidate.objects.get(email="known@example.org")
    assert known.name == "+Plus Minus"
    assert known.applications.count() == 2


def test_someone_invited_between_upload_and_import_rejects_the_whole_file(team):
    from screenroom.invitations.csv_import import csv_import_run

    text = "name,email\nAda,ada@example.org\nBob,bob@example.org\n"
    csv_import = CsvImport.objects.create(organization=team.org, job=team.job, filename="x.csv", content=text)
    invite(team, name="Bob", email="bob@example.org")
    result = csv_import_run(import_id=csv_import.pk, send=False)
    assert result.status == CsvImport.Status.REJECTED
    assert result.errors[0]["message"] == "Already invited to this job." and result.errors[0]["line"] == 3
    assert Application.objects.filter(job=team.job).count() == 1


def test_an_interrupted_import_resumes_where_it_stopped(team, monkeypatch):
    from screenroom.invitations.csv_import import csv_import_run

    monkeypatch.setattr(csv_import_module, "IMPORT_CHUNK_ROWS", 4)
    text = "name,email,phone\n" + _rows(10)
    csv_import = CsvImport.objects.create(organization=team.org, job=team.job, filename="x.csv", content=text)
    calls = {"n": 0}
    real_chunk = csv_import_module._import_chunk

    def crash_after_first_chunk(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real_chunk(**kwargs)

    monkeypatch.setattr(csv_import_module, "_import_chunk", crash_after_first_chunk)
    with pytest.raises(RuntimeError):
        csv_import_run(import_id=csv_import.pk, send=False)
    csv_import.refresh_from_db()
    assert (csv_import.status, csv_import.processed_rows) == (CsvImport.Status.RUNNING, 4)
    monkeypatch.setattr(csv_import_module, "_import_chunk", real_chunk)
    result = csv_import_run(import_id=csv_import.pk, send=False)
    assert (result.status, result.processed_rows, result.created_count) == (CsvImport.Status.DONE, 10, 10)
    assert Application.objects.filter(job=team.job).count() == 10


def test_running_an_import_twice_imports_once(team):
    from screenroom.invitations.csv_import import csv_import_run

    text = "name,email\nAda,ada@example.org\n"
    csv_import = CsvImport.objects.create(organization=team.org, job=team.job, filename="x.csv", content=text)
    assert csv_import_run(import_id=csv_import.pk, send=False).status == CsvImport.Status.DONE
    again = csv_import_run(import_id=csv_import.pk, send=False)
    assert (again.status, again.created_count) == (CsvImport.Status.DONE, 1)
    assert Application.objects.filter(job=team.job).count() == 1
