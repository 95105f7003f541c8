"""Worker tasks: thin wrappers around the services (names used by run_periodic)."""

from django_tasks import task


@task()
def send_outbound_email(email_id: int) -> None:
    from screenroom.invitations.sending import outbound_email_send

    outbound_email_send(email_id=email_id)


@task()
def send_outbound_emails(email_ids: list[int]) -> int:
    """One batch of emails over one SMTP connection."""
    from screenroom.invitations.sending import outbound_emails_send

    return outbound_emails_send(email_ids=email_ids, limit=len(email_ids)).sent


@task()
def run_csv_import(import_id: int) -> int:
    from screenroom.invitations.csv_import import csv_import_run

    return csv_import_run(import_id=import_id).created_count


@task()
def retry_due_emails() -> int:
    from screenroom.invitations.sending import outbound_emails_send_due

    return outbound_emails_send_due().sent


@task()
def send_due_reminders() -> int:
    from screenroom.invitations.services import reminders_queue_due

    return reminders_queue_due()
