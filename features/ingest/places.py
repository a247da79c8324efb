"""Regions and cities named in a passage: the gazetteer (``data/regions.csv``, ``data/homonyms.csv``) read with Kiwi.

Rules (each one tested on the report lines where it went wrong, ``tests/test_tagger.py``):

* **Gazetteer forms** are matched by :mod:`features.mentions`: a Hangul name only at the start of a word, followed by
  an administrative word and/or particles (``선전시에``) unless ``regions.csv`` lists it under ``compounds`` as a
  compound head (``베이징경제기술개발구``); ambiguous aliases (``저장?`` storage, ``상해?`` injury) only in context;
  Latin names as case-sensitive words; Chinese names as written.
* **Morphology** (Kiwi): a Hangul hit that Kiwi reads as a verb, adjective or ending (``지난`` = 지나+ㄴ "last", as
  in ``지난 20년간``) is no place — unless an administrative word follows (``지난시``).
* **Institutions** (``베이징대학``, ``광저우 지난대학``, ``베이징대학 선전병원``, ``중국정보통신연구원``): a name that
  heads an institution's name is not a mention of the place (the institution may stand elsewhere).
* **Homonyms** (``data/homonyms.csv``): ``산시(성)`` is both 陕西 Shaanxi and 山西 Shanxi; it counts for Shaanxi only
  when a Shaanxi city (``시안``) stands in the same passage and no Shanxi one (``타이위안``); otherwise it is
  reported as ambiguous and not guessed.
* **City**: the Korean form of a city alias (``항저우``, ``선전``), empty for a province-level name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from features.ingest.morph import Morph
from features.mentions import RegionMatcher, find_form

#: Sino-Korean readings of province names (光东 → 광동): province forms, never cities
SINO_KOREAN_PROVINCES = frozenset("광동 절강 강소 안휘 하북 복건 귀주 하남 호남 강서 산동 길림 광서 해남 요녕 호북 사천 섬서 "
                                  "북경 상해 천진 중경 산서".split())  # fmt: skip
PREDICATE_TAGS = ("VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA", "E", "J", "MAG", "MAJ", "MM")


@dataclass(frozen=True)
class Homonym:
    form: str
    region_id: str
    needs_any: tuple[str, ...]
    not_with: tuple[str, ...]


def load_homonyms(path: Path) -> list[Homonym]:
    if not Path(path).is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [Homonym(r["form"].strip(), r["region_id"].strip(),
                        tuple(x.strip() for x in r["needs_any"].split(";") if x.strip()),
                        tuple(x.strip() for x in r["not_with"].split(";") if x.strip()))
                for r in csv.DictReader(fh)]  # fmt: skip


@dataclass(frozen=True)
class Place:
    region_id: str
    form: str
    start: int
    end: int
    city: str = ""


@dataclass
class PlaceTags:
    places: list[Place] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)  # homonym forms left undecided (``산시성``)

    @property
    def region_ids(self) -> list[str]:
        out: list[str] = []
        for p in self.places:
            if p.region_id not in out:
                out.append(p.region_id)
        return out

    def city_of(self, region_id: str) -> str:
        return next((p.city for p in self.places if p.region_id == region_id and p.city), "")


class PlaceTagger:
    """Finds the places a text names (rules in the module docstring). Picklable."""

    def __init__(self, regions, homonyms: list[Homonym] = ()) -> None:
        regions = list(regions)
        self.matcher = RegionMatcher(regions)
        self.homonyms = {(h.form, h.region_id): h for h in homonyms}
        self.cities: dict[tuple[str, str], str] = {}
        for r in regions:
            province = {r.name_ko, r.name_zh, r.name_en, r.name_ko.removesuffix("성")} | SINO_KOREAN_PROVINCES
            if r.kind == "municipality":
                continue  # Beijing is both; no separate city
            for form in (r.main_city_ko, *r.aliases, *r.ambiguous_aliases):
                if form and form not in province and not r.name_ko.startswith(form) and all(
                        "\u3400" > ch or ch > "\u9fff" for ch in form) and not form.isascii():  # fmt: skip
                    self.cities[(r.region_id, form)] = form

    def tag(self, text: str, morphs: tuple[Morph, ...] = ()) -> PlaceTags:
        """Places in ``text`` (NFKC-normalised, as Kiwi saw it), in text order; ``morphs`` its Kiwi analysis."""
        by_start = {m.start: m for m in morphs}
        by_end = {m.end: m for m in morphs}

        def veto(i: int, j: int) -> bool:
            m = by_start.get(i)
            if m is not None and m.tag.startswith(PREDICATE_TAGS):
                return True  # 지난 (지나+ㄴ) 20년간
            k = i
            while k > 0 and text[k - 1] == " ":
                k -= 1
            prev = by_end.get(k)
            return prev is not None and prev.tag == "ETM"  # 대대적인 선전: a noun under an adnominal clause

        neighbour = self.matcher._unambiguous_any
        found: list[Place] = []
        ambiguous: list[str] = []
        for rid, pats in self.matcher.patterns.items():
            for pat in pats:
                for i in find_form(text, pat, neighbour, veto):
                    found.append(Place(rid, pat.form, i, i + len(pat.form), self.cities.get((rid, pat.form), "")))
        kept: list[Place] = []
        for p in sorted(found, key=lambda p: (p.start, -(p.end - p.start), p.region_id)):
            if kept and p.start < kept[-1].end:
                continue  # inside a longer name already taken (저장성 before 저장)
            h = self.homonyms.get((p.form, p.region_id))
            if h is not None and (self._named(text, h.not_with, found, p) or not self._named(text, h.needs_any,
                                                                                              found, p)):  # fmt: skip
                ambiguous.append(p.form)
                continue
            kept.append(p)
        return PlaceTags(kept, ambiguous)

    def _named(self, text: str, words: tuple[str, ...], found: list[Place], p: Place) -> bool:
        """Whether one of ``words`` is named as a place: a form the tagger found (so ``시안`` counts only where the
        gazetteer's context rules accept it, not as 試案 "draft"), a Chinese name as written, or another Hangul
        word at a word start."""
        for w in words:
            if any(q.form == w and q is not p for q in found):
                return True
            if any("\u3400" <= ch <= "\u9fff" for ch in w):
                if w in text:
                    return True
            elif not any(w == pat.form for pats in self.matcher.patterns.values() for pat in pats):
                if re.search(rf"(?<![가-힣]){re.escape(w)}", text):
                    return True
        return False
