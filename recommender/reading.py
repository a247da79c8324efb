"""How a reader reads one answer (issue 18, the sixth advisor panel): the words the md/html report, the table and the
app share for what the panel found unclear. Pure functions over the recommend JSON and the knowledge base.

* **Legend** (:func:`legend_lines`): what each number on an answer's score line and each symbol of its "why this
  strategy" list means (◆ ✔ ½ ⚠ had no legend; seven numbers stood on one line).
* **Risk headline** (:func:`risk_headline`): the opportunity's own risk, the exposure after the firm's readiness
  (``opportunity_risk × readiness_relief``) and the weight its risk tolerance gives that exposure in the score
  (``× aversion`` = ``components.risk``) — a high tolerance lowers the score's risk term, not the exposure.
* **Prerequisites** (:func:`prerequisite_text`): a failed prerequisite that carries no evidence of its own is this
  tool's threshold (data/strategies.yaml ``prerequisites`` are partly the project's judgement), said as such and
  never as a report requirement; one with evidence is the report's statement.
* **Industry scope** (:func:`scope_message`, :func:`coverage_message`): an uncovered industry with no passage that
  touches it ends plainly instead of "below is …  (no passage found)".
* **Risk lines that apply** (:func:`strategy_risk_lines`, :func:`risk_fact_applies`): an entry mode's
  ``risks_by_sector`` lines only for their sectors; a risk fact with ``shown_sectors`` (data/facts) only for those;
  a national risk fact about ICT products only for the ICT sectors (:data:`ICT_SECTORS`), one about manufacturing
  only for the manufacturing sectors (:data:`MANUFACTURING_SECTORS`).
* **What the data marks** (:func:`list_only`, :func:`wording_sectors`): a reason whose fact is tagged ``list_only``
  stands last, marked; a condition's words are shown only in its ``why_sectors`` (data/strategies.yaml).
"""

from __future__ import annotations

import re

#: sectors whose products are ICT (the reports' example of overlap with Korea: smartphones, displays, chips)
ICT_SECTORS = ("ai", "big_data", "iot", "telecom_5g")
#: sectors whose firms make things in factories: where the reports' lines on Korea's manufacturing advantage apply
MANUFACTURING_SECTORS = ("industrial_internet", "robotics", "autonomous_driving")

_TOLERANCE = {"low": ("낮음", "low"), "medium": ("보통", "medium"), "high": ("높음", "high")}

LEGEND = (
    ("점수(0–1): 추천 순서를 정하는 종합 점수입니다(계산식은 '분석 설정'의 '점수 계산').",
     "score (0–1): the overall score that orders the answers (formula under Settings, 'scoring')."),
    ("역량적합(0–1): 이 분야가 필요로 하는 역량을 귀사 역량이 얼마나 덮는지(핵심 역량 우선).",
     "fit (0–1): how much of what the sector needs your capabilities cover (core needs first)."),
    ("정책·수요(0–1): 보고서가 이 지역·분야에 기록한 정책 지원과 시장 수요의 강도.",
     "policy, demand (0–1): how strong the policy support and market demand are that the reports record for this "
     "region and sector."),
    ("위험: 기회 자체 위험(보고서 위험과 정보 부족 위험의 합성) · 귀사 준비도 반영 후 위험(귀사가 실제로 지는 위험) · "
     "점수에 반영된 위험(위험 감내도에 따른 비중 — 위험이 작아졌다는 뜻이 아님).",
     "risk: the opportunity's own risk (stated and information risk combined) · the risk after your readiness (what "
     "your firm is exposed to) · the risk counted in the score (weighted by your risk tolerance — not a lower "
     "exposure)."),
    ("기호 (왜 이 전략인가): ◆ 이 지역에서 이 진입 방식이 열려 있는 근거 · ✔ 조건 충족 · ½ 일부 충족(간접 근거, 예: "
     "전국 자료) · ⚠ 보고된 제약 — 이 진입 방식이 그 제약을 피해 가는 길이라 점수를 올리지만, 위험이기도 합니다.",
     "symbols (why this strategy): ◆ why this entry mode is open in this region · ✔ condition met · ½ partly met "
     "(indirect evidence, e.g. national data) · ⚠ reported restriction — this entry mode routes around it, so it "
     "counts for the mode, but it is a risk too."),
)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "ko" else pair[1]


