"""Passage search: BM25 over Korean morphemes, blended with character n-gram TF-IDF, with a passage-quality prior.

**Tokens** (:func:`tokenize`). Korean text is cut into morphemes by Kiwi (kiwipiepy, ``model_type="cong"``); kept are
nouns (NNG, NNP), roots (XR), verb and adjective stems (VV, VA), numbers (SN), Latin words (SL, lower-cased) and
Hanja/Chinese runs (SH, as character bigrams, so ``杭州城市数据大脑规划`` shares ``城市`` and ``大脑`` with a query
``城市大脑``). A number glued to a Latin word is one token (``5G`` → ``5g``). Two adjacent content morphemes also give
a joined token (``자율`` + ``주행`` → ``자율주행``), which rewards the phrase over its parts scattered in a passage.
Without kiwipiepy the tokenizer falls back to whitespace words (particles stay attached; the n-gram channel still
matches them).

**BM25** (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, eq. 3.15):
``score(d, q) = Σ_{t∈q} idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))`` with
``idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))``, ``k1 = 1.2``, ``b = 0.75``; the per-term weights are
precomputed into one sparse passage × term matrix, so a query is one sparse product.

**Blend.** ``s = (1 − λ)·bm25/max(bm25) + λ·cos/max(cos)`` with ``cos`` the cosine of character 2–4-gram TF-IDF
vectors (the earlier index, kept for robustness to spelling variants and broken words), ``λ = 0.3``. Both are scaled by
their best value for the query, so ``s ∈ [0, 1]``. A passage that shares no token with the query counts only if its
n-gram cosine is at least ``MIN_COSINE`` (0.15): a query of nonsense finds nothing rather than noise.

**Prior.** The blended score is multiplied by a passage-quality factor (:func:`quality`): headings, figure/table
captions and source lines (``그림``, ``표``, ``자료:``), footnotes and very short passages are demoted, never removed.

**English and Chinese queries.** Query words found in :attr:`PassageIndex.synonyms` (built from ``data/sectors.csv``
and ``data/regions.csv`` English/Chinese names → Korean names, plus :data:`GLOSSARY`) add the Korean tokens to the
query, at weight :data:`EXPANSION_WEIGHT` (0.5), beside the original words (which match the English summary text).
A Korean name the reports also write in Latin letters (``아폴로`` / ``Apollo``,
:data:`LATIN_IN_KOREAN`) adds the Latin token at weight 1.

**Concept coverage** (a query with at least one such translation). Each translated phrase with its Korean tokens is
one concept, every other query token one more; a passage that covers ``c`` of the query's ``C`` concepts keeps
``1 − COVERAGE_PENALTY·(1 − c/C)`` of its score (penalty 1: ``c/C``; on the judged queries 0.5 → 1.0 moved nDCG@5 of
the English ones from 0.684 to 0.723, the others unchanged). So for ``smart city Hangzhou`` a Korean passage on the US "Smart
City Challenge" (Latin ``smart city`` only, no Hangzhou) falls behind the passages on Hangzhou's smart city. Korean
queries are scored as before. Within a concept only its best-scoring spelling counts (:meth:`concept_bm25`).

**Duplicates.** Passages whose text is identical after dropping brackets, punctuation and spaces are shown once
(the first in rank order).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from features.corpus import Passage

K1 = 1.2
B = 0.75
BLEND = 0.3  # λ: weight of the character n-gram channel
MIN_COSINE = 0.15  # a passage sharing no token with the query needs at least this n-gram cosine
EXPANSION_WEIGHT = 0.5  # weight of Korean tokens added for an English/Chinese query word
COVERAGE_PENALTY = 1.0  # a translated query: a passage keeps 1 − penalty·(share of concepts missed) of its score

KEEP_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "SN", "SL", "SH"})
JOIN_TAGS = frozenset({"NNG", "NNP", "XR", "SL", "SH", "SN"})

# Common English words of the reports' subject matter → Korean, beside the names from sectors.csv / regions.csv.
GLOSSARY = {
    "baidu": "바이두", "alibaba": "알리바바", "tencent": "텐센트", "iflytek": "커따쉰페이", "ping an": "핑안",
    "hyundai": "현대", "kia": "기아", "ai": "인공지능", "artificial intelligence": "인공지능", "apollo": "아폴로", "city brain": "시티 브레인", "wedoctor": "위닥터",
    "medical": "의료", "hospital": "병원", "internet hospital": "인터넷병원", "telemedicine": "원격의료",
    "test bed": "테스트 베드", "testbed": "테스트베드", "procurement": "조달", "startup": "스타트업",
    "startups": "스타트업", "investment": "투자", "platform": "플랫폼", "open platform": "개방형 플랫폼",
    "data": "데이터", "big data": "빅데이터", "privacy": "개인정보", "regulation": "규제", "policy": "정책",
    "road test": "도로 테스트", "license plate": "번호판", "pilot zone": "시범구", "talent": "인재",
    "market": "시장", "cooperation": "협력", "korea": "한국", "china": "중국", "unicorn": "유니콘",
    "foreign investment": "외국인투자", "prescription": "처방약", "imaging": "영상", "voice": "음성인식",
    "self-driving": "자율주행", "driverless": "자율주행", "manufacturing": "제조", "smart factory": "스마트공장",
}  # fmt: skip

# Names Kiwi would otherwise cut (``바이두`` → ``바이`` + ``두``); added to its dictionary as proper nouns.
USER_WORDS = ("바이두", "알리바바", "텐센트", "아폴로", "아폴롱", "핑안", "굿닥터", "미잉", "위닥터", "커따쉰페이",
              "상탕", "시티브레인", "유니콘", "슝안신구", "난사구", "중관춘", "징둥", "화웨이", "샤오미")  # fmt: skip
# Names the Korean text also writes in Latin letters: a Korean query word adds the Latin token too.
LATIN_IN_KOREAN = {"아폴로": "apollo", "시티브레인": "city brain", "시티 브레인": "city brain"}

_CAPTION = re.compile(r"^\s*[<\[(【]?\s*(그림|표|사진|자료|주|출처|Figure|Table|Source)\s*[\d\-–:.)]")
_FOOTNOTE = re.compile(r"^\s*\d{1,3}\)\s")
_SENTENCE_END = re.compile(r"(다|음|함|됨|임|요)\s*[.)]?\s*\d*\)?\s*$|[.!?。]['\"”’)]?\s*$")
_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _kiwi():
    """The Kiwi analyser, loaded once per process (about 1–4 s); None when kiwipiepy is not installed."""
    try:
        from kiwipiepy import Kiwi
    except ImportError:  # pragma: no cover - kiwipiepy is pinned in requirements.txt
        return None
    kiwi = Kiwi(model_type="cong", load_typo_dict=False, load_multi_dict=False)
    for word in USER_WORDS:
        kiwi.add_user_word(word, "NNP")
    return kiwi


def _han_bigrams(run: str) -> list[str]:
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


def _from_morphemes(morphs) -> list[str]:
    out: list[str] = []
    prev = None  # (form, tag, end) of the previous kept morpheme, for joins
    for m in morphs:
        form, tag = m.form, m.tag.split("-")[0]
        if tag not in KEEP_TAGS:
            prev = None
            continue
        if tag == "SL":
            form = form.lower()
        if tag == "SH":
            out.extend(_han_bigrams(form))
        elif tag in ("SL", "SN") and prev and prev[1] in ("SL", "SN") and prev[2] == m.start and out:
            out[-1] = out[-1] + form.lower()  # 5 + G → 5g
            prev = (out[-1], tag, m.end)
            continue
        else:
            out.append(form)
        if prev and tag in JOIN_TAGS and prev[1] in JOIN_TAGS and tag != "SH" and prev[1] != "SH":
            out.append(prev[0] + form)
        prev = (form, tag, m.end)
    return out


def _fallback(text: str) -> list[str]:
    text = text.lower()
    out = [w for w in re.findall(r"[\w\-]+", text) if not _HAN.fullmatch(w)]
    for run in _HAN.findall(text):
        out.extend(_han_bigrams(run))
    return out


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def tokenize(text: str) -> list[str]:
    """The index tokens of one text (see the module docstring)."""
    kiwi = _kiwi()
    text = _normalise(text)
    return _from_morphemes(kiwi.tokenize(text)) if kiwi else _fallback(text)


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """:func:`tokenize` for many texts (Kiwi's batch mode, through the shared morpheme cache of
    :mod:`features.ingest.morph`: a text analysed once in a process is not analysed again)."""
    from features.ingest.morph import analyse_many

    texts = [_normalise(t) for t in texts]
    if not _kiwi():
        return [_fallback(t) for t in texts]
    return [_from_morphemes(m) for m in analyse_many(texts)]


def quality(text: str) -> float:
    """Passage-quality prior in (0, 1]: captions/source lines ×0.35, headings ×0.35, footnotes ×0.4, URLs ×0.8,
    and a length factor ``min(1, len/100)^0.5`` (a 25-character line gets 0.5)."""
    t = text.strip()
    f = 1.0
    if _CAPTION.match(t):
        f *= 0.35
    elif _FOOTNOTE.match(t):
        f *= 0.4
    elif len(t) < 40 and not _SENTENCE_END.search(t):
        f *= 0.35  # a heading or a table cell
    if "http" in t:
        f *= 0.8
    return f * min(1.0, len(t) / 100) ** 0.5


def dedup_key(text: str) -> str:
    """Text without bracketed asides, punctuation and spaces: equal keys are shown once."""
    t = re.sub(r"\([^)]*\)|（[^）]*）", "", _normalise(text))
    return re.sub(r"[\W_]+", "", t)


def synonyms_from(sectors: Iterable = (), regions: Iterable = ()) -> dict[str, str]:
    """English/Chinese phrase (lower-case) → Korean text, from sector and region names and :data:`GLOSSARY`."""
    out = dict(GLOSSARY)
    for s in sectors:
        out[s.name_en.lower()] = s.name_ko
        if s.name_zh:
            out[s.name_zh] = s.name_ko
    for r in regions:
        out[r.name_en.lower()] = r.name_ko
        if r.name_zh:
            out[r.name_zh] = r.name_ko
        if r.main_city_en and r.main_city_ko:
            out[r.main_city_en.lower()] = r.main_city_ko
    return out


@dataclass
class PassageIndex:
    """A fitted search index (picklable with joblib; the Kiwi analyser is not stored but reloaded when needed).

    ``fit`` sets ``passages_``, ``vocab_`` (token → column), ``bm25_`` (passages × tokens, BM25 term weights),
    ``vectorizer_``/``matrix_`` (character n-grams), ``prior_`` (:func:`quality`) and ``group_`` (duplicate groups).
    """

    ngram_range: tuple[int, int] = (2, 4)
    synonyms: dict[str, str] = field(default_factory=dict)

    def fit(self, passages: list[Passage], synonyms: dict[str, str] | None = None) -> PassageIndex:
        self.passages_ = list(passages)
        if synonyms is not None:
            self.synonyms = dict(synonyms)
        texts = [p.text for p in self.passages_]
        self.vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True,
                                           min_df=1, dtype=np.float32)  # fmt: skip
        self.matrix_ = self.vectorizer_.fit_transform(texts)
        docs = tokenize_many(texts)
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for i, toks in enumerate(docs):
            counts: dict[int, int] = {}
            for tok in toks:
                j = vocab.setdefault(tok, len(vocab))
                counts[j] = counts.get(j, 0) + 1
            rows += [i] * len(counts)
            cols += list(counts)
            vals += list(counts.values())
        tf = sparse.csr_matrix((np.asarray(vals, np.float32), (rows, cols)), shape=(len(docs), len(vocab)))
        dl = np.asarray([len(t) for t in docs], np.float32)
        avgdl = float(dl.mean()) if len(dl) and dl.mean() > 0 else 1.0
        df = np.bincount(tf.indices, minlength=len(vocab)).astype(np.float32)
        n = len(docs)
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        tf = tf.tocoo()
        norm = K1 * (1 - B + B * dl[tf.row] / avgdl)
        w = idf[tf.col] * tf.data * (K1 + 1) / (tf.data + norm)
        self.bm25_ = sparse.csr_matrix((w.astype(np.float32), (tf.row, tf.col)), shape=tf.shape)
        self.vocab_ = vocab
        self.prior_ = np.asarray([quality(t) for t in texts], np.float32)
        self.expansions_ = self._expansions()
        keys: dict[str, int] = {}
        self.group_ = np.asarray([keys.setdefault(dedup_key(t) or str(i), i) for i, t in enumerate(texts)])
        return self

    def _expansions(self) -> list[tuple[re.Pattern, list[str], float]]:
        """(pattern that finds the phrase in a lower-cased query, tokens it adds, their weight) for every synonym:
        translations weigh :data:`EXPANSION_WEIGHT`, Latin spellings of a Korean name (:data:`LATIN_IN_KOREAN`) 1."""
        out = []
        pairs = [(k, v, EXPANSION_WEIGHT) for k, v in self.synonyms.items()]
        pairs += [(k, v, 1.0) for k, v in LATIN_IN_KOREAN.items()]
        for phrase, target, weight in sorted(pairs):
            if _HAN.fullmatch(phrase) or not phrase.isascii():
                pattern = re.compile(re.escape(phrase))
            else:
                pattern = re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])")
            out.append((pattern, tokenize(target), weight))
        return out

    def query_vector(self, query: str) -> sparse.csr_matrix:
        """Token weights of a query: its own tokens (1 each) plus Korean expansions of English/Chinese words."""
        weights: dict[int, float] = {}

        def add(tokens: list[str], w: float) -> None:
            for tok in tokens:
                j = self.vocab_.get(tok)
                if j is not None:
                    weights[j] = max(weights.get(j, 0.0), w)

        add(tokenize(query), 1.0)
        low = _normalise(query).lower()
        for pattern, tokens, weight in self.expansions_:
            if pattern.search(low):
                add(tokens, weight)
        if not weights:
            return sparse.csr_matrix((1, len(self.vocab_)), dtype=np.float32)
        cols = np.fromiter(weights, dtype=np.int64)
        vals = np.fromiter(weights.values(), dtype=np.float32)
        return sparse.csr_matrix((vals, (np.zeros_like(cols), cols)), shape=(1, len(self.vocab_)))

    def concepts(self, query: str) -> list[np.ndarray]:
        """The query's concepts as arrays of index columns (module docstring, "Concept coverage"); ``[]`` for a query
        with no translated phrase (a Korean query), which is then scored without coverage."""
        low = _normalise(query).lower()
        groups: list[set[int]] = []
        used: set[int] = set()
        for pattern, tokens, _ in self.expansions_:
            m = pattern.search(low)
            if not m:
                continue
            cols = {self.vocab_[t] for t in (*tokens, *tokenize(m.group(0))) if t in self.vocab_}
            if cols:
                groups.append(cols)
                used |= cols
        if not groups:
            return []
        rest = {self.vocab_[t] for t in tokenize(query) if t in self.vocab_} - used
        groups += [{c} for c in sorted(rest)]
        merged: list[set[int]] = []  # a phrase inside a longer one ("city" in "smart city") is the same concept
        for g in sorted(groups, key=len, reverse=True):
            if not any(g <= h for h in merged):
                merged.append(g)
        return [np.fromiter(sorted(g), dtype=np.int64) for g in merged]

    def concept_bm25(self, query: str) -> tuple[np.ndarray, np.ndarray | None]:
        """BM25 of every passage and, for a translated query, the share of its concepts each passage covers.

        A translated query scores ``Σ_concepts max_{t ∈ concept} w_t·bm25(t, d)``: a concept counts once however many
        of its spellings a passage has (``smart``, ``city``, ``smartcity`` and ``스마트시티`` are one concept), so
        a Korean passage that writes the English phrase beside the Korean one does not outweigh one that names both
        the place and the sector. Other queries: the plain sum over tokens (module docstring)."""
        qv = self.query_vector(query)
        groups = self.concepts(query)
        if not groups:
            return (self.bm25_ @ qv.T).toarray().ravel(), None
        w = qv.toarray().ravel()
        total = np.zeros(len(self.passages_), np.float64)
        hit = np.zeros(len(self.passages_), np.float64)
        for cols in groups:
            part = self.bm25_[:, cols].multiply(w[cols][None, :]).tocsr()
            best = part.max(axis=1).toarray().ravel()
            total += best
            hit += best > 0
        return total, (hit / len(groups) if len(groups) >= 2 else None)

    def scores(self, query: str) -> np.ndarray:
        """The final score of every passage for ``query`` (0 for a passage that shares nothing with it)."""
        bm25, covered = self.concept_bm25(query)
        cos = (self.matrix_ @ self.vectorizer_.transform([query]).T).toarray().ravel()
        s = np.zeros(len(self.passages_), np.float64)
        if bm25.max() > 0:
            s += (1 - BLEND) * bm25 / bm25.max()
        if cos.max() > 0:
            s += BLEND * cos / cos.max()
        matched = (bm25 > 0) | (cos >= MIN_COSINE)  # shares a token, or enough of its spelling
        if covered is not None:
            s *= 1 - COVERAGE_PENALTY * (1 - covered)
        return s * self.prior_ * matched

    def search(self, query: str, top: int = 10, doc_id: str | None = None) -> list[tuple[Passage, float]]:
        """Passages best matching ``query`` (score > 0), best first; ties by passage order; duplicates once."""
        query = (query or "").strip()
        if not query or top < 1:
            return []
        scores = self.scores(query)
        order = np.lexsort((np.arange(len(scores)), -scores))
        out: list[tuple[Passage, float]] = []
        seen: set[int] = set()
        for i in order:
            if scores[i] <= 0 or not math.isfinite(scores[i]):
                break
            p = self.passages_[i]
            if doc_id and p.doc_id != doc_id:
                continue
            if self.group_[i] in seen:
                continue
            seen.add(self.group_[i])
            out.append((p, round(float(scores[i]), 6)))
            if len(out) >= top:
                break
        return out


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` character spans of ``text`` where any of ``terms`` occurs (case-insensitive),
    longest term first, in text order."""
    low = text.lower()
    taken = [False] * len(text)
    spans = []
    for term in sorted({t.lower() for t in terms if t}, key=lambda x: (-len(x), x)):
        start = low.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end))
                taken[start:end] = [True] * (end - start)
            start = low.find(term, end)
    return sorted(spans)


def query_terms(index: PassageIndex, query: str) -> list[str]:
    """Words to highlight for ``query``: its words and morphemes (two characters or more, letters and digits only)
    and the Korean words its English/Chinese words expand to."""
    terms = set(re.findall(r"\w{2,}", _normalise(query)))
    terms.update(t for t in tokenize(query) if len(t) >= 2)
    low = _normalise(query).lower()
    for pattern, tokens, _ in getattr(index, "expansions_", []):
        if pattern.search(low):
            terms.update(t for t in tokens if len(t) >= 2)
    return sorted(t for t in terms if re.fullmatch(r"\w+", t))
