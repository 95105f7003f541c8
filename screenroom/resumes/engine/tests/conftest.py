from __future__ import annotations

from pathlib import Path

import pytest

from .corpus import Sample, make_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Sample, Path]]:
    root = tmp_path_factory.mktemp("resumes")
    out = []
    for sample in make_corpus():
        path = root / f"{sample.name.replace('/', '_')}.{sample.fmt}"
        path.write_bytes(sample.data)
        out.append((sample, path))
    return out
