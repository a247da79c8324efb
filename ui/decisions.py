"""The engine's decisions shown honestly (issue 10, item 1): an empty firm refused, coverage ``none``/``weak``
with the near misses, ties as "공동 N위", national-only opportunities marked, precedents ("비슷한 사례"), the
strategy explanation (✔ / ½ / ✗ with thresholds, ⚠ for reported restrictions, runner-ups with their score,
strategies not available here and why) and the parts of the risk score.

Every rule shown here is the engine's (recommender/engine.py ``coverage``, ``tie_note``;
recommender/strategies.py ``explain_conditions``); this module only words it in the UI language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from recommender import present, reading
from recommender.dated import mark_past_targets
from ui.evidence import citations, show_quote
from ui.i18n import lang, t
from ui.text import md_escape, num
from ui.vocab import capability_label, region_name, sector_name, strategy_name

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is made: not on the form's path (issue 19)


def is_empty_firm(record: dict) -> bool:
    """A firm with every capability 0 (or none given): the engine can match nothing to it, so the app refuses it
    with a prompt instead of ranking zero scores (issue 10: "an empty form gives five recommendations")."""
    if str(record.get("industry_code") or "").strip() or str(record.get("products") or "").strip():
        return False  # capabilities are inferred from the KSIC code and products (issue 17), or the answer says the
        # reports do not cover the industry: either is an answer, not an empty form
    caps = record.get("capabilities") or {}
    return not any(int(v or 0) > 0 for v in caps.values())


def rank_label(r: dict, recs: list[dict]) -> str:
    """"3위"/"공동 3위" ("3"/"3 (tied)") from the tie groups (``recommender.report.rank_label``)."""
    from recommender.report import rank_label  # the report module loads pandas: with the first answer (issue 19)

    return rank_label(r, recs, lang())


def scope_label(r: dict) -> str:
    """지역 자료 / 전국 자료만 — or, for a sector-level answer (regions the reports cannot tell apart), 분야 수준: its
    row reads "23개 지역 중 어디든", and "regional data" beside it read as a contradiction (issue 18 item 7)."""
    if len(r.get("equivalent_regions") or []) > 1:
        return t("scope_sector_level")
    return t("scope_region") if r.get("region_specific", True) else t("national_only")


def show_coverage(result: dict, kb) -> str:
    """The coverage status as a first-class result; returns the status (``ok``/``weak``/``none``)."""
    cov = result.get("coverage") or {"status": "ok"}
    status = cov.get("status", "ok")
    message = reading.coverage_message(result, lang())  # panel 6: no "below is …" when nothing follows
    if status == "none":
        st.error(f"**{t('coverage_none_title')}** — {md_escape(message)}", icon=":material/search_off:")
        near = cov.get("near_misses") or []
        if near:
            st.markdown(f"**{t('near_misses')}**")
            st.table(near_miss_frame(near, kb), hide_index=True)  # a static table: the long "what it takes" wraps
    elif status == "weak":
        st.warning(f"**{t('coverage_weak_title')}** — {md_escape(message)}", icon=":material/warning:")
    show_answer_notes(cov, kb)
    return status


def show_answer_notes(cov: dict, kb) -> None:
    """Where the answer stands (``coverage.notes``, recommender/answer_notes.py): a sector-level answer at rank 1
    and the best regional one, each preferred region, the first step for a firm every entry mode is closed to —
    each with its citation when it rests on report lines."""
    for note in cov.get("notes") or []:
        refs = note.get("evidence") or []
        cite = f" ({citations(refs, kb)})" if refs else ""
        st.info(md_escape(note.get(lang(), "")) + md_escape(cite), icon=":material/info:")


def near_miss_frame(near: list[dict], kb) -> pd.DataFrame:
    """One row per near miss: region, sector, and what it takes (the missing core capabilities by name, at the
    core level, or — when the capabilities fit — that no entry mode is open there)."""
    rows = []
    for n in near:
        if n.get("missing"):
            need = t("nm_caps", level=n.get("core_level", 3),
                     caps=", ".join(capability_label(k) for k in n["missing"]))  # fmt: skip
        elif (n.get("why") or {}).get(lang()):  # panel 6: the closest route and whose threshold closes it
            need = n["why"][lang()]
        else:
            need = t("nm_route")
        place = t("any_region_plain") if n.get("sector_level") else region_name(kb, n["region_id"])
        rows.append({t("nm_region"): place, t("nm_sector"): sector_name(kb, n["sector_id"]),
                     t("nm_missing"): need})  # fmt: skip
    import pandas as pd

    frame = pd.DataFrame(rows)
    if len(frame):  # panel 7: the tool's threshold explained in full at its first mention, short after
        frame[t("nm_missing")] = reading.explain_first([str(x) for x in frame[t("nm_missing")]], lang())
    return frame


def ties_note(result: dict) -> None:
    """The engine's tie note, shown when at least one tie group has more than one member."""
    ties = result.get("ties")
    groups = [r.get("tie_group") for r in result.get("recommendations", [])]
    if ties and len(groups) != len(set(groups)):
        st.caption(f":material/drag_handle: {md_escape(ties.get(lang(), ''))}")


