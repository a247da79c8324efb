"""Human-readable renderings of a recommendation: a table (CLI, CSV/XLSX export) and a one-page Markdown report.

User-supplied text (firm names) is written as plain text; quotes are read from the stored report files.
"""

from __future__ import annotations

import re

import pandas as pd

from features.build import KnowledgeBase
from features.evidence import merge_refs, readable_quotes, shorten_quote
from features.firms import capability_label
from recommender import present, reading, summary
from recommender.dated import implication_text, implications_heading, mark_past_targets

LABELS = {
    "ko": {"rank": "순위", "region": "지역", "sector": "분야", "strategy": "진입전략", "score": "점수", "fit": "역량적합",
           "policy": "정책", "demand": "수요", "risk": "위험(귀사 조정 후)", "opp_risk": "위험(기회 자체)", "ready_risk": "위험(준비도 반영)", "confidence": "신뢰도", "robustness": "강건성",
           "vintage": "기준연도", "evidence": "근거", "implications": "시사점", "tie": "동순위", "precedents": "비슷한 사례"},
    "en": {"rank": "rank", "region": "region", "sector": "sector", "strategy": "entry strategy", "score": "score",
           "fit": "fit", "policy": "policy", "demand": "demand", "risk": "risk (after your adjustment)",
           "opp_risk": "risk (opportunity's own)", "ready_risk": "risk (after your readiness)", "confidence": "confidence",
           "robustness": "robustness", "vintage": "vintage", "evidence": "evidence", "implications": "implications",
           "tie": "tie", "precedents": "similar cases"},
}  # fmt: skip


def rank_label(rec: dict, recs: list[dict], lang: str = "ko") -> str:
    """``3위`` / ``공동 3위`` (``3`` / ``3 (tied)``): a shared tie group shows the group's first rank for all."""
    group = [r["rank"] for r in recs if r.get("tie_group") == rec.get("tie_group")]
    first = min(group) if group else rec["rank"]
    if len(group) > 1:
        return f"공동 {first}위" if lang == "ko" else f"{first} (tied)"
    return f"{rec['rank']}위" if lang == "ko" else str(rec["rank"])


def tie_cell(rec: dict, recs: list[dict], kb, lang: str = "ko") -> str:
    """The tie column of the table: ``공동 2위 — 보고서 근거가 더 많은 지역을 먼저`` / ``2 (tied) — less evidence, so
    after (3 facts against 5)``: the tie rule said at the tied rows (panel 5), the plain rank elsewhere."""
    label = rank_label(rec, recs, lang)
    why = present.tie_row_note(rec, recs, kb, lang, short=True)
    return f"{label} — {why}" if why else label


def _opp_risk(r: dict):
    """The opportunity's own risk (before the firm's readiness and risk tolerance), ``None`` without a breakdown."""
    own = (r.get("risk_explained") or {}).get("opportunity_risk")
    return None if own is None else round(float(own), 2)


def _ready_risk(r: dict):
    """The risk after the firm's readiness, before its risk tolerance weights it (``None`` without a breakdown)."""
    p = reading.risk_parts(r)
    return None if p is None else round(p["exposure"], 2)


def near_miss_lines(result: dict, kb: KnowledgeBase, lang: str = "ko") -> list[str]:
    """What the coverage says, in lines: the message and, for ``none``, each near miss with what is missing."""
    cov = result.get("coverage") or {}
    lines = [cov.get("message", {}).get(lang, "")] if cov else []
    for n in cov.get("near_misses", []):
        region, sector = kb.regions[n["region_id"]], kb.sectors[n["sector_id"]]
        place = ("전국 단위 (지역은 귀사 선택)" if lang == "ko" else "nationwide (region of your choice)") \
            if n.get("sector_level") else \
            getattr(region, "name_" + lang)  # a region the reports do not tell apart stands for all of them
        where = f"{place} · {getattr(sector, 'name_' + lang)}"
        if n.get("why"):  # issue 18: one sentence with everything in the way (capabilities and entry route)
            lines.append(f"- {where}: {n['why'][lang]}")
        elif n["missing"]:
            caps = ", ".join(capability_label(k, lang) for k in n["missing"])
            lines.append(f"- {where}: " + (f"핵심 역량 중 하나를 {n['core_level']} 이상으로 — {caps}" if lang == "ko"
                                           else f"one core capability at level {n['core_level']} or more — {caps}"))
        else:
            lines.append(f"- {where}: " + ("귀사에 열린 진입 방식이 이 지역에 기록되어 있지 않음" if lang == "ko"
                                           else "no entry mode open to your firm is documented there"))
    return lines


def recommendation_table(result: dict, kb: KnowledgeBase, lang: str = "ko") -> pd.DataFrame:
    """One row per recommendation with headers, names, numbers and citations in ``lang`` (robustness as ``96%``,
    evidence as ``KIEP 보고서 2018, 2563–2569행``, similar cases by who they are)."""
    L = LABELS[lang]
    rows = []
    recs = result["recommendations"]
    for r in recs:
        c = r["components"]
        rows.append({
            L["rank"]: r["rank"], L["tie"]: tie_cell(r, recs, kb, lang),
            L["region"]: present.answer_region(r, kb, lang),
            L["sector"]: r["sector_name"][lang],
            L["strategy"]: present.strategy_label(kb, r["strategy_id"], r["sector_id"], lang),
            L["score"]: round(float(r["score"]), 3),
            L["fit"]: round(float(c["fit"]), 2), L["policy"]: round(float(c["policy"]), 2),
            L["demand"]: round(float(c["demand"]), 2), L["opp_risk"]: _opp_risk(r),
            L["ready_risk"]: _ready_risk(r),  # panel 6: the exposure after readiness, apart from the tolerance weight
            L["risk"]: round(float(c["risk"]), 2),
            L["confidence"]: round(float(r["confidence"]), 2), L["robustness"]: present.percent(r["robustness"]),
            L["vintage"]: r["vintage"],
            L["evidence"]: "; ".join(present.citation(u.as_dict(), kb, lang) for u, _ in merge_refs(r["evidence"])[:4]),
            L["implications"]: "; ".join(kb.implications[i][f"title_{lang}"] if i in kb.implications else i
                                         for i in r["implication_ids"]),
            L["precedents"]: "; ".join(kb.precedents[p]["who_" + lang] if p in kb.precedents else p
                                       for p in r.get("precedents") or []),
        })  # fmt: skip
    return pd.DataFrame(rows)


#: the characters that change Markdown in the middle of a line (the title's firm name never starts a line): emphasis,
#: code, links and images (``[`` and ``]`` escaped, so ``(``, ``)`` and ``!`` cannot form one), HTML and table pipes —
#: not ``( ) . - + ! #``, whose escapes a reader of the raw file saw as "\(주\)" (issue 18, panel 17)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>])")


