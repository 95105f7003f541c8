"""Read and check a CSV of candidates, then import it in chunks (candidates, applications, emails).

The whole file is checked before anything is written: if any row is bad, nothing is imported and
every problem is reported with its line number. Values are stored as text and never evaluated, so a
name such as `=HYPERLINK(…)` is just a name here (exports protect spreadsheet cells themselves).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from screenroom.candidates.contact import Contact, ContactError, clean_contact
from screenroom.candidates.models import Application, Candidate, Event, EventKind, Source
from screenroom.candidates.services import expiry_for
from screenroom.core.tokens import new_token
from screenroom.invitations.models import CsvImport, EmailKind, OutboundEmail
from screenroom.jobs.models import Job

IMPORT_CHUNK_ROWS = 500
# SQLite allows 32,766 bound variables per statement; stay far below it for `email IN (…)`.
LOOKUP_CHUNK = 900


class CsvFileError(ValueError):
    """The file as a whole cannot be read as a CSV of candidates."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "value": self.value, "message": self.message}


@dataclass(frozen=True)
class CsvRow:
    line: int
    contact: Contact


@dataclass
class CheckedCsv:
    rows: list[CsvRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _normalise_header(value: str) -> str:
    return "".join(ch for ch in value.strip().lower() if ch.isalnum())


HEADER_ALIASES: dict[str, set[str]] = {
    "name": {"name", "fullname", "candidatename", "candidate", "applicantname", "applicant", "nom", "nombre"},
    "first_name": {"firstname", "givenname", "forename", "first"},
    "last_name": {"lastname", "surname", "familyname", "last"},
    "email": {"email", "emailaddress", "mail", "emailid", "candidateemail", "courriel", "correo"},
    "phone": {
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "mobilenumber",
        "cell",
        "cellphone",
        "telephone",
        "tel",
        "phoneoptional",
    },
}
_ALIAS_TO_FIELD = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}


