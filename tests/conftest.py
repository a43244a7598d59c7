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
def modified_lines(corpus_dev) -> list[tuple[str, str]]:
    """(old, new) of every modified line of the redlines of 民事诉讼法 and 反垄断法 (their first two
    versions): real pairs for comparing the diff engines."""
    from amend.diff import compare, textdiff
    from amend.structure import parse_source

    pairs = []
    for folder in ("民事诉讼法", "反垄断法"):
        files = sorted(p for p in (corpus_dev / folder).glob("*.md") if p.name[0].isdigit())
        old, new = (parse_source(p.read_text(encoding="utf-8")).regulation for p in files[:2])
        pairs += [(textdiff.side(line.segments, "-"), textdiff.side(line.segments, "+"))
                  for change in compare(old, new).articles for line in change.lines
                  if line.kind == "modified"]
    return pairs


@pytest.fixture(scope="session")
def heating_versions():
    """吉林省城市供热条例 (bundled) as in force on 2010-01-01 and on 2021-08-01, and the link of the
    2021 decision between them: (old Regulation, new Regulation, Link)."""
    import datetime as dt

    from amend.consolidate import consolidate
    from amend.corpus import find_work
    from amend.diff import Link

    work = find_work("吉林省城市供热条例")
    old = consolidate(work, dt.date(2010, 1, 1)).regulation
    new = consolidate(work, dt.date(2021, 8, 1))
    step = new.steps[0]
    return old, new.regulation, Link.from_result(step.result, step.decision.title)


@pytest.fixture(scope="session")
def decisions_dev() -> Path:
    return _need(DECISIONS_DEV)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return _need(SEEDS)