def md_text(text: str) -> str:
    """User-supplied text (firm names, ids) escaped so a Markdown viewer shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _doc_title(kb: KnowledgeBase, doc_id: str, lang: str = "ko") -> str:
    """``title (publisher, published)`` in ``lang`` (:mod:`recommender.doc_names`: English titles in English)."""
    from recommender import doc_names

    d = kb.docs.get(doc_id)
    return f"{doc_names.title(d, lang)} ({doc_names.publisher(d, lang, short=True)}, {d.published})" if d else doc_id


def report_blocks(result: dict, kb: KnowledgeBase, lang: str = "ko", firm: dict | None = None, quotes: int = 2,
                  quote_limit: int | None = 400, year: int | None = None, once: bool = True) -> list[tuple]:  # fmt: skip
    """The client report as data — a list of blocks that :func:`recommendation_markdown` and
    :func:`recommendation_html` render the same way. Every text is plain (unescaped); a block is one of
    ``("title", text)``, ``("banner", text)``, ``("h2", text)``, ``("h3", text)``, ``("p", text)``,
    ``("kv", [(label, value), …])``, ``("kv2", left_pairs, right_pairs)`` (two tables side by side: the firm's
    fields and its capabilities), ``("ul", [text, …])``, ``("quote", text, source)`` (plus an English gist of a Korean quote in English, see
    :func:`recommender.present.quote_gist`), ``("table", header, rows)`` (the appendix's numbers), ``("opportunity",)`` (a new
    opportunity: a page break when printed).

    Panel 7: a shown sentence (reason, strategy description, condition, implication) naming a target year before
    ``year`` (default: this year) is marked as a 2018 forecast (:mod:`recommender.dated`); the implications are
    headed as the reports' 2018 judgement; the full risk explanation stands under the first recommendation only."""
    ko = lang == "ko"
    P = present

    def dated(text: str) -> str:
        return mark_past_targets(text, lang, year)

    period = result.get("evidence_period") or str(result["vintage"])  # from the data (2018, 2018–2025)
    firm_label = result["firm_name"] or result["firm_id"]
    out: list[tuple] = [
        ("title", f"{'한·중 협력 기회 추천' if ko else 'Korea–China cooperation opportunities'}: {firm_label} "
                  f"({result['firm_id']})"),
        # panels 12-13: the first screen says only what a firm needs first — the evidence's age in words here (the
        # data version stands in the settings table below)
        ("banner", (f"점수는 {period}년에 발간된 보고서(기준연도 {result['vintage']})에 근거합니다. 현재 상황과 다를 수 "
                    "있습니다." if ko else
                    f"Scores rest on reports published in {period} (vintage {result['vintage']}); conditions may have "
                    "changed.")),
    ]  # fmt: skip
    # panel 9: the answer in three lines (what, why, caveat) before any number; panels 12-13: then how much regional
    # evidence stands behind it, in words (its number stays on the row's score line)
    out += [("h3", "요약" if ko else "Summary"), ("ul", summary.summary_lines(result, kb, lang, firm, year))]
    if result["recommendations"] and reading.evidence_words(result["recommendations"][0], lang):
        out.append(("p", reading.evidence_words(result["recommendations"][0], lang)))
    if firm:
        rows = P.firm_rows(firm, kb, lang)
        n_caps = len(firm_caps := [r for r in rows if r[1].endswith("/5")])
        out += [("h2", "기업 입력 정보" if ko else "Your firm's inputs"),
                ("kv2", rows[: len(rows) - n_caps], compact_capabilities(firm_caps, lang))]  # fmt: skip
        # issue 17: estimates are shown as estimates; issue 18 panel 5: a code and products naming different industries
        from features.firms.profile import capability_notes

        out += [("p", note[lang]) for note in capability_notes(firm)]
    # pres20 (panel 27 F02, F10, F12): without answers the verdict comes first and the settings (weights, data
    # version) stand at the end under "점수 계산 방법", as they do with answers
    cov = result.get("coverage")
    if cov:
        out.append(("h2", ("적합도 판정: " if ko else "Coverage: ") + P.label(P.COVERAGE, cov["status"], lang)))
        lines = near_miss_lines(result, kb, lang)
        if lines:  # panel 6: no "below is …" when nothing touches the industry
            lines[0] = reading.coverage_message(result, lang)
        if lines and lines[0]:
            out.append(("p", lines[0]))
        if lines[1:]:
            out.append(("ul", [x[2:] if x.startswith("- ") else x for x in lines[1:]]))
        method = []  # pres20 (panels 27-28): the ranking rules (cut-off, regions per sector, ties) in the appendix
        for note in cov.get("notes") or []:  # issue 18: where the answer stands (sector-level lead, preferred regions)
            cite = "; ".join(P.citation(r, kb, lang) for r in note.get("evidence") or [])
            text = note[lang] + (f" ({cite})" if cite else "")
            (method if note.get("kind") in METHOD_NOTE_KINDS else out).append(("p", text))
        if result.get("ties"):
            method.append(("p", result["ties"][lang]))
        if method and result["recommendations"]:
            out.append(("p", METHOD_POINTER[lang]))
    else:
        method = [("p", result["ties"][lang])] if result.get("ties") else []
    scope = result.get("industry_scope")
    if scope and (scope.get("message") or scope.get("related")):  # issue 17: industries the reports do not treat
        out.append(("h2", ("업종 범위: " if ko else "Industry scope: ") + scope["industry"][lang]))
        if scope.get("message"):
            out.append(("p", reading.scope_message(scope, lang, answered=bool(result["recommendations"]))))
        if scope.get("b2b_supply_note"):  # panel 34 F12, 31 K4: a B2B supplier of brands is told so
            out.append(("p", scope["b2b_supply_note"][lang]))
        hint = scope.get("consumer_channel_hint")
        if hint:  # panel 28 F10/F15: how a consumer-goods maker reaches the reports' e-commerce route
            cite = "; ".join(P.citation(r, kb, lang) for r in hint["evidence"])
            out.append(("p", f"{hint[lang]} ({cite})"))
        for r in scope.get("related", []):
            # panel 25 F02/F06: an English reader of a no-match page gets each Korean passage's summary from data/
            gist = P.fact_gist(kb, r["doc_id"], r["line_start"], r["line_end"], lang) \
                if P.original_language_note(r["text"], lang) else ""
            out.append(("quote", r["text"], P.citation(r, kb, lang) + P.original_language_note(r["text"], lang))
                       + ((gist,) if gist else ()))
    recs = result["recommendations"]
    # panel 24 item 5: each repeated paragraph (a sector barrier, an implication, a case, a quote, an entry-mode risk)
    # is said in full once and referred to afterwards; the arithmetic stands in one appendix at the end
    said: dict | None = {} if once else None  # ``once=False``: every paragraph in full under every recommendation
    for r in recs:
        where = _where(r, recs, kb, lang)
        out.append(("opportunity",))
        rank = f"{rank_label(r, recs, lang)}. " if ko else f"Rank {rank_label(r, recs, lang)}: "
        out.append(("h2", f"{rank}{P.answer_region(r, kb, lang)} · {r['sector_name'][lang]} — "
                          f"{P.strategy_label(kb, r['strategy_id'], r['sector_id'], lang)}"))  # fmt: skip
        tie = P.tie_row_note(r, recs, kb, lang)  # panel 5: why this row stands where it does, at the row
        if tie:
            out.append(("p", (f"{rank_label(r, recs, lang)}: " if ko else f"Rank {rank_label(r, recs, lang)}: ") + tie))
        # issue 18 / panel 5: a sector-level answer says first that it is no regional answer — the choice is the firm's
        out += [("p", line) for line in P.sector_level_lines(r, kb, lang, firm, region_list=False)]
        weak = summary.weak_flag(r, lang)  # panel 9: a weak row says so in words, before its numbers
        if weak:
            out.append(("p", weak))
        out.append(("p", number_line(r, lang)))
        if r is recs[0]:  # the numbers said once in plain words where they first appear
            out.append(("p", numbers_in_words(r, lang)))
            above = above_tolerance(r, firm, lang)  # pres20 (panel 27 F03): a low-tolerance firm's high risk, said
            if above:
                out.append(("p", above))
        shown_caps = reading.shown_capabilities(r)  # panel 9: no side need (fintech 1 in healthcare) as a "gap"
        caps = [nearly_met_line(x, lang) if nearly_met(x) else P.capability_line(x, lang)  # never "4/3"
                for x in shown_caps]
        matched = [t for t, x in zip(caps, shown_caps) if x["status"] == "matched" or nearly_met(x)]
        gaps = [t for t, x in zip(caps, shown_caps) if x["status"] != "matched" and not nearly_met(x)]
        items = []
        if (matched or gaps) and not _first(said, ("caps", tuple(matched), tuple(gaps)), where):
            before = said[("caps", tuple(matched), tuple(gaps))]
            items.append(f"보유 역량·보완 필요: {before} 항목과 같습니다" if ko else f"Matched and gaps: as under {before} above")
        else:
            if matched:
                items.append(("보유 역량: " if ko else "Matched: ") + ", ".join(matched))
            if gaps:
                items.append(("보완 필요: " if ko else "Gaps: ") + ", ".join(gaps))
        # panel 11: a region only named in a list stands after the substantive reasons, marked as such
        items += [dated(reading.reason_note(x, lang, kb)) for x in reading.ordered_reasons(r["reasons"], kb)[:3]]
        if items:
            out.append(("ul", items))
        s = r["strategy"]
        out.append(("h3", "왜 이 전략인가" if ko else "Why this strategy"))
        text = dated(P.strategy_description(kb, r, lang))
        if _first(said, ("strategy", text), where):
            out.append(("p", text))
        else:  # the same entry mode under an earlier answer: its description there
            out.append(("p", (f"{P.strategy_label(kb, r['strategy_id'], r['sector_id'], lang)}: "
                              + see(said[("strategy", text)], lang))))
        why = [f"◆ {dated(w)}" for w in P.open_here_lines(r, kb, lang)]
        for cond in s["conditions"]:
            if cond["met"] > 0 and reading.condition_belongs(cond, r):  # panel 9: only lines of the row's sector
                mark = reading.condition_mark(cond, lang)
                why.append(f"{mark} {dated(reading.condition_why(cond, r, lang, kb))}{_threshold(cond, lang, r, kb)}")
            elif not cond["met"] and cond.get("why_unmet_" + lang):  # panel 26 F02: the route's need not met, said
                why.append(f"✘ {'미충족' if ko else 'Not met'}: {cond['why_unmet_' + lang]}{_threshold(cond, lang, r, kb)}")
        if s.get("already"):  # panel 26 F11: the firm already sells this way (recommender.channel_next)
            from recommender.channel_next import ALREADY_LINE

            why.insert(0, ALREADY_LINE[lang])
        why = _conditions_once(why, said, where, lang)
        if s["runner_ups"]:
            names = [P.strategy_label(kb, u["strategy_id"], r["sector_id"], lang) for u in s["runner_ups"]]
            if s.get("first_step"):  # panel 17 F05: the support route is the step before the modes documented here
                lead = ("이 첫 단계 다음에 택할, 보고서가 이 분야에 기록한 진입 방식: " if ko else
                        "After this first step, the entry modes the reports document for this sector: ")  # fmt: skip
                why.append(_once_or_see(lead, ", ".join(names), said, where, lang))
            else:
                lead = "검토한 다른 진입 방식: " if ko else "Other entry modes considered: "  # pres20: not "Runners-up"
                why.append(_once_or_see(lead, ", ".join(names), said, where, lang))
        closed_blocks: list[tuple] = []
        if s.get("first_step") and not s["runner_ups"] and s.get("not_eligible"):
            # adv17, panel 24 F14: a 3-person first entrant's modes here are closed by the tool's own size rules; the
            # first step is open, and what the later modes need is said, with whose rule it is
            # panels 25 F01, 26 F03/F13: grouped by what closes them, one line each, and the nearest one's need
            # (before: one run-on paragraph of 1,500–4,200 characters)
            lead = ("이 첫 단계 다음에, 귀사가 아직 택할 수 없는 이 분야의 진입 방식 — 막는 이유별: " if ko else
                    "After this first step, the entry modes documented here that your firm cannot take yet, by what "
                    "closes them: ")  # fmt: skip
            names = {ne["strategy_id"]: P.strategy_label(kb, ne["strategy_id"], r["sector_id"], lang)
                     for ne in s["not_eligible"]}  # fmt: skip
            closed = closed_mode_lines(s["not_eligible"], names, lang)
            if _first(said, ("closed_modes", lead, tuple(closed)), where):
                closed_blocks = [("p", lead.rstrip(": ") + ":"), ("ul", closed)]
            else:
                why.append(lead + see(said[("closed_modes", lead, tuple(closed))], lang))
        if why:
            if r is recs[0]:  # the symbols said where they first appear (the full legend is in the appendix)
                out.append(("p", reading.legend_lines(lang)[-1]))
            out.append(("ul", why))
        out += closed_blocks
        out += risk_blocks(r, lang, kb, full=r is recs[0], numbers=False, said=said, where=where)
        if r["implication_ids"]:
            imps = [(i, kb.implications[i]) for i in r["implication_ids"][:3] if i in kb.implications]
            out += [("h3", implications_heading(lang)),
                    ("ul", _said_once([(("imp", i), imp["title_" + lang],
                                        f"{imp['title_' + lang]}: {implication_text(imp, lang, year)}")
                                       for i, imp in imps], said, where, lang, "시사점" if ko else "implications"))]
        if r.get("precedents"):
            cases = [(p, kb.precedents[p]) for p in r["precedents"] if p in kb.precedents]
            out += [("h3", "비슷한 사례" if ko else "Similar cases"),
                    ("ul", _said_once([(("case", p), case["who_" + lang], f"{case['who_' + lang]}: {case['note_' + lang]}")
                                       for p, case in cases], said, where, lang, "사례" if ko else "cases"))]
        shown = readable_quotes(kb.docs, kb.passages, r["evidence"], lang)[:quotes]
        if shown:
            out.append(("h3", "근거" if ko else "Evidence"))
        again = []
        for q in shown:
            span = f"{q.line_start}–{q.line_end}"
            # panels 25, 28: an English reader got the Korean title and publisher — now the English ones (doc_names)
            source = f"{_doc_title(kb, q.doc_id, lang)}, " + (f"{span}행" if ko else f"lines {span}")
            source += P.original_language_note(q.text, lang, getattr(q, "lang", None))
            if not _first(said, ("quote", q.doc_id, q.line_start, q.line_end), where):  # quoted above: the source
                again.append((source, said[("quote", q.doc_id, q.line_start, q.line_end)]))
                continue
            gist = P.quote_gist(q, r.get("reasons") or [], lang)  # panel 9: an English gloss of a Korean quote
            if not gist and lang == "en" and getattr(q, "lang", "ko") == "ko":  # no reason cites it: the facts' own
                gist = P.fact_gist(kb, q.doc_id, q.line_start, q.line_end, lang, r.get("sector_id"))
            out.append(("quote", shorten_quote(q.text, quote_limit), source) + ((gist,) if gist else ()))
        if again:
            out.append(("ul", [refs_line(again, lang, "인용" if ko else "quotes")]))
    if recs:
        out += appendix_blocks(result, kb, lang, method)
    else:  # no answer: the settings that produced the verdict, after it
        out += [("opportunity",), ("h2", APPENDIX_HEAD[lang]), *method, ("h3", "분석 설정" if ko else "Settings"),
                ("kv", P.run_rows(result, lang))]
    return explain_first_threshold(out, lang)


