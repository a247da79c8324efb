"""Cached loaders: the knowledge base and the recommender are built once per server process (``st.cache_resource``)
and shared by every session; reruns (a weight change, a language toggle) never reload them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from features.build import KnowledgeBase, default_data_dir, load_knowledge
from ui.i18n import set_data_context

if TYPE_CHECKING:
    from recommender.engine import Recommender


@st.cache_resource(show_spinner="데이터를 불러오는 중… / Loading data…")
def _knowledge(data_dir: str) -> KnowledgeBase:
    return load_knowledge(data_dir)


def data_dir() -> Path:
    """The data directory the app serves: ``KOCN_DATA_DIR`` (a team's reviewed data), else the bundled ``data/``."""
    return default_data_dir()


def knowledge() -> KnowledgeBase:
    """The knowledge base (profiles, facts, passages, search index) of :func:`data_dir`, from its ``build/`` (rebuilt
    if stale); the strings learn the data's publication period from it (``ui.i18n.set_data_context``)."""
    kb = _knowledge(str(data_dir()))
    set_data_context(kb)
    return kb


knowledge.clear = _knowledge.clear  # type: ignore[attr-defined]  # tests and reload() forget the cached build


@st.cache_resource(show_spinner=False)
def _recommender(_kb: KnowledgeBase, data_version: str) -> Recommender:
    from recommender.engine import Recommender  # NumPy and the engine load with the first answer, not the form (#19)

    return Recommender(_kb)


def recommender() -> Recommender:
    kb = knowledge()
    return _recommender(kb, kb.data_version)


@st.cache_resource(show_spinner=False)
def _passage_index(_kb: KnowledgeBase, data_version: str) -> dict:
    return {p.passage_id: p for p in _kb.passages}


def passage(kb: KnowledgeBase, passage_id: str):
    return _passage_index(kb, kb.data_version).get(passage_id)


@st.cache_resource(show_spinner=False)
def _profiles_frame(_kb: KnowledgeBase, data_version: str):
    from recommender.profiles_view import profiles_frame  # pandas: not on the first page's path (issue 19)

    return profiles_frame(_kb)


def profiles(kb: KnowledgeBase):
    """One row per profile (``recommender.profiles_view.profiles_frame``); treat as read-only."""
    return _profiles_frame(kb, kb.data_version)


def reload() -> None:
    """Forget every cached artifact so the next run loads the current data version."""
    for fn in (_knowledge, _recommender, _passage_index, _profiles_frame):
        fn.clear()
    st.cache_data.clear()
