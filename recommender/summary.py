"""The answer in three lines, before the numbers (issue 18, panel 9: "a client needs a 3-line summary before this"),
and the plain-words flag on a weak row.

:func:`summary_lines` gives, in Korean or English,

1. **what**: where, which sector and how — or "no match", or "the reports do not cover your industry";
2. **why**: the firm's matched capabilities and the strongest cited reason of the first answer (its first reason,
   the engine's order), with the report and lines it comes from;
3. **caveat**: the main caveat — capabilities estimated from the KSIC code and products, an answer the reports
   support only nationally, a weak row (:func:`weak_reasons`) — or else the sector's first cited market-access
   barrier, with the reminder that the evidence is from the 2018 reports.

No internal ids and no score arithmetic: names, plain words and citations (``KIEP 보고서 2018, 2563–2569행``).

:func:`weak_reasons` says why a row is weak, with the two thresholds:

- confidence below :data:`recommender.engine.WEAK_CONFIDENCE` (0.35, the threshold the engine already uses for
  "weak" coverage and for regions it cannot tell apart: ≈ 0.2 is national evidence only, ≈ 0.5 one or two concrete
  regional facts — docs/METHOD.md § 3);
- robustness below :data:`WEAK_ROBUSTNESS` (0.5): the row stays in the top list in fewer than half of the 200
  perturbed runs — a threshold of this recommender (the reports say nothing about it).
"""

from __future__ import annotations

import re

from features.firms import capability_label
from recommender import present
from recommender.dated import mark_past_targets
from recommender.engine import WEAK_CONFIDENCE
from recommender.kernels import LOW_READINESS  # the first-entrant test (strategies.first_entrant)
from recommender.reading import BASIS_WORDS, list_only

#: a row that stays in the top list in fewer than half of the perturbed runs is flagged weak (this tool's threshold)
WEAK_ROBUSTNESS = 0.5

#: a capability need at this level or above is a core need (the level the coverage check asks for, docs/METHOD.md)
CORE_NEED = 3

WEAK_HEAD = {"ko": "약한 근거 — 참고용", "en": "Weak — for reference only"}


def _has_note(result: dict, kind: str) -> bool:
    """The answer's coverage notes hold one of ``kind``."""
    return any(n.get("kind") == kind for n in (result.get("coverage") or {}).get("notes") or [])


def weak_reasons(r: dict, lang: str = "ko") -> list[str]:
    """Why the row ``r`` is weak, in plain words (empty when it is not): confidence below ``WEAK_CONFIDENCE`` (not on
    a sector-level answer, which says already that no region is singled out), robustness below ``WEAK_ROBUSTNESS``."""
    ko = lang == "ko"
    out = []
    conf = r.get("confidence")
    # a sector-level answer (equivalent_regions) already opens with "no regional evidence": its low confidence is
    # about the choice of region, which it hands to the firm, not a weakness of the sector answer
    sector_level = len(r.get("equivalent_regions") or []) >= 2
    basis = (r.get("evidence_basis") or {}).get("kind")
    if basis is not None:  # panel 25 F07: the label says what the evidence is, not where a score falls
        if basis != "documented" and not sector_level:
            out.append(BASIS_WORDS[basis][0 if ko else 1])
    elif conf is not None and float(conf) < WEAK_CONFIDENCE and not sector_level:
        # 0.346 is shown as 0.346, not as a "0.35" that reads as no lower than the threshold 0.35; and since tables
        # show two decimals, the line says so (panel 12 read "0.346, below 0.35" beside a table cell "0.35")
        rounded = round(float(conf), 2) >= WEAK_CONFIDENCE
        shown = f"{float(conf):.3f}" if rounded else f"{float(conf):.2f}"
        if rounded:
            shown += ", 표에는 반올림해 0.35" if ko else ", 0.35 in the tables after rounding"
        out.append(f"신뢰도 {shown} (기준 {WEAK_CONFIDENCE:.2f} 미만) — 이 답을 받치는 보고서의 지역 근거가 "
                   f"전국 자료나 목록 언급 정도입니다" if ko else
                   f"confidence {shown} (below {WEAK_CONFIDENCE:.2f}) — the reports' regional evidence behind "
                   f"this answer is national data or a list mention at most")  # fmt: skip
    rob = r.get("robustness")
    if rob is not None and float(rob) < WEAK_ROBUSTNESS:
        out.append(f"강건성 {present.percent(rob)} (기준 50% 미만) — 가중치와 데이터를 조금 바꾸면 절반 넘게 상위 목록에서 "
                   f"빠집니다 (추천 도구 기준)" if ko else
                   f"robustness {present.percent(rob)} (below 50%) — small changes to the weights or the data drop it "
                   f"from the top list more often than not (recommender's threshold)")  # fmt: skip
    return out