#: coverage notes that explain the ranking rules rather than the answer: said in the appendix (pres20, panels 27-28:
#: paragraphs of method before the first answer), with :data:`METHOD_POINTER` in their place
METHOD_NOTE_KINDS = frozenset({"weaker_sectors", "more_regions"})
METHOD_POINTER = {
    "ko": "순위는 점수로 정했습니다. 어떤 분야를 순위에서 뺐는지, 점수가 거의 같은 답의 순서, 한 분야에서 올리는 지역 수는 "
          "끝의 '점수 계산 방법'에 있습니다.",
    "en": "The answers are ranked by score. Which sectors were left out, how near-equal scores are ordered and how many "
          "regions of one sector are listed is explained at the end, under 'How the numbers were computed'.",
}


def nearly_met(cap: dict) -> bool:
    """A capability the firm holds at 4 or more, one level short of the sector's need (pres20, panel 28 F12: an
    agritech firm's agritech 4 stood under "gaps" because the sector needs 5): a strength, shown as nearly met."""
    have, need = int(cap.get("have") or 0), int(cap.get("need") or 0)
    return cap.get("status") != "matched" and have >= 4 and need - have <= 1


def nearly_met_line(cap: dict, lang: str) -> str:
    """``스마트농업 보유 4 · 필요 5, 거의 충족`` / ``smart agriculture: have 4 · need 5, nearly met``."""
    name = capability_label(cap["capability"], lang)
    if lang == "ko":
        return f"{name} 보유 {cap['have']} · 필요 {cap['need']} (거의 충족)"
    return f"{name}: have {cap['have']} · need {cap['need']} (nearly met)"


