from django_tasks import task


@task()
def send_outbound_email(email_id: int) -> None:
    from screenroom.invitations.sending import outbound_email_send

    outbound_email_send(email_id=email_id)
