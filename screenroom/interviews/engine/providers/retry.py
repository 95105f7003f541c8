"""Our own retry loop with backoff. The SDK clients are built with max_retries=0 so that a 429 is
retried exactly ``max_attempts`` times in total, not SDK-retries x our-retries."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from screenroom.interviews.engine.providers.base import ErrorKind, ProviderConfig, ProviderError

T = TypeVar("T")
RETRYABLE: frozenset[str] = frozenset({"rate_limited", "server_error", "connection"})


def backoff_delay(attempt: int, cfg: ProviderConfig, retry_after: float | None) -> float:
    if retry_after is not None and retry_after >= 0:
        return min(retry_after, cfg.backoff_max_s)
    base = min(cfg.backoff_max_s, cfg.backoff_base_s * 2 ** (attempt - 1))
    return base * (0.5 + random.random() / 2)  # jitter: many interviews must not retry in lockstep


def with_retries(
    call: Callable[[], T],
    cfg: ProviderConfig,
    classify: Callable[[BaseException], tuple[ErrorKind, float | None]],
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[T, int]:
    """Run ``call``; returns (result, attempts). Raises ProviderError with the classified kind."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return call(), attempt
        except ProviderError as exc:
            # Malformed replies are not retried: the same prompt tends to fail the same way.
            exc.attempts = attempt
            raise
        except Exception as exc:
            kind, retry_after = classify(exc)
            retryable = kind in RETRYABLE or (kind == "timeout" and cfg.retry_on_timeout)
            if not retryable or attempt >= cfg.max_attempts:
                # The message names the exception type only: SDK messages can echo request details.
                raise ProviderError(
                    kind, f"{type(exc).__name__} after {attempt} attempt(s)", attempts=attempt
                ) from exc
            sleep(backoff_delay(attempt, cfg, retry_after))


def classify_sdk_error(
    exc: BaseException,
    *,
    timeout_cls: type[BaseException],
    connection_cls: type[BaseException],
    status_cls: type[BaseException],
) -> tuple[ErrorKind, float | None]:
    """Map an openai/anthropic SDK exception (they share a shape) to an ErrorKind and Retry-After."""
    if isinstance(exc, timeout_cls):
        return "timeout", None
    if isinstance(exc, connection_cls):
        return "connection", None
    if isinstance(exc, status_cls):
        status = int(getattr(exc, "status_code", 0))
        retry_after = _retry_after(exc)
        if status == 429:
            return "rate_limited", retry_after
        if status >= 500:
            return "server_error", retry_after
        if status in (401, 403):
            return "auth", None
        return "bad_request", None
    if isinstance(exc, ValueError):  # json.JSONDecodeError and the SDKs' response validation errors
        return "malformed", None
    return "error", None


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is not None:
            try:
                return float(raw) * scale
            except ValueError:
                return None
    return None