_NOT_MET = ("필수 조건 미충족: ", "Required condition not met: ")
#: :func:`recommender.strategies.failed_requirements`' missing-capability line, said short
_NO_CAPABILITY = (("이 방식으로 가져갈 역량이 없음 — 다음 중 하나가 필요: ", "가져갈 역량 없음(다음 중 하나 필요: {})"),
                  ("no capability to bring to this mode — it needs one of: ", "no capability to bring (needs one of: {})"))


def closed_reason(m: dict, lang: str) -> tuple[str, str]:
    """One failed requirement of a closed entry mode as ``(reason, why)``: the reason short — a tool threshold with
    whose rule it is ("중국 사업 경험 1년 이상(추천 도구 기준)"), a failed condition as its phrase ("위험성향: 낮음 (기준:
    보통·높음 중 하나)"), a missing capability with the levels it needs — and the condition's own explanation apart."""
    text = reading.prerequisite_text(m, lang)
    if m.get("kind") == "prerequisite":
        return text, ""
    for prefix in _NOT_MET:
        if text.startswith(prefix):
            head, _, why = text[len(prefix):].partition(" — ")
            return head, why
    for plain, short in _NO_CAPABILITY:  # "이 방식으로 가져갈 역량이 없음 — 다음 중 하나가 필요: A, B"
        if text.startswith(plain):
            return short.format(text[len(plain):]), ""
    return text, ""


def closed_mode_lines(not_eligible: list[dict], names: dict, lang: str) -> list[str]:
    """The entry modes a firm cannot take yet, one line per reason with the modes it closes ("중국 사업 경험 2년
    이상(추천 도구 기준): 정책 우대 지역 단독 법인, 정부 인증 프로젝트"), in the order the reasons first appear; then the
    nearest mode (fewest reasons; the first listed on a tie) and all it needs, with the reason's explanation when it
    has one (panels 25–26: the list ran as one paragraph of 1,500–4,200 characters, each explanation in full)."""
    ko = lang == "ko"
    groups: dict[str, list[str]] = {}
    whys: dict[str, str] = {}
    for ne in not_eligible:
        for m in ne["missing"]:
            head, why = closed_reason(m, lang)
            modes = groups.setdefault(head, [])
            if names[ne["strategy_id"]] not in modes:
                modes.append(names[ne["strategy_id"]])
            whys.setdefault(head, why)
    # the same reason at other thresholds (5, 10, 20 employees; 1 or 2 years) on one line, lowest first as listed
    subjects: dict[str, list[str]] = {}
    for head in groups:
        subjects.setdefault(re.sub(r"\d[\d.,]*(?:bn|m)?", "#", head.replace("years", "year")), []).append(head)
    short = reading.TOOL_THRESHOLD_SHORT["ko" if ko else "en"]
    lines = ["; ".join(f"{h if n == 0 else h.replace(short, '').rstrip()} → {', '.join(groups[h])}"
                       for n, h in enumerate(heads)) for heads in subjects.values()]  # fmt: skip
    gap = _NO_CAPABILITY[0 if ko else 1][1].split("(")[0]  # "가져갈 역량 없음" / "no capability to bring "

    def distance(ne: dict) -> tuple[int, bool]:
        """Fewest reasons first; on a tie a mode closed by something the firm can acquire (experience, size) before
        one closed by a capability it lacks — the business itself (stop 30: with co-entry's device line
        explain-only, a device maker's "nearest" became "it needs only no capability to bring")."""
        reasons = {closed_reason(m, lang)[0] for m in ne["missing"]}
        return len(reasons), any(r.startswith(gap) for r in reasons)

    near = min(not_eligible, key=distance)
    heads = list(dict.fromkeys(closed_reason(m, lang)[0] for m in near["missing"]))
    explained = " ".join(whys[h] for h in heads if whys.get(h))
    if ko:
        need = (f"{heads[0]} 하나만 갖추면 열립니다" if len(heads) == 1 else "필요한 것: " + " · ".join(heads))
        if len(heads) == 1 and heads[0].startswith(gap):
            need = f"귀사에 없는 역량이 필요합니다({heads[0][len(gap):].strip(' ()')})"
        lines.append(f"가장 가까운 방식은 {names[near['strategy_id']]} — {need}" + (f". {explained}" if explained else ""))
    else:
        need = (f"it needs only {heads[0]}" if len(heads) == 1 else "it needs " + " and ".join(heads))
        if len(heads) == 1 and heads[0].startswith(gap):
            need = f"it needs a capability your firm does not have ({heads[0][len(gap):].strip(' ()')})"
        lines.append(f"Nearest to open: {names[near['strategy_id']]} — {need}" + (f". {explained}" if explained else ""))
    return lines


