"""Capability inference: a firm's capability vector from its KSIC code and its products text, explained per key.

For a firm with code ``c`` and products text ``t``:

* **KSIC prior** ``P`` — the mapping of ``c``'s nearest ancestor that has one (:meth:`features.firms.ksic.Ksic.prior`;
  ``data/ksic/ksic.csv``), capped at 3 (:data:`PRIOR_CAP`; at 2 for a bare division code): a code alone says a
  firm is in a field, not that it is strong in it.
* **Products evidence** ``E`` — the lexicon (:mod:`features.firms.lexicon`) matched in ``t`` (NFKC, lower case; a
  space inside a term is optional; Latin terms as whole words; the longest term first; short Hangul terms marked
  ``=`` only where Kiwi reads them as a morpheme of their own), ``E[k] = max`` level of the matched terms.
  A term of an industry with no capability (food, clothing, cosmetics, games…) is a *veto*: ``P`` is dropped.
  A component word qualified by an application field in the same product item (``농업용 센서``, ``수술 로봇``;
  :data:`~features.firms.lexicon.QUALIFIED_PARTS`) is read as that field's device: its own capability is capped
  (sensors 2, robots 2) and the field's is added (agritech 3 and IoT devices 3 for a farm sensor).
  Goods or teaching named after a technology (``!`` in the lexicon) also cap the other terms at 1 — not e-commerce:
  selling the goods online is the channel (:data:`GOODS_CHANNELS`). A few terms read more where the text names
  another field's product (:data:`~features.firms.lexicon.CONTEXT_READINGS`: a medical-device maker's "원격
  모니터링" watches patients, digital health 3); a few are read as another field's part where the text names that
  field's product and no word of their own field (:data:`~features.firms.lexicon.FIELD_READINGS`: the BMS or
  inverter of an EV-parts line is a vehicle part, automotive 3 and energy 2, unless storage, grid or solar words
  are present).
* **Sales channel** — words that state a cross-border, China-facing online channel (``역직구``, ``티몰 글로벌``, or a
  place and an online word in one item: ``중국 라이브커머스``; :data:`~features.firms.lexicon.CROSS_BORDER_WORDS`)
  give ``E[ecommerce_consumer] ≥ 3`` and are kept as :attr:`Inference.channel`; for a goods maker (a veto) the
  reason names them, and the industry gate answers on that channel (recommender/industry_scope.py). A domestic
  online shop of a firm whose code maps to no capability (a goods maker's "온라인몰 직판") reads e-commerce at most
  :data:`~features.firms.lexicon.OWN_SHOP_LEVEL` (2): a user of e-commerce, not an e-commerce business.
* **Combination** — ``v[k] = max(E[k], P[k] − d)`` with ``d = 1`` when the text gave specific evidence of its own
  (a term not marked generic) and none of level ≥ 2 for ``k``, else ``d = 0`` (the text says what the firm does;
  the code only says where it is filed).
  An empty text leaves the prior as it is, so nothing ≥ 3 is invented for an empty description unless the code
  defines it; no code and no text give nothing.

Scores the user gives always win (:func:`merge_given`). Results are cached per distinct ``(code, text)`` pair, so a
registry that repeats codes and product lines is inferred once per pair.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from features.facts import CAPABILITY_KEYS
from features.firms.ksic import Ksic, load_ksic
from features.firms.lexicon import (
    APPLICATION_QUALIFIERS,
    B2B_SUPPLY_WORDS,
    CONTEXT_READINGS,
    CROSS_BORDER_CARRIAGE,
    CROSS_BORDER_LEVEL,
    CROSS_BORDER_PAYMENTS,
    CROSS_BORDER_PLACES,
    CROSS_BORDER_WORDS,
    ENTRIES,
    EQUIPMENT_CHIP_CAP,
    EQUIPMENT_SIGNATURES,
    FIELD_READINGS,
    HEADED_MODIFIERS,
    ONLINE_WORDS,
    OWN_BRAND_WORDS,
    OWN_SHOP_LEVEL,
    OWN_SHOP_WORDS,
    PLAN_WORDS,
    QUALIFIED_PARTS,
)

KEY_INDEX = {k: j for j, k in enumerate(CAPABILITY_KEYS)}
#: KEY_SOURCES indices (features.firms.schema)
GIVEN, KSIC, PRODUCTS, BOTH, NONE = 0, 1, 2, 3, 4
#: up to this many firms, :meth:`Inferrer.infer_many` factorises in plain Python (same codes, first-seen order)
SMALL = 1000
_LATIN = re.compile(r"[0-9a-z]")


@dataclass(frozen=True)
class Term:
    text: str
    caps: tuple[tuple[str, int], ...]
    morph: bool  # must be a whole Kiwi morpheme
    generic: bool = False  # supports a level, but does not say alone what the firm does


@dataclass(frozen=True)
class Inference:
    """One (code, text) pair inferred: values and per-key origin in ``CAPABILITY_KEYS`` order, and why."""

    values: tuple[int, ...]
    origin: tuple[int, ...]  # KSIC, PRODUCTS, BOTH or NONE per key
    reason: str
    hits: tuple[str, ...]  # matched terms, in text order
    veto: bool
    prior_source: str  # the KSIC code whose mapping was used ("" none)
    strong: tuple[int, ...] = ()  # per key: highest level from a specific (not generic) term of the text
    count: tuple[int, ...] = ()  # per key: how many specific terms of the text name it
    prior: tuple[int, ...] = ()  # per key: the KSIC prior
    #: the words of the text that state a cross-border (China-facing online) sales channel, in text order
    #: (:meth:`Lexicon.channel`); the industry gate answers a goods maker that names one on that channel
    channel: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(self.values)

    def top(self) -> str:
        """The strongest key ("" when nothing): the highest value; among equals, the highest level a specific term
        of the text gave, then the most specific terms, then the KSIC prior, then the key order."""
        if self.empty:
            return ""
        best = max(range(len(self.values)), key=lambda j: (self.values[j], self.strong[j], self.count[j],
                                                           self.prior[j], -j))  # fmt: skip
        return CAPABILITY_KEYS[best]


#: the highest level a KSIC code alone gives (the text must show more)
PRIOR_CAP = 3
GOODS = "!"  # lexicon marker: goods/teaching named after a technology (veto, other terms capped at 1)
#: what the goods cap leaves alone: selling goods online is the channel, not a technology naming the goods — a
#: cross-border seller of "기초화장품·생활용품 … 역직구" read e-commerce 1 and "not covered" (panels 22 F02, 23 F06,
#: judged wrong; KSIC 47912 is e-commerce retail, and the reports treat cross-border e-commerce, china_4ir 1598–1604)
GOODS_CHANNELS = frozenset({"ecommerce_consumer"})


def _parse_caps(text: str) -> tuple[tuple[str, int], ...]:
    if text.strip() == GOODS:
        return ((GOODS, 0),)
    out = []
    for part in text.split(";"):
        if part.strip():
            k, _, v = part.partition(":")
            if k.strip() not in KEY_INDEX:
                raise ValueError(f"lexicon: unknown capability key {k!r}")
            out.append((k.strip(), int(v)))
    return tuple(out)


def selling_channel(code: str, products: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(channels the firm sells through now, channels it only plans) among the cross-border channel words of its
    products line (:meth:`Lexicon.channel`, :meth:`Lexicon.planned`)."""
    words = default_inferrer().infer(str(code or ""), str(products or "")).channel
    if not words:
        return (), ()
    lex = default_inferrer().lexicon
    planned = lex.planned(normalise_text(str(products)), tuple(words))
    return tuple(w for w in words if w not in planned), planned


