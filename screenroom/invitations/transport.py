"""Deliver rendered emails: one SMTP connection for a whole batch, errors sorted into retry or give up.

SMTP replies say whether trying again can help: 4xx is temporary (retry later), 5xx is permanent for
that message (a refused recipient or a rejected message). A connection that cannot be opened or drops
is temporary. Non-SMTP Django backends (locmem, console, file) go through Django's own API.
"""

from __future__ import annotations

import abc
import base64
import secrets
import smtplib
import ssl
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid
from types import TracebackType

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from screenroom.invitations.rendering import RenderedEmail

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class SendError(Exception):
    def __init__(self, reason: str, *, permanent: bool, server_unavailable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:480]
        self.permanent = permanent
        # The server itself is unreachable: the rest of the batch would fail the same way.
        self.server_unavailable = server_unavailable


class Transport(abc.ABC):
    """Used as a context manager: the connection is opened lazily and closed on exit."""

    def __enter__(self) -> Transport:
        return self

    @abc.abstractmethod
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    @abc.abstractmethod
    def send(self, email: RenderedEmail) -> None:
        """Deliver one message or raise SendError."""


def _header(name: str, value: str) -> str:
    value = " ".join(value.split())  # no CR or LF can reach the header block
    if value.isascii() and len(name) + 2 + len(value) <= 78:
        return f"{name}: {value}"
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: " + Header(value, charset, header_name=name).encode(linesep="\r\n")


def _address_header(name: str, display: str, address: str) -> str:
    display = " ".join(display.split())
    try:
        return f"{name}: {formataddr((display, address), charset='utf-8')}"
    except (
        UnicodeError
    ):  # a non-ASCII mailbox: only SMTPUTF8 servers take it, and raw UTF-8 is what they want
        return f"{name}: {display} <{address}>"


def _base64_body(text: str) -> bytes:
    return base64.encodebytes(text.encode("utf-8")).replace(b"\n", b"\r\n")


def build_message(email: RenderedEmail, msgid_domain: str) -> bytes:
    """The message as wire bytes (CRLF line ends, as smtplib sends bytes untouched).

    Built directly rather than through the `email` package's generator, which spends most of a
    message's build time folding headers and scanning bodies for the boundary; both parts here are
    base64, whose alphabet cannot contain the "==" boundary prefix, so no scan is needed.
    """
    boundary = "==sr" + secrets.token_hex(12)
    headers = [
        _address_header("From", email.from_name, email.from_address),
        _address_header("To", email.to_name, email.to_address),
        _header("Subject", email.subject),
        f"Date: {formatdate()}",
        f"Message-ID: {make_msgid(domain=msgid_domain)}",
    ]
    if email.reply_to:
        headers.append(_address_header("Reply-To", "", email.reply_to))
    headers += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{boundary}"']
    part_head = (
        '--{b}\r\nContent-Type: text/{t}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    )
    return b"".join(
        [
            "\r\n".join(headers).encode("utf-8"),
            b"\r\n\r\n",
            part_head.format(b=boundary, t="plain").encode(),
            _base64_body(email.text),
            part_head.format(b=boundary, t="html").encode(),
            _base64_body(email.html),
            f"--{boundary}--\r\n".encode(),
        ]
    )


def _reply_text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


class SmtpTransport(Transport):
    """smtplib over Django's EMAIL_* settings, one connection for many messages."""

    def __init__(self) -> None:
        self.host: str = settings.EMAIL_HOST
        self.port: int = int(settings.EMAIL_PORT)
        self.timeout: float = float(getattr(settings, "EMAIL_TIMEOUT", None) or 20)
        self.msgid_domain = self.host if self.host not in {"127.0.0.1", "localhost"} else "screenroom.local"
        self._client: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        try:
            client: smtplib.SMTP
            if settings.EMAIL_USE_SSL:
                client = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if settings.EMAIL_USE_TLS:
                    client.starttls(context=ssl.create_default_context())
            if settings.EMAIL_HOST_USER:
                client.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        except smtplib.SMTPAuthenticationError as exc:
            # Operators fix credentials; the messages themselves are fine, so keep retrying.
            raise SendError(
                f"SMTP login failed: {exc.smtp_code} {_reply_text(exc.smtp_error)}",
                permanent=False,
                server_unavailable=True,
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(
                f"Cannot connect to the mail server {self.host}:{self.port}: {exc}",
                permanent=False,
                server_unavailable=True,
            ) from exc
        return client

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            try:
                self._client.quit()
            except (OSError, smtplib.SMTPException):
                self._client.close()
            self._client = None

    def send(self, email: RenderedEmail) -> None:
        data = build_message(email, self.msgid_domain)
        options: list[str] = []
        for attempt in (1, 2):
            if self._client is None:
                self._client = self._connect()
            if not email.to_address.isascii():
                if not self._client.has_extn("smtputf8"):
                    raise SendError(
                        "The mail server cannot deliver to non-ASCII addresses (no SMTPUTF8).", permanent=True
                    )
                options = ["SMTPUTF8"]
            try:
                self._client.sendmail(email.from_address, [email.to_address], data, mail_options=options)
                return
            except smtplib.SMTPRecipientsRefused as exc:
                code, reply = next(iter(exc.recipients.values()))
                raise SendError(
                    f"Recipient refused: {code} {_reply_text(reply)}", permanent=code >= 500
                ) from exc
            except smtplib.SMTPSenderRefused as exc:
                # The sender address is ours, not the candidate's: a configuration problem worth retrying.
                raise SendError(
                    f"Sender refused: {exc.smtp_code} {_reply_text(exc.smtp_error)}", permanent=False
                ) from exc
            except smtplib.SMTPDataError as exc:
                raise SendError(
                    f"Message refused: {exc.smtp_code} {_reply_text(exc.smtp_error)}",
                    permanent=exc.smtp_code >= 500,
                ) from exc
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                # A long batch can outlive the server's idle timeout: reconnect once, then give up.
                self._client = None
                if attempt == 2:
                    raise SendError(
                        f"Connection to the mail server lost: {exc}", permanent=False, server_unavailable=True
                    ) from exc
            except smtplib.SMTPException as exc:
                raise SendError(f"SMTP error: {exc}", permanent=False) from exc


class DjangoBackendTransport(Transport):
    """Any other EMAIL_BACKEND (tests' locmem, console): same content through Django's API."""

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)

    def __enter__(self) -> DjangoBackendTransport:
        self.connection.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.connection.close()

    def send(self, email: RenderedEmail) -> None:
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.text,
            from_email=email.from_header,
            to=[email.to_header],
            reply_to=[email.reply_to] if email.reply_to else None,
            connection=self.connection,
        )
        message.attach_alternative(email.html, "text/html")
        try:
            message.send()
        except Exception as exc:  # any backend: the reason is kept and the send retried later
            raise SendError(f"{type(exc).__name__}: {exc}", permanent=False) from exc


def open_transport() -> Transport:
    if settings.EMAIL_BACKEND == SMTP_BACKEND:
        return SmtpTransport()
    return DjangoBackendTransport()