def decode_csv(data: bytes) -> str:
    """UTF-8 text (with or without a byte-order mark), or a CsvFileError that says what to do."""
    if not data.strip():
        raise CsvFileError("The file is empty.")
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        raise CsvFileError(
            "This is a spreadsheet workbook (.xlsx), not a CSV. Save it as “CSV UTF-8” and upload that."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvFileError(
            "This is an old Excel (.xls) file, not a CSV. Save it as “CSV UTF-8” and upload that."
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError("The file is UTF-16 text. Save it as “CSV UTF-8” and upload it again.")
    if b"\x00" in data[:65536]:
        raise CsvFileError("This is not a CSV file: it contains binary data. Upload a .csv text file.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            f"The file is not UTF-8 text (first unreadable character on line {line}). "
            "Save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and upload it again."
        ) from None
    if any(ch in text for ch in ("\x01", "\x02", "\x03", "\x04", "\x1a")):
        raise CsvFileError("This is not a CSV file: it contains binary data. Upload a .csv text file.")
    return text


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field = _ALIAS_TO_FIELD.get(_normalise_header(title))
        if field and field not in columns:
            columns[field] = index
    has_name = "name" in columns or "first_name" in columns
    if "email" not in columns or not has_name:
        found = ", ".join(f"“{h.strip()}”" for h in header if h.strip())[:200] or "nothing"
        hint = " It looks like data: add a header row first." if any("@" in h for h in header) else ""
        raise CsvFileError(
            "The first row must be a header naming the columns name, email and (optionally) phone; "
            f"found {found}.{hint}"
        )
    return columns


def _records(text: str) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    first_line = text[: text.find("\n")] if "\n" in text else text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=False)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CsvFileError(f"The header row cannot be read: {exc}") from None
    columns = _columns(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CsvFileError(f"Line {reader.line_num} cannot be read: {exc}") from None
            if any(cell.strip() for cell in record):
                yield reader.line_num, record

    return columns, rows()


def _cell(record: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return record[index] if index is not None and index < len(record) else ""


def parse_csv(text: str) -> CheckedCsv:
    """Every row's contact details checked, and duplicates within the file; no database access."""
    columns, records = _records(text)
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    count = 0
    for line, record in records:
        count += 1
        if count > settings.MAX_CSV_ROWS:
            raise CsvFileError(
                f"The file has more than {settings.MAX_CSV_ROWS:,} candidates. Split it into smaller files."
            )
        name = _cell(record, columns, "name")
        if not name.strip() and "first_name" in columns:
            name = f"{_cell(record, columns, 'first_name')} {_cell(record, columns, 'last_name')}"
        raw_email = _cell(record, columns, "email")
        raw_phone = _cell(record, columns, "phone")
        try:
            contact = clean_contact(name, raw_email, raw_phone)
        except ContactError as exc:
            raw = {"name": name, "email": raw_email, "phone": raw_phone}
            errors.extend(
                RowError(line, field, raw[field].strip()[:200], message)
                for field, message in exc.errors.items()
            )
            continue
        previous = first_line_of.get(contact.email)
        if previous is not None:
            errors.append(
                RowError(line, "email", contact.email, f"Duplicate: the same email is on line {previous}.")
            )
            continue
        first_line_of[contact.email] = line
        rows.append(CsvRow(line, contact))
    if count == 0:
        raise CsvFileError("The file has a header but no candidates.")
    return CheckedCsv(rows=rows, errors=errors)


def check_csv(text: str, *, job: Job) -> CheckedCsv:
    """`parse_csv` plus the people already invited to this job."""
    checked = parse_csv(text)
    line_of = {row.contact.email: row.line for row in checked.rows}
    for email in _already_invited(job, list(line_of)):
        checked.errors.append(RowError(line_of[email], "email", email, "Already invited to this job."))
    checked.errors.sort(key=lambda e: (e.line, e.column))
    return checked


def _chunks(values: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _already_invited(job: Job, emails: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(emails, LOOKUP_CHUNK):
        found.update(
            Application.objects.filter(job=job, candidate__email__in=chunk).values_list(
                "candidate__email", flat=True
            )
        )
    return found


# --- import -----------------------------------------------------------------------------------------


@transaction.atomic
def _import_chunk(*, csv_import: CsvImport, job: Job, rows: list[CsvRow], now: dt.datetime) -> list[int]:
    """One committed step: candidates (reused by email), applications, events, emails, progress.

    The same rules as `application_invite`: one candidate per email in the organization, one
    application per job. Progress is saved in the same transaction, so a resumed import skips
    exactly what was committed.
    """
    org_id = job.organization_id
    contacts = {row.contact.email: row.contact for row in rows}
    emails = list(contacts)
    existing = {c.email: c for c in Candidate.objects.filter(organization_id=org_id, email__in=emails)}
    changed = []
    for email, candidate in existing.items():
        contact = contacts[email]
        if candidate.name != contact.name or (contact.phone and candidate.phone != contact.phone):
            candidate.name = contact.name
            candidate.phone = contact.phone or candidate.phone
            changed.append(candidate)
    if changed:
        Candidate.objects.bulk_update(changed, ["name", "phone"])
    new = [
        Candidate(organization_id=org_id, name=c.name, email=c.email, phone=c.phone)
        for email, c in contacts.items()
        if email not in existing
    ]
    if new:
        # ignore_conflicts: someone may add the same person meanwhile; they are looked up just below.
        Candidate.objects.bulk_create(new, ignore_conflicts=True)
        existing.update(
            {
                c.email: c
                for c in Candidate.objects.filter(organization_id=org_id, email__in=[c.email for c in new])
            }
        )
    invited_meanwhile = set(
        Application.objects.filter(job=job, candidate__email__in=emails).values_list(
            "candidate_id", flat=True
        )
    )
    expires_at = expiry_for(job, now)
    applications = Application.objects.bulk_create(
        [
            Application(
                organization_id=org_id,
                job=job,
                candidate=existing[email],
                source=Source.CSV,
                token=new_token(),
                expires_at=expires_at,
            )
            for email in emails
            if existing[email].pk not in invited_meanwhile
        ]
    )
    Event.objects.bulk_create(
        [
            Event(
                application=a, kind=EventKind.INVITED, data={"source": Source.CSV, "import_id": csv_import.pk}
            )
            for a in applications
        ]
    )
    outbound = OutboundEmail.objects.bulk_create(
        [OutboundEmail(application=a, kind=EmailKind.INVITATION, next_attempt_at=now) for a in applications]
    )
    CsvImport.objects.filter(pk=csv_import.pk).update(
        processed_rows=csv_import.processed_rows + len(rows),
        created_count=csv_import.created_count + len(applications),
    )
    csv_import.processed_rows += len(rows)
    csv_import.created_count += len(applications)
    return [e.pk for e in outbound]


def csv_import_run(*, import_id: int, send: bool = True) -> CsvImport:
    """Import a checked file in committed chunks; each chunk's emails go to the worker at once."""
    from screenroom.invitations.services import enqueue_email_batches

    csv_import = CsvImport.objects.select_related("job").get(pk=import_id)
    if csv_import.status in (CsvImport.Status.DONE, CsvImport.Status.REJECTED):
        return csv_import
    job = csv_import.job
    # RUNNING here means a worker stopped mid-import; PENDING is claimed by exactly one worker.
    resuming = csv_import.status == CsvImport.Status.RUNNING
    if not resuming:
        pending = CsvImport.objects.filter(pk=csv_import.pk, status=CsvImport.Status.PENDING)
        if not pending.update(status=CsvImport.Status.RUNNING):
            csv_import.refresh_from_db()
            return csv_import
    try:
        if resuming:
            # A worker stopped mid-import: the committed chunks are now "already invited", so skip
            # exactly as many rows as were committed with the progress counter.
            rows = parse_csv(csv_import.content).rows[csv_import.processed_rows :]
        else:
            checked = check_csv(csv_import.content, job=job)
            if checked.errors:
                # Someone invited one of these people between the upload and now: still all or nothing.
                return _reject(csv_import, [e.as_json() for e in checked.errors])
            rows = checked.rows
    except CsvFileError as exc:
        return _reject(csv_import, [{"line": 0, "column": "", "value": "", "message": str(exc)}])
    if not resuming:
        CsvImport.objects.filter(pk=csv_import.pk).update(total_rows=len(rows))
        csv_import.total_rows = len(rows)
    now = timezone.now()
    for start in range(0, len(rows), IMPORT_CHUNK_ROWS):
        email_ids = _import_chunk(
            csv_import=csv_import, job=job, rows=rows[start : start + IMPORT_CHUNK_ROWS], now=now
        )
        if send:
            with transaction.atomic():
                enqueue_email_batches(email_ids)
    CsvImport.objects.filter(pk=csv_import.pk).update(
        status=CsvImport.Status.DONE, finished_at=timezone.now(), content=""
    )
    csv_import.refresh_from_db()
    return csv_import


def _reject(csv_import: CsvImport, errors: list[dict[str, object]]) -> CsvImport:
    CsvImport.objects.filter(pk=csv_import.pk).update(
        status=CsvImport.Status.REJECTED, errors=errors[:5000], finished_at=timezone.now(), content=""
    )
    csv_import.refresh_from_db()
    return csv_import
