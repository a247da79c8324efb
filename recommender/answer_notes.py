"""Notes that say where a firm's answer stands, beside the ranked list (issue 18, the independent advisor panel).

Three situations an advisor has to spell out and the ranked list alone does not:

* **A sector-level answer leads.** The first recommendation is one the reports cannot place in a region (no
  regional fact about the sector, or confidence below the weak threshold: ``Recommender.indistinct``). The note says
  so and points to the best answer that does rest on a region's own facts, if the list has one (the panel: "'any of
  23 regions' leads and leaves the client no region to act on").
* **Preferred regions.** A preferred region adds only ``PREFERENCE_SHARE`` (0.05) to a score, so a firm that named
  Jiangsu may see no Jiangsu row and no sign that its wish was read. The note says, per preferred region, where its
  best opportunity stands (in the list, inside a sector-level answer, below the list with its score, or closed).
* **The best fit is thin.** The first recommendation's fit is below :data:`LOW_FIT`: the firm covers a minor core
  need of the sector only (a genomics firm in smart healthcare, where genomics weighs 2 against digital health's 5,
  KIEP 5453–5458). The note says so in words, with the sector's heaviest needs the firm lacks.
* **Nothing is open to a firm of this size.** The capabilities match but every entry mode the reports document
  has a prerequisite the firm fails (a three-person firm against "10 employees or more"). The note says which, and
  what the reports do propose for small innovative firms: cooperation between the two governments' start-up support
  systems and public bodies (China 4IR issue report 2018, lines 1726–1736) — labelled as a policy proposal of the
  report, not a documented entry mode for a region.

Every note is ``{"kind", "ko", "en", "evidence": [ref…]}``; the evidence is cited lines of the stored reports (empty
when the note only restates the ranking). Pure functions: the engine passes what it computed.
"""

from __future__ import annotations

#: below this readiness (kernels.readiness, 0–1) a firm without China experience has no base there yet (panel 6);
#: one threshold with recommender.strategies.first_entrant
from recommender.kernels import LOW_READINESS  # noqa: F401

#: below this fit the first recommendation covers only a small part of what the sector needs (docs/METHOD.md § 4)
LOW_FIT = 0.35
#: a regional answer is pointed to from a sector-level rank 1 only when its fit is at least this share of rank 1's
COMPARABLE_FIT = 0.75

#: the report passage behind the first-step note (issue report: start-up support systems of both governments)
FIRST_STEP_EVIDENCE = ({"doc_id": "china_4ir_issue_2018", "line_start": 1726, "line_end": 1736},)


def regions_with_sector_facts(kb, sector_id: str) -> list[str]:
    """The regions whose profile of ``sector_id`` rests on regional facts about that very sector
    (``Profile.sector_fact_ids``), in the build's region order."""
    return [p.region_id for p in kb.profiles if p.sector_id == sector_id and p.sector_fact_ids]


def _names(kb, region_id: str, sector_id: str) -> tuple[str, str, str, str]:
    region, sector = kb.regions[region_id], kb.sectors[sector_id]
    return region.name_ko, region.name_en, sector.name_ko, sector.name_en


def sector_level_lead(recs: list[dict], documented: list[bool], kb) -> dict | None:
    """The note when the first recommendation is a sector-level answer (``documented[i]`` says whether ``recs[i]``
    rests on its region's own facts with enough confidence); None otherwise."""
    if not recs or documented[0] or not recs[0].get("equivalent_regions"):
        return None  # a single region on thin evidence is shown as such (coverage, confidence), not as "any region"
    first = recs[0]
    n = len(first.get("equivalent_regions") or []) or 1
    s_ko, s_en = kb.sectors[first["sector_id"]].name_ko, kb.sectors[first["sector_id"]].name_en
    eq = set(first.get("equivalent_regions") or [])
    elsewhere = [x for x in regions_with_sector_facts(kb, first["sector_id"]) if x not in eq]
    # pres20 (panels 27-28): a nationwide answer said as what it is — the sector and the entry mode on national
    # evidence, the region the firm's own choice — not as the absence of evidence
    if n > 1 and elsewhere:  # panel 15 F13: not "only nationally" when other regions of the sector have their own facts
        lead_ko = (f"1위({s_ko})는 전국 단위 답입니다 — 이 {n}개 지역에 대해서는 보고서가 이 분야를 전국 자료로만 "
                   f"다루므로, 답은 분야와 진입 방식이고 지역은 귀사가 고릅니다.")
        lead_en = (f"Rank 1 ({s_en}) is a nationwide answer: for these {n} regions the reports treat this sector only "
                   f"through national data, so the answer is the sector and the entry mode, and the region is yours "
                   f"to choose.")
    elif n > 1:  # panel 5: said plainly — the choice of region is the firm's
        lead_ko = (f"1위({s_ko})는 전국 단위 답입니다 — 보고서가 이 분야를 전국 단위로만 다루므로, 답은 분야와 진입 방식이고 "
                   f"지역은 귀사가 고릅니다.")
        lead_en = (f"Rank 1 ({s_en}) is a nationwide answer: the reports treat this sector only nationally, so the "
                   f"answer is the sector and the entry mode, and the region is yours to choose.")
    else:
        lead_ko = f"1위({s_ko})는 보고서가 지역을 가려 주지 않는 분야 수준의 답입니다 — 이 지역에 대한 보고서의 근거가 약합니다."
        lead_en = (f"Rank 1 ({s_en}) is a sector-level answer: the reports do not single out a region for it — the "
                   "reports' evidence for this region is thin.")  # fmt: skip
    # a regional answer is worth pointing to only when the firm fits it about as well (the panel: "the best answer
    # with regional evidence" was an industrial-internet row at fit 0.28 under a smart-farm answer at 0.69)
    floor = max(LOW_FIT, COMPARABLE_FIT * first["components"]["fit"])
    regional = [r for r, d in zip(recs, documented) if d]
    nxt = next((r for r in regional if r["components"]["fit"] >= floor), None)
    weaker = max((r["components"]["fit"] for r in regional), default=None)
    if nxt is not None:
        r_ko, r_en, t_ko, t_en = _names(kb, nxt["region_id"], nxt["sector_id"])
        ko = f"{lead_ko} 지역 근거가 있는 가장 좋은 답은 {nxt['rank']}위 {r_ko} · {t_ko}입니다."
        en = f"{lead_en} The best answer that rests on a region's own facts is rank {nxt['rank']}: {r_en} · {t_en}."
    else:
        if weaker is None:
            why_ko, why_en = "이 목록에는 지역 근거가 있는 답이 없습니다.", "No answer in this list rests on a region's own facts."
        else:
            why_ko = (f"지역 근거가 있는 아래 답들은 귀사 역량과 덜 맞습니다(역량적합 {weaker:.2f} 이하, 1위 "
                      f"{first['components']['fit']:.2f}).")
            why_en = (f"The answers below that do rest on a region's facts fit your capabilities less well (fit "
                      f"{weaker:.2f} or less, against {first['components']['fit']:.2f} for rank 1).")
        ko = f"{lead_ko} {why_ko} 지역은 고객·협력사가 있는 곳을 기준으로 고르고, 보고서는 분야와 진입 방식의 참고로 보세요."
        en = (f"{lead_en} {why_en} Choose the region by where your customers and partners are, and read the reports as "
              "a guide to the sector and entry mode.")
    return {"kind": "sector_level_lead", "ko": ko, "en": en, "evidence": []}