@lru_cache(maxsize=1)
def _supply_patterns() -> tuple[re.Pattern, re.Pattern]:
    return _word_pattern(B2B_SUPPLY_WORDS), _word_pattern(OWN_BRAND_WORDS)


def supply_reading(products: str) -> tuple[bool, bool]:
    """(the products line says the firm supplies other brands — B2B, OEM/ODM, 납품 —, it names a brand of its own
    sold to consumers): :data:`~features.firms.lexicon.B2B_SUPPLY_WORDS`, :data:`~features.firms.lexicon.
    OWN_BRAND_WORDS` (issue 18 panel 34 F12, panel 31 K4)."""
    text = normalise_text(str(products or ""))
    if not text:
        return False, False
    b2b, own = _supply_patterns()
    return bool(b2b.search(text)), bool(own.search(text))


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text)).lower()).strip()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: what ends a product item: a qualifier reaches a part only inside the same item ("스마트팜 설비, 농업용 센서")
_ITEM_END = re.compile(r"[,;/·()\[\]、+&\n]|\s및\s|\sand\s")


def _word_pattern(terms: str) -> re.Pattern:
    """One regex for ``a|b|…`` (normalised; a space optional; Latin terms as whole words), longest first."""
    words = sorted({normalise_text(w) for w in terms.split("|") if w.strip()}, key=lambda w: (-len(w), w))
    parts = []
    for w in words:
        body = r"\s*".join(re.escape(x) for x in w.split(" "))
        if _LATIN.match(w[0]):
            body = r"(?<![0-9a-z])" + body
        if _LATIN.match(w[-1]):
            body = body + r"(?![0-9a-z])"
        parts.append(body)
    return re.compile("|".join(parts))


