"""Shared fixtures: where ../shared is, and skips when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AMEND_SHARED", REPO.parent / "shared"))
CORPUS_DEV = SHARED / "corpus-dev"
DECISIONS_DEV = SHARED / "decisions-dev"
SEEDS = SHARED / "seeds"
CASES = Path(__file__).resolve().parent / "cases"


def _need(path: Path) -> Path:
    if not path.is_dir():
        pytest.skip(f"{path} is absent (tests that read ../shared skip on a bare clone)")
    return path


@pytest.fixture(scope="session")
def corpus_dev() -> Path:
    return _need(CORPUS_DEV)


@pytest.fixture(scope="session")
def decisions_dev() -> Path:
    return _need(DECISIONS_DEV)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return _need(SEEDS)