#: the mark of a met condition whose 2018 reading of an opening no longer counts (recommender.strategies.dated_note;
#: panel 34 F04): said in the line itself, so the legend of every other answer is unchanged
DATED_NOTE_MARK = {"ko": "◇ (점수에 넣지 않은 참고)", "en": "◇ (a note, not counted in the score)"}


def condition_mark(cond: dict, lang: str) -> str:
    """The mark of a met condition line: ⚠ a reported restriction, :data:`DATED_NOTE_MARK` a dated reading of an
    opening (never ✔ or ½, docs/audit/dated_readings.md), ✔ met, ½ partly met (indirect evidence)."""
    if cond.get("is_risk"):
        return "⚠"
    if cond.get("dated_note"):
        return DATED_NOTE_MARK["ko" if lang == "ko" else "en"]
    return "✔" if cond["met"] >= 1 else "½"


def legend_lines(lang: str) -> list[str]:
    """The legend of the report's score line and symbols, one line per item (confidence and robustness are said by
    :func:`recommender.present.score_legend`, the line the report shows just before these)."""
    return [_pick(x, lang) for x in LEGEND]


def _r2(x: float) -> str:
    return f"{float(x):.2f}"


def risk_parts(r: dict) -> dict | None:
    """The three risk numbers of one recommendation: ``own`` (the opportunity's own risk), ``exposure`` (after the
    firm's readiness: ``own × readiness_relief``), ``scored`` (``components.risk``: the exposure × the tolerance
    weight) and ``tolerance``; None without a breakdown (``risk_explained``). Nothing is recomputed but the product."""
    ex = r.get("risk_explained") or {}
    if ex.get("opportunity_risk") is None or ex.get("readiness_relief") is None:
        return None
    own = float(ex["opportunity_risk"])
    return {"own": own, "exposure": own * float(ex["readiness_relief"]), "scored": float(r["components"]["risk"]),
            "tolerance": ex.get("tolerance") or "medium", "aversion": float(ex.get("aversion", 1.0))}  # fmt: skip


def risk_headline(r: dict, lang: str) -> str:
    """"0.42 · 귀사 준비도 반영 0.30 (점수에 반영되는 위험 0.12 — 위험 감내도 '높음' 기준)" — the opportunity's own risk, the
    exposure after readiness, and the tolerance-weighted number the score uses; only the score's number without a
    breakdown."""
    p = risk_parts(r)
    if p is None:
        return _r2(r["components"]["risk"])
    tol = _pick(_TOLERANCE.get(p["tolerance"], (p["tolerance"], p["tolerance"])), lang)
    if _r2(p["own"]) == _r2(p["exposure"]) == _r2(p["scored"]):  # no readiness and low tolerance: one number
        return (f"{_r2(p['own'])} (귀사 준비도와 위험 감내도('{tol}')를 반영해도 같음)" if lang == "ko" else
                f"{_r2(p['own'])} (the same after your readiness and your '{tol}' risk tolerance)")
    if lang == "ko":
        return (f"{_r2(p['own'])} · 귀사 준비도 반영 {_r2(p['exposure'])} (점수에 반영되는 위험 {_r2(p['scored'])} — "
                f"위험 감내도 '{tol}' 기준)")
    return (f"{_r2(p['own'])} · after your readiness {_r2(p['exposure'])} (counted in the score as "
            f"{_r2(p['scored'])} for your '{tol}' risk tolerance)")