class Lexicon:
    """The compiled lexicon: one regex over every term, longest first; plus the application qualifiers of component
    words (:meth:`qualify`)."""

    def __init__(self, entries=ENTRIES, components=QUALIFIED_PARTS, qualifiers=APPLICATION_QUALIFIERS,
                 modifiers=HEADED_MODIFIERS, contexts=CONTEXT_READINGS, fields=FIELD_READINGS):
        self.terms: dict[str, Term] = {}
        spellings: set[str] = set()
        for terms, caps in entries:
            parsed = _parse_caps(caps)
            for raw in terms.split("|"):
                morph, generic = raw.startswith("="), raw.startswith("~")
                t = normalise_text(raw.lstrip("=~"))
                if t:
                    self.terms.setdefault(_squash(t), Term(t, parsed, morph, generic))
                    spellings.add(t)
        parts = []
        for t in sorted(spellings, key=lambda s: (-len(_squash(s)), -len(s), s)):
            body = r"\s*".join(re.escape(w) for w in t.split(" "))  # a space of the term is optional
            if _LATIN.match(t[0]):
                body = r"(?<![0-9a-z])" + body
            if _LATIN.match(t[-1]):
                body = body + r"(?![0-9a-z])"
            parts.append(body)
        self.pattern = re.compile("|".join(parts))

        self.parts = {normalise_text(w): part for part, (terms, _) in components.items() for w in terms.split("|")}
        self.readings = {part: _parse_caps(reading) for part, (_, reading) in components.items()}
        self.qualifiers = [(_word_pattern(words), {part: _parse_caps(c) for part, c in caps.items()})
                           for words, caps in qualifiers]  # fmt: skip
        self.modifiers = {_squash(normalise_text(w)): i for i, (terms, _) in enumerate(modifiers) for w in terms.split("|")}
        self.heads = [[(_word_pattern(words), _parse_caps(reading)) for words, reading in groups]
                      for _, groups in modifiers]  # fmt: skip
        self.contexts = {_squash(normalise_text(w)): (key, int(level), _parse_caps(adds))
                         for terms, key, level, adds in contexts for w in terms.split("|")}  # fmt: skip
        self.fields = [({_squash(normalise_text(w)) for w in terms.split("|") if w.strip()}, _word_pattern(terms), key,
                        int(level), _word_pattern(unless), _parse_caps(caps))
                       for terms, key, level, unless, caps in fields]  # fmt: skip
        self.cross_border = _word_pattern(CROSS_BORDER_WORDS)
        self.payments = _word_pattern(CROSS_BORDER_PAYMENTS)
        self.carriage = _word_pattern(CROSS_BORDER_CARRIAGE)
        self.places = _word_pattern(CROSS_BORDER_PLACES)
        self.online = _word_pattern(ONLINE_WORDS)
        self.plans = _word_pattern(PLAN_WORDS)

    def channel(self, text: str) -> tuple[str, ...]:
        """The words of the normalised ``text`` that state a cross-border sales channel
        (:data:`~features.firms.lexicon.CROSS_BORDER_WORDS`), or, in one product item, a place word followed or
        preceded by an online word ("중국 라이브커머스", "온라인몰 … 중국") — the item's span from the first to the
        last of the two; in text order, each once. A cross-border *payment* ("크로스보더 결제",
        :data:`~features.firms.lexicon.CROSS_BORDER_PAYMENTS`) is a payment firm's service, and carrying others'
        parcels ("역직구 배송대행", :data:`~features.firms.lexicon.CROSS_BORDER_CARRIAGE`) a forwarder's: neither is a
        sales channel (issue 18 panel 32, K08)."""
        paid = [(m.start(), m.end()) for pat in (self.payments, self.carriage) for m in pat.finditer(text)]
        found = [(m.start(), m.group(0)) for m in self.cross_border.finditer(text)
                 if not any(s <= m.start() < e for s, e in paid)]  # fmt: skip
        bounds = [0, *(x for m in _ITEM_END.finditer(text) for x in (m.start(), m.end())), len(text)]
        for a, b in zip(bounds[::2], bounds[1::2]):
            place, online = self.places.search(text, a, b), self.online.search(text, a, b)
            if place and online:
                s, e = min(place.start(), online.start()), max(place.end(), online.end())
                if not any(s <= at < e or at <= s < at + len(w) for at, w in found):
                    found.append((s, text[s:e]))
        return tuple(dict.fromkeys(w for _, w in sorted(found)))

    def planned(self, text: str, words: tuple[str, ...]) -> tuple[str, ...]:
        """The channel ``words`` (from :meth:`channel`, in the normalised ``text``) whose product item (the text
        between item separators) names a plan (:data:`~features.firms.lexicon.PLAN_WORDS`: "티몰 글로벌 입점 계획",
        "역직구 준비 중"): channels the firm intends, not ones it sells through now (issue 18 panel 34, F13b)."""
        bounds = [0, *(x for m in _ITEM_END.finditer(text) for x in (m.start(), m.end())), len(text)]
        items = list(zip(bounds[::2], bounds[1::2]))
        out = []
        for w in words:
            at = text.find(w)
            span = next(((a, b) for a, b in items if a <= at < b), None) if at >= 0 else None
            if span is not None and self.plans.search(text, *span):
                out.append(w)
        return tuple(out)

    def in_context(self, hits: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
        """``hits`` with every term of :data:`~features.firms.lexicon.CONTEXT_READINGS` whose text also names its
        context key at its level (another hit) read with the rule's capabilities added (max per key)."""
        out = []
        for s, e, term in hits:
            rule = self.contexts.get(_squash(term.text))
            if rule and any(k == rule[0] and v >= rule[1] for _s, _e, t in hits if t is not term for k, v in t.caps):
                caps = dict(term.caps)
                for k, v in rule[2]:
                    caps[k] = max(caps.get(k, 0), v)
                term = Term(term.text, tuple(caps.items()), term.morph, term.generic)
            out.append((s, e, term))
        return out

    def in_field(self, text: str, hits: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
        """``hits`` with every term of :data:`~features.firms.lexicon.FIELD_READINGS` — or a modified span that
        contains one ("전기차 bms") — read with the rule's capabilities instead of its own, when another hit names
        the rule's key at its level or more and the normalised ``text`` has no word of the rule's ``unless``."""
        for words, pattern, key, level, unless, caps in self.fields:
            mine = {i for i, (s, e, term) in enumerate(hits)
                    if _squash(term.text) in words or (text[s:e] != term.text and pattern.search(text[s:e]))}
            if not mine or unless.search(text):
                continue
            if not any(k == key and v >= level for i, (_s, _e, t) in enumerate(hits) if i not in mine for k, v in t.caps):
                continue
            hits = [(s, e, Term(t.text, caps, t.morph, t.generic)) if i in mine else (s, e, t)
                    for i, (s, e, t) in enumerate(hits)]  # fmt: skip
        return hits

    def headed(self, text: str, hits: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
        """``hits`` with every domain modifier of :data:`HEADED_MODIFIERS` that precedes another field's product in
        the same item ("자율주행 방제기") read as that product's: its capabilities replaced by the reading of the head
        group found nearest after it (ties: the group listed first); the span then runs to the head's end, so the
        reason shows ``'자율주행 방제기'``."""
        out = []
        for s, e, term in hits:
            i = self.modifiers.get(_squash(term.text))
            if i is None:
                out.append((s, e, term))
                continue
            end = next((m.start() for m in _ITEM_END.finditer(text, e)), len(text))
            found = [(m.start(), g, m.end(), caps) for g, (pattern, caps) in enumerate(self.heads[i])
                     if (m := pattern.search(text, e, end))]  # fmt: skip
            if not found:
                out.append((s, e, term))
                continue
            _, _, head_end, caps = min(found, key=lambda f: (f[0], f[1]))
            out.append((s, head_end, Term(term.text, caps, term.morph, term.generic)))
        return out

    def qualify(self, text: str, hits: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
        """``hits`` with every component word that an application word precedes in the same product item read as
        that application's device: ``caps`` = the part's reading (max per key) with the capabilities of the first
        application word of the item; the hit's span then starts there, so the reason shows ``'농업용 센서'``."""
        out = []
        for s, e, term in hits:
            part = self.parts.get(term.text)
            if part is None:
                out.append((s, e, term))
                continue
            start = max((m.end() for m in _ITEM_END.finditer(text, 0, s)), default=0)
            found = [(m.start(), i) for i, (pattern, adds) in enumerate(self.qualifiers)
                     if part in adds and (m := pattern.search(text, start, s))]  # fmt: skip
            if not found:
                out.append((s, e, term))
                continue
            first, i = min(found)  # the application the item begins with decides
            caps = dict(self.qualifiers[i][1][part])
            for k, v in self.readings[part]:
                caps[k] = max(caps.get(k, 0), v)
            out.append((first, e, Term(term.text, tuple(caps.items()), term.morph, term.generic)))
        return out

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) of every match in the normalised ``text``, left to right, non-overlapping."""
        return [(m.start(), m.end(), self.terms[_squash(m.group(0))]) for m in self.pattern.finditer(text)]


def _morph_bounds(texts: list[str]) -> dict[str, tuple[set[int], set[int]]]:
    """Kiwi morpheme start and end offsets of each text (empty sets when kiwipiepy is missing)."""
    from features.ingest.morph import analyse_many

    out = {}
    for t, morphs in zip(texts, analyse_many(texts)):
        out[t] = ({m.start for m in morphs}, {m.end for m in morphs})
    return out


class Inferrer:
    """Infer capability vectors; ``cache`` holds one :class:`Inference` per distinct (code, normalised text)."""

    def __init__(self, ksic: Ksic | None = None, lexicon: Lexicon | None = None):
        self.ksic = ksic or load_ksic()
        self.lexicon = lexicon or _default_lexicon()
        self.cache: dict[tuple[str, str], Inference] = {}

    # ------------------------------------------------------------------ one pair
    def _evidence(self, texts: list[str]) -> dict[str, list[tuple[int, int, Term]]]:
        found = {t: self.lexicon.find(t) for t in texts}
        need = [t for t, hits in found.items() if any(term.morph for _, _, term in hits)]
        if need:
            bounds = _morph_bounds(need)
            for t in need:
                starts, ends = bounds[t]
                if starts:
                    found[t] = [(s, e, term) for s, e, term in found[t] if not term.morph or (s in starts and e in ends)]
        lex = self.lexicon
        return {t: lex.in_field(t, lex.in_context(lex.headed(t, lex.qualify(t, hits)))) for t, hits in found.items()}

    def _combine(self, code: str, text: str, hits: list[tuple[int, int, Term]]) -> Inference:
        prior = self.ksic.prior(code) if code else None
        # the code alone says at most "clearly in the field" (3), a division (2 digits) at most 2
        top_level = 2 if len(code) <= 2 else PRIOR_CAP
        p = {k: min(v, top_level) for k, v in prior.capabilities} if prior else {}
        goods = any(term.caps and term.caps[0][0] == GOODS for _, _, term in hits)
        veto = goods or any(not term.caps for _, _, term in hits)
        hits = [h for h in hits if not (h[2].caps and h[2].caps[0][0] == GOODS)] if goods else hits
        cap = 1 if goods else 5
        e: dict[str, int] = {}
        strong: dict[str, int] = {}
        count: dict[str, int] = {}
        for _, _, term in hits:
            for k, v in term.caps:
                v = v if k in GOODS_CHANNELS else min(v, cap)
                e[k] = max(e.get(k, 0), v)
                if not term.generic:
                    strong[k] = max(strong.get(k, 0), v)
                    count[k] = count.get(k, 0) + 1
        channel = self.lexicon.channel(text) if text else ()
        if channel:  # a stated cross-border channel is e-commerce at CROSS_BORDER_LEVEL at least (specific evidence)
            for d in (e, strong):
                d["ecommerce_consumer"] = max(d.get("ecommerce_consumer", 0), CROSS_BORDER_LEVEL)
            count["ecommerce_consumer"] = count.get("ecommerce_consumer", 0) or 1
        elif prior and prior.source and not prior.capabilities:
            # a goods maker's own (domestic) web shop: a user of e-commerce, not an e-commerce business (panel 31 K3);
            # an e-commerce business word of its own ("이커머스 플랫폼 운영") keeps its level
            shop = {_squash(w) for w in OWN_SHOP_WORDS.split("|")}
            other = max((v for _, _, term in hits if _squash(term.text) not in shop
                         for k, v in term.caps if k == "ecommerce_consumer"), default=0)  # fmt: skip
            for d in (e, strong):
                if d.get("ecommerce_consumer", 0) > max(OWN_SHOP_LEVEL, other):
                    d["ecommerce_consumer"] = max(OWN_SHOP_LEVEL, other)
        if any(term.caps in EQUIPMENT_SIGNATURES for _, _, term in hits):  # a maker of fab/panel-line machines
            for d in (e, strong):
                if d.get("semiconductors_sensors", 0) > EQUIPMENT_CHIP_CAP:
                    d["semiconductors_sensors"] = EQUIPMENT_CHIP_CAP
        set_aside = [k for k in p if not e.get(k)] if veto else []  # prior keys the veto removed
        if veto:
            p = {}
        values, origin = [0] * len(CAPABILITY_KEYS), [NONE] * len(CAPABILITY_KEYS)
        d = 1 if strong else 0
        for k, j in KEY_INDEX.items():
            pv = max(0, p.get(k, 0) - (0 if strong.get(k, 0) >= 2 else d))
            ev = e.get(k, 0)
            values[j] = max(pv, ev)
            if values[j]:
                origin[j] = BOTH if (pv and ev) else (PRODUCTS if ev >= pv else KSIC)
        # a head inside a modified span ("방제기" of "자율주행 방제기") counts, but is not named twice
        words = [text[s:e_] for i, (s, e_, _) in enumerate(hits)
                 if not any(s2 <= s and e_ <= e2 and (s2, e2) != (s, e_) for s2, e2, _ in hits[:i])]  # fmt: skip
        reason = self._reason(code, prior, words, values, veto, set_aside, channel if veto else ())
        return Inference(tuple(values), tuple(origin), reason, tuple(words),
                         veto, prior.source if prior else "", tuple(strong.get(k, 0) for k in CAPABILITY_KEYS),
                         tuple(count.get(k, 0) for k in CAPABILITY_KEYS),
                         tuple(p.get(k, 0) for k in CAPABILITY_KEYS), channel)  # fmt: skip

    @staticmethod
    def _reason(code, prior, words, values, veto, set_aside=(), channel=()) -> str:
        """``KSIC 26429 + '차량용', '카메라 모듈' → automotive_mobility 3, semiconductors_sensors 3``."""
        lhs = []
        if code:
            via = f" (via {prior.source})" if prior and prior.source and prior.source != code else ""
            lhs.append(f"KSIC {code}{via}")
        seen = list(dict.fromkeys(words))
        if seen:
            lhs.append(", ".join(f"'{w}'" for w in seen[:6]) + (" …" if len(seen) > 6 else ""))
        order = sorted((j for j, v in enumerate(values) if v), key=lambda j: (-values[j], j))
        rhs = ", ".join(f"{CAPABILITY_KEYS[j]} {values[j]}" for j in order) or "no capability of the 17"
        note = ""
        if set_aside:
            note = f" (KSIC prior {', '.join(set_aside)} set aside: the products name an industry the 17 do not cover)"
        elif veto and not any(values):
            note = " (the products name an industry the 17 capabilities do not cover)"
        if channel:  # a goods maker's stated cross-border channel: what the e-commerce estimate rests on
            said = ", ".join(f"'{w}'" for w in channel[:3])
            note += f" (sales channel stated: {said} → ecommerce_consumer)"
        return " + ".join(lhs) + " → " + rhs + note if lhs else ""

    def infer(self, code: str, products: str) -> Inference:
        """The inference for one firm (``code`` already normalised; ``products`` as typed)."""
        return self.infer_pairs([(code, products)])[0]

    def infer_pairs(self, pairs: list[tuple[str, str]]) -> list[Inference]:
        keys = [(c or "", normalise_text(t or "")) for c, t in pairs]
        todo = sorted({k for k in keys if k not in self.cache})
        if todo:
            found = self._evidence(sorted({t for _, t in todo if t}))
            for c, t in todo:
                self.cache[(c, t)] = self._combine(c, t, found.get(t, []) if t else [])
        return [self.cache[k] for k in keys]

    # ------------------------------------------------------------------ many firms
    def infer_many(self, codes: np.ndarray, products: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(values (n, K) int8, origin (n, K) int8, reason (n,) object)`` for aligned arrays of normalised codes and
        product texts; one inference per distinct pair (vectorised factorisation, then a gather)."""
        n = len(codes)
        if n == 0:
            k = len(CAPABILITY_KEYS)
            return np.zeros((0, k), np.int8), np.zeros((0, k), np.int8), np.zeros(0, dtype=object)
        if n <= SMALL:  # a few firms (one recommendation): the same factorisation without importing pandas
            first: dict[str, int] = {}
            idx = np.array([first.setdefault(f"{c}\x1f{t}", len(first)) for c, t in zip(codes.tolist(),
                                                                                     products.tolist())], np.int64)
            uniq = np.array(list(first), dtype=object)
        else:
            import pandas as pd

            joined = pd.Series(codes, dtype=object).astype(str) + "\x1f" + pd.Series(products, dtype=object).astype(str)
            idx, uniq = pd.factorize(joined)
        pairs = [tuple(u.split("\x1f", 1)) for u in uniq.tolist()]
        results = self.infer_pairs(pairs)
        vals = np.array([r.values for r in results], dtype=np.int8)
        orig = np.array([r.origin for r in results], dtype=np.int8)
        reasons = np.array([r.reason for r in results], dtype=object)
        return vals[idx], orig[idx], reasons[idx]


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return Lexicon()


_INFERRERS: dict[int, Inferrer] = {}


def default_inferrer() -> Inferrer:
    """One inferrer per KSIC table (process-wide: its cache serves every file read after the first)."""
    ksic = load_ksic()
    inf = _INFERRERS.get(id(ksic))
    if inf is None:
        inf = _INFERRERS[id(ksic)] = Inferrer(ksic)
    return inf


def merge_given(given: np.ndarray, given_mask: np.ndarray, inferred: np.ndarray, origin: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Given scores win: ``(values, origin)`` with given cells taken from ``given`` (origin GIVEN) and the rest from
    ``inferred``."""
    values = np.where(given_mask, given, inferred).astype(np.int8)
    orig = np.where(given_mask, GIVEN, origin).astype(np.int8)
    return values, orig
