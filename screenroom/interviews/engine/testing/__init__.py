"""Local protocol servers for tests: real HTTP on 127.0.0.1, scripted replies."""

from screenroom.interviews.engine.testing.fake_anthropic import FakeAnthropic
from screenroom.interviews.engine.testing.fake_openai import FakeOpenAI
from screenroom.interviews.engine.testing.script import (
    Reply,
    broken_stream,
    error,
    hang,
    malformed_body,
    ok,
    slow,
    streamed,
)

__all__ = [
    "FakeAnthropic",
    "FakeOpenAI",
    "Reply",
    "broken_stream",
    "error",
    "hang",
    "malformed_body",
    "ok",
    "slow",
    "streamed",
]
