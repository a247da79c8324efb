"""Shared fixtures: the knowledge base built from the bundled data, and the recommender over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from features.build import load_knowledge
from recommender.engine import Recommender

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def kb():
    return load_knowledge(DATA)


@pytest.fixture(scope="session")
def rec(kb):
    return Recommender(kb)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ (without the build folder) that a test may modify."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("build"))
    return dst
