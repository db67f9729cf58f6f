"""Shared fixtures: where the seed pages and the shared corpus are.

Corpus-based tests read ../shared/corpus (or $RECONCILE_CORPUS) and skip with a reason when it is absent, so
that `make test` passes on a fresh clone that has only this repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"


def corpus_path() -> Path | None:
    env = os.environ.get("RECONCILE_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "corpus")
    for c in candidates:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    return None


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    c = corpus_path()
    if c is None:
        pytest.skip("shared corpus not found: set RECONCILE_CORPUS or place it at ../shared/corpus")
    return c
