"""Features of a passage for the learned tagger: Kiwi morphemes, character n-grams, the sector keyword lists and a
few cues of form (numbers, years, money, rankings, captions).

* **Morphemes** — the search tokens of :func:`features.search._from_morphemes` (nouns, roots, verb stems, numbers,
  Latin words, Hanja bigrams, and joined adjacent content morphemes ``자율``+``주행`` → ``자율주행``), TF-IDF weighted
  (sublinear tf, l2), words seen in at least two passages.
* **Character 2–3-grams** of the content morphemes (never across two morphemes), TF-IDF — robust to spelling
  variants and words Kiwi cut oddly.
* **Keyword lists** (``data/sectors.csv``): for each sector, ``log(1 + matches)`` of its keywords, a match covering
  whole morphemes (Latin ones as case-sensitive words). They are *features* here; as substrings alone they are the
  keyword baseline (:mod:`features.ingest.baseline`).
* **Institution names** (``중국정보통신연구원``, ``정저우대학``) are left out of all of these: their parts say
  nothing about the passage's subject.
* **Form cues** — a number, a year (``2018년``), money or a share (``억 위안``, ``%``), a superlative or first
  (``최초``, ``최대``, ``1위``), a caption or source line, a heading (short, no sentence end), the passage length.
* **Statement features** (the kind model's own, :meth:`TextFeatures.statement`): what the passage *says* rather than
  what it is about — its predicates (verb and adjective stems ``V:제한하``, the nouns of ``…하다`` verbs ``H:발표``,
  final and pre-final endings ``E:었``), TF-IDF; and the counts of the kind cue lexicons :data:`KIND_CUES`
  (``log(1 + n)``). A plan is *announced* (발표, 시행, 지정), a market *grows* (규모, 억 위안, 증가), a barrier
  *restricts* (제한, 금지, 어렵다) whatever the sector; the topic words of the main features tell the sector, and
  made the kind follow it (autonomous-driving passages read as demand because most of their facts are).
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from features.ingest.morph import Morph
from features.mentions import _is_latin, _latin_hits

CUES = {
    "number": re.compile(r"\d"),
    "year": re.compile(r"(19|20)\d\d\s?년"),
    "money": re.compile(r"억|조\s?위안|위안|달러|USD|%|퍼센트|만\s?명|개사|개\b"),
    "first": re.compile(r"최초|처음|최대|가장|1위|선두|최고|유일"),
    "plan": re.compile(r"계획|방안|의견|지침|규획|정책|조례|규정|통지|발표|제정|시행"),
    "risk": re.compile(r"규제|제한|금지|위험|리스크|어려|장벽|불확실|보호|침해|부족|우려|중단"),
    "demand": re.compile(r"시장|수요|투자|기업|규모|성장|매출|이용자|고객"),
    "korea": re.compile(r"한국|한·중|한중|우리\s?기업|우리나라"),
    "caption": re.compile(r"^\s*[<\[(【]?\s*(그림|표|사진|자료|주|출처|글상자)\s*[\d\-–:.)]"),
}
#: cue lexicons of the four fact kinds (docs/DATA.md § indicators): the words that mark a plan or measure, a market
#: figure or firm, a barrier or concern, and a description or definition; counted as features of the kind model
KIND_CUES = {
    "policy": re.compile(r"계획|방안|의견|지침|규획|정책|조례|규정|통지|발표|제정|시행|지정|선정|시범|육성|지원|추진|목표|"
                         r"전략|보조금|기금|설립|출범|승인|발급|행동|공포|법규|지도의견|시범구"),
    "demand": re.compile(r"시장|수요|투자|기업|규모|성장|매출|이용자|고객|억\s?위안|달러|%|점유|증가|유치|입주|본사|출시|"
                         r"서비스|제품|보유|집중|1위|최대|선두|개사|업체|플랫폼"),
    "risk": re.compile(r"규제|제한|금지|위험|리스크|어려|장벽|불확실|보호|침해|부족|우려|중단|폐지|한계|문제|과제|격차|"
                       r"낙후|불허|독점|외국인투자|외자|미흡|취약|부작용|쉽지 않"),
    "context": re.compile(r"의미|개념|정의|배경|역사|일컫|말한다|뜻한다|특징|본 장|본 보고서|장에서|살펴보"),
}
STATEMENT_TAGS = ("VV", "VA", "VX")
SENTENCE_END = re.compile(r"(다|음|함|됨|임|요)\s*[.)]?\s*\d*\)?\s*$|[.!?。]['\"”’)]?\s*$")


#: a word naming a research institute or a university (``중국정보통신연구원``, ``정저우대학``): its parts (``통신``)
#: say nothing about what the passage is about, so they are masked before features are taken (issue 15)
INSTITUTION = re.compile(r"[가-힣A-Za-z]*(?:연구원|연구소|연구센터|대학교|대학원|대학|사과원|과학원)(?=[\s,.)(·ㆍ、의은는이가을를와과에]|$)")


def institution_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in INSTITUTION.finditer(text)]


def mask_institutions(text: str) -> str:
    """``text`` with institution words blanked (same length, so offsets stay valid)."""
    return INSTITUTION.sub(lambda m: " " * len(m.group(0)), text)


def _identity(tokens):
    return tokens


def keyword_count(text: str, keywords: tuple[str, ...], morphs: tuple[Morph, ...] = ()) -> int:
    """Matches of a sector's keywords: Latin ones as case-sensitive words; Hangul and Chinese ones only where they
    cover whole Kiwi morphemes (``통신`` is not in ``교통|신호``, ``클라우드`` not in ``알리클라우드``) — as substrings
    when no analysis is given."""
    starts = {m.start for m in morphs}
    ends = {m.end for m in morphs}
    n = 0
    for k in keywords:
        if not k:
            continue
        if _is_latin(k):
            n += len(_latin_hits(text, k))
            continue
        i = text.find(k)
        while i >= 0:
            j = i + len(k)
            if not morphs or (i in starts and j in ends):
                n += 1
            i = text.find(k, i + 1)
    return n


def morpheme_text(morphs: tuple[Morph, ...]) -> str:
    """The content morphemes, space-separated: what the character n-grams are taken from (so an n-gram never spans
    two morphemes: no ``통신`` out of ``교통`` + ``신호``)."""
    return " ".join(m.form for m in morphs if m.tag[:1] in ("N", "V", "X", "S") and m.tag not in ("SF", "SP", "SS",
                                                                                                 "SE", "SO", "SW"))


def statement_tokens(morphs: tuple[Morph, ...]) -> list[str]:
    """Predicates of a passage: verb/adjective stems (``V:``), nouns of ``…하다``/``…되다`` verbs (``H:``), and final
    or pre-final endings (``E:``) — topic-neutral words for the kind model."""
    out = []
    for j, m in enumerate(morphs):
        tag = m.tag.split("-")[0]
        if tag in STATEMENT_TAGS:
            out.append("V:" + m.form)
        elif tag in ("NNG", "XR") and j + 1 < len(morphs) and morphs[j + 1].tag.startswith(("XSV", "XSA")):
            out.append("H:" + m.form)
        elif tag in ("EF", "EP"):
            out.append("E:" + m.form)
    return out


def kind_cue_counts(text: str) -> list[float]:
    return [float(np.log1p(len(rx.findall(text)))) for rx in KIND_CUES.values()]


def form_cues(text: str) -> list[float]:
    t = text.strip()
    out = [1.0 if rx.search(t) else 0.0 for rx in CUES.values()]
    out.append(1.0 if len(t) < 40 and not SENTENCE_END.search(t) else 0.0)  # heading or table cell
    out.append(min(len(t), 600) / 600)
    return out


class TextFeatures:
    """Fit on the passages of the build (vocabularies), then transform any passage. Picklable, deterministic."""

    def __init__(self, sectors) -> None:
        self.sector_ids = sorted(s.sector_id for s in sectors)
        self.keywords = {s.sector_id: tuple(s.keywords) for s in sectors}

    @staticmethod
    def tokens(texts: list[str], morphs: list[tuple[Morph, ...]]) -> list[list[str]]:
        """Search tokens of each text, leaving out the morphemes inside institution names."""
        from features.search import _from_morphemes

        out = []
        for text, ms in zip(texts, morphs):
            spans = institution_spans(text)
            if spans:
                ms = tuple(m for m in ms if not any(a <= m.start < b for a, b in spans))
            out.append(_from_morphemes(ms))
        return out

    @staticmethod
    def _unmasked(text: str, morphs: tuple[Morph, ...]) -> tuple[Morph, ...]:
        spans = institution_spans(text)
        return tuple(m for m in morphs if not any(a <= m.start < b for a, b in spans)) if spans else morphs

    def fit(self, texts: list[str], morphs: list[tuple[Morph, ...]]) -> TextFeatures:
        self.words_ = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True, dtype=np.float64)
        self.words_.fit(self.tokens(texts, morphs))
        texts = [morpheme_text(self._unmasked(t, m)) for t, m in zip(texts, morphs)]
        self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), min_df=3, sublinear_tf=True,
                                      max_features=40000, dtype=np.float64)  # fmt: skip
        self.chars_.fit(texts)
        self.statement_ = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True, dtype=np.float64)
        self.statement_.fit([statement_tokens(m) for m in morphs])
        return self

    def statement(self, texts: list[str], morphs: list[tuple[Morph, ...]]):
        """The kind model's statement features (module docstring): predicate TF-IDF and the kind cue counts."""
        preds = self.statement_.transform([statement_tokens(m) for m in morphs])
        cues = np.array([kind_cue_counts(mask_institutions(t)) for t in texts], dtype=np.float64)
        return sparse.hstack([preds, sparse.csr_matrix(cues)]).tocsr()

    def keyword_matrix(self, texts: list[str], morphs=None) -> np.ndarray:
        morphs = morphs or [()] * len(texts)
        return np.log1p(np.array([[keyword_count(t, self.keywords[s], m) for s in self.sector_ids]
                                  for t, m in zip(texts, morphs)], dtype=np.float64))  # fmt: skip

    def transform(self, texts: list[str], morphs: list[tuple[Morph, ...]], extra: np.ndarray | None = None):
        words = self.words_.transform(self.tokens(texts, morphs))
        chars = self.chars_.transform([morpheme_text(self._unmasked(t, m)) for t, m in zip(texts, morphs)]) * 0.5
        masked = [mask_institutions(t) for t in texts]
        dense = np.hstack([self.keyword_matrix(masked, morphs), np.array([form_cues(t) for t in texts])])
        if extra is not None:
            dense = np.hstack([dense, extra])
        return sparse.hstack([words, chars, sparse.csr_matrix(dense)]).tocsr()
