"""When a firm's KSIC code and its products line name different industries: a note to check, not a silent pick.

The inference (:mod:`features.firms.infer`) takes capabilities from the products words, and the industry-scope answer
takes the main industry from the code (``recommender/industry_scope.py``). When the two disagree — a webtoon studio
filed under a games code (issue 18 panel 5, F13: KSIC 58219 with "웹툰 플랫폼"), a software code with "한식
프랜차이즈" — the answer says so in Korean and English so the user can correct whichever is wrong.

For code ``c`` and products ``t`` (the lexicon matched in ``t``, short ``=`` terms and ``!`` goods left out):

* ``t``'s capability terms count at level 1 when it names goods (``!``: "클라우드 베개"), as in the inference;
* ``F(c)`` — the industry of :data:`~features.firms.lexicon.INDUSTRIES` whose KSIC prefix is the longest prefix of
  ``c`` (games, webtoon and publishing content, cosmetics, textiles, food), else none;
* **A** — ``F(c)`` is known and ``t`` names none of its terms, but names either another industry with no capability
  of the 17 or, when ``c`` maps to no capability, a capability term at level ≥ :data:`STRONG` (``58219`` +
  "AI 챗봇 개발") that is not the firm's own shop (:data:`~features.firms.lexicon.OWN_SHOP_WORDS`: "온라인몰 직판" is
  how the goods are sold);
* **B** — ``c`` maps to capabilities (its KSIC prior is not empty) and ``t`` names an industry of ``INDUSTRIES`` but
  no capability term at level ≥ 2 (``62010`` + "한식 프랜차이즈"), and ``c`` is not a trade code (:data:`TRADE`).

Either gives ``{"ko": …, "en": …}``; otherwise None. Deterministic: the first product item that names the other
industry is quoted as typed (at most :data:`QUOTE_MAX` characters).
"""

from __future__ import annotations

import re
from functools import lru_cache

from features.firms.infer import _default_lexicon, normalise_text
from features.firms.ksic import Ksic, load_ksic
from features.firms.lexicon import CROSS_BORDER_WORDS, INDUSTRIES, OWN_SHOP_WORDS

#: a capability term this strong names an industry of its own (the firm's core product in that field)
STRONG = 4
QUOTE_MAX = 30
#: wholesale and retail (KSIC 45–47): a shop sells goods of other industries, so its products never contradict its code
TRADE = ("45", "46", "47")
_SPLIT = re.compile(r"[,;/·()\[\]、\n]")


@lru_cache(maxsize=1)
def _own_shop() -> frozenset[str]:
    """A firm's own web shop or online sales (:data:`~features.firms.lexicon.OWN_SHOP_WORDS`), spaces removed: how
    its goods are sold, never the "other industry" of rule A (issue 18 panel 31, K3: "주생산품이 가리키는
    업종('온라인몰 직판')이 다릅니다" for a fish-cake maker)."""
    return frozenset(re.sub(r"\s+", "", normalise_text(w)) for w in OWN_SHOP_WORDS.split("|"))


@lru_cache(maxsize=1)
def _channel_words() -> tuple[str, ...]:
    """Cross-border sales channel words (:data:`~features.firms.lexicon.CROSS_BORDER_WORDS`: "티몰 글로벌", "역직구"),
    spaces removed: a sales channel is how the goods are sold, not an industry — a term holding one is never the
    "other industry" of rule A (issue 18 panel 34, F13b: "주생산품이 가리키는 업종('티몰 글로벌 입점 계획')이
    다릅니다" for a baby-food maker)."""
    return tuple(re.sub(r"\s+", "", normalise_text(w)) for w in CROSS_BORDER_WORDS.split("|") if w.strip())


def _sales_channel(key: str) -> bool:
    """Whether the squashed term ``key`` is a sales channel: the firm's own shop or a cross-border channel."""
    return key in _own_shop() or any(w in key for w in _channel_words())


@lru_cache(maxsize=1)
def _family_terms() -> dict[str, tuple[str, str, str]]:
    """normalised term (spaces removed) → ``(family id, label_ko, label_en)`` of the first row naming it (a food
    maker's words are labelled "식품·음료", a restaurant's "숙박·음식점": one family, two rows)."""
    out: dict[str, tuple[str, str, str]] = {}
    for fam, _codes, ko, en, terms in INDUSTRIES:
        for w in terms.split("|"):
            out.setdefault(re.sub(r"\s+", "", normalise_text(w)), (fam, ko, en))
    return out


