"""A threaded stdlib HTTP server with a reply script, shared by the fake OpenAI and Anthropic servers."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from screenroom.interviews.engine.testing.script import Reply, ok


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


Responder = Callable[[dict[str, Any]], Reply]


class FakeServer:
    """Subclasses render a Reply in their protocol. Unscripted requests get ``default``."""

    def __init__(self, default: Reply | Responder | None = None) -> None:
        self.script: deque[Reply] = deque()
        self.default: Reply | Responder = default or ok("")
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- scripting -------------------------------------------------------------------------
    def push(self, *replies: Reply) -> FakeServer:
        self.script.extend(replies)
        return self

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self.script:
                return self.script.popleft()
        return self.default(body) if callable(self.default) else self.default

    # --- protocol hooks --------------------------------------------------------------------
    path = "/"

    def check_request(self, headers: dict[str, str], body: dict[str, Any]) -> str | None:
        """Return an error message for a request the real API would reject with 400."""
        return None

    def render(self, body: dict[str, Any], reply: Reply) -> tuple[int, dict[str, str], bytes]:
        raise NotImplementedError

    def render_stream(self, body: dict[str, Any], reply: Reply) -> Iterable[bytes]:
        raise NotImplementedError

    def render_error(self, status: int, message: str) -> bytes:
        raise NotImplementedError

    # --- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                server._handle(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        # A short poll interval keeps shutdown() (and so every test teardown) fast.
        httpd = self._httpd
        self._thread = threading.Thread(
            target=lambda: httpd.serve_forever(poll_interval=0.02), name="fake-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- request handling ------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("content-length") or 0)
        raw = h.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in h.headers.items()}
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send(h, 400, {}, self.render_error(400, "request body is not JSON"))
            return
        with self._lock:
            self.requests.append(RecordedRequest(h.path, headers, body))
        if h.path.split("?")[0] != self.path:
            self._send(h, 404, {}, self.render_error(404, f"no route {h.path}"))
            return
        problem = self.check_request(headers, body)
        if problem:
            self._send(h, 400, {}, self.render_error(400, problem))
            return
        reply = self._next(body)
        if reply.delay_s:
            time.sleep(reply.delay_s)
        try:
            if reply.kind == "error":
                extra = {"retry-after": str(reply.retry_after)} if reply.retry_after is not None else {}
                self._send(h, reply.status, extra, self.render_error(reply.status, "scripted error"))
            elif reply.kind == "malformed_body":
                self._send(h, 200, {}, reply.content.encode())
            elif body.get("stream"):
                self._stream(h, self.render_stream(body, reply))
            else:
                status, extra, payload = self.render(body, reply)
                self._send(h, status, extra, payload)
        except StreamBroken:
            pass  # a scripted mid-stream drop: the handler returns and the connection closes
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to tell it

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, headers: dict[str, str], payload: bytes) -> None:
        h.send_response(status)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(payload)))
        h.send_header("x-request-id", "req_fake")
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(payload)

    @staticmethod
    def _stream(h: BaseHTTPRequestHandler, events: Iterable[bytes]) -> None:
        # HTTP/1.0 without content-length: the stream ends when the connection closes.
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.send_header("cache-control", "no-cache")
        h.end_headers()
        for event in events:
            h.wfile.write(event)
            h.wfile.flush()


def split(text: str, size: int) -> Iterator[str]:
    for i in range(0, len(text), max(1, size)):
        yield text[i : i + size]


class StreamBroken(Exception):
    """Raised by a render_stream generator to drop the connection mid-stream (no end marker)."""


def scripted_pieces(reply: Reply) -> Iterator[tuple[int, str]]:
    """The reply's text deltas with their index, paced by ``chunk_delay_s``; the caller renders an
    error event (or raises StreamBroken) when the index reaches ``break_after``."""
    for n, piece in enumerate(split(reply.content, reply.chunk_chars)):
        if n and reply.chunk_delay_s:
            time.sleep(reply.chunk_delay_s)
        yield n, piece


def count_tokens(text: str) -> int:
    """Whitespace words: good enough for a fake usage block."""
    return max(1, len(text.split()))


def sse(data: dict[str, Any] | str, event: str | None = None) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data)
    prefix = f"event: {event}\n" if event else ""
    return f"{prefix}data: {payload}\n\n".encode()
