"""Passage search: TF-IDF over character n-grams (scikit-learn), cosine similarity.

Character 2–4-grams within word boundaries suit Korean without a tokenizer: particles attach to nouns
(``베이징의``, ``베이징은``) and still share the n-grams of the noun. Vectors are L2-normalised, so the dot product
with the query vector is the cosine similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from features.corpus import Passage


@dataclass
class PassageIndex:
    """A fitted search index; ``passages_`` and ``matrix_`` are set by :meth:`fit` (picklable with joblib)."""

    ngram_range: tuple[int, int] = (2, 4)

    def fit(self, passages: list[Passage]) -> PassageIndex:
        self.passages_ = list(passages)
        self.vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True,
                                           min_df=1, dtype=np.float32)
        self.matrix_ = self.vectorizer_.fit_transform(p.text for p in self.passages_)
        return self

    def search(self, query: str, top: int = 10, doc_id: str | None = None) -> list[tuple[Passage, float]]:
        """Passages most similar to ``query`` (score > 0), best first; ties by passage order."""
        query = (query or "").strip()
        if not query:
            return []
        scores = (self.matrix_ @ self.vectorizer_.transform([query]).T).toarray().ravel()
        order = np.lexsort((np.arange(len(scores)), -scores))
        out = []
        for i in order:
            if scores[i] <= 0:
                break
            p = self.passages_[i]
            if doc_id and p.doc_id != doc_id:
                continue
            out.append((p, float(scores[i])))
            if len(out) >= top:
                break
        return out
