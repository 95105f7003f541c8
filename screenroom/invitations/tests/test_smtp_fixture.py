import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives

from screenroom.core.testing.smtp import SmtpTestServer


def test_fixture_receives_django_mail_with_both_parts(smtp_server: SmtpTestServer) -> None:
    message = EmailMultiAlternatives("Hello", "plain body", "a@example.org", ["b@example.org"])
    message.attach_alternative("<p>html body</p>", "text/html")
    message.send()
    received = smtp_server.wait_for(1)[0]
    assert received.rcpt_tos == ["b@example.org"]
    assert received.subject == "Hello"
    assert "plain body" in received.text
    assert "<p>html body</p>" in received.html


def test_refusal_outage_and_restart_on_the_same_port(smtp_server: SmtpTestServer) -> None:
    smtp_server.refuse("gone@example.org", 550)
    with smtplib.SMTP(smtp_server.host, smtp_server.port) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("a@example.org", ["gone@example.org"], b"Subject: x\r\n\r\nx")
        assert refused.value.recipients["gone@example.org"][0] == 550
        smtp_server.outage(451)
        with pytest.raises(smtplib.SMTPRecipientsRefused) as busy:
            client.sendmail("a@example.org", ["ok@example.org"], b"Subject: x\r\n\r\nx")
        assert busy.value.recipients["ok@example.org"][0] == 451
    smtp_server.recover()
    port = smtp_server.port
    smtp_server.stop()
    with pytest.raises(OSError):
        smtplib.SMTP(smtp_server.host, port, timeout=2)
    smtp_server.start()
    with smtplib.SMTP(smtp_server.host, port) as client:
        client.sendmail("a@example.org", ["ok@example.org"], b"Subject: back\r\n\r\nx")
    assert smtp_server.wait_for(1)[0].subject == "back"
