"""Human-readable renderings of a recommendation: a table (CLI, CSV/XLSX export) and a one-page Markdown report.

User-supplied text (firm names) is written as plain text; quotes are read from the stored report files.
"""

from __future__ import annotations

import re

import pandas as pd

from features.build import KnowledgeBase
from features.firms import capability_label

LABELS = {
    "ko": {"rank": "순위", "region": "지역", "sector": "분야", "strategy": "진입전략", "score": "점수", "fit": "역량적합",
           "policy": "정책", "demand": "수요", "risk": "위험", "confidence": "신뢰도", "robustness": "강건성",
           "vintage": "기준연도", "evidence": "근거", "implications": "시사점", "tie": "동순위", "precedents": "비슷한 사례"},
    "en": {"rank": "rank", "region": "region", "sector": "sector", "strategy": "entry strategy", "score": "score",
           "fit": "fit", "policy": "policy", "demand": "demand", "risk": "risk", "confidence": "confidence",
           "robustness": "robustness", "vintage": "vintage", "evidence": "evidence", "implications": "implications",
           "tie": "tie", "precedents": "similar cases"},
}  # fmt: skip


def rank_label(rec: dict, recs: list[dict], lang: str = "ko") -> str:
    """``3위`` / ``공동 3위`` (``3`` / ``tied 3``): a shared tie group shows the group's first rank for all."""
    group = [r["rank"] for r in recs if r.get("tie_group") == rec.get("tie_group")]
    first = min(group) if group else rec["rank"]
    if len(group) > 1:
        return f"공동 {first}위" if lang == "ko" else f"tied {first}"
    return f"{rec['rank']}위" if lang == "ko" else str(rec["rank"])


def near_miss_lines(result: dict, kb: KnowledgeBase, lang: str = "ko") -> list[str]:
    """What the coverage says, in lines: the message and, for ``none``, each near miss with what is missing."""
    cov = result.get("coverage") or {}
    lines = [cov.get("message", {}).get(lang, "")] if cov else []
    for n in cov.get("near_misses", []):
        region, sector = kb.regions[n["region_id"]], kb.sectors[n["sector_id"]]
        where = f"{getattr(region, 'name_' + lang)} · {getattr(sector, 'name_' + lang)}"
        if n["missing"]:
            caps = ", ".join(capability_label(k, lang) for k in n["missing"])
            lines.append(f"- {where}: " + (f"핵심 역량 중 하나를 {n['core_level']} 이상으로 — {caps}" if lang == "ko"
                                           else f"one core capability at level {n['core_level']} or more — {caps}"))
        else:
            lines.append(f"- {where}: " + ("귀사에 열린 진입 방식이 이 지역에 기록되어 있지 않음" if lang == "ko"
                                           else "no entry mode open to your firm is documented there"))
    return lines


def recommendation_table(result: dict, kb: KnowledgeBase, lang: str = "ko") -> pd.DataFrame:
    L = LABELS[lang]
    rows = []
    recs = result["recommendations"]
    for r in recs:
        c = r["components"]
        rows.append({
            L["rank"]: r["rank"], L["tie"]: rank_label(r, recs, lang),
            L["region"]: f"{r['region_name'][lang]} ({r['region_id']})",
            L["sector"]: r["sector_name"][lang], L["strategy"]: r["strategy_name"][lang], L["score"]: r["score"],
            L["fit"]: c["fit"], L["policy"]: c["policy"], L["demand"]: c["demand"], L["risk"]: c["risk"],
            L["confidence"]: r["confidence"], L["robustness"]: r["robustness"], L["vintage"]: r["vintage"],
            L["evidence"]: "; ".join(f"{e['doc_id']}:{e['line_start']}-{e['line_end']}" for e in r["evidence"][:4]),
            L["implications"]: "; ".join(r["implication_ids"]),
            L["precedents"]: "; ".join(r.get("precedents") or []),
        })  # fmt: skip
    return pd.DataFrame(rows)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")