# ---------------------------------------------------------------- precedents


def precedents_tab(r: dict, kb) -> None:
    ids = [p for p in r.get("precedents") or [] if p in kb.precedents]
    if not ids:
        st.caption(t("no_precedents"))
        return
    st.caption(t("precedents_intro"))
    code = lang()
    for pid in ids:
        p = kb.precedents[pid]
        where = t("precedent_where", region=t("all_china") if p["region_id"] == "CN" else region_name(kb, p["region_id"]),
                  sector=sector_name(kb, p["sector_id"]), strategy=strategy_name(kb, p["strategy_id"], p["sector_id"]))  # fmt: skip
        korean = f" · :blue-badge[{t('precedent_korean')}]" if p.get("korean") else ""
        st.markdown(f"**{md_escape(p['who_' + code])}**{korean}  \n{md_escape(where)}")
        st.markdown(md_escape(p["note_" + code]))
        for ref in p["evidence"][:2]:
            show_quote(kb, ref, limit=400)


# ---------------------------------------------------------------- strategy


def capability_alternative_met(conditions: list[dict]) -> bool:
    """Whether one of the strategy's capability conditions holds. They are alternatives (the rule score counts only
    the heaviest met one — recommender/strategies.py), so the others are then not needed, not failed."""
    return any(c["kind"] == "firm" and c.get("is_capability") and c["met"] >= 1 for c in conditions)


def condition_mark(c: dict, alternative_met: bool = False) -> str:
    """``⚠`` for a reported restriction that is present (never a green check); ``○`` for an unmet capability
    condition when another capability alternative is met; else ✔ (met 1), ½ (0.5), ✗ (0)."""
    if c.get("is_risk") and c["met"] > 0:
        return "⚠"
    if c.get("dated_note") and c["met"] > 0:  # panel 34 F04: a dated reading of an opening, not counted (never ✔)
        return "◇"
    if c["met"] <= 0 and alternative_met and c["kind"] == "firm" and c.get("is_capability"):
        return "○"
    return "✔" if c["met"] >= 1 else ("½" if c["met"] > 0 else "✗")


def condition_text(c: dict, r: dict | None = None, kb=None, where: tuple | None = None) -> str:
    """What was tested, in words (``recommender.present.condition_phrase``, as in the reports): ``IoT 기기 보유 2
    (기준: 3 이상)``, ``중국 법인: 없음``, ``이 지역의 위험 0.70 (기준: 0.5 이상)``; where it was found for a tag or
    indicator condition. Never a field name, ``True``/``False`` or ``in``. ``where``: ``(row, kb)`` for the tested
    value alone (the entity's region against the row's, panels 31-32) when ``r``/``kb`` are not given."""
    # panel 7: a past target year said as a 2018 forecast; panel 9: the row's own wording (reading.condition_why)
    why = mark_past_targets(reading.condition_why(c, r, lang(), kb) if r and kb is not None else c.get("why_" + lang(), ""), lang())
    if c["kind"] == "firm":
        test = present.condition_phrase(c, lang(), *((r, kb) if r and kb is not None else (where or (None, None))))
        return f"{why} — {test}" if why else test
    if "op" in c:  # a profile component (policy, demand, risk) against a threshold
        found = present.condition_phrase(c, lang())
    else:
        found = {"sector": t("cond_found_sector"), "indirect": t("cond_found_indirect")}.get(c.get("found_in", ""),
                                                                                           t("cond_not_found"))  # fmt: skip
    return f"{why} — {found}" if why else found