def combination_sentence(stated: float, information: float, own: float, lang: str) -> str:
    """How stated and information risk make the opportunity's own risk, with the formula of
    :func:`recommender.kernels.total_risk`: ``1 − (1 − stated)·(1 − information)``."""
    s, i, o = _r2(stated), _r2(information), _r2(own)
    sign = "=" if _r2(1 - (1 - float(s)) * (1 - float(i))) == o else "≈"
    if lang == "ko":
        return (f"기회 자체 위험은 보고서 위험과 정보 부족 위험을 1 − (1 − 보고서 위험) × (1 − 정보 부족 위험)으로 "
                f"합칩니다: 1 − (1 − {s}) × (1 − {i}) {sign} {o}. 둘 중 하나라도 현실이 될 가능성으로 합치므로 단순한 "
                "합보다 작고 1을 넘지 않습니다.")
    return (f"The opportunity's own risk combines stated and information risk as 1 − (1 − stated) × (1 − "
            f"information): 1 − (1 − {s}) × (1 − {i}) {sign} {o}. It is the chance that either comes true, so it is "
            "less than the plain sum and never above 1.")


def factor_sentence(own: float, relief: float, aversion: float, tolerance: str, shown: float, lang: str) -> str:
    """The firm's adjustment in its two parts: readiness lowers the exposure; the tolerance only weights it."""
    exposure = own * relief
    tol = _pick(_TOLERANCE.get(tolerance, (tolerance, tolerance)), lang)
    if lang == "ko":
        return (f"귀사 조정은 두 부분입니다. 준비도(×{_r2(relief)})는 귀사가 실제로 지는 위험을 줄입니다: {_r2(own)} → "
                f"{_r2(exposure)}. 위험 감내도 {tol}(×{_r2(aversion)})은 그 위험을 점수에 얼마나 반영할지를 정할 "
                f"뿐입니다(점수에는 {_r2(shown)}) — 감내도가 높다고 위험이 작아지지는 않습니다.")
    return (f"Your firm's adjustment has two parts. Readiness (×{_r2(relief)}) lowers what your firm is exposed to, "
            f"{_r2(own)} → {_r2(exposure)}; risk tolerance {tol} (×{_r2(aversion)}) only sets how much of that the "
            f"score counts ({_r2(shown)} in the score) — a high tolerance does not make the risk smaller.")


def prerequisite_is_tools(m: dict) -> bool:
    """A failed prerequisite (``kind == "prerequisite"``) that carries no evidence of its own: this tool's threshold."""
    return m.get("kind") == "prerequisite" and not m.get("evidence")


#: panel 7: whose threshold a prerequisite is, in a client's words — the first time in full, then short
TOOL_THRESHOLD_FULL = {"ko": "(보고서가 정한 요건이 아니라 이 추천 도구가 쓰는 기준)",
                       "en": "(a threshold this recommender uses, not a requirement stated in the reports)"}
TOOL_THRESHOLD_SHORT = {"ko": "(추천 도구 기준)", "en": "(recommender's threshold)"}


def prerequisite_text(m: dict, lang: str, first: bool = False) -> str:
    """What the firm lacks for an entry mode, with whose rule it is: "종업원 5명 이상(추천 도구 기준)" for a
    prerequisite without evidence ("(보고서가 정한 요건이 아니라 이 추천 도구가 쓰는 기준)" with ``first``, where the
    threshold is explained the first time), "(보고서)" for one with; a failed required condition as it is."""
    if m.get("kind") != "prerequisite":
        return m[lang]
    if prerequisite_is_tools(m):
        mark = (TOOL_THRESHOLD_FULL if first else TOOL_THRESHOLD_SHORT)["ko" if lang == "ko" else "en"]
        return f"{m[lang]}{mark}" if lang == "ko" else f"{m[lang]} {mark}"
    return f"{m[lang]}(보고서)" if lang == "ko" else f"{m[lang]} (stated in the reports)"


