"""Exact mentions of regions and sector keywords in Korean report text (no substring artefacts).

Korean writes no space between a noun and its particle (``베이징의``, ``항저우시는``), so region names cannot be
matched on ``\\b`` word boundaries, and a plain substring search finds names inside other words: ``우시`` (Wuxi)
inside ``항저우시``, ``장시`` (Jiangxi) inside ``성장시키기``, ``상해`` (Shanghai) inside ``향상해야`` and ``상해보험``, ``AI``
inside ``Brain``. The rules (a boundary-aware matcher; a morphological analyser would need a model at run time and
still tags most Chinese place names as unknown nouns):

* **Hangul names** match only at the start of a Hangul word (the character before is not a Hangul syllable):
  ``항저우시는`` → 항저우 ✓, 우시 ✗; ``성장시키기`` → 장시 ✗. A name of three or more syllables may head a compound
  (``베이징대학교``, ``상하이자동차``, ``광저우의과대학`` are in those cities); a shorter one only when the rest of the
  word is an administrative word (시, 성, 구, 신구, 정부, 지역 …) and/or particles (의, 은, 는, 에서 …):
  ``선전시에`` ✓, ``선전하는`` ✗.
* **Ambiguous aliases** (marked ``?`` in ``data/regions.csv``: ``저장`` "storage", ``상해`` "injury", ``장시``) count only
  in an unambiguous context: followed by 성/시/대학 (``저장성``, ``저장대학``) or the region's Chinese name
  (``저장(浙江)``), or standing in a list beside another region named unambiguously (``광둥, 저장, 장쑤``).
* **Latin names and keywords** (``Beijing``, ``AI``, ``IoT``, ``5G``) match case-sensitively and not inside a longer
  Latin word (``Brain``, ``main`` are not ``AI``).
* **Chinese (Hanja) names** (``北京``, ``浙江``) match as written: Chinese has no word spaces.
* Sector keywords in Hangul (``스마트시티``, ``인터넷병원``) are specific nouns and match as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]*")
LATIN = re.compile(r"[A-Za-z0-9]")

ADMIN_SUFFIXES = ("특별시", "직할시", "자치구", "신구", "신区", "시정부", "성정부", "정부", "당국", "지역", "지구", "일대",
                  "시", "성", "구", "현", "권", "항")  # fmt: skip
#: words that make a place name part of an institution's name (광저우 지난대학 is in Guangzhou; 베이징대학 선전병원 is
#: in Shenzhen): such a name is not a mention of the place (issue 15)
INSTITUTION_WORDS = ("대학교", "대학원", "대학", "의과", "의학원", "병원", "의원", "연구원", "연구소", "연구센터", "사과원",
                     "사회과학원", "과학원", "은행", "그룹", "증권", "보험")  # fmt: skip
PARTICLES = ("에서는", "에서도", "에서의", "으로는", "으로의", "으로", "에서", "에게", "에는", "에도", "와의", "과의", "로는",
             "로의", "까지", "부터", "처럼", "보다", "이며", "이고", "이나", "이다", "였다", "만의", "등의", "등지", "의", "은",
             "는", "이", "가", "을", "를", "에", "와", "과", "로", "도", "만", "등", "인", "나", "뿐")  # fmt: skip
SUFFIX = re.compile(
    "(?:" + "|".join(ADMIN_SUFFIXES) + ")?(?:" + "|".join(PARTICLES) + "){0,2}"
)
INSTITUTION_HAN = ("大学", "医院", "研究院", "研究所", "社会科学院", "科学院", "银行", "集团", "医科")
AMBIGUOUS_CONTEXT_SUFFIX = ("성", "시")
LIST_SEPARATORS = ",ㆍ·、/"
COMPOUND_MIN_SYLLABLES = 3  # a name this long may head a compound (베이징대학교); a shorter one may not (선전|하다)
LIST_WINDOW = 14  # characters either side in which a listed neighbour region must be named


def _admissible_rest(rest: str) -> bool:
    """Whether the rest of a Hangul word after a name is an administrative suffix and/or particles only."""
    return SUFFIX.fullmatch(rest) is not None


def _is_hangul(text: str) -> bool:
    return bool(HANGUL_SYLLABLE.match(text[:1]))


def _is_latin(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9 .'\-]+", text))


@dataclass(frozen=True)
class NamePattern:
    """One surface form of a region or keyword and how it may be matched."""

    form: str
    ambiguous: bool = False
    context: tuple[str, ...] = ()  # the region's Chinese names: ``저장(浙江)`` is unambiguous
    compound: bool | None = None  # may head a compound word (``베이징경제기술개발구``); None: three syllables or more


def _hangul_hits(text: str, pat: NamePattern, neighbour, veto=None) -> list[int]:
    hits = []
    start = 0
    form = pat.form
    while True:
        i = text.find(form, start)
        if i < 0:
            return hits
        start = i + 1
        if i > 0 and HANGUL_SYLLABLE.match(text[i - 1]):
            continue  # inside a word: 항저우|시 → not 우시
        j = i + len(form)
        rest = HANGUL_RUN.match(text, j).group(0)
        bare = rest[1:] if rest[:1] in ("성", "시") else rest  # 구이저우성사과원: the institute of the province
        if rest.startswith(INSTITUTION_WORDS) or bare.startswith(INSTITUTION_WORDS) or \
                _institution_next(text, j + len(rest)):  # fmt: skip
            continue  # 베이징대학, 지난대학, 베이징대학 선전병원: an institution's name, not a place mention
        compound_ok = pat.compound if pat.compound is not None else \
            (len(form) >= COMPOUND_MIN_SYLLABLES and not pat.ambiguous)  # fmt: skip
        if not (compound_ok or _admissible_rest(rest)):
            continue  # 상해|보험, 저장|시스템, 선전|하는
        if pat.ambiguous and not (_unambiguous_context(text, i, j, rest, pat, neighbour) or
                                  CAPITAL_OF.search(text[max(0, i - 4) : i])):  # fmt: skip
            continue  # 랴오닝성의 성도 선양: the capital of a province
        if veto is not None and not rest.startswith(AMBIGUOUS_CONTEXT_SUFFIX) and veto(i, j) and not (
                any(text[j:].lstrip("(（ ").startswith(zh) for zh in pat.context if zh)
                or _in_list(text, i, j, rest, neighbour, strict=True)):  # fmt: skip
            continue  # Kiwi reads the syllables as another word: 지난(지나+ㄴ) 20년간 — but 지난(济南), 지난, 칭다오
        hits.append(i)


def _institution_next(text: str, k: int) -> bool:
    """``베이징대학 선전병원``: after ``선전`` comes nothing, but ``선전병원`` is glued — handled by the rest. Here: a
    name followed by a space and an institution word written apart (``저장 대학``) is also an institution."""
    return text[k : k + 1] == " " and text[k + 1 :].startswith(("대학교", "대학 ", "병원", "연구원", "사회과학원"))


CAPITAL_OF = re.compile(r"(?:성도|수도|주도)\s$")
LIST_ITEM_REST = ("", "등", "와", "과", "및", "등지", "은", "는")  # a bare list item (``광둥, 저장, 장쑤 등``)


def _glossed_otherwise(text: str, j: int, rest: str, pat: NamePattern) -> bool:
    """``성도(省都)``: a Hanja gloss right after the word that is none of the region's Chinese names."""
    if rest:
        return False
    m = re.match(r"\s?[(（]([\u3400-\u9fff]+)", text[j : j + 12])
    return bool(m) and not any(m.group(1).startswith(zh) for zh in pat.context if zh)