def compact_capabilities(rows: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """The firm's capabilities for the client report: each one it has (``의료기기 5/5``), then the ones at 0 in one
    row by name — all 17 still named, in 3–6 rows instead of 17 (panel 24 item 5: the report's length)."""
    zero = [name for name, value in rows if value == "0/5"]
    have = [(name, value) for name, value in rows if value != "0/5"]
    if len(zero) < 2:
        return rows
    return have + [(("그 밖의 역량 (0/5)" if lang == "ko" else "other capabilities (0/5)"), ", ".join(zero))]


def _where(r: dict, recs: list[dict], kb, lang: str) -> str:
    """How a later part of the report refers to one recommendation: ``1위`` / ``rank 1``; a tied rank adds the region
    (``공동 3위 허난성``), a sector-level one the sector."""
    label = rank_label(r, recs, lang)
    head = label if lang == "ko" else f"rank {label}"
    if sum(x.get("tie_group") == r.get("tie_group") for x in recs) < 2:
        return head
    place = r["sector_name"][lang] if len(r.get("equivalent_regions") or []) > 1 else present.answer_region(r, kb, lang)
    return f"{head} {place}" if lang == "ko" else f"{head}, {place}"


def _first(said: dict, key, where: str) -> bool:
    """True the first time ``key`` is said in the report (and remembers ``where``); False after that; always True
    without a memory (``said=None``)."""
    if said is None:
        return True
    if key in said:
        return False
    said[key] = where
    return True


def _conditions_once(why: list[str], said: dict | None, where: str, lang: str) -> list[str]:
    """The ◆/✔/½/⚠ lines of one answer: the ones said word for word under an earlier answer counted by their marks
    and where they stand ("앞에 적은 조건 — 2위 항목: ✔ 3건, ⚠ 1건"), the rest in full."""
    fresh, again = [], {}
    for line in why:
        if _first(said, ("why", line), where):
            fresh.append(line)
        else:
            marks = again.setdefault(said[("why", line)], {})
            marks[line[0]] = marks.get(line[0], 0) + 1
    if not again:
        return fresh
    unit = "건" if lang == "ko" else ""
    body = " · ".join(f"{w}{' 항목' if lang == 'ko' else ''}: " + ", ".join(f"{m} {n}{unit}" for m, n in marks.items())
                      for w, marks in again.items())  # fmt: skip
    return fresh + [f"앞 항목과 같은 근거·조건 줄 — {body}" if lang == "ko" else
                    f"the same reason and condition lines as above — {body}"]


def _said_once(items: list[tuple], said: dict, where: str, lang: str, what: str) -> list[str]:
    """``(key, short, full)`` items as list lines: the full text the first time in the report, and the ones said
    earlier in one closing line naming them and where they stand (:func:`refs_line`)."""
    fresh, again = [], []
    for key, short, full in items:
        if _first(said, key, where):
            fresh.append(full)
        else:
            again.append((short, said[key]))
    return fresh + ([refs_line(again, lang, what)] if again else [])


def _once_or_see(lead: str, body: str, said: dict | None, where: str, lang: str) -> str:
    """``lead + body`` the first time it is said in the report; after that ``lead`` and a pointer to where it stood
    (the modes after a first entrant's first step are the same for every region of a sector: two first-entrant rows
    of self-driving repeated the same list, panel 23 F07 after adv17)."""
    if _first(said, ("after_first_step", lead, body), where):
        return lead + body
    return lead + see(said[("after_first_step", lead, body)], lang)


def see(where: str, lang: str) -> str:
    """The pointer to a paragraph said in full earlier: ``1위 항목에 적은 내용과 같습니다`` / ``as under rank 1``."""
    return f"{where} 항목에 적은 내용과 같습니다" if lang == "ko" else f"as under {where} above"


def _risk_parts(r: dict) -> tuple[float | None, float | None, float]:
    """(the opportunity's own risk, the risk after the firm's readiness, the risk counted in the score)."""
    p = reading.risk_parts(r)
    scored = float(r["components"]["risk"])
    return (None, None, scored) if p is None else (p["own"], p["exposure"], scored)


def number_line(r: dict, lang: str) -> str:
    """The one line of numbers in a recommendation's body: the score, the risk the firm carries (after its
    readiness; the score's risk without a breakdown) and robustness — the components, the three risk numbers and
    confidence stand in the appendix :func:`appendix_blocks` (panel 24 item 5: three risk numbers per row)."""
    ko = lang == "ko"
    own, exposure, scored = _risk_parts(r)
    risk = exposure if exposure is not None else scored
    # pres20 (panel 27 F01): one risk figure in the body, named as the firm's own (the other two in the appendix)
    named = RISK_NAME[lang] if exposure is not None else ("위험" if ko else "risk")
    parts = [("점수 " if ko else "Score ") + present.score(r["score"]), f"{named} {risk:.2f}"]
    if r.get("robustness") is not None:
        parts.append(("강건성 " if ko else "robustness ") + present.percent(r["robustness"]))
    return " · ".join(parts)


#: the risk to the firm from which a firm that said its risk tolerance is low reads a plain warning: the tool's own
#: line, the one its entry-mode conditions use for "a high-risk place" (data/strategies.yaml: report risk 0.5 or more)
HIGH_RISK = 0.5


def above_tolerance(r: dict, firm: dict | None, lang: str) -> str:
    """One plain sentence when a firm with low risk tolerance gets an answer whose risk to the firm is
    :data:`HIGH_RISK` or more (panel 27 F03: risk 0.68 for a low-tolerance first entrant, unsaid): that it is above
    what the firm said it accepts, and what lowers it — from the answer's own risk breakdown: the readiness the firm
    lacks (its parts at 0) and the answer's two largest risk kinds. Empty otherwise."""
    from features.facts import INDICATOR_LABELS

    if (firm or {}).get("risk_tolerance") != "low":
        return ""
    p = reading.risk_parts(r)
    if p is None or p["exposure"] < HIGH_RISK:
        return ""
    ko = lang == "ko"
    parts = (r.get("risk_explained") or {}).get("readiness_parts") or {}
    names = {"experience": ("중국 경험", "China experience"), "entity": ("중국 법인", "a China entity"),
             "staff": ("중국어 인력", "Chinese-speaking staff"), "investment": ("투자 여력", "investment capacity")}
    lacking = [present.pick(names[k], lang) for k in names if k in parts and float(parts[k]) <= 0]
    kinds = sorted((x for x in r.get("risks") or [] if x.get("indicator") in INDICATOR_LABELS),
                   key=lambda x: -float(x.get("level") or 0))[:2]
    kind_names = [present.pick(INDICATOR_LABELS[x["indicator"]], lang) for x in kinds]
    text = (f"귀사는 위험 감내도를 '낮음'으로 적었지만, 이 답에서 귀사가 지는 위험은 {p['exposure']:.2f}로 그보다 높습니다"
            f"(이 도구는 {HIGH_RISK} 이상을 높은 위험으로 봅니다)." if ko else
            f"You gave your risk tolerance as low, but the risk to your firm in this answer is {p['exposure']:.2f}, "
            f"above that (the tool reads {HIGH_RISK} or more as high).")
    if kind_names:
        text += (f" 이 위험을 가장 키우는 것은 보고서가 적은 {'·'.join(kind_names)}입니다." if ko else
                 f" What raises it most is what the reports say about {' and '.join(kind_names).lower()}.")
    if lacking:
        text += (f" 귀사 쪽에서 이 위험을 낮추는 것은 준비도입니다 — 지금 없는 {'·'.join(lacking)}." if ko else
                 f" What lowers it on your side is readiness — the {', '.join(lacking)} you do not have yet.")
    return text


#: the one risk figure of an answer's body: the risk the firm carries after its readiness (pres20)
RISK_NAME = {"ko": "귀사가 지는 위험", "en": "risk to your firm"}


def numbers_in_words(r: dict, lang: str) -> str:
    """What the number line means, in plain words, said once under the first recommendation."""
    ko = lang == "ko"
    own, exposure, _ = _risk_parts(r)
    if ko:
        text = ("점수(0–1)는 추천 순서를 정하는 종합 점수입니다. " +
                ("귀사가 지는 위험(0 낮음 – 1 높음)은 보고서가 적은 위험과 정보 부족을 합친 이 기회의 위험을 귀사의 "
                 "준비도(중국 경험·법인·중국어 인력·투자 여력)만큼 낮춘 값입니다 — 이 보고서가 답마다 보여 주는 위험 수치는 "
                 "이것 하나입니다." if exposure is not None else
                 "위험(0 낮음 – 1 높음)은 보고서가 적은 위험과 정보 부족을 합친 이 기회의 위험입니다."))
        if r.get("robustness") is not None:
            text += (" 강건성은 가중치와 데이터를 조금씩 바꿔 다시 계산해도 이 답이 상위 추천 목록에 남는 비율입니다 — "
                     "낮을수록 작은 가정 차이에도 순위가 바뀝니다.")
        return text + " 각 수치의 계산 내역은 끝의 '점수 계산 방법'에 있습니다."
    text = ("The score (0–1) is the overall score that orders the answers. " +
            ("Risk to your firm (0 low – 1 high) is this opportunity's risk — the risk the reports state combined with "
             "the lack of information — lowered by your readiness (China experience, an entity, Chinese-speaking "
             "staff, investment capacity); it is the one risk figure shown with each answer." if exposure is not None
             else "Risk (0 low – 1 high) is this opportunity's risk — the risk the reports state combined with the "
             "lack of information."))
    if r.get("robustness") is not None:
        text += (" Robustness is how often this answer stays in the top list when the weights and the data are "
                 "varied a little — the lower, the more a small change of assumptions moves it.")
    return text + " How each number is computed is at the end, under 'How the numbers were computed'."


APPENDIX_HEAD = {"ko": "점수 계산 방법", "en": "How the numbers were computed"}


def appendix_blocks(result: dict, kb, lang: str, method: list[tuple] | None = None) -> list[tuple]:
    """The arithmetic, once, at the end (panel 24 item 5): what each number means, every recommendation's components
    (fit, policy, demand, the three risk numbers, confidence, robustness) in one table, the risk formula worked
    through for the first recommendation (``risk_explained``), and the run's settings (preset, weights, data version,
    the scoring rule)."""
    ko = lang == "ko"
    recs = result["recommendations"]
    head = (["순위", "추천", "점수", "역량적합", "정책", "수요", "위험(기회 자체)", "귀사가 지는 위험(준비도 반영)",
             "위험(점수 반영)", "신뢰도", "강건성"] if ko else
            ["rank", "answer", "score", "fit", "policy", "demand", "risk (own)", "risk to your firm (after readiness)",
             "risk (in the score)", "confidence", "robustness"])  # fmt: skip
    rows = []
    for r in recs:
        c = r["components"]
        own, exposure, scored = _risk_parts(r)
        rows.append([rank_label(r, recs, lang), f"{present.answer_region(r, kb, lang)} · {r['sector_name'][lang]}",
                     present.score(r["score"]), *(present.score(c[k], 2) for k in ("fit", "policy", "demand")),
                     present.score(own, 2), present.score(exposure, 2), present.score(scored, 2),
                     present.score(r["confidence"], 2), present.percent(r["robustness"])])  # fmt: skip
    out: list[tuple] = [("opportunity",), ("h2", APPENDIX_HEAD[lang]), *(method or []),
                        ("p", present.score_legend(lang)), ("ul", reading.legend_lines(lang)),
                        ("table", head, rows)]  # fmt: skip
    lists = [f"{rank_label(r, recs, lang)} {r['sector_name'][lang]} — {present.sector_level_list(r, kb, lang)}"
             for r in recs if len(r.get("equivalent_regions") or []) > 1]
    if lists:  # pres20: the regions of each nationwide answer, out of the answer's body
        out += [("p", "전국 단위 답의 지역 목록 (보고서가 서로 구분하지 않는 지역):" if ko else
                 "The regions of each nationwide answer (the reports do not tell them apart):"), ("ul", lists)]
    first = recs[0]
    if first.get("risk_explained"):
        out.append(("p", ("1위의 위험 계산: " if ko else "The risk of rank 1, worked through: ")
                    + first["risk_explained"]["text"][lang]))
    # the run's preset, weights, data version and scoring rule: how these numbers were made
    return out + [("h3", "분석 설정" if ko else "Settings"), ("kv", present.run_rows(result, lang))]


def explain_first_threshold(blocks: list[tuple], lang: str) -> list[tuple]:
    """Panel 7: the first "(추천 도구 기준)" of the report (in a paragraph or list) said in full — "(보고서가 정한 요건이
    아니라 이 추천 도구가 쓰는 기준)" — and the later ones short."""
    short, full = (reading.TOOL_THRESHOLD_SHORT[k], reading.TOOL_THRESHOLD_FULL[k]) if (k := lang) in ("ko", "en") \
        else (reading.TOOL_THRESHOLD_SHORT["en"], reading.TOOL_THRESHOLD_FULL["en"])
    for n, block in enumerate(blocks):
        if block[0] == "p" and short in block[1]:
            blocks[n] = ("p", block[1].replace(short, full, 1))
            return blocks
        if block[0] == "ul" and any(short in x for x in block[1]):
            items = list(block[1])
            at = next(i for i, x in enumerate(items) if short in x)
            items[at] = items[at].replace(short, full, 1)
            blocks[n] = ("ul", items)
            return blocks
    return blocks


def sector_risk_line(sr: dict, lang: str = "ko") -> str:
    """One sector risk as a reader sees it: ``인허가·인증: … (KIEP 보고서 2018, 5547–5551행) — 귀사 해당: 의료기기 5/5``."""
    line = f"{sr['kind_name'][lang]}: {sr['text'][lang]} ({sr['citation'][lang]})"
    if sr.get("applies_because"):
        line += (" — 귀사 해당: " if lang == "ko" else " — applies to you: ") + ", ".join(
            b[lang] for b in sr["applies_because"])
    if sr.get("firm_holds"):
        line += f"; {sr['firm_holds'][lang]}"
    return line


def sector_risk_ref(sr: dict, lang: str, same: bool) -> str:
    """A sector barrier said in full under an earlier recommendation, as an item of :func:`refs_line`: its kind and
    its citation (every cited line range stays on the page), and why it applies when that differs here."""
    line = f"{sr['kind_name'][lang]} ({sr['citation'][lang]})"
    if sr.get("applies_because") and not same:
        line += (" — 귀사 해당: " if lang == "ko" else " — applies to you: ") + ", ".join(
            b[lang] for b in sr["applies_because"])
    return line


def refs_line(items: list[tuple[str, str]], lang: str, what: str) -> str:
    """Paragraphs said in full earlier, in one line grouped by where they were said: ``앞에 적은 시사점 — 1위 항목:
    A; B · 2위 항목: C`` / ``implications said above — rank 1: A; B · rank 2: C``."""
    groups: dict[str, list[str]] = {}
    for text, where in items:
        groups.setdefault(where, []).append(text)
    body = " · ".join(f"{w}{' 항목' if lang == 'ko' else ''}: {'; '.join(t)}" for w, t in groups.items())
    return f"앞에 적은 {what} — {body}" if lang == "ko" else f"{what[:1].upper()}{what[1:]} said above — {body}"


#: the heading of a recommendation's sector barriers (``data/sector_risks.csv``): every line of that list is a 2018
#: reading of rules and market access (licensing, foreign-ownership limits, data rules), so the heading says it is the
#: 2018 report's, to be checked against today's rules (docs/audit/dated_readings.md, "Read and not flagged": the step
#: left open by data19)
BARRIERS_HEADING = {"ko": "이 분야의 진입 장벽 (2018년 보고서 기준 — 현재 규정으로 확인하세요):",
                    "en": "Barriers to entry in this sector (2018 reports — check today's rules):"}

#: panel 7: under every rank but the first, where the risk formula is explained
RISK_POINTER = {"ko": "위험 수치를 읽는 법은 1위 항목에 있습니다.",
                "en": "How the risk numbers are computed is explained under rank 1."}


def risk_blocks(r: dict, lang: str = "ko", kb=None, full: bool = True, numbers: bool = True, said: dict | None = None,
                where: str = "") -> list[tuple]:
    """The risks of one recommendation (issue 18): how the firm's risk number is made, then the sector's market-access
    barriers that apply to the firm (``sector_risks``, cited), then the generic lines — the entry mode's risks and
    the region's risk facts. With ``full=False`` (panel 7: every rank but the first) the risk numbers stand in one
    headline line with a pointer to rank 1, where the formula and the factors are explained once.

    ``numbers=False`` (the client report, panel 24 item 5): no risk numbers here — they stand on the row's number
    line and in the report's appendix. ``said`` (the report's memory of what it said in full, with ``where`` this
    recommendation is): a sector barrier said under an earlier recommendation is one line with its kind, its
    citation and why it applies, pointing back; entry-mode and region risks said earlier are counted, not repeated."""
    ko = lang == "ko"
    shown = {(e["doc_id"], n) for sr in r.get("sector_risks") or [] for e in sr["evidence"]
             for n in range(e["line_start"], e["line_end"] + 1)}  # fmt: skip
    if kb is not None:  # panel 10 F15: the entry mode's own line on the same report lines is said already
        shown |= reading.strategy_risk_lines_cited(r, kb, first=2)

    def cited_above(fact: dict) -> bool:  # a region risk fact whose lines a sector risk already cites: said once
        return any((e["doc_id"], n) in shown for e in fact["evidence"] for n in range(e["line_start"], e["line_end"] + 1))

    # panel 6: only the lines that apply to the sector (an ICT example not for farms, manufacturing not for fintech)
    facts = [next((f for f in rk["facts"] if not cited_above(f) and reading.risk_fact_applies(f, r.get("sector_id", ""), kb)),
                  None) for rk in r["risks"][:2]]  # fmt: skip
    generic = (reading.strategy_risk_lines(r, kb, lang)[:2] if kb is not None else r["strategy"]["risks"][lang][:2]) \
        + [f["note_" + lang] for f in facts if f is not None]
    if said is None:
        sector = [sector_risk_line(sr, lang) for sr in r.get("sector_risks") or []]
    else:
        sector, again = [], []
        for sr in r.get("sector_risks") or []:
            key = ("barrier", sr["kind_name"][lang], sr["text"][lang])
            if _first(said, key, where):
                sector.append(sector_risk_line(sr, lang))
                said[("barrier_line", key)] = sector_risk_line(sr, lang)
            else:
                same = said.get(("barrier_line", key)) == sector_risk_line(sr, lang)
                again.append((sector_risk_ref(sr, lang, same), said[key]))
        if again:
            sector.append(refs_line(again, lang, "진입 장벽" if ko else "barriers"))
        fresh = [x for x in generic if _first(said, ("risk", x), where)]
        before = list(dict.fromkeys(said[("risk", x)] for x in generic if x not in fresh))
        if before:
            n = len(generic) - len(fresh)
            note = (f"그 밖에 {' · '.join(before)} 항목에 적은 위험 {n}건이 여기에도 해당합니다." if ko else
                    f"{n} more risk{'s' if n > 1 else ''} as under {' · '.join(before)} above.")
            if fresh or not sector:
                fresh.append(note)
            else:  # nothing new: one line under the barriers, no heading of its own
                sector.append(note)
        generic = fresh
    out: list[tuple] = []
    if (r.get("risk_explained") and numbers) or sector or generic:
        out.append(("h3", "위험" if ko else "Risks"))
    if r.get("risk_explained") and numbers:
        if full:
            out.append(("p", r["risk_explained"]["text"][lang]))
        else:
            out.append(("p", ("위험 " if ko else "Risk ") + present.risk_headline(r, lang) + ". "
                        + RISK_POINTER[lang]))
    if sector:
        out.append(("p", BARRIERS_HEADING[lang if lang in BARRIERS_HEADING else "en"]))
        out.append(("ul", sector))
    if generic:
        if sector:
            out.append(("p", "그 밖의 위험:" if ko else "Other risks:"))
        out.append(("ul", generic))
    return out


_MD_LIGHT = re.compile(r"([\\`*_\[\]<>|#])")


def md_plain(text: str) -> str:
    """Report text made literal in Markdown with as few backslashes as possible (emphasis, links, tags, tables)."""
    return _MD_LIGHT.sub(r"\\\1", str(text)).replace("\n", " ")


def recommendation_markdown(result: dict, kb: KnowledgeBase, lang: str = "ko", quotes: int = 2,
                            firm: dict | None = None) -> str:  # fmt: skip
    """A one-page report: the firm's inputs, the settings, then each opportunity with reasons, strategy, risks and
    quotes (:func:`report_blocks`)."""
    out = []
    for block in report_blocks(result, kb, lang, firm, quotes):
        kind = block[0]
        if kind == "title":
            out.append(f"# {_md_title(result, lang)}\n")
        elif kind == "banner":
            out.append(f"> {md_plain(block[1])}\n")
        elif kind == "h2":
            out.append(f"## {md_plain(block[1])}\n")
        elif kind == "h3":
            out.append(f"\n**{md_plain(block[1])}**")
        elif kind == "p":
            out.append(md_plain(block[1]) + "\n")
        elif kind in ("kv", "kv2"):
            head = ("항목", "값") if lang == "ko" else ("item", "value")
            for pairs in block[1:]:
                out.append(f"\n| {head[0]} | {head[1]} |\n|---|---|")  # a table after a blank line
                out.extend(f"| {md_plain(k)} | {md_plain(v)} |" for k, v in pairs)
                out.append("")
        elif kind == "ul":
            out.extend(f"- {md_plain(x)}" for x in block[1])
            out.append("")
        elif kind == "table":
            out.append("| " + " | ".join(md_plain(h) for h in block[1]) + " |")
            out.append("|" + "---|" * len(block[1]))
            out.extend("| " + " | ".join(md_plain(x) for x in row) + " |" for row in block[2])
            out.append("")
        elif kind == "quote":
            gist = f">\n> *{md_plain(block[3])}*\n" if len(block) > 3 else ""
            out.append(f"> {md_plain(block[1])}\n>\n> — {md_plain(block[2])}\n{gist}")
        elif kind == "opportunity":
            out.append("")
    # one blank line between blocks (a paragraph's own blank line, a list's and a heading's ran to three)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)) + "\n"


def _md_title(result: dict, lang: str) -> str:
    name = result["firm_name"] or result["firm_id"]
    head = "한·중 협력 기회 추천" if lang == "ko" else "Korea–China cooperation opportunities"
    return f"{head}: {md_text(name)} ({md_text(result['firm_id'])})"


HTML_FONTS = ("'Noto Sans KR', 'NanumGothic', 'Nanum Gothic', 'Noto Sans CJK KR', 'Noto Sans CJK SC', "
              "'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif")  # fmt: skip
HTML_STYLE = (
    f"body{{font-family:{HTML_FONTS};max-width:860px;margin:2em auto;line-height:1.55;color:#1B2430}}"
    ".banner{border-left:4px solid #B7791F;background:#FFF8E6;padding:.4em .8em}"
    "blockquote{border-left:4px solid #1F5FAD;margin:.4em 0;padding:.2em .8em;background:#F2F5F9}"
    "blockquote .src{display:block;color:#555;font-size:.9em;margin-top:.3em}"
    "blockquote .gist{display:block;font-style:italic;margin-top:.3em}"
    "table.kv{border-collapse:collapse;margin:.4em 0}table.kv th,table.kv td{border:1px solid #ccc;"
    "padding:.15em .6em;text-align:left;vertical-align:top}table.kv th{background:#F2F5F9;font-weight:600;white-space:nowrap}"
    "table.grid th{white-space:normal}table.grid td:first-child{white-space:nowrap}table.grid td:nth-child(2){min-width:11em}"
    "section.opp{border-top:1px solid #ddd;margin-top:1.2em}.pair{display:flex;gap:1.5em;align-items:flex-start}"
    "@page{size:A4;margin:18mm 16mm}"
    "@media print{body{max-width:none;margin:0;font-size:10.5pt}section.opp{break-before:page;"
    "page-break-before:always;border-top:none}blockquote,table.kv,li{break-inside:avoid;page-break-inside:avoid}"
    "h2,h3{break-after:avoid;page-break-after:avoid}}"
)


def recommendation_html(result: dict, kb: KnowledgeBase, lang: str = "ko", quotes: int = 2,
                        firm: dict | None = None) -> str:  # fmt: skip
    """The report as one printable HTML page, rendered from :func:`report_blocks` (not from the Markdown): every
    text through ``html.escape``; Korean and CJK fonts named; A4 print CSS with a page break before each
    opportunity."""
    import html

    e = html.escape
    body: list[str] = []
    in_section = False
    for block in report_blocks(result, kb, lang, firm, quotes):
        kind = block[0]
        if kind == "title":
            body.append(f"<h1>{e(block[1])}</h1>")
        elif kind == "banner":
            body.append(f"<p class='banner'>{e(block[1])}</p>")
        elif kind == "h2":
            body.append(f"<h2>{e(block[1])}</h2>")
        elif kind == "h3":
            body.append(f"<h3>{e(block[1])}</h3>")
        elif kind == "p":
            body.append(f"<p>{e(block[1])}</p>")
        elif kind in ("kv", "kv2"):
            tables = ["<table class='kv'>" + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in pairs)
                      + "</table>" for pairs in block[1:]]  # fmt: skip
            body.append(f"<div class='pair'>{''.join(tables)}</div>" if kind == "kv2" else tables[0])
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + "</ul>")
        elif kind == "table":
            body.append("<table class='kv grid'><tr>" + "".join(f"<th>{e(h)}</th>" for h in block[1]) + "</tr>"
                        + "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>" for row in block[2])
                        + "</table>")  # fmt: skip
        elif kind == "quote":
            gist = f"<span class='gist'>{e(block[3])}</span>" if len(block) > 3 else ""
            body.append(f"<blockquote>{e(block[1])}<span class='src'>— {e(block[2])}</span>{gist}</blockquote>")
        elif kind == "opportunity":
            body.append("</section><section class='opp'>" if in_section else "<section class='opp'>")
            in_section = True
    if in_section:
        body.append("</section>")
    name = result["firm_name"] or result["firm_id"]
    title = e(f"{'한·중 협력 기회 추천' if lang == 'ko' else 'Korea–China cooperation opportunities'}: {name} "
              f"({result['firm_id']})")  # fmt: skip
    return (f"<!DOCTYPE html><html lang='{e(lang)}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{HTML_STYLE}</style></head><body>{''.join(body)}</body></html>\n")  # fmt: skip