def md_text(text: str) -> str:
    """User-supplied text (firm names, ids) escaped so a Markdown viewer shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _doc_title(kb: KnowledgeBase, doc_id: str) -> str:
    d = kb.docs.get(doc_id)
    return f"{d.title} ({d.publisher}, {d.published})" if d else doc_id


def recommendation_markdown(result: dict, kb: KnowledgeBase, lang: str = "ko", quotes: int = 2) -> str:
    """A one-page report: the firm, the weights, then each opportunity with reasons, strategy, risks and quotes."""
    ko = lang == "ko"
    out = []
    out.append(f"# {'한·중 협력 기회 추천' if ko else 'Korea–China cooperation opportunities'}: "
               f"{md_text(result['firm_name'] or result['firm_id'])} ({md_text(result['firm_id'])})\n")  # fmt: skip
    out.append(("> 점수는 2018년에 발간된 보고서에 근거합니다. 현재 상황과 다를 수 있습니다. " if ko else
                "> Scores rest on reports published in 2018; conditions may have changed. ")
               + f"data version `{result['data_version']}`, vintage {result['vintage']}.\n")  # fmt: skip
    w = result["weights"]
    out.append(("가중치" if ko else "Weights") + ": " + ", ".join(f"{k} {v:.2f}" for k, v in w.items())
               + f" · {'방법' if ko else 'method'}: {result['method']}\n")  # fmt: skip
    cov = result.get("coverage")
    if cov:
        label = {"ok": ("충분", "ok"), "weak": ("근거 약함", "weak evidence"), "none": ("맞는 기회 없음", "no match")}
        out.append(f"**{'적합도 판정' if ko else 'Coverage'}: {label[cov['status']][0 if ko else 1]}** — "
                   + "\n".join(near_miss_lines(result, kb, lang)) + "\n")  # fmt: skip
    if result.get("ties"):
        out.append(f"_{result['ties'][lang]}_\n")
    recs = result["recommendations"]
    for r in recs:
        c = r["components"]
        out.append(f"## {rank_label(r, recs, lang)}. {r['region_name'][lang]} · {r['sector_name'][lang]} — "
                   f"{r['strategy_name'][lang]}\n")  # fmt: skip
        out.append(f"{'점수' if ko else 'Score'} **{r['score']:.3f}** · fit {c['fit']:.2f} · policy {c['policy']:.2f} · "
                   f"demand {c['demand']:.2f} · risk {c['risk']:.2f} · {'신뢰도' if ko else 'confidence'} "
                   f"{r['confidence']:.2f}" + (f" · {'강건성' if ko else 'robustness'} {r['robustness']:.0%}"
                                               if r["robustness"] is not None else "") + "\n")  # fmt: skip
        gaps = [x for x in r["capabilities"] if x["status"] != "matched"]
        matched = [x for x in r["capabilities"] if x["status"] == "matched"]
        if matched:
            out.append(("- 보유 역량: " if ko else "- Matched: ") + ", ".join(f"{x['capability']} {x['have']}/{x['need']}" for x in matched))
        if gaps:
            out.append(("- 보완 필요: " if ko else "- Gaps: ") + ", ".join(f"{x['capability']} {x['have']}/{x['need']}" for x in gaps))
        for reason in r["reasons"][:3]:
            out.append(f"- {reason['note_' + lang]}")
        s = r["strategy"]
        out.append(f"\n**{'왜 이 전략인가' if ko else 'Why this strategy'}**: {s['description'][lang]}")
        for why in s.get("open_here_because", []):
            out.append(f"- 📍 {why[lang]}")
        for cond in s["conditions"]:
            if cond["met"] > 0:
                mark = "⚠" if cond.get("is_risk") else ("✔" if cond["met"] >= 1 else "½")
                out.append(f"- {mark} {cond['why_' + lang]}{_threshold(cond, lang)}")
        if s["runner_ups"]:
            names = [kb.strategies[u["strategy_id"]][f"name_{lang}"] for u in s["runner_ups"]]
            out.append(("- 차선책: " if ko else "- Runner-ups: ") + ", ".join(names))
        risks = s["risks"][lang][:2] + [f["note_" + lang] for rk in r["risks"][:2] for f in rk["facts"][:1]]
        if risks:
            out.append(f"\n**{'위험' if ko else 'Risks'}**")
            out.extend(f"- {x}" for x in risks)
        if r["implication_ids"]:
            out.append(f"\n**{'보고서 시사점' if ko else 'Implications'}**")
            for iid in r["implication_ids"][:3]:
                imp = kb.implications[iid]
                out.append(f"- {imp['title_' + lang]}: {imp['text_' + lang]}")
        if r.get("precedents"):
            out.append(f"\n**{'비슷한 사례' if ko else 'Similar cases'}**")
            for pid in r["precedents"]:
                case = kb.precedents[pid]
                out.append(f"- {case['who_' + lang]}: {case['note_' + lang]}")
        out.append(f"\n**{'근거' if ko else 'Evidence'}**")
        for e in r["evidence"][:quotes]:
            text = kb.quote(e["doc_id"], e["line_start"], e["line_end"])
            if len(text) > 400:
                text = text[:400] + "…"
            out.append(f"> {text}\n>\n> — {_doc_title(kb, e['doc_id'])}, {'행' if ko else 'lines'} "
                       f"{e['line_start']}–{e['line_end']}\n")  # fmt: skip
        out.append("")
    return "\n".join(out) + "\n"


def _threshold(cond: dict, lang: str) -> str:
    """`` (IoT 기기 ≥ 3, 보유 2)``: what a firm condition tested; empty for profile conditions without a value."""
    if "have" not in cond or "op" not in cond:
        return ""
    name = capability_label(cond["name"], lang) if cond.get("is_capability") else cond["name"]
    have = "보유" if lang == "ko" else "have"
    value = ", ".join(cond["value"]) if isinstance(cond["value"], list) else cond["value"]
    return f" ({name} {cond['op']} {value}, {have} {cond['have']})"