def _rank_words(r: dict, recs: list[dict]) -> tuple[str, str]:
    """A row's rank as its heading says it: ``2위`` / ``rank 2``, or ``공동 1위`` / ``joint rank 1`` inside a tie group
    (panel 34 F04: "선호 지역 장쑤성: 2위 분야 수준의 답" under a heading of two answers "공동 1위")."""
    group = [x["rank"] for x in recs if x.get("tie_group") is not None and x.get("tie_group") == r.get("tie_group")]
    if len(group) > 1:
        return f"공동 {min(group)}위", f"joint rank {min(group)}"
    return f"{r['rank']}위", f"rank {r['rank']}"


def preferred_region_notes(preferred: list[str], recs: list[dict], best: dict[str, tuple[str, float] | None],
                           top_score: float | None, share: float, kb, closed: dict | None = None,
                           in_top: dict[str, tuple | None] | None = None) -> list[dict]:  # fmt: skip
    """One note per preferred region: where its best opportunity stands. ``best[region] = (sector_id, score)`` of
    the region's best opportunity open to the firm (None: nothing passes there); ``share`` is the preference weight.
    ``in_top[region] = (score, own_facts, score_before_gate)`` of the region in the rank-1 answer's sector (score None:
    nothing open to the firm there; the score before the entry-mode gate, None if not known; the entry None: the reports hold no opportunity of that sector there); when the region is not
    itself in that sector's rows, the note adds where it stands there (panel 10, F05: Sichuan was said to be inside
    a big-data answer, and nothing was said of Sichuan in the firm's rank-1 sector, smart healthcare)."""
    out = []
    pct = f"{share:.2f}"
    for rid in preferred:
        region = kb.regions.get(rid)
        if region is None:
            continue
        shown = next((r for r in recs if r["region_id"] == rid and not r.get("equivalent_regions")), None)
        inside = next((r for r in recs if rid in (r.get("equivalent_regions") or [])), None)
        if shown is not None:
            s = kb.sectors[shown["sector_id"]]
            rk, re_ = _rank_words(shown, recs)
            ko = f"선호 지역 {region.name_ko}: {rk}({s.name_ko})로 목록에 있습니다."
            en = f"Preferred region {region.name_en}: in the list at {re_} ({s.name_en})."
        elif inside is not None:
            s = kb.sectors[inside["sector_id"]]
            rk, re_ = _rank_words(inside, recs)
            ko = (f"선호 지역 {region.name_ko}: {rk} 분야 수준의 답({s.name_ko})에 포함됩니다 — 보고서는 이 "
                  f"분야에서 지역을 서로 구분하지 않으므로 {region.name_ko}에서 시작해도 근거는 같습니다.")
            en = (f"Preferred region {region.name_en}: part of the sector-level answer at {re_} "
                  f"({s.name_en}) — the reports do not tell {region.name_en} apart from the other regions in this "
                  f"sector, so starting there rests on the same evidence.")
        elif best.get(rid) is not None:
            sector_id, score = best[rid]
            s = kb.sectors[sector_id]
            gap_ko = f" (1위 {top_score:.3f})" if top_score is not None else ""
            gap_en = f" (rank 1: {top_score:.3f})" if top_score is not None else ""
            ko = (f"선호 지역 {region.name_ko}: 가장 좋은 기회는 {s.name_ko}(점수 {score:.3f}{gap_ko})로 목록에 들지 "
                  f"못했습니다. 선호 지역은 점수에 {pct}의 가중으로만 반영됩니다.")
            en = (f"Preferred region {region.name_en}: its best opportunity, {s.name_en} (score {score:.3f}{gap_en}), "
                  f"did not make the list. A preferred region adds a weight of only {pct} to the score.")
        else:
            why = (closed or {}).get(rid) or {"sector_id": None, "blockers": []}
            if why["sector_id"] is None:
                ko = (f"선호 지역 {region.name_ko}: 이 지역에서 보고서가 다루는 분야 중 귀사의 핵심 역량(3 이상)에 맞는 "
                      "분야가 없습니다.")
                en = (f"Preferred region {region.name_en}: none of the sectors the reports cover there matches a core "
                      "capability of yours (level 3 or more).")
            else:
                s = kb.sectors[why["sector_id"]]
                parts_ko, parts_en = [], []
                from recommender.reading import prerequisite_text  # panel 6: the tool's threshold said as such

                for b in why["blockers"][:2]:
                    # each missing item may be a sentence of its own: " / " between them, never "권합니다., 필수"
                    lack_ko = " / ".join(prerequisite_text(m, "ko").rstrip(". ") for m in b.get("missing") or [])
                    lack_en = " / ".join(prerequisite_text(m, "en").rstrip(". ") for m in b.get("missing") or [])
                    parts_ko.append(f"{b['name']['ko']}({lack_ko})" if lack_ko else b["name"]["ko"])
                    parts_en.append(f"{b['name']['en']} ({lack_en})" if lack_en else b["name"]["en"])
                if parts_ko:
                    ko = (f"선호 지역 {region.name_ko}: 역량이 맞는 분야는 {s.name_ko}이지만, 그곳에 기록된 진입 방식에 "
                          f"귀사가 갖추지 못한 조건이 있습니다 — {'; '.join(parts_ko)}.")
                    en = (f"Preferred region {region.name_en}: {s.name_en} matches your capabilities, but the entry "
                          f"modes documented there ask for what your firm does not have — {'; '.join(parts_en)}.")
                else:
                    ko = (f"선호 지역 {region.name_ko}: 역량이 맞는 분야는 {s.name_ko}이지만, 보고서가 그곳에 기록한 "
                          "진입 방식이 없습니다.")
                    en = (f"Preferred region {region.name_en}: {s.name_en} matches your capabilities, but the reports "
                          "document no entry mode there.")
        if in_top is not None and recs and rid in in_top:
            add = _in_top_sector(rid, region, recs[0], in_top[rid], kb)
            if add:
                ko, en = f"{ko} {add[0]}", f"{en} {add[1]}"
        out.append({"kind": "preferred_region", "region_id": rid, "ko": ko, "en": en, "evidence": []})
    return out