def _threshold(cond: dict, lang: str, r: dict | None = None, kb=None) -> str:
    """`` — IoT 기기 4 (기준: 3 이상)``: what a condition tested, in words (``present.condition_phrase``); empty for
    profile conditions without a value (a tag or indicator found in the facts)."""
    if "have" not in cond or "op" not in cond:
        return ""
    return " — " + present.condition_phrase(cond, lang, r, kb)


# ---------------------------------------------------------------- one firm's workbook and CSV

SHEETS = {  # one firm's workbook
    "recommendations": ("추천", "recommendations"), "evidence": ("근거", "evidence"),
    "capabilities": ("역량", "capabilities"), "risks": ("위험", "risks"), "firm": ("기업 입력", "firm inputs"),
    "info": ("정보", "info"),
    "machine": ("ids (기계 판독용)", "ids (machine-readable)"),
}  # fmt: skip


def machine_rows(result: dict) -> pd.DataFrame:
    """The recommendations with their machine ids, for tools (DESIGN.md contract 8 names): ``rank, tie_group,
    region_id, sector_id, strategy_id, score, implication_ids, precedents, evidence`` (``doc_id:start-end``)."""
    cols = ["rank", "tie_group", "region_id", "sector_id", "strategy_id", "score", "implication_ids", "precedents",
            "evidence"]  # fmt: skip
    rows = [(r["rank"], r.get("tie_group"), r["region_id"], r["sector_id"], r["strategy_id"], r["score"],
             ";".join(r["implication_ids"]), ";".join(r.get("precedents") or []),
             ";".join(f"{e['doc_id']}:{e['line_start']}-{e['line_end']}" for e in r["evidence"]))
            for r in result["recommendations"]]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _sheet(key: str, lang: str, table: dict = SHEETS) -> str:
    return present.pick(table[key], lang)