def runner_up_tie(u: dict, s: dict, kb, chosen_id: str, sector_id: str | None = None) -> str:
    """`` — 동점: …`` when a runner-up has the chosen strategy's rule score (the engine orders strategies by ranking
    score = rule score + a bonus for a sector-specific strategy, then the reports' stated preference, then id —
    recommender/strategies.py ``order``): said as a tie, with
    what put it second; empty when the rule scores differ."""
    if abs(float(u["rule_score"]) - float(s["rule_score"])) >= 5e-5:
        return ""
    chosen = strategy_name(kb, chosen_id, sector_id)
    same_rank = abs(float(u.get("ranking_score", u["rule_score"])) - float(s.get("ranking_score", s["rule_score"]))) < 5e-5
    if not same_rank:  # the ranking key adds a bonus for a strategy written for this sector
        return " — " + t("runner_tie_specific", chosen=chosen)
    if u.get("preference") != s.get("preference"):
        return " — " + t("runner_tie_preference", chosen=chosen)
    return " — " + t("runner_tie_full", chosen=chosen)


_NEEDED_PREFIX = ("필요하지만 이 지역·분야에는 기록이 없음 — ", "Needed, but not documented for this region and sector — ")


def unavailable_text(na: dict) -> str:
    """Why a strategy is closed here, in one coherent sentence: the conditions that would open it (any one of them)
    quoted as conditions that were not found here — never "needed but not recorded — the report records …" — and
    any reported restriction as such."""
    code = lang()
    needed, other = [], []
    for w in na.get("why", []):
        text = w.get(code, "")
        prefix = next((p for p in _NEEDED_PREFIX if text.startswith(p)), None)
        if w.get("kind") == "available_if" and prefix:
            needed.append(text[len(prefix):].strip().rstrip("."))
        else:
            other.append(text)
    parts = []
    if needed:
        quoted = " / ".join(f"“{x}”" for x in needed)
        parts.append(t("unavailable_needed_one" if len(needed) == 1 else "unavailable_needed_any", conditions=quoted))
    parts += other
    return "; ".join(parts)


def strategy_tab(r: dict, kb) -> None:
    """Why this strategy: its scores, why it is open here, every condition, runner-ups, what is not available."""
    from ui.evidence import show_quotes

    s = r["strategy"]
    code = lang()
    st.markdown(f"#### {md_escape(strategy_name(kb, r['strategy_id'], r['sector_id']))}")
    st.markdown(md_escape(mark_past_targets(present.strategy_description(kb, r, code), code)))
    st.caption(t("strategy_scores", rule=num(s["rule_score"]), ranking=num(s.get("ranking_score", s["rule_score"])))
               + " — " + t("strategy_rule_help"))  # fmt: skip
    if s.get("open_here_because"):
        st.markdown(f"**{t('open_here_because')}**")
        st.markdown("\n".join(f"- {md_escape(mark_past_targets(x, code))}" for x in present.open_here_lines(r, kb, code)))
    if s.get("conditions"):
        st.markdown(f"**{t('conditions_title')}**")
        lines = []
        alt = capability_alternative_met(s["conditions"])
        for c in [c for c in s["conditions"] if reading.condition_belongs(c, r)]:  # panel 9: the row's sector only
            mark = condition_mark(c, alt)
            colour = {"✔": "green", "½": "orange", "✗": "gray", "⚠": "red", "○": "blue", "◇": "gray"}[mark]
            kind = t("cond_firm") if c["kind"] == "firm" else t("cond_profile")
            line = f"- :{colour}[**{mark}**] {md_escape(condition_text(c, r, kb))} _({kind})_"
            if mark == "⚠":
                line += f"  \n  :red[{t('cond_risk_note')}]"
            elif mark == "○":
                line += f" — :blue[{t('cond_alternative')}]"
            lines.append(line)
        st.markdown("\n".join(lines))
    if s.get("runner_ups"):  # after a first entrant's support route they are the next steps, not rivals (adv16)
        st.markdown(f"**{t('runner_ups_after_first_step' if s.get('first_step') else 'runner_ups_scored')}**")
        st.markdown("\n".join(
            "- " + md_escape(t("runner_up_line", name=strategy_name(kb, u["strategy_id"], r["sector_id"]),
                               ranking=num(u.get("ranking_score", u["rule_score"])), rule=num(u["rule_score"]))
                             + runner_up_tie(u, s, kb, r["strategy_id"], r["sector_id"]))
            for u in s["runner_ups"]))  # fmt: skip
    if s.get("not_available_here"):
        st.markdown(f"**{t('not_available_here')}**")
        st.markdown("\n".join(f"- {md_escape(strategy_name(kb, na['strategy_id'], r['sector_id']))}: {md_escape(unavailable_text(na))}"
                               for na in s["not_available_here"]))  # fmt: skip
    if s.get("not_eligible"):
        st.markdown(f"**{t('not_eligible_firm')}**")
        st.markdown("\n".join(
            f"- {md_escape(strategy_name(kb, ne['strategy_id'], r['sector_id']))}: "
            + md_escape("; ".join(reading.prerequisite_text(m, code) for m in ne["missing"]))  # the tool's threshold
            for ne in s["not_eligible"]))  # fmt: skip
    st.markdown(f"**{t('strategy_evidence')}**")
    show_quotes(kb, s["evidence"], first=1, limit=500)