def _in_top_sector(rid: str, region, top: dict, entry: tuple | None, kb) -> tuple[str, str] | None:
    """Where a preferred region stands in the rank-1 answer's sector (``entry`` as in :func:`preferred_region_notes`),
    or None when it is one of that answer's own rows."""
    if top["region_id"] == rid or rid in (top.get("equivalent_regions") or []):
        return None
    s = kb.sectors[top["sector_id"]]
    head_ko, head_en = f"1위 분야({s.name_ko})에서 {region.name_ko}", f"In the rank-1 sector ({s.name_en}), {region.name_en}"
    if entry is None:
        return (f"{head_ko}의 기회는 보고서에 없습니다.", f"{head_en} has no opportunity in the reports.")
    score, own, before = entry
    if score is None and before is not None:
        ko = (f"{head_ko}의 점수는 {before:.3f}이지만(1위 {top['score']:.3f}) 그곳에 기록된 진입 방식 중 귀사에 열린 것이 "
              "없습니다.")
        en = (f"{head_en} would score {before:.3f} (rank 1: {top['score']:.3f}), but no entry mode documented there is "
              "open to your firm.")
    elif score is None:
        ko, en = f"{head_ko}에는 귀사에 열린 진입 방식이 없습니다.", f"{head_en} has no entry mode open to your firm."
    else:
        ko = f"{head_ko}의 점수는 {score:.3f}입니다(1위 {top['score']:.3f})."
        en = f"{head_en} scores {score:.3f} (rank 1: {top['score']:.3f})."
    if not own:
        ko += f" 보고서에는 이 분야에 관한 {region.name_ko} 고유의 사실이 없습니다."
        en += f" The reports hold no fact of {region.name_en}'s own about this sector."
    return ko, en


def _prereqs(closed: list[dict]) -> list[dict]:
    """The failed prerequisites of the closed near misses, each once, in order."""
    out: dict[str, dict] = {}
    for n in closed:
        for b in n["route_blockers"]:
            for m in b.get("missing") or []:
                if m.get("kind") == "prerequisite":
                    out.setdefault(m["ko"], m)
    return list(out.values())


