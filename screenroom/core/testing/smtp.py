"""A real SMTP server for tests and benchmarks (aiosmtpd on a free 127.0.0.1 port).

Use the `smtp_server` pytest fixture (registered in the root conftest.py): it starts a server, points
Django's email settings at it, and collects every accepted message::

    def test_invite_sends_email(smtp_server, ...):
        ...
        message = smtp_server.wait_for(1)[0]
        assert "Acme" in message.html

Outside pytest (benchmarks, scripts) use the context manager: ``with running_smtp_server() as server:``.
The server can also misbehave on purpose: ``server.refuse(address, 550)`` refuses a recipient,
``server.outage(451)`` answers every recipient with a temporary error, ``server.stop()`` /
``server.start()`` take it down and bring it back on the same port (connection refused meanwhile).
"""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from functools import cached_property
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class ReceivedMessage:
    """One accepted message; parsing is lazy so a benchmark's server thread stays cheap."""

    def __init__(self, mail_from: str, rcpt_tos: list[str], data: bytes, peer: object = None) -> None:
        self.mail_from = mail_from
        self.rcpt_tos = rcpt_tos
        self.data = data
        self.peer = peer  # the client's (host, port): one value per SMTP connection

    @cached_property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def from_header(self) -> str:
        return str(self.message["From"] or "")

    @property
    def to_header(self) -> str:
        return str(self.message["To"] or "")

    def _part(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return ""
        return str(part.get_content())  # type: ignore[attr-defined]

    @property
    def text(self) -> str:
        return self._part("plain")

    @property
    def html(self) -> str:
        return self._part("html")

    def __repr__(self) -> str:
        return f"<ReceivedMessage to={self.rcpt_tos} subject={self.subject!r}>"


class _Handler:
    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.server._reply_for(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        self.server._store(
            ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), bytes(data), session.peer)
        )
        return "250 Message accepted for delivery"


class SmtpTestServer:
    """A local SMTP server that keeps what it accepts and can refuse or go down on request."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.messages: list[ReceivedMessage] = []
        self._refusals: dict[str, str] = {}
        self._outage: str | None = None
        self._changed = threading.Condition()
        self._controller: Controller | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> SmtpTestServer:
        # aiosmtpd logs every SMTP command at INFO; that noise would swamp test output and slow sending.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        if self._controller is None:
            self._controller = Controller(
                _Handler(self), hostname=self.host, port=self.port, enable_SMTPUTF8=True
            )
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    # -- behaviour ---------------------------------------------------------------------------------
    def refuse(self, address: str, code: int = 550, text: str = "5.1.1 Mailbox does not exist") -> None:
        """Answer RCPT TO for this address with `code` (5xx permanent, 4xx temporary)."""
        self._refusals[address.lower()] = f"{code} {text}"

    def outage(self, code: int = 451, text: str = "4.3.0 Try again later") -> None:
        """Answer every recipient with a (by default temporary) error until `recover()`."""
        self._outage = f"{code} {text}"

    def recover(self) -> None:
        self._outage = None
        self._refusals.clear()

    def _reply_for(self, address: str) -> str | None:
        return self._outage or self._refusals.get(address.lower())

    # -- messages ----------------------------------------------------------------------------------
    def _store(self, message: ReceivedMessage) -> None:
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    def clear(self) -> None:
        with self._changed:
            self.messages.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Block until at least `count` messages arrived; fail the test clearly otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} emails, got {len(self.messages)} in {timeout}s")
                self._changed.wait(remaining)
            return list(self.messages)

    @property
    def connection_count(self) -> int:
        """How many SMTP connections delivered the messages received so far."""
        return len({m.peer for m in list(self.messages)})

    def to(self, address: str) -> list[ReceivedMessage]:
        return [m for m in list(self.messages) if address.lower() in (r.lower() for r in m.rcpt_tos)]

    # -- Django ------------------------------------------------------------------------------------
    def django_settings(self) -> dict[str, Any]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
            "EMAIL_URL": f"smtp://{self.host}:{self.port}",
        }


@contextmanager
def running_smtp_server(host: str = "127.0.0.1") -> Iterator[SmtpTestServer]:
    """Start a server for the block (no Django settings changed: use `django_settings()`)."""
    server = SmtpTestServer(host).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpTestServer]:
    """A real SMTP server for one test, with Django's email settings pointing at it."""
    with running_smtp_server() as server:
        for name, value in server.django_settings().items():
            setattr(settings, name, value)
        yield server