def family_of_code(code: str) -> tuple[str, str, str] | None:
    """``(family, label_ko, label_en)`` of the longest KSIC prefix of ``code`` in :data:`INDUSTRIES`, else None."""
    best = None
    for fam, codes, ko, en, _terms in INDUSTRIES:
        for p in codes:
            if code.startswith(p) and (best is None or len(p) > best[0]):
                best = (len(p), (fam, ko, en))
    return best[1] if best else None


def _quote(products: str, words: list[str]) -> str:
    """The first product item (as typed) whose normalised text holds one of ``words``."""
    for item in _SPLIT.split(products):
        norm = re.sub(r"\s+", "", normalise_text(item))
        if item.strip() and any(w in norm for w in words):
            item = item.strip()
            return item if len(item) <= QUOTE_MAX else item[: QUOTE_MAX - 1] + "…"
    text = products.strip()
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def industry_mismatch(code: str, products: str, ksic: Ksic | None = None, inferred: bool = True) -> dict | None:
    """The note (``{"ko", "en"}``) when ``code`` and ``products`` name different industries (rules A and B of the
    module docstring), else None. ``inferred``: the firm's capabilities were inferred (the note then says from what);
    with scores the user gave it says only how the industry was judged."""
    code, products = str(code or "").strip(), str(products or "")
    if not code or not products.strip():
        return None
    ksic = ksic or load_ksic()
    text = normalise_text(products)
    families = _family_terms()
    other: list[str] = []  # words of the other industry
    own = False  # the products name the code's own industry
    strong: list[str] = []  # capability terms at STRONG or above
    level2 = False
    fam_c = family_of_code(code)
    named: dict[str, list[str]] = {}
    labels: dict[str, tuple[str, str]] = {}  # family → the label of the first of its words the products name
    hits = [term for _s, _e, term in _default_lexicon().find(text) if not term.morph]
    goods = any(term.caps and term.caps[0][0] == "!" for term in hits)  # "클라우드 베개": every level is 1
    for term in hits:
        if term.caps and term.caps[0][0] == "!":
            continue
        key = re.sub(r"\s+", "", term.text)
        if not term.caps:
            row = families.get(key)
            fam = row[0] if row else None
            if fam is not None:
                named.setdefault(fam, []).append(key)
                labels.setdefault(fam, (row[1], row[2]))
            if fam_c is not None and fam == fam_c[0]:
                own = True
            elif fam is not None:
                other.append(key)
        elif not term.generic and not _sales_channel(key):
            # a sales channel ("온라인몰 직판") is how the goods are sold, not an industry of its own (issue 18 panel 31,
            # K3: "주생산품이 가리키는 업종('온라인몰 직판')이 다릅니다" for a fish-cake maker)
            raw = max(v for _k, v in term.caps)
            level2 = level2 or raw >= 2
            top = 1 if goods else raw
            if top >= STRONG:
                strong.append(key)
    prior = ksic.prior(code)
    has_prior = bool(prior.capabilities)
    if fam_c is not None and not own:
        words = other or ([] if has_prior else strong)
        if words:
            fam_p = next((f for f in named if f != fam_c[0]), None)
            label = labels.get(fam_p) if fam_p else None
            return _note(code, fam_c[1], fam_c[2], _quote(products, words), label, inferred)
    if fam_c is None and has_prior and named and not level2 and not code.startswith(TRADE):
        fam_p = next(iter(named))
        label = labels[fam_p]
        entry = ksic.get(code)
        name_ko = entry.name_ko if entry else prior.name_ko
        name_en = (entry.name_en if entry else prior.name_en) or name_ko
        return _note(code, name_ko, name_en, _quote(products, named[fam_p]), label, inferred)
    return None


def _note(code: str, code_ko: str, code_en: str, quote: str, label: tuple[str, str] | None, inferred: bool) -> dict:
    what_ko = f"{label[0]}: '{quote}'" if label else f"'{quote}'"
    what_en = f"{label[1]}: '{quote}'" if label else f"'{quote}'"
    how_ko = "역량은 주생산품에서 추정했고, 보고서가 다루는 업종인지는 업종코드로 판단했습니다." if inferred else \
        "보고서가 다루는 업종인지는 업종코드로 판단했습니다."
    how_en = ("Capabilities were inferred from the products; whether the reports cover the industry was judged from "
              "the code." if inferred else "Whether the reports cover the industry was judged from the code.")
    return {
        "ko": f"업종코드가 가리키는 업종({code} · {code_ko})과 주생산품이 가리키는 업종({what_ko})이 다릅니다 — 어느 "
              f"쪽이 맞는지 기업과 확인하세요. {how_ko} 틀린 쪽을 고쳐 다시 실행하세요.",
        "en": f"The KSIC code ({code} · {code_en}) and the products ({what_en}) name different industries — check "
              f"with the firm which is right. {how_en} Correct the wrong one and run again.",
    }  # fmt: skip