def _evidence_rows(result: dict, kb, lang: str) -> pd.DataFrame:
    """Per recommendation, its quotes as a reader sees them: whole sentences, overlapping citations merged, Korean
    passages in Korean mode; the lines the quote spans and the citations it stands for."""
    ko = lang == "ko"
    head = (("순위", "지역", "분야", "출처", "문서", "발행", "행", "인용한 근거", "인용문") if ko else
            ("rank", "region", "sector", "source", "document", "publisher", "lines", "cited", "quote"))  # fmt: skip
    rows = []
    for r in result["recommendations"]:
        try:
            quotes = readable_quotes(kb.docs, kb.passages, r["evidence"], lang)
        except (KeyError, IndexError, OSError):
            quotes = []
        for q in quotes:
            doc = kb.docs.get(q.doc_id)
            rows.append((r["rank"], present.answer_region(r, kb, lang), r["sector_name"][lang],
                         present.doc_short_name(doc, lang) or q.doc_id, doc.title if doc else q.doc_id,
                         f"{doc.publisher}, {doc.published}" if doc else "", f"{q.line_start}–{q.line_end}",
                         "; ".join(present.citation(c.as_dict(), kb, lang) for c in q.cited), q.text))  # fmt: skip
    return pd.DataFrame(rows, columns=list(head))


