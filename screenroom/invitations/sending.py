"""Build and send candidate emails. (Filled in by the invitations work.)"""


def outbound_email_send(*, email_id: int) -> None:
    raise NotImplementedError("email sending is not built yet")