def prerequisite_texts(missing: list[dict], lang: str) -> list[str]:
    """:func:`prerequisite_text` of each, the first tool threshold explained in full and the later ones short."""
    out, explained = [], False
    for m in missing:
        out.append(prerequisite_text(m, lang, first=not explained and prerequisite_is_tools(m)))
        explained = explained or prerequisite_is_tools(m)
    return out


def explain_first(texts: list[str], lang: str) -> list[str]:
    """The texts with their first "(추천 도구 기준)" said in full (:data:`TOOL_THRESHOLD_FULL`), later ones short."""
    code = "ko" if lang == "ko" else "en"
    short, full = TOOL_THRESHOLD_SHORT[code], TOOL_THRESHOLD_FULL[code]
    out = list(texts)
    at = next((i for i, x in enumerate(out) if short in x), None)
    if at is not None:
        out[at] = out[at].replace(short, full, 1)
    return out


def tools_threshold_note(missing: list[dict], lang: str) -> str:
    """One clause for a list that holds this tool's thresholds: they are not a requirement of the reports."""
    if not any(prerequisite_is_tools(m) for m in missing):
        return ""
    return (" — 인원·경험 등의 최소 기준은 보고서가 정한 요건이 아니라 이 추천 도구가 쓰는 기준입니다" if lang == "ko" else
            " — the minimum size, experience and similar thresholds are this recommender's, not requirements stated "
            "in the reports")  # fmt: skip


#: panel 25 F12: "… and the recommendation follows from it" on a page that recommends nothing — said without it
_RESTS_ON = {"ko": ("은 보고서가 다루는 분야이고, 추천은 그에 따른 것입니다.", "은 보고서가 다루는 분야입니다."),
             "en": (" is one the reports treat, and the recommendations rest on it.", " is one the reports treat.")}


def scope_message(scope: dict, lang: str, answered: bool = True) -> str:
    """The industry-scope paragraph; for an uncovered industry with no passage that touches it, a plain ending; on a
    page with no recommendation (``answered=False``) no clause saying the recommendations rest on the industry."""
    if scope.get("status") == "not_covered" and not scope.get("related"):
        name = (scope.get("industry") or {}).get(lang, "")
        return (f"보고서는 {name} 산업을 직접 다루지 않으며, 이 산업과 맞닿은 문단도 찾지 못했습니다." if lang == "ko" else
                f"The reports do not treat the {name} industry, and no passage in them touches it.")  # fmt: skip
    text = (scope.get("message") or {}).get(lang, "")
    if not answered and lang in _RESTS_ON:
        text = text.replace(*_RESTS_ON[lang])
    return text


def coverage_message(result: dict, lang: str) -> str:
    """The coverage message; "below is what the reports say …" is left out when nothing follows below."""
    msg = ((result.get("coverage") or {}).get("message") or {}).get(lang, "")
    scope = result.get("industry_scope") or {}
    if scope.get("status") == "not_covered" and not scope.get("related"):
        for tail in (" — 아래는 보고서가 이 업종과 맞닿아 말하는 부분입니다.",
                     " — below is what the reports say that touches this industry."):  # fmt: skip
            if msg.endswith(tail):
                return msg[: -len(tail)] + "."
    return msg


def strategy_risk_lines(r: dict, kb, lang: str) -> list[str]:
    """The entry mode's risk lines for this recommendation: its general lines with its ``risks_by_sector`` lines
    whose ``sectors`` hold the recommendation's sector (data/strategies.yaml) — in place of general line
    ``replaces`` (1-based) when given, else after them."""
    lines = list(r["strategy"]["risks"][lang])
    spec = kb.strategies.get(r.get("strategy_id", "")) or {}
    for extra in spec.get("risks_by_sector") or []:
        if r.get("sector_id") not in (extra.get("sectors") or []):
            continue
        at = int(extra.get("replaces") or 0)  # 1-based: the general line this sector's wording stands in for
        if 0 < at <= len(lines):
            lines[at - 1] = extra[lang]
        else:
            lines.append(extra[lang])
    return lines


