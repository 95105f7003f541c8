"""Run extraction in a child process with a hard time limit.

The cooperative deadline in the readers cannot stop PDFium if it loops inside one native call, and a
crash in native code would take the worker with it. A child process bounds both; it costs a fork
(a few ms), which is why the in-process path remains for trusted batch work and benchmarks.
"""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.connection import Connection

from .document import DEFAULT_LIMITS, ExtractedDocument, Limits
from .errors import ResumeReadError
from .extract import extract_bytes


def _child(conn: Connection, data: bytes, limits: Limits) -> None:
    try:
        conn.send(("ok", extract_bytes(data, limits)))
    except ResumeReadError as exc:
        conn.send(("err", (exc.code, exc.message, exc.detail)))
    except Exception as exc:  # the parent turns anything else into a clear read error
        conn.send(("err", ("broken", "The file could not be read.", repr(exc))))
    finally:
        conn.close()


def extract_isolated(
    data: bytes, limits: Limits = DEFAULT_LIMITS, timeout_s: float | None = None
) -> ExtractedDocument:
    timeout = timeout_s if timeout_s is not None else limits.time_limit_s + 2.0
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, data, limits), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise ResumeReadError("timeout", "The file took too long to read. Please upload a simpler file.")
        status, payload = parent.recv()
    except EOFError as exc:
        raise ResumeReadError("broken", "The file could not be read.", "reader process died") from exc
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()
    if status == "ok":
        assert isinstance(payload, ExtractedDocument)
        return payload
    code, message, detail = payload
    raise ResumeReadError(code, message, detail)