def _in_list(text: str, i: int, j: int, rest: str, neighbour, strict: bool = False) -> bool:
    """The word is an item of a list of regions: a separator right before it, or right after it as a bare item
    (``strict``: only the latter — ``지난, 칭다오``, not ``…, 지난 해``), and another region named unambiguously within
    :data:`LIST_WINDOW` characters."""
    before = text[max(0, i - 2) : i].strip()
    after_word = text[j + len(rest) : j + len(rest) + 2].strip()
    bare_item = bool(after_word) and after_word[0] in LIST_SEPARATORS and rest in LIST_ITEM_REST
    in_list = bare_item if strict else (bool(before) and before[-1] in LIST_SEPARATORS) or bare_item
    window = text[max(0, i - LIST_WINDOW) : i] + " " + text[j : j + LIST_WINDOW]
    return in_list and neighbour is not None and neighbour(window)


def _unambiguous_context(text: str, i: int, j: int, rest: str, pat: NamePattern, neighbour) -> bool:
    if rest.startswith(AMBIGUOUS_CONTEXT_SUFFIX):
        return True
    if _glossed_otherwise(text, j, rest, pat):
        return False
    after = text[j : j + 8]
    if any(after.lstrip("(（ ").startswith(zh) for zh in pat.context if zh):
        return True
    return _in_list(text, i, j, rest, neighbour)