def first_step(near: list[dict], kb) -> dict | None:
    """The note for a firm whose capabilities match somewhere but to which every documented entry mode there is
    closed by a prerequisite (size, experience, horizon, investment): which prerequisites, and the report's proposal
    for innovative start-ups. None when only capabilities are missing."""
    closed = [n for n in near if not n.get("missing") and not n.get("route_open") and n.get("route_blockers")]
    if not closed:
        return None
    from recommender.reading import prerequisite_is_tools, prerequisite_text

    lacks_ko, lacks_en, tools = [], [], []
    for n in closed:
        for b in n["route_blockers"]:
            for m in b.get("missing") or []:
                if m.get("kind") != "prerequisite":  # size, experience, horizon, investment — not capabilities
                    continue
                if m["ko"] not in lacks_ko:
                    lacks_ko.append(m["ko"])
                    lacks_en.append(m["en"])
                    tools.append(prerequisite_is_tools(m))
    if not lacks_ko:
        return None
    if not all(tools[:3]):  # a prerequisite with evidence of its own: whose rule each one is, said at each
        lacks_ko = [prerequisite_text(m, "ko") for m in _prereqs(closed)]
        lacks_en = [prerequisite_text(m, "en") for m in _prereqs(closed)]
    if all(tools[:3]):  # panel 6: thresholds of this tool, not something the reports require
        head_ko = (f"보고서가 기록한 진입 방식을 추천 도구 기준으로는 귀사 규모·경험에 아직 권하지 않습니다"
                   f"({', '.join(lacks_ko[:3])} — 보고서가 요구한 조건이 아니라 이 추천 도구가 쓰는 기준입니다).")
        head_en = (f"This recommender does not yet suggest the entry modes the reports document for a firm of your size "
                   f"and experience ({', '.join(lacks_en[:3])} — thresholds this recommender uses, not requirements "
                   "stated in the reports).")
    else:
        head_ko = f"보고서가 기록한 진입 방식에는 귀사가 아직 갖추지 못한 조건이 있습니다({', '.join(lacks_ko[:3])})."
        head_en = f"The entry modes the reports document ask for what your firm does not have yet ({', '.join(lacks_en[:3])})."
    ko = (f"{head_ko} 보고서는 "
          "국내 혁신창업기업의 중국 진출을 위해 양국 정부·공공기관의 창업 지원체계와 모험자본 간 협력을 강화하자고 "
          "제안합니다. 한국 공공 지원기관의 중국 진출 프로그램으로 시장을 먼저 탐색하는 것을 검토해 보세요 — 이는 "
          "보고서의 정책 제안에 근거한 안내이며, 보고서가 특정 지역에 기록한 진입 방식은 아닙니다.")
    en = (f"{head_en} "
          "For Korean innovative start-ups entering China the report proposes closer cooperation between the two governments' and public "
          "bodies' start-up support systems and venture capital. Consider exploring the market first through a "
          "Korean public support programme for entering China — this rests on the report's policy proposal; it is "
          "not an entry mode the reports document for a region.")
    return {"kind": "first_step", "ko": ko, "en": en, "evidence": [dict(r) for r in FIRST_STEP_EVIDENCE]}


#: the report passage behind the readiness note: cooperation between the two governments' public start-up support
#: systems for Korean innovative firms entering China (issue report 1726–1736); in smart healthcare also the KIEP
#: advice to use Korean firms' support institutions when entering directly (449–451, a smart-healthcare passage, so
#: cited for that sector only — docs/audit/advisor_recodes.md)
READINESS_EVIDENCE = ({"doc_id": "china_4ir_issue_2018", "line_start": 1726, "line_end": 1736},)
HEALTHCARE_SUPPORT_EVIDENCE = ({"doc_id": "kiep_internet_plus_2018", "line_start": 449, "line_end": 451},)


def first_step_readiness(firm: dict, recs: list[dict], notes: list[dict]) -> dict | None:
    """The note for a firm with no China base yet (panel 6: a 12-person farm firm with no China experience, entity or
    Chinese-speaking staff passed every gate and got no first step): readiness below :data:`LOW_READINESS` and no
    China experience. It says so plainly and proposes starting through Korean public support channels — the
    reports' proposal (:data:`READINESS_EVIDENCE`), labelled as such. None when there is no recommendation, when the
    first-step note already says it, or when rank 1 already is the support-institution route."""
    from recommender import kernels

    if not recs or any(n.get("kind") == "first_step" for n in notes):
        return None
    if recs[0].get("strategy_id") == "korean_support_channels":
        return None
    exp = float(firm.get("china_experience_years") or 0)
    entity = bool(firm.get("has_china_entity"))
    staff = int(firm.get("chinese_speaking_staff") or 0)
    inv = float(firm.get("investment_capacity_krw_100m") or 0)
    ready = float(kernels.readiness(exp, entity, staff, inv))
    if exp > 0 or ready >= LOW_READINESS:
        return None
    base_ko = f"중국 경험 0년, 중국 법인 {'있음' if entity else '없음'}, 중국어 가능 인력 {staff}명"
    base_en = f"no China experience, {'an' if entity else 'no'} entity in China, {staff} Chinese-speaking staff"
    health = recs[0].get("sector_id") == "smart_healthcare"
    extra_ko = (" 스마트 헬스케어에 대해서는 직접 진출 시 우리 기업의 지원기관을 적극 활용하라고도 합니다." if health else "")
    extra_en = (" For smart healthcare it also advises making active use of Korean firms' support institutions when "
                "entering directly." if health else "")  # fmt: skip
    ko = (f"귀사는 아직 중국에 기반이 없습니다({base_ko}; 준비도 {ready:.2f}/1). 위 추천의 진입 방식을 택하더라도 첫걸음은 "
          "한국 공공 지원기관과 정부의 중국 진출 지원 사업으로 시장을 먼저 탐색하는 것을 검토해 보세요. 보고서는 국내 "
          f"혁신창업기업의 중국 진출을 위해 양국 정부·공공기관의 창업 지원체계 간 협력을 강화하자고 제안합니다.{extra_ko} "
          "이는 보고서의 제안에 근거한 안내이며, 보고서가 이 분야·지역에 기록한 진입 방식은 아닙니다.")
    en = (f"Your firm has no base in China yet ({base_en}; readiness {ready:.2f} of 1). Whichever entry mode above you "
          "choose, consider taking the first step through Korean public support institutions and government "
          "programmes for entering China, to explore the market. For Korean innovative firms entering China the report "
          f"proposes closer cooperation between the two governments' public start-up support systems.{extra_en} This "
          "rests on the reports' proposal; it is not an entry mode they document for this sector or region.")
    refs = READINESS_EVIDENCE + (HEALTHCARE_SUPPORT_EVIDENCE if health else ())
    return {"kind": "first_step_readiness", "ko": ko, "en": en, "evidence": [dict(r) for r in refs]}


