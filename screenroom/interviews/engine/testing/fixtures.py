"""Pytest fixtures for the fake servers; import them into any conftest.py:

from screenroom.interviews.engine.testing.fixtures import fake_anthropic, fake_openai  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from screenroom.interviews.engine.testing.fake_anthropic import FakeAnthropic
from screenroom.interviews.engine.testing.fake_openai import FakeOpenAI


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI()
    with server:
        yield server


@pytest.fixture
def fake_anthropic() -> Iterator[FakeAnthropic]:
    server = FakeAnthropic()
    with server:
        yield server