def _latin_hits(text: str, form: str) -> list[int]:
    pat = re.compile(r"(?<![A-Za-z0-9])" + re.escape(form) + r"(?![A-Za-z])")
    return [m.start() for m in pat.finditer(text)]


def find_form(text: str, pat: NamePattern, neighbour=None, veto=None) -> list[int]:
    """Start offsets where ``pat`` is mentioned in ``text`` by the rules of the module docstring.

    ``neighbour(window) -> bool`` says whether a text window names another region unambiguously (list context for an
    ambiguous alias); without it an ambiguous alias counts only before 성/시/대학 or its Chinese name."""
    if _is_hangul(pat.form):
        return _hangul_hits(text, pat, neighbour, veto)
    if _is_latin(pat.form):
        return _latin_hits(text, pat.form)
    out, start = [], 0
    while (i := text.find(pat.form, start)) >= 0:  # Chinese characters and other scripts: as written
        start = i + 1
        after = text[i + len(pat.form) :].lstrip("市省")
        if after.startswith(INSTITUTION_HAN):
            continue  # 北京大学深圳医院: an institution's name
        out.append(i)
    return out


def parse_alias(alias: str) -> tuple[str, bool]:
    """``"저장?"`` → (``"저장"``, ambiguous); ``"항저우"`` → (``"항저우"``, not ambiguous)."""
    alias = alias.strip()
    return (alias[:-1].strip(), True) if alias.endswith("?") else (alias, False)


class RegionMatcher:
    """Finds which regions a text mentions. ``regions``: objects with ``region_id``, names and ``aliases``."""

    def __init__(self, regions) -> None:
        self.patterns: dict[str, list[NamePattern]] = {}
        for r in regions:
            zh = tuple(dict.fromkeys(n for n in (r.name_zh, *getattr(r, "aliases", ())) if n and
                                     all("\u3400" <= ch <= "\u9fff" for ch in n)))  # fmt: skip
            forms: dict[str, bool] = {}
            for name in (r.name_ko, r.name_zh, r.name_en, r.main_city_ko, r.main_city_en):
                if name:
                    forms.setdefault(name, False)
            for alias in getattr(r, "aliases", ()):
                form, amb = parse_alias(alias)
                if form:
                    forms[form] = forms.get(form, False) or amb
            for alias in getattr(r, "ambiguous_aliases", ()):
                forms[alias] = True
            compounds = set(getattr(r, "compounds", ()) or ())
            # a longer form first, so that 저장성 is tried before 저장
            self.patterns[r.region_id] = [NamePattern(f, a, zh, (f in compounds) if compounds or
                                                      hasattr(r, "compounds") else None)
                                          for f, a in sorted(forms.items(), key=lambda kv: -len(kv[0]))]  # fmt: skip

    def _unambiguous_any(self, window: str) -> bool:
        return any(find_form(window, p) for pats in self.patterns.values() for p in pats if not p.ambiguous)

    def mentions(self, text: str, region_id: str) -> bool:
        """Whether ``text`` mentions the region (by any of its names, exactly)."""
        return any(find_form(text, p, self._unambiguous_any) for p in self.patterns[region_id])

    def count(self, text: str, form: str, region_id: str) -> int:
        """How many times one surface form of the region is mentioned (for audits and tests)."""
        pat = next(p for p in self.patterns[region_id] if p.form == form)
        return len(find_form(text, pat, self._unambiguous_any))

    def regions_in(self, text: str) -> list[str]:
        """Every region the text mentions, in id order."""
        return [rid for rid in sorted(self.patterns) if self.mentions(text, rid)]


@lru_cache(maxsize=256)
def _keyword_patterns(keywords: tuple[str, ...]) -> tuple[NamePattern, ...]:
    return tuple(NamePattern(k) for k in keywords if k)


def mentions_keyword(text: str, keywords: tuple[str, ...]) -> bool:
    """Whether ``text`` names one of a sector's keywords: Latin ones case-sensitive and not inside a Latin word,
    Hangul and Chinese ones as written (they are specific nouns such as 스마트시티, 인터넷병원, 大数据)."""
    for p in _keyword_patterns(tuple(keywords)):
        if _is_latin(p.form):
            if _latin_hits(text, p.form):
                return True
        elif p.form in text:
            return True
    return False