# ---------------------------------------------------------------- risks


def risk_parts(r: dict, compact: bool = False) -> None:
    """The parts of the risk score (``risk_parts``): stated, national, information, and the total used. ``compact``
    (a half-width column, as in the comparison): one line per part with its whole label, never a cut-off metric."""
    parts = r.get("risk_parts")
    if not parts:
        return
    st.markdown(f"**{t('risk_parts_title')}**", help=t("risk_parts_help"))
    names = (("stated", "risk_part_stated"), ("national", "risk_part_national"),
             ("information", "risk_part_information"), ("with_information", "risk_part_total"))  # fmt: skip
    if compact:
        st.markdown("\n".join(f"- {t(label)}: **{num(parts[k])}**" for k, label in names if k in parts))
        return
    cols = st.columns(len(names))
    for col, (k, label) in zip(cols, names):
        if k in parts:
            col.metric(t(label), num(parts[k]))


def risk_explained(r: dict) -> None:
    """How the firm's risk number is made (``risk_explained``, recommender.risk_notes): one sentence."""
    ex = r.get("risk_explained")
    if ex:
        st.markdown(f"**{t('risk_explained_title')}**")
        st.markdown(md_escape(ex["text"][lang()]))


def sector_risks(r: dict, kb, empty_note: bool = True) -> None:
    """The sector's barriers to entry that apply to this firm (``sector_risks``), each with its kind, the report's
    words in the project's own, readable citations and why it applies — shown before the generic risk lines."""
    from ui.evidence import citations

    code = lang()
    items = r.get("sector_risks") or []
    st.markdown(f"**{t('sector_risks_title')}**", help=t("sector_risks_help"))
    if not items:
        if empty_note:
            st.caption(t("no_sector_risks"))
        return
    lines = []
    for sr in items:
        why = (t("sector_risk_applies", why=", ".join(b[code] for b in sr["applies_because"]))
               if sr.get("applies_because") else t("sector_risk_whole_sector"))  # fmt: skip
        if sr.get("firm_holds"):
            why += f" · {sr['firm_holds'][code]}"
        # panels 31 S4, 32 K04/P07: a note of the tool's own (a check the reports do not treat) says so first
        cite = sr["citation"][code] if sr.get("source") == "tool" else citations(sr["evidence"], kb)
        lines.append(f"- **{md_escape(sr['kind_name'][code])}** — {md_escape(sr['text'][code])}  \n"
                     f"  :gray[— {md_escape(cite)} · {md_escape(why)}]")  # fmt: skip
    st.markdown("\n".join(lines))
