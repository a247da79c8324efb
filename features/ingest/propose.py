"""Candidate facts from the tagger's options: every field of a ``data/candidates/<doc_id>.csv`` row
(:mod:`features.ingest.candidates`) except the review status, each with the rule that set it.

* **region / sector / kind / score** — the tagger's (:meth:`features.ingest.tagger.Tagger.candidates`); national
  when the passage names no region and the text around it sets none.
* **city** — the Korean city name the passage uses for that region (``항저우``), if any.
* **indicator** — the most probable indicator of the chosen kind (the tagger's indicator model).
* **value / unit** — the first number with a unit in the passage (``2,500억 위안``, ``40%``, ``9개``); **year** —
  the first ``20XX년``, else the report's publication year.
* **strength** — by the rules of ``docs/DATA.md``; ``strength_rule`` names the one that fired:
  policy ``p3-first-or-target`` (최초/처음/국가급 or a numeric target) · ``p2-named-dated`` (a named document
  ``｢…｣``/``「…」`` or a date) · ``p1-mentioned``; demand ``d3-largest`` (최대/가장/1위/선두) · ``d2-concrete``
  (a number or a named firm) · ``d1-qualitative``; risk ``r3-binding`` (금지/불허/중단/폐지) · ``r2-barrier``
  (제한/장벽/어려움/규제) · ``r1-concern``; context ``c1``.
* **tags** — cue words → the strategy tags of ``docs/DATA.md`` (``시범구`` → ``pilot_zone``, ``인터넷병원`` →
  ``internet_hospital`` …).
* **reason** — the words that decided it: the place form, the sector's keywords found and its probability, the kind's
  probability, and the passage's fact probability.
"""

from __future__ import annotations

import re

from features.ingest.tagger import KINDS, NATIONAL

NUMBER_UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(조\s?위안|억\s?위안|만\s?위안|위안|억\s?달러|달러|%|개사|개|곳|명|km|대|건)")
YEAR = re.compile(r"((?:19|20)\d\d)\s?년")
DEFAULT_INDICATOR = {"policy": "policy_plan", "demand": "anchor_firms", "risk": "regulatory_uncertainty",
                     "context": "context"}  # fmt: skip
TAG_CUES = [
    ("pilot_zone", r"시범구|시범지역|자유무역|신구|시범기지|특구"),
    ("test_bed", r"테스트베드|시험도로|시범운영|시험장|도로 테스트|도로테스트"),
    ("cluster", r"클러스터|산업단지|산업원|과학성|집적"),
    ("startup_ecosystem", r"스타트업|창업|유니콘|벤처"),
    ("internet_hospital", r"인터넷병원|인터넷 병원|온라인 진료"),
    ("anchor_hospital", r"부속병원|인민병원|3급 병원|상급병원"),
    ("major_platform", r"알리바바|텐센트|바이두|핑안|화웨이|징둥"),
    ("open_platform", r"개방혁신 ?플랫폼|개방형 플랫폼"),
    ("procurement_driven", r"조달|정부 프로젝트|정부사업|입찰"),
    ("foreign_restricted", r"외국인투자.{0,12}(?:제한|금지)|외자.{0,8}(?:제한|금지)|외국 기업.{0,12}(?:제한|없)"),
    ("korean_support", r"한국|한·중|한중|우리 기업|KOTRA|코트라"),
    ("standards", r"표준"),
    ("component_demand", r"부품|센서|장비|설비|칩"),
    ("regulation_reversal", r"중단|폐지|번복"),
]


def strength_of(kind: str, text: str) -> tuple[int, str]:
    if kind == "policy":
        if re.search(r"최초|처음|국가급|국가 차원의 시범", text) or re.search(r"목표|까지", text) and NUMBER_UNIT.search(text):
            return 3, "p3-first-or-target"
        if re.search(r"[｢「『].+?[｣」』]", text) or YEAR.search(text):
            return 2, "p2-named-dated"
        return 1, "p1-mentioned"
    if kind == "demand":
        if re.search(r"최대|가장|1위|선두|최고", text):
            return 3, "d3-largest"
        if NUMBER_UNIT.search(text) or re.search(r"알리바바|텐센트|바이두|핑안|화웨이|징둥|[A-Z][a-z]+", text):
            return 2, "d2-concrete"
        return 1, "d1-qualitative"
    if kind == "risk":
        if re.search(r"금지|불허|중단|폐지", text):
            return 3, "r3-binding"
        if re.search(r"제한|장벽|어려|규제|허가", text):
            return 2, "r2-barrier"
        return 1, "r1-concern"
    return 1, "c1"