def _fact(kb, fact_id) -> object | None:
    """The knowledge base's fact of that id, or None (no knowledge base, or a line built without a fact)."""
    if kb is None:
        return None
    try:
        return kb.fact(str(fact_id or ""))
    except KeyError:
        return None


def risk_fact_applies(fact: dict, sector_id: str, kb) -> bool:
    """Whether a region or national risk fact applies to the sector: a fact with ``shown_sectors`` (data/facts, a
    fact coded for every sector whose report lines speak of some: C065, BAT's protected home market, A139, 80 %
    dependence on foreign technology — docs/audit/sector_risks.md) only to the sectors listed there; a fact about ICT
    products (its English note names ICT) only to :data:`ICT_SECTORS`, one about the manufacturing advantage only to
    :data:`MANUFACTURING_SECTORS`; every other fact to every sector. Scoring is unchanged: only the line shown is
    chosen."""
    known = _fact(kb, fact.get("fact_id"))
    if known is not None and known.shown_sectors:
        return sector_id in known.shown_sectors
    note = str(fact.get("note_en") or "")
    if re.search(r"\bICT\b", note):
        return sector_id in ICT_SECTORS
    if "manufactur" in note.lower():
        return sector_id in MANUFACTURING_SECTORS
    return True


# ---------------------------------------------------------------- checklist lines that belong to the row (panel 9)

#: a capability need below this level is a side need (``data/sector_needs.csv`` weight 1: payment cover in smart
#: healthcare, kiep_internet_plus_2018:320-326; logistics vehicles in the Apollo trial, 3557-3563): it counts in the
#: fit, but a "gap: fintech 0 · need 1" line under a healthcare answer reads as a template leak (panel 9, F03, F10)
SIDE_NEED = 2

def shown_capabilities(r: dict) -> list[dict]:
    """The row's capability needs a reader sees in the matched/gaps lines: those at :data:`SIDE_NEED` or above (the
    capabilities table and the workbook keep all of them)."""
    return [c for c in r.get("capabilities") or [] if c.get("need", 0) >= SIDE_NEED]


#: capability conditions whose line speaks of one sector's build-out: component supply's "smart-factory spending
#: raises demand for automation equipment" (china_4ir_issue_2018:1716-1724), "5G roll-out spending"
#: (kiep_internet_plus_2018:2059-2067), the
#: energy, farm and warehouse equipment lines (kiep_internet_plus_2018:1420-1426, 1375-1381, 1583-1595). Such a line
#: is shown only where the row's sector needs the capability (panel 9, F05: the smart-factory line under a
#: smart-energy answer). Other capability lines (chips and sensors, IoT sensing; a car cluster, cameras bought in by
#: prime contractors) speak to the firm in any sector the strategy is open for and stay.
SECTOR_BOUND_CONDITIONS = frozenset([("component_supply", cap) for cap in (
    "smart_manufacturing", "telecom_5g", "energy_tech", "agritech", "logistics_tech")]
    + [("chinese_major_coentry", "biotech_genomics")])  # fmt: skip  the Tencent genetics line: healthcare rows


def condition_belongs(cond: dict, r: dict) -> bool:
    """Whether a strategy condition's checklist line belongs to the row: a sector-bound capability line
    (:data:`SECTOR_BOUND_CONDITIONS`) only where the row's sector needs that capability (``data/sector_needs.csv``,
    the row's ``capabilities``); every other condition always."""
    if not cond.get("is_capability") or (r.get("strategy_id"), cond.get("name")) not in SECTOR_BOUND_CONDITIONS:
        return True
    needs = {c["capability"] for c in r.get("capabilities") or []}
    return not needs or cond.get("name") in needs