def low_fit(recs: list[dict], heaviest: dict[str, list[str]], capability_name) -> dict | None:
    """The note when the first recommendation's fit is below :data:`LOW_FIT`; ``heaviest[sector]`` lists the
    capability keys of the sector's heaviest core need(s), ``capability_name(key, lang)`` names one."""
    if not recs or recs[0]["components"]["fit"] >= LOW_FIT:
        return None
    first = recs[0]
    fit = first["components"]["fit"]
    have = {c["capability"]: c for c in first.get("capabilities") or [] if isinstance(c, dict) and "capability" in c}
    lacking = [k for k in heaviest.get(first["sector_id"], []) if not have.get(k, {}).get("have")]
    need_ko = ", ".join(capability_name(k, "ko") for k in lacking)
    need_en = ", ".join(capability_name(k, "en") for k in lacking)
    ko = (f"1위의 역량적합은 {fit:.2f}로 낮습니다: 귀사 역량은 이 분야가 필요로 하는 것의 작은 부분만 덮습니다"
          + (f"(부족한 중심 역량: {need_ko})." if need_ko else ".")
          + " 보고서가 귀사의 주력 분야를 본격적으로 다루지 않는다는 뜻일 수 있으니, 협력 상대가 그 역량을 갖췄는지 먼저 확인하세요.")
    en = (f"Rank 1's fit is low ({fit:.2f}): your capabilities cover only a small part of what this sector needs"
          + (f" (you lack its central need: {need_en})." if need_en else ".")
          + " The reports may not treat your main field in depth: check first that a partner brings what is missing.")
    return {"kind": "low_fit", "ko": ko, "en": en, "evidence": []}


def excluded_note(excluded: list[str], kb) -> dict:
    """Say that the excluded regions were left out (the panel: exclusions were applied without a word)."""
    names_ko = ", ".join(kb.regions[r].name_ko for r in excluded if r in kb.regions)
    names_en = ", ".join(kb.regions[r].name_en for r in excluded if r in kb.regions)
    return {"kind": "excluded_regions", "ko": f"제외한 지역({names_ko})은 추천과 분야 수준의 답(귀사가 고를 지역 목록)에서 뺐습니다.",
            "en": f"The regions you excluded ({names_en}) are left out of the recommendations and the regions listed for you to choose from.",
            "evidence": []}


def short_list(shown: int, asked: int, collapsed: bool) -> dict | None:
    """The note when fewer answers are shown than were asked for (issue 18, panels 16 and 17: "1 of 5 answers shown,
    unexplained"): the rest were left out by the rules the other notes name; ``collapsed`` when regions the reports
    cannot tell apart were merged into one sector-level row. None when the list is full or empty."""
    if not shown or shown >= asked:
        return None
    merged_ko = " 전국 자료만 있는 지역들은 한 줄(분야 수준의 답)로 묶었습니다." if collapsed else ""
    merged_en = " Regions resting on national data only are merged into one sector-level row." if collapsed else ""
    ko = (f"요청한 {asked}개보다 적은 {shown}개만 보여 줍니다 — 나머지 분야·지역은 귀사의 핵심 역량이 맞지 않거나, 역량적합이 "
          f"크게 낮거나, 귀사에 열린 진입 방식이 없어 순위에 넣지 않았습니다.{merged_ko}")
    en = (f"{shown} of the {asked} answers asked for are shown — the other sectors and regions do not match a core "
          f"capability of your firm, fit it much worse, or have no entry mode open to your firm.{merged_en}")
    return {"kind": "short_list", "ko": ko, "en": en, "evidence": []}


def weaker_sectors(dropped: list[tuple[str, float]], best_fit: float, share: float, kb) -> dict | None:
    """The note when sectors that pass the core gate were left unranked because the firm fits them much worse than
    its best (``kernels.trim_weak_fit``). ``dropped``: (sector_id, fit) of those sectors, best fit first."""
    if not dropped:
        return None
    shown = dropped[:3]
    ko_list = ", ".join(f"{kb.sectors[s].name_ko}({f:.2f})" for s, f in shown)
    en_list = ", ".join(f"{kb.sectors[s].name_en} ({f:.2f})" for s, f in shown)
    more_ko = f" 외 {len(dropped) - len(shown)}개" if len(dropped) > len(shown) else ""
    more_en = f" and {len(dropped) - len(shown)} more" if len(dropped) > len(shown) else ""
    ko = (f"역량적합이 귀사 최고({best_fit:.2f})의 {share:.0%}에 못 미치거나 {LOW_FIT:.2f} 미만인 분야는 추천 순위에 넣지 "
          f"않았습니다: {ko_list}{more_ko}. 귀사 역량이 그 분야가 필요로 하는 것의 일부만 덮기 때문입니다.")
    en = (f"Sectors where your fit is below {share:.0%} of your best ({best_fit:.2f}) or below {LOW_FIT:.2f} are "
          f"not ranked: {en_list}{more_en}. Your capabilities cover only part of what they need.")
    return {"kind": "weaker_sectors", "ko": ko, "en": en, "evidence": []}