def _capability_rows(result: dict, lang: str) -> pd.DataFrame:
    ko = lang == "ko"
    head = (("순위", "지역", "분야", "역량", "필요 수준", "보유 수준", "충족도", "상태") if ko else
            ("rank", "region", "sector", "capability", "needed", "have", "covered", "status"))  # fmt: skip
    rows = []
    for r in result["recommendations"]:
        for c in r["capabilities"]:
            rows.append((r["rank"], r["region_name"][lang], r["sector_name"][lang],
                         capability_label(c["capability"], lang), c["need"], c["have"], present.percent(c["covered"]),
                         present.label(present.STATUS, c["status"], lang)))  # fmt: skip
    return pd.DataFrame(rows, columns=list(head))


def risk_rows(result: dict, lang: str, kb=None) -> pd.DataFrame:
    """Per recommendation (issue 18): how its risk number is made, then the sector's barriers to entry that apply to
    the firm (kind, text, citation, why it applies), then the generic lines of its entry mode."""
    ko = lang == "ko"
    head = (("순위", "지역", "분야", "구분", "종류", "내용", "근거", "귀사 해당") if ko else
            ("rank", "region", "sector", "part", "kind", "text", "evidence", "applies because"))  # fmt: skip
    rows = []
    for r in result["recommendations"]:
        where = (r["rank"], r["region_name"][lang], r["sector_name"][lang])
        if r.get("risk_explained"):
            rows.append((*where, "위험 수치" if ko else "risk number", present.risk_headline(r, lang),
                         r["risk_explained"]["text"][lang], "", ""))  # fmt: skip
        for sr in r.get("sector_risks") or []:
            rows.append((*where, "분야 진입 장벽" if ko else "sector barrier", sr["kind_name"][lang], sr["text"][lang],
                         sr["citation"][lang], (", ".join(b[lang] for b in sr["applies_because"])
                         or ("이 분야 전체" if ko else "the whole sector"))
                         + (f"; {sr['firm_holds'][lang]}" if sr.get("firm_holds") else "")))  # fmt: skip
        for x in (reading.strategy_risk_lines(r, kb, lang) if kb is not None else r["strategy"]["risks"][lang]):
            rows.append((*where, "진입 방식의 위험" if ko else "entry-mode risk", "", x, "", ""))
    return pd.DataFrame(rows, columns=list(head))


def _info(result: dict, lang: str, extra: dict, firm: dict | None) -> pd.DataFrame:
    ko = lang == "ko"
    head = {("기업ID" if ko else "firm id"): result["firm_id"], ("기업명" if ko else "firm name"): result["firm_name"]}
    cov = result.get("coverage")
    if cov:
        head["적합도 판정" if ko else "coverage"] = present.label(present.COVERAGE, cov["status"], lang)
    return present.run_frame(result, lang, {**head, **(extra or {})})


def recommendation_workbook(result: dict, kb: KnowledgeBase, lang: str = "ko", extra: dict | None = None,
                            firm: dict | None = None) -> dict[str, pd.DataFrame]:  # fmt: skip
    """추천 · 근거 · 역량 · 기업 입력 · 정보 (recommendations, evidence, capabilities, firm inputs, info): every sheet
    name, header and value in ``lang``, names and titles rather than ids; then ``ids (기계 판독용)``, the same
    recommendations with their machine ids for tools (write with ``exporting.xlsx_bytes``)."""
    return {
        _sheet("recommendations", lang): recommendation_table(result, kb, lang),
        _sheet("evidence", lang): _evidence_rows(result, kb, lang),
        _sheet("capabilities", lang): _capability_rows(result, lang),
        _sheet("risks", lang): risk_rows(result, lang, kb),
        _sheet("firm", lang): present.firm_frame(firm, kb, lang),
        _sheet("info", lang): _info(result, lang, extra or {}, firm),
        _sheet("machine", lang): machine_rows(result),
    }  # fmt: skip


def recommendation_csv_bytes(result: dict, kb: KnowledgeBase, lang: str = "ko", firm: dict | None = None) -> bytes:
    """The recommendation table, then (after one blank line) the settings and the firm's inputs as 항목,값 rows —
    so the file alone says which firm, weights, preset, method and data it came from."""
    from recommender.exporting import csv_bytes

    table = recommendation_table(result, kb, lang)
    tail = pd.concat([_info(result, lang, {}, firm), present.firm_frame(firm, kb, lang)], ignore_index=True)
    return csv_bytes(table) + b"\n" + csv_bytes(tail.drop_duplicates()).removeprefix(b"\xef\xbb\xbf")