def wording_sectors(kb, strategy_id: str, cond: dict) -> list[str] | None:
    """The sectors a capability condition's words fit (``why_sectors`` in data/strategies.yaml), or None when they
    fit every sector. Platform alliance's "가전·차량·단말 같은 제품에 중국 플랫폼을 얹을 수 있습니다" rests on the
    report's example of a Chinese voice-assistant platform put on Korean electronics and vehicles
    (kiep_internet_plus_2018:6300-6306) — not on a logistics, fintech or factory service (panel 9, F07)."""
    if not cond.get("is_capability"):
        return None
    spec = kb.strategies.get(strategy_id or "") or {}
    yaml_cond = next((c for c in spec.get("firm_conditions") or [] if c.get("capability") == cond.get("name")), None)
    return (yaml_cond or {}).get("why_sectors")


def condition_why(cond: dict, r: dict, lang: str, kb) -> str:
    """A condition's reason as the row shows it: its own words, or — where its wording names other sectors'
    products (:func:`wording_sectors`) — a plain line that the sector needs the capability."""
    fits = wording_sectors(kb, r.get("strategy_id", ""), cond)
    if fits is None or r.get("sector_id") in fits:
        return cond.get("why_" + lang, "")
    from features.firms import capability_label

    name = capability_label(cond["name"], lang)
    sector = (r.get("sector_name") or {}).get(lang) or r.get("sector_id", "")
    return (f"{sector} 분야가 필요로 하는 {name} 역량이 있습니다." if lang == "ko" else
            f"You have {name}, a capability the {sector} sector needs.")  # fmt: skip


# ---------------------------------------------------------------- a name in a list is no reason (panel 11, finding 4)

#: the mark such a reason carries where it is shown (after the substantive reasons)
LIST_ONLY_MARK = {"ko": "목록에 이름만 있음 — ", "en": "Named in a list only — "}


def list_only(reason: dict, kb) -> bool:
    """Whether a reason only says the region is named in a list (no sector, no content given): its fact carries the
    ``list_only`` tag (data/facts; the 17 mass-entrepreneurship demonstration bases, kiep_internet_plus_2018:946-954,
    A092–A102 and A148–A151)."""
    from features.facts import LIST_ONLY

    known = _fact(kb, reason.get("fact_id"))
    return known is not None and LIST_ONLY in known.tags


def ordered_reasons(reasons: list[dict], kb) -> list[dict]:
    """The reasons with the substantive ones first and list mentions last (stable otherwise): a name in the list of 17
    pilot bases was shown as a supporting bullet of equal standing (panel 11 F01, F02, F03, F06, F13)."""
    return [x for x in reasons if not list_only(x, kb)] + [x for x in reasons if list_only(x, kb)]


def reason_note(reason: dict, lang: str, kb) -> str:
    """A reason's note as shown: a list mention starts with :data:`LIST_ONLY_MARK`."""
    note = str(reason.get("note_" + lang) or "")
    return LIST_ONLY_MARK.get(lang, LIST_ONLY_MARK["en"]) + note if list_only(reason, kb) else note


def strategy_risk_lines_cited(r: dict, kb, first: int | None = None) -> set[tuple[str, int]]:
    """The report lines (doc_id, line) behind the entry mode's ``risks_by_sector`` lines shown for this
    recommendation (:func:`strategy_risk_lines`; with ``first``, only those among its first ``first`` lines): a
    region risk fact on the same lines says the same thing again (panel 10 F15, panel 11 F07: the smartphone/display
    overlap stood twice, as the entry mode's line and as a fact)."""
    spec = kb.strategies.get(r.get("strategy_id", "")) or {}
    out: set[tuple[str, int]] = set()
    size = len(r["strategy"]["risks"]["en"]) if r.get("strategy") else 0
    for extra in spec.get("risks_by_sector") or []:
        if r.get("sector_id") not in (extra.get("sectors") or []):
            continue
        at = int(extra.get("replaces") or 0)
        pos = at - 1 if 0 < at <= size else size
        if at <= 0 or at > size:
            size += 1
        if first is not None and pos >= first:
            continue
        for ref in extra.get("evidence") or []:
            m = re.fullmatch(r"([^:]+):(\d+)-(\d+)", str(ref))
            if m:
                out |= {(m.group(1), n) for n in range(int(m.group(2)), int(m.group(3)) + 1)}
    return out