def more_regions(more: dict[str, list[tuple[str, float]]], per_sector: int, kb,
                 above_shown: bool = False, filled: dict[str, int] | None = None) -> dict | None:
    """The note when a sector holds ``per_sector`` rows and further regions of it, scoring as high as a row shown,
    were left out for other sectors' answers (``kernels.cap_per_sector``); ``more[sector_id]`` = (region_id, score)
    of those regions, best first. ``filled[sector_id]`` = rows of a sector shown beyond ``per_sector`` because the
    other sectors could not fill the list (the cap's fill rule); the note then says so (panel 10, F01 and F05:
    "at most 2 regions" stood above 3 rows of one sector)."""
    filled = {s: n for s, n in (filled or {}).items() if n > per_sector}
    if not more and not filled:
        return None
    parts_ko, parts_en = [], []
    for sector_id, regions in more.items():
        head = regions[:4]
        tail_ko = f" 외 {len(regions) - len(head)}곳" if len(regions) > len(head) else ""
        tail_en = f" and {len(regions) - len(head)} more" if len(regions) > len(head) else ""
        parts_ko.append(f"{kb.sectors[sector_id].name_ko} — "
                        + ", ".join(f"{kb.regions[r].name_ko}({s:.3f})" for r, s in head) + tail_ko)
        parts_en.append(f"{kb.sectors[sector_id].name_en} — "
                        + ", ".join(f"{kb.regions[r].name_en} ({s:.3f})" for r, s in head) + tail_en)
    ko = f"다른 분야의 답이 있으면 한 분야는 {per_sector}개 지역까지만 순위에 올립니다(순위는 점수 순)."
    en = f"While other sectors have answers, the list ranks at most {per_sector} regions of one sector (in score order)."
    if filled:
        ko += (" 다만 다른 분야의 답으로 목록을 다 채울 수 없으면 남은 자리는 같은 분야의 다음 지역으로 채웁니다 — 이번 목록: "
               + ", ".join(f"{kb.sectors[s].name_ko} {n}곳" for s, n in filled.items()) + ".")
        en += (" When the other sectors cannot fill the list, the free places go to the next regions of the same "
               "sector — in this list: " + ", ".join(f"{kb.sectors[s].name_en}, {n} regions" for s, n in filled.items())
               + ".")
    if parts_ko:
        ko += " 순위에 든 답 못지않게 점수가 높아 빠진 같은 분야의 지역(점수): " + "; ".join(parts_ko) + "."
        en += (" Regions of the same sector left out though they score as high as a row shown (score): "
               + "; ".join(parts_en) + ".")
    if above_shown:  # panel 8: "Hebei 0.515 kept, Shanghai 0.517 dropped, against its own score order"
        ko += (" 점수 차이가 0.005보다 작은 지역은 같은 순위로 보고 그 안에서는 보고서 근거가 많은 지역을 먼저 올리므로, 점수가 "
               "아주 조금 더 높은 지역이 빠질 수 있습니다.")
        en += (" Regions less than 0.005 apart count as tied, and within a tie the region with more report evidence "
               "goes first, so a region scoring a hair higher can be the one left out.")
    return {"kind": "more_regions", "ko": ko, "en": en, "evidence": []}


def closed_sectors(rows: list[dict], kb) -> dict | None:
    """The note for sectors the firm's capabilities match but where no entry mode is open to it
    (``Recommender.closed_sectors``): each sector named with why (the closest documented route and what the firm
    lacks for it, or that the reports document none), so a sector does not vanish from the answer unexplained
    (issue 18, panel 11 F13)."""
    if not rows:
        return None
    ko = " ".join(f"{kb.sectors[r['sector_id']].name_ko}(역량적합 {r['fit']:.2f}): {r['why']['ko']}" for r in rows)
    en = " ".join(f"{kb.sectors[r['sector_id']].name_en} (fit {r['fit']:.2f}): {r['why']['en']}" for r in rows)
    return {"kind": "closed_sectors",
            "ko": f"귀사 역량에 맞지만 귀사가 택할 수 있는, 보고서가 기록한 진입 방식이 없는 분야가 있어 순위에 넣지 못했습니다 — {ko}",
            "en": f"No documented entry route your firm can take in these sectors, though your capabilities match them, "
                  f"so they are not ranked — {en}",
            "evidence": []}


#: the passages behind the EV-battery note: energy storage as a core technology of the distributed energy network
#: (KIEP 2018, 1416–1426) and the only mention of EVs as an industry, Made in China 2025's ten strategic industries
#: (issue report 2018, 358–368)
EV_BATTERY_EVIDENCE = ({"doc_id": "kiep_internet_plus_2018", "line_start": 1416, "line_end": 1426},
                       {"doc_id": "china_4ir_issue_2018", "line_start": 358, "line_end": 368})  # fmt: skip
#: a firm with energy technology at this level and some automotive capability may sit in the EV-battery chain
EV_ENERGY_LEVEL = 3
EV_AUTOMOTIVE_LEVEL = 2