def weak_flag(r: dict, lang: str = "ko") -> str:
    """``약한 근거 — 참고용: 강건성 22%(기준 50% 미만) — …`` for a weak row, else ``""``."""
    reasons = weak_reasons(r, lang)
    if not reasons:
        return ""
    return f"{WEAK_HEAD['ko' if lang == 'ko' else 'en']}: " + "; ".join(reasons)


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    first = _SENTENCE.split(text, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _cited(text: str, cite: str) -> str:
    """``문장 (출처).``: the citation inside the sentence's full stop."""
    text = text.rstrip()
    if not cite:
        return text
    end = "." if text.endswith(".") else ""
    return f"{text.removesuffix('.')} ({cite}){end or '.'}"


def _strategy(kb, r: dict, lang: str) -> str:
    return present.strategy_label(kb, r["strategy_id"], r["sector_id"], lang)


def _line_what(result: dict, kb, lang: str, firm: dict | None) -> str:
    ko = lang == "ko"
    recs = result["recommendations"]
    r = recs[0]
    sector = r["sector_name"][lang]
    eq = r.get("equivalent_regions") or []
    if len(eq) > 1:
        preferred = [x for x in (firm or {}).get("preferred_regions") or [] if x in eq]
        pref = present.region_names(preferred, kb, lang) if preferred else ""
        line = (f"결론: {sector} 분야 — {_strategy(kb, r, lang)}. 지역은 보고서가 가려 주지 않아 귀사가 고릅니다"
                f"({len(eq)}개 지역" + (f", 귀사 선호 지역 {pref} 포함" if pref else "") + ")." if ko else
                f"Answer: {sector} — {_strategy(kb, r, lang)}. The reports do not single out a region, so the choice "
                f"is yours ({len(eq)} regions" + (f", your preferred {pref} among them" if pref else "") + ").")  # fmt: skip
    else:
        region = present.answer_region(r, kb, lang)
        line = (f"결론: {region}에서 {sector} 분야 — {_strategy(kb, r, lang)}." if ko else
                f"Answer: {sector} in {region} — {_strategy(kb, r, lang)}.")  # fmt: skip
    tied = [x for x in recs if x.get("tie_group") is not None and x.get("tie_group") == r.get("tie_group")]
    if len(tied) > 1:
        line += (f" 이 답을 포함해 공동 1위가 모두 {len(tied)}개이며 서로 구분되지 않습니다 — 아래에서 함께 보세요." if ko else
                 f" {len(tied)} answers share first place — read them together below.")  # fmt: skip
    return line


#: passages cited after the summary's reason line (a note resting on two passages names both)
SUMMARY_CITATIONS = 2


def _brought(r: dict) -> tuple[list[dict], bool]:
    """The capabilities the firm brings to what the sector needs at a core level: need ≥ ``CORE_NEED`` and the firm
    at ``CORE_NEED`` or more (a "partial" fintech 4 of 5 is what a payment firm brings — panel 10 F06 was told its
    e-commerce 4 of 3 was the reason), heaviest need first; and whether any of them is short of the need."""
    caps = [c for c in r.get("capabilities") or [] if c["need"] >= CORE_NEED and c["have"] >= CORE_NEED]
    caps.sort(key=lambda c: (-c["need"], -c["have"]))
    return caps, any(c["status"] != "matched" for c in caps)


def _strongest_set_aside(r: dict, capabilities: dict | None, lang: str) -> str:
    """Panel 10 F16: a genomics firm (biotech 5) was sent to smart healthcare on its device score alone, and nobody
    told it the reports treat its strongest capability only in passing there. When the firm's strongest capability
    (level 4 or more) is needed by the row's sector at less than ``CORE_NEED``, say so, with both levels."""
    if not capabilities:
        return ""
    top_key, top = max(capabilities.items(), key=lambda kv: (kv[1], kv[0]))
    if top < 4:
        return ""
    need = next((c["need"] for c in r.get("capabilities") or [] if c["capability"] == top_key), 0)
    if need >= CORE_NEED:
        return ""
    label = capability_label(top_key, lang)
    if need == 0:  # panel 13: "treats it only slightly (need 0)" contradicted itself — the sector does not need it
        if lang == "ko":
            return f" 다만 귀사의 가장 강한 역량({label} 보유 {top})은 보고서가 이 분야의 필요 역량으로 꼽지 않습니다."
        return f" Note that your strongest capability, {label} (level {top}), is not among what the reports say this sector needs."
    if lang == "ko":
        return f" 다만 보고서는 이 분야에서 귀사의 가장 강한 역량({label} 보유 {top})을 작게만 다룹니다(필요 {need})."
    return f" Note that your strongest capability, {label} (level {top}), plays only a small part in this sector in the reports (need {need})."


def _heart_missing(r: dict, lang: str) -> str:
    """Panel 11 F11: a MEMS sensor maker sent to 5G parts supply was told its capabilities "match" while 5G itself,
    the sector's heaviest need, was 0. When the row's heaviest need (level 4 or more) finds the firm at 1 or less,
    say so: the row may still stand (chips and sensors are a way into 5G, KIEP 1998–2007), but not silently."""
    caps = r.get("capabilities") or []
    if not caps:
        return ""
    heart = max(caps, key=lambda c: (c["need"], -c["have"]))
    if heart["need"] < 4 or heart["have"] > 1:
        return ""
    label = capability_label(heart["capability"], lang)
    if lang == "ko":
        return f" 이 분야가 가장 크게 필요로 하는 {label}(필요 {heart['need']}) 역량은 귀사에 거의 없습니다(보유 {heart['have']})."
    return (f" The sector's heaviest need, {label} (need {heart['need']}), is one your firm barely has "
            f"(level {heart['have']}).")


def _line_why(r: dict, kb, lang: str, year: int | None = None, capabilities: dict | None = None) -> str:
    ko = lang == "ko"
    brought, short = _brought(r)
    caps = [capability_label(c["capability"], lang) for c in brought]
    # panel 11: a name in a list (no content) is no headline reason
    reason = next((x for x in r.get("reasons") or [] if not list_only(x, kb)), None)
    said = ""
    if reason:
        # every passage the note rests on, up to two (panel 11: "open to foreign firms" was cited at the first range
        # only, the designation list, while the openness is said at the second)
        cite = "; ".join(present.citation(e, kb, lang) for e in (reason.get("evidence") or [])[:SUMMARY_CITATIONS])
        said = _cited(mark_past_targets(_first_sentence(reason["note_" + lang], 220 if ko else 300), lang, year), cite)
    aside = _heart_missing(r, lang) + _strongest_set_aside(r, capabilities, lang)
    if ko:
        verb = "이 분야가 필요로 하는 역량을 상당 부분 덮고" if short else "이 분야에 필요한 역량과 맞고"
    else:
        many = len(caps) > 1
        verb = ("cover much of" if many else "covers much of") if short else ("match" if many else "matches")
        noun = "capabilities" if many else "capability"
    if caps and said:
        return (f"이유: 귀사의 {', '.join(caps)} 역량이 {verb}, 보고서는 이렇게 적습니다 — {said}{aside}" if ko else
                f"Why: your {', '.join(caps)} {noun} {verb} what this sector needs, and the reports say: {said}{aside}")  # fmt: skip
    if said:
        return (f"이유: 보고서는 이렇게 적습니다 — {said}{aside}" if ko else f"Why: the reports say: {said}{aside}")
    if caps:
        end = verb.replace("맞고", "맞습니다.").replace("덮고", "덮습니다.") if ko else ""
        return (f"이유: 귀사의 {', '.join(caps)} 역량이 {end}{aside}" if ko else
                f"Why: your {', '.join(caps)} {noun} {verb} what this sector needs.{aside}")  # fmt: skip
    return ""


def _inferred(result: dict) -> bool:
    return result.get("capability_source") in ("inferred", "mixed")


def _line_caveat(result: dict, r: dict, lang: str, explain: bool = True) -> str:
    ko = lang == "ko"
    caveats = []
    scope = result.get("industry_scope") or {}
    if scope.get("channel"):  # panel 24 F09: the answer follows the stated sales channel, not the goods
        name, said = scope["industry"][lang], ", ".join(f"'{w}'" for w in scope["channel"]["words"])
        plan = bool(scope["channel"].get("planned"))  # panel 34 F13b: a channel the firm only plans
        caveats.append(f"보고서는 {name} 제품 자체는 다루지 않습니다 — 이 답은 제품 설명의 {'계획 중인 ' if plan else ''}"
                       f"판매 경로({said})를 따른 것입니다('업종 범위' 참고)" if ko else
                       f"the reports do not treat {name} goods themselves — this answer follows the sales channel "
                       f"{'your products line plans' if plan else 'named in your products line'} ({said}; see "
                       "'Industry scope')")  # fmt: skip
    if _has_note(result, "first_step_readiness"):
        # panel 17 F05: a 12-person farm firm with no China base read the answer without seeing the first-step note
        caveats.append("귀사는 아직 중국에 기반이 없어, 첫걸음은 한국 공공 지원기관의 중국 진출 사업으로 시장을 먼저 "
                       "탐색하는 것입니다('적합도 판정' 참고)" if ko else
                       "your firm has no base in China yet, so the first step is to explore the market through a Korean "
                       "public support programme (see 'Coverage')")  # fmt: skip
    readiness = result.get("readiness")
    if r.get("strategy_id") == "korean_support_channels" and readiness is not None and readiness < LOW_READINESS:
        # panel 20 F13: a 3-person, ₩50m health-app firm read its Guangdong answer as a go; it is an exploration step
        # panel 24 item 5: "readiness 0.01" unexplained — the scale and what it combines, in words (``explain``;
        # the JSON's summary keeps its text)
        # pres20 (panel 27: "a readiness 0.10" read as a third risk number): the client report says it in words,
        # its number stands in the appendix's risk calculation; the JSON's summary keeps the number
        shown = (("중국 경험·법인·중국어 인력·투자 여력을 합친 값으로" if ko else
                  "China experience, an entity, Chinese-speaking staff and investment capacity taken together")
                 if explain else f"{readiness:.2f}")  # fmt: skip
        caveats.append(f"귀사의 중국 진출 준비도가 아직 낮아({shown}) 이 답은 지원기관을 통해 시장을 살펴보는 탐색 "
                       "단계입니다 — 투자·법인 설립이나 대기업과의 협력은 그 뒤의 일입니다" if ko else
                       f"your China readiness is still low ({shown}), so this answer is an exploration step "
                       "through support institutions — investment, an entity or a partnership with a major comes "
                       "later")  # fmt: skip
    if r.get("sector_id") == "ecommerce" and _has_note(result, "channel_next_step"):
        # panel 26 F11: already on the platforms (recommender.channel_next, which adds the note wherever an
        # e-commerce answer is shown and marks the platform route ``already``); panel 27 F06: also under the first step
        caveats.append("귀사는 이미 국경 간 온라인 채널로 판매하고 있으므로, 이 답은 새로 시작하는 것이 아니라 그 판로를 넓히는 "
                       "다음 단계입니다('적합도 판정' 참고)" if ko else "your firm already sells through a cross-border "
                       "online channel, so this answer is the next step to widen it, not a new start (see "
                       "'Coverage')")  # fmt: skip
    if _inferred(result):
        caveats.append("귀사 역량은 업종코드·주생산품에서 추정한 값입니다 — 확인해 고쳐 쓰면 답이 달라질 수 있습니다" if ko
                       else "your capabilities were estimated from the KSIC code and products — confirm and correct "
                       "them, and the answer may change")  # fmt: skip
    if len(r.get("equivalent_regions") or []) > 1 or not r.get("region_specific", True):
        caveats.append("보고서 근거가 전국 단위뿐이라 지역별 판단은 약합니다" if ko else
                       "the reports support this only nationally, so nothing here tells the regions apart")  # fmt: skip
    elif weak_reasons(r, lang):
        caveats.append("근거가 약합니다 — 참고용으로만 보세요" if ko else "the evidence is weak — for reference only")
    if caveats:
        return ("주의: " if ko else "Caveat: ") + "; ".join(caveats) + "."
    # the main risk is the first barrier the firm has not already passed (a held NMPA registration answers the
    # device-approval barrier: panel 28 F16); when it has passed all, the first with what it holds
    risks = r.get("sector_risks") or []
    risk = next((x for x in risks if not x.get("firm_holds")), next(iter(risks), None))
    tail = ("근거는 2018년 보고서이니 이후 법·제도 변화를 확인하세요." if ko else
            "The evidence is from the 2018 reports: check later changes in law and regulation.")  # fmt: skip
    if risk:
        return (
            (f"주요 위험: {risk['kind_name'][lang]} — " if ko else f"Main risk: {risk['kind_name'][lang]} — ")
            + _cited(_first_sentence(risk["text"][lang], 160 if ko else 240), risk["citation"][lang])
            + (f" ({risk['firm_holds'][lang]})" if risk.get("firm_holds") else "")
            + " "
            + tail
        )
    return ("주의: " if ko else "Caveat: ") + tail


def _no_match_lines(result: dict, kb, lang: str) -> list[str]:
    ko = lang == "ko"
    scope = result.get("industry_scope") or {}
    if scope.get("status") == "not_covered":
        name = (scope.get("industry") or {}).get(lang, "")
        n = len(scope.get("related") or [])
        return [
            (f"결론: 보고서는 귀사의 주업종({name})을 다루지 않아 추천할 기회가 없습니다." if ko else
             f"Answer: the reports do not cover your main industry ({name}), so there is nothing to recommend."),
            (f"이유: 보고서가 다루는 분야 가운데 {name} 산업은 없습니다"
             + (f" — '업종 범위'에 이 산업과 맞닿은 보고서 문단 {n}개를 인용했습니다." if n else ".") if ko else
             f"Why: {name} is not among the sectors the reports treat"
             + (f" — 'Industry scope' quotes {n} report passage{'s' if n != 1 else ''} that touch it." if n
                else ".")),
            (("다음 단계: " if ko else "Next step: ") + " ".join(
                scope[k][lang] for k in ("b2b_supply_note", "consumer_channel_hint") if scope.get(k))
             if scope.get("consumer_channel_hint") or scope.get("b2b_supply_note") else
             "다음 단계: 귀사가 보고서가 다루는 분야에서도 직접 사업을 한다면, 그 역량을 확인된 점수(4 이상)로 입력해 "
             "다시 실행하세요." if ko else
             "Next step: if your firm also does business itself in a sector the reports treat, enter that capability "
             "as a confirmed score (4 or more) and run again."),
        ]  # fmt: skip
    from recommender import reading

    msg = reading.coverage_message(result, lang)
    lines = [("결론: 귀사에 맞는 기회를 찾지 못했습니다." if ko else "Answer: no match for your firm."),
             ("이유: " if ko else "Why: ") + _first_sentence(msg, 240) if msg else ""]  # fmt: skip
    near = next(iter((result.get("coverage") or {}).get("near_misses") or []), None)
    tail = ""
    if near and near.get("sector_id") in kb.sectors:
        sector = getattr(kb.sectors[near["sector_id"]], "name_" + lang)
        tail = (f"참고: 가장 가까운 것은 {sector} 분야입니다 — 무엇이 부족한지 아래 '적합도 판정'에 적었습니다." if ko else
                f"Note: the nearest is {sector} — what is missing is listed under 'Coverage' below.")  # fmt: skip
    if _inferred(result):
        tail = ("주의: 귀사 역량은 업종코드·주생산품에서 추정한 값입니다 — 확인해 고쳐 쓰면 답이 달라질 수 있습니다. "
                if ko else "Caveat: your capabilities were estimated from the KSIC code and products — confirm and "
                "correct them, and the answer may change. ") + tail  # fmt: skip
    if _has_note(result, "industry_unchecked"):
        # scores only: the industry was never checked (panel 28 F11, a textile maker told "closest: robotics")
        tail += (" 다음 단계: 업종코드(KSIC)나 주생산품을 넣어 다시 실행하면, 보고서가 귀사의 업종을 다루는지와 그 업종에 "
                 "맞닿은 보고서 문단을 보여 드립니다." if ko else
                 " Next step: run again with your KSIC code or products, and the answer says whether the reports treat "
                 "your industry and quotes what they say that touches it.")  # fmt: skip
    lines.append(tail.strip())
    return [x for x in lines if x]


def summary_lines(result: dict, kb, lang: str = "ko", firm: dict | None = None, year: int | None = None,
                  explain: bool = True) -> list[str]:  # fmt: skip
    """The answer in (at most) three lines — what, why, caveat — in ``lang`` (see the module docstring); a target
    year before ``year`` (default: this year) in the reason is marked as a 2018 forecast (:mod:`recommender.dated`)."""
    lang = "ko" if lang == "ko" else "en"
    recs = result.get("recommendations") or []
    if not recs:
        return _no_match_lines(result, kb, lang)
    r = recs[0]
    return [
        x
        for x in (_line_what(result, kb, lang, firm),
                  _line_why(r, kb, lang, year, (firm or {}).get("capabilities")),
                  _line_caveat(result, r, lang, explain))
        if x
    ]


def summary_json(result: dict, kb, firm: dict | None = None) -> dict:
    """``{"ko": [...], "en": [...]}`` — the ``summary`` key of ``recommend --format json`` (a new key: nothing of
    the JSON contract is renamed)."""
    return {lang: summary_lines(result, kb, lang, firm, explain=False) for lang in ("ko", "en")}