# ---------------------------------------------------------------- the first screen (advisor panels 12-13: "dense")

#: how much regional evidence stands behind an answer, in words, by its confidence (at or above the bound): the
#: tool's wording bands — below 0.35 is the engine's weak-confidence threshold (``engine.WEAK_CONFIDENCE``, the
#: "약한 근거" flag); 0.7 splits the rest in two. The number itself stays on the row's score line.
EVIDENCE_WORDS = (
    (0.7, ("많음 — 보고서가 이 지역의 이 분야를 구체적인 사실로 기록합니다",
           "ample — the reports record this region's sector in specific facts")),
    (0.35, ("보통 — 보고서에 이 지역의 기록이 있으나 많지 않습니다",
            "moderate — the reports record some facts about this region, not many")),
    (0.0, ("적음 — 전국 자료나 목록 언급 정도라 참고용입니다",
           "thin — national data or a list mention at most; for reference only")),
)  # fmt: skip
#: a sector-level answer (``equivalent_regions``): no region is singled out, whatever its confidence
#: pres20 (panels 27-28: "없음 / none" beside a recommendation): the evidence is national, not absent
NO_REGIONAL_EVIDENCE = ("전국 자료 — 보고서가 이 분야를 전국 단위로만 다루어, 답은 분야와 진입 방식이고 지역은 귀사가 고릅니다",
                        "national — the reports treat this sector only nationally, so the answer is the sector and the "
                        "entry mode, and the region is yours to choose")


#: a row's evidence in words where it is not ``documented`` (recommender.engine.EVIDENCE_BASIS)
BASIS_WORDS = {
    "national": ("이 지역의 이 분야에 관한 보고서 사실이 없어 전국 자료에만 기댑니다",
                 "the reports hold no fact about this sector in this region, only national data"),
    "single": ("이 답은 이 지역의 이 분야에 관한 보고서 사실 하나에만 기댑니다",
               "this answer rests on a single fact of the reports about this sector in this region"),
    "mentions": ("이 지역의 이 분야에 관한 보고서 기록이 목록·언급 정도뿐입니다",
                 "the reports only mention this sector in this region in passing (lists, mentions)"),
}


def evidence_words(r: dict, lang: str) -> str:
    """The evidence behind one answer in words, for the report's first screen: "근거의 양(1순위 답): 많음 — …" —
    :data:`NO_REGIONAL_EVIDENCE` for a sector-level answer, else the band of :data:`EVIDENCE_WORDS` its
    ``confidence`` falls in; "" without a confidence."""
    if len(r.get("equivalent_regions") or []) >= 2:
        words = _pick(NO_REGIONAL_EVIDENCE, lang)
    elif r.get("confidence") is None:
        return ""
    elif (r.get("evidence_basis") or {}).get("kind") not in (None, "documented"):
        # panel 25 F07: what the evidence is decides the "thin" band, not where the confidence falls
        head = "적음" if lang == "ko" else "thin"
        words = f"{head} — {BASIS_WORDS[r['evidence_basis']['kind']][0 if lang == 'ko' else 1]}"
        words += "; 참고용입니다" if lang == "ko" else "; for reference only"
    elif (r.get("evidence_basis") or {}).get("kind") == "documented" and float(r["confidence"]) < 0.7:
        words = _pick(EVIDENCE_WORDS[1][1], lang)
    else:
        words = next(_pick(w, lang) for bound, w in EVIDENCE_WORDS if float(r["confidence"]) >= bound)
    return f"근거의 양(1순위 답): {words}." if lang == "ko" else f"Evidence behind the first answer: {words}."
