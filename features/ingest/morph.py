"""Kiwi morphemes of passage texts, analysed once per text and process (shared by search and the tagger).

``analyse_many(texts)`` runs Kiwi (kiwipiepy, model ``cong``, the project's user words) in batch over the texts not
seen before and keeps ``(form, tag, start, len)`` tuples; search tokens (``features.search``) and the tagger's
features and place checks (``features.ingest.tagger``) are derived from the same analysis, so a build runs Kiwi
once per passage.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple


class Morph(NamedTuple):
    form: str
    tag: str
    start: int
    len: int

    @property
    def end(self) -> int:
        return self.start + self.len


_CACHE: dict[str, tuple[Morph, ...]] = {}


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def analyse_many(texts: list[str]) -> list[tuple[Morph, ...]]:
    """Morphemes of each (NFKC-normalised) text; ``()`` for every text when kiwipiepy is missing."""
    from features.search import _kiwi

    kiwi = _kiwi()
    norm = [normalise(t) for t in texts]
    if kiwi is None:
        return [() for _ in norm]
    todo = sorted({t for t in norm if t not in _CACHE})
    if todo:
        for text, tokens in zip(todo, kiwi.tokenize(todo)):
            _CACHE[text] = tuple(Morph(m.form, m.tag, m.start, m.len) for m in tokens)
    return [_CACHE[t] for t in norm]


def analyse(text: str) -> tuple[Morph, ...]:
    return analyse_many([text])[0]