def ev_battery_chain(firm: dict, recs: list[dict]) -> dict | None:
    """Say what a smart-energy answer rests on for a firm that may make EV batteries or their parts (energy ≥ 3 and
    automotive ≥ 2), and that the reports document no route through the EV-battery chain (issue 18, panels 14 F03,
    15 F03, 17 F04: an NCM-cathode maker got smart energy "only via grid storage" with no word on EVs). The stored
    reports mention 배터리, 동력전지, ESS and 신에너지 nowhere; 전기차 only in Made in China 2025's list of ten strategic
    industries (issue report 358–368) and Tencent's EV start-up stakes (1425–1428); EV charging nowhere (충전 only as
    Alipay's prepaid wallet, issue report 1451 — panel 32 P05, a charging operator, was told only about batteries);
    hydrogen and fuel cells nowhere (수소, 연료전지: panel 33 S06, a fuel-cell parts start-up).
    Energy storage is named among the core technologies of the distributed energy network (KIEP 1416–1426). None when
    no smart-energy row is shown."""
    level = firm.get("capabilities") or {}
    if int(level.get("energy_tech", 0)) < EV_ENERGY_LEVEL or int(level.get("automotive_mobility", 0)) < EV_AUTOMOTIVE_LEVEL:
        return None
    ranks = [r["rank"] for r in recs if r["sector_id"] == "smart_energy"]
    if not ranks:
        return None
    ko = (f"스마트에너지({ranks[0]}위)의 근거는 분산형 에너지 네트워크의 핵심기술로 꼽힌 분산형 발전·에너지 저장·스마트 "
          "마이크로그리드입니다(전력망 쪽 저장). 보고서는 전기차 배터리 공급망, 충전, 수소·연료전지를 통한 진입 경로는 "
          "기록하지 않습니다 — 전기차는 중국제조 2025의 10대 전략산업 목록에만 나오고, 충전 인프라와 수소·연료전지는 다루지 "
          "않습니다. 귀사 사업이 차량용 배터리, 충전 또는 수소·연료전지라면 이 답은 전력망·저장 쪽 사업에 해당하며, 그 사업 "
          "자체는 보고서 밖에서 따로 확인해야 합니다.")
    en = (f"Smart energy (rank {ranks[0]}) rests on distributed generation, energy storage and smart micro-grids, which "
          "the reports name among the core technologies of the distributed energy network (storage on the grid side). "
          "The reports document no route through the EV-battery supply chain, EV charging or hydrogen and fuel cells: EVs "
          "appear only in Made in China 2025's list of ten strategic industries, and charging infrastructure, hydrogen "
          "and fuel cells not at all. If your business is vehicle batteries, charging or hydrogen and fuel cells, this "
          "answer concerns the grid and storage side; the business itself has to be checked outside the reports.")
    return {"kind": "ev_battery_chain", "ko": ko, "en": en, "evidence": [dict(r) for r in EV_BATTERY_EVIDENCE]}


#: the lines a smart-energy supply answer rests on: the Internet Plus smart-energy plan (distributed generation,
#: storage, micro-grids; KIEP 1399–1426)
ENERGY_SUPPLY_EVIDENCE = ({"doc_id": "kiep_internet_plus_2018", "line_start": 1399, "line_end": 1426},)


def energy_supply_competition(recs: list[dict]) -> dict | None:
    """Say what a smart-energy *supply* answer does not rest on: the reports record China's plan for distributed
    energy (KIEP 1399–1426) as demand, and nowhere who makes solar, storage or grid equipment in China or how a foreign
    supplier competes there (the stored reports have no line on the equipment market's makers; 배터리, ESS, 태양광 occur
    nowhere). Issue 18, panels 27 F13 and 28 F08: an ESS / solar-inverter maker told to supply equipment into China
    "with no warning that Chinese makers dominate that field". The note says the gap plainly and what to check; it
    claims nothing about the market the reports do not. None when no smart-energy supply row is shown."""
    ranks = [r["rank"] for r in recs if r["sector_id"] == "smart_energy" and r.get("strategy_id") == "component_supply"]
    if not ranks:
        return None
    ko = (f"스마트에너지 공급({ranks[0]}위)의 근거는 중국의 인터넷 플러스 스마트에너지 계획(분산형 발전·에너지 저장·스마트 "
          "마이크로그리드)이 만드는 수요뿐입니다. 보고서는 중국 에너지 설비(태양광·저장장치·배전 설비) 시장에서 누가 만들고 "
          "외국 공급사가 어떻게 경쟁하는지는 다루지 않습니다 — 공급을 검토하기 전에 현지 제조사와의 경쟁과 가격을 보고서 밖 "
          "자료로 따로 확인하세요.")
    en = (f"Smart-energy supply (rank {ranks[0]}) rests only on the demand China's Internet Plus smart-energy plan creates "
          "(distributed generation, energy storage, smart micro-grids). The reports do not cover who makes energy "
          "equipment (solar, storage, distribution gear) in China or how a foreign supplier competes there — check "
          "competition and prices against local makers from sources outside the reports before you plan supply.")
    return {"kind": "energy_supply_competition", "ko": ko, "en": en,
            "evidence": [dict(r) for r in ENERGY_SUPPLY_EVIDENCE]}  # fmt: skip


#: the riskiest-first note is given only when rank 1's effective risk exceeds the safest shown row's by this much
RISKIEST_GAP = 0.05