def _indicator(kind: str, probs: dict[str, float]) -> str:
    own = {k.split("/", 1)[1]: v for k, v in probs.items() if k.startswith(kind + "/")}
    return max(own, key=lambda k: (own[k], k)) if own else DEFAULT_INDICATOR[kind]


def _reason(c: dict, keywords: dict[str, tuple[str, ...]]) -> str:
    t = c["tags"]
    r = c["region_id"]
    if r == NATIONAL:
        where = "national (no region named)" if not t.places.region_ids else "national (the passage names regions)"
    else:
        forms = sorted({p.form for p in t.places.places if p.region_id == r})
        where = f"{r} named as {'/'.join(forms)}" if forms else f"{r} from the text around it"
    kws = [k for k in keywords.get(c["sector_id"], ()) if k and k in t.passage.text][:4]
    sector = f"{c['sector_id']} p={t.sectors.get(c['sector_id'], 0):.2f}" + (f" ({', '.join(kws)})" if kws else "")
    kinds = t.kinds_national if r == NATIONAL and t.kinds_national else t.kinds  # the option's own kind model
    return f"{where}; sector {sector}; kind {c['kind']} p={kinds.get(c['kind'], 0):.2f}; fact p={t.fact:.2f}"


def candidate_rows(cands: list[dict], doc_id: str, published_year: int, page_of=None,
                   keywords: dict[str, tuple[str, ...]] | None = None) -> list[dict]:  # fmt: skip
    """Rows of the candidates file, ``candidate_id`` in line order (then region, sector)."""
    ordered = sorted(cands, key=lambda c: (c["line_start"], c["line_end"], c["region_id"] != NATIONAL,
                                           c["region_id"], c["sector_id"]))  # fmt: skip
    rows = []
    for n, c in enumerate(ordered, start=1):
        t = c["tags"]
        text = t.passage.text
        kind = c["kind"] if c["kind"] in KINDS else "context"
        strength, rule = strength_of(kind, text)
        value = unit = ""
        m = NUMBER_UNIT.search(text)
        if m and kind != "context":
            value, unit = m.group(1).replace(",", ""), re.sub(r"\s+", "", m.group(2))
        y = YEAR.search(text)
        year = int(y.group(1)) if y and 1990 <= int(y.group(1)) <= 2035 else published_year
        tags = [tag for tag, rx in TAG_CUES if re.search(rx, text)]
        rows.append({
            "candidate_id": f"{doc_id}-c{n:04d}", "doc_id": doc_id, "region_id": c["region_id"],
            "city": t.places.city_of(c["region_id"]) if c["region_id"] != NATIONAL else "",
            "sector_id": c["sector_id"], "kind": kind,
            "indicator": _indicator(kind, t.indicators), "value": value, "unit": unit, "year": year,
            "strength": strength, "strength_rule": rule, "tags": ";".join(tags),
            "evidence": f"{doc_id}:{c['line_start']}-{c['line_end']}",
            "page": (page_of(c["line_start"]) or "") if page_of else "",
            "score": f"{c['score']:.4f}", "reason": _reason(c, keywords or {}), "status": "pending", "fact_id": "",
        })  # fmt: skip
    return rows


def candidate_json(row: dict) -> dict:
    """One candidate as the ingest command prints it (DESIGN.md contract 10)."""
    doc, _, span = row["evidence"].partition(":")
    a, _, b = span.partition("-")
    return {"candidate_id": row["candidate_id"], "region_id": None if row["region_id"] == NATIONAL else row["region_id"],
            "city": row["city"], "sector_id": row["sector_id"], "kind": row["kind"], "indicator": row["indicator"],
            "strength": int(row["strength"]), "score": float(row["score"]),
            "evidence": {"doc_id": doc, "line_start": int(a), "line_end": int(b)}, "reason": row["reason"],
            "value": row["value"], "unit": row["unit"], "year": row["year"], "tags": row["tags"],
            "page": row["page"]}  # fmt: skip