def riskiest_first(firm: dict, recs: list[dict], w_risk: float, conservative: tuple[str, str] | None) -> dict | None:
    """Say plainly that rank 1 is the riskiest of the shown answers for a firm with low risk tolerance, and why it still
    ranks first (issue 18, panel 16 F07: a security-software firm with low tolerance got Zhejiang smart city, effective
    risk 0.43 against 0.21–0.39 for the others, with no word on it). Low tolerance already charges the whole risk
    (aversion ×1.00, docs/METHOD.md § 4); what decides is the risk weight (``w_risk``): the note gives rank 1's lead in
    the fit, policy and demand terms against its loss in the risk term, both in score points, and — when the conservative
    preset (risk 0.25) would put another answer first — names it (``conservative`` = (ko, en) names). None for other
    tolerances, a single row, or when rank 1 is not the riskiest by :data:`RISKIEST_GAP`."""
    if firm.get("risk_tolerance") != "low" or len(recs) < 2:
        return None
    risk = [r["components"]["risk"] for r in recs]
    safest = min(range(len(recs)), key=lambda i: (risk[i], i))
    if risk[0] < max(risk) or risk[0] - risk[safest] < RISKIEST_GAP:
        return None
    first, safe = recs[0]["contributions"], recs[safest]["contributions"]
    lead = round(sum(first[k] - safe[k] for k in ("fit", "policy", "demand")), 3)
    loss = round(safe["risk"] - first["risk"], 3)
    row = recs[safest]
    if row.get("equivalent_regions"):  # a sector-level row stands for several regions
        name_ko = f"{row['rank']}위 {row['sector_name']['ko']}(분야 수준의 답)"
        name_en = f"rank {row['rank']}, {row['sector_name']['en']} (a sector-level answer)"
    else:
        name_ko = f"{row['rank']}위 {row['region_name']['ko']} {row['sector_name']['ko']}"
        name_en = f"rank {row['rank']}, {row['sector_name']['en']} in {row['region_name']['en']}"
    ko = (f"1위는 보여 준 답 가운데 위험이 가장 높습니다(실효 위험 {risk[0]:.2f}; 가장 낮은 것은 {name_ko} {risk[safest]:.2f}). "
          f"위험 감내도 '낮음'은 위험을 깎지 않고 모두 반영하지만, 점수에서 위험의 가중치가 {w_risk:.2f}뿐이어서 1위가 "
          f"역량적합·정책·수요에서 앞선 {lead:+.3f}점이 위험에서 잃는 {loss:.3f}점보다 큽니다.")
    en = (f"Rank 1 is the riskiest of the answers shown (effective risk {risk[0]:.2f}; the lowest is {name_en}, "
          f"{risk[safest]:.2f}). Your low risk tolerance charges the whole risk, but risk weighs {w_risk:.2f} in the "
          f"score, so rank 1's lead in fit, policy and demand ({lead:+.3f}) outweighs the {loss:.3f} it loses on risk.")
    if loss <= 0 < lead:  # every term is multiplied by fit: a better-fitting rank 1 loses nothing on risk either
        # (stop 30: "outweighs the -0.000 it loses on risk" for a CCTV / control-room firm with low tolerance)
        ko = (f"1위는 보여 준 답 가운데 위험이 가장 높습니다(실효 위험 {risk[0]:.2f}; 가장 낮은 것은 {name_ko} "
              f"{risk[safest]:.2f}). 위험 감내도 '낮음'은 위험을 깎지 않고 모두 반영하지만, 점수에서 위험의 가중치는 "
              f"{w_risk:.2f}이고 모든 항이 역량적합에 곱해지므로 역량적합이 더 높은 1위는 위험 항에서도 뒤지지 않고, "
              f"역량적합·정책·수요에서 {lead:+.3f}점 앞섭니다.")
        en = (f"Rank 1 is the riskiest of the answers shown (effective risk {risk[0]:.2f}; the lowest is {name_en}, "
              f"{risk[safest]:.2f}). Your low risk tolerance charges the whole risk, but risk weighs {w_risk:.2f} in "
              f"the score and every term is multiplied by fit, so the better-fitting rank 1 loses nothing on the risk "
              f"term and leads by {lead:+.3f} in fit, policy and demand.")
    elif lead <= loss:  # rank 1 is first by the tie order or a preferred region's share, not by these terms
        ko = (f"1위는 보여 준 답 가운데 위험이 가장 높습니다(실효 위험 {risk[0]:.2f}; 가장 낮은 것은 {name_ko} "
              f"{risk[safest]:.2f}). 두 답의 점수 차는 동점 범위이거나 선호 지역 가점에서 나옵니다.")
        en = (f"Rank 1 is the riskiest of the answers shown (effective risk {risk[0]:.2f}; the lowest is {name_en}, "
              f"{risk[safest]:.2f}). The two answers are tied or differ by your preferred region's share only.")
    if conservative:
        ko += f" 위험을 더 무겁게 보는 '안정형' 가중치(위험 0.25)로는 1위가 {conservative[0]}입니다."
        en += f" With the conservative weights (risk 0.25), rank 1 would be {conservative[1]}."
    else:
        ko += " '안정형' 가중치(위험 0.25)로 보아도 1위는 같습니다."
        en += " With the conservative weights (risk 0.25), rank 1 stays the same."
    return {"kind": "riskiest_first", "ko": ko, "en": en, "evidence": []}
