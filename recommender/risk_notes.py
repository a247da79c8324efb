"""What a recommendation says about risk beyond its number (issue 18): the sector's market-access barriers that apply
to this firm (``data/sector_risks.csv``, :mod:`features.sector_risks`), and how the firm's risk number is made.

**Sector risks.** A row applies to a recommendation of its sector (and region, when it names one) when its
``applies_if`` is empty or any of its terms holds: a capability the firm has at the stated level, or the entry strategy
recommended (a term may join literals with ``&`` and negate one with ``!``, :mod:`features.sector_risks`). They are
listed in file order, ahead of the generic risk lines, with readable citations. They never change a score. A row of
``source`` ``tool`` is the tool's own note of a check the reports do not treat (panels 31 S4, 32 K04 and P07): it
carries ``"source": "tool"`` and its citation says so first — "추천 도구의 안내, 보고서 밖 내용" / "the tool's note, not
from the reports" — followed by the lines about what the reports do cover, when it cites any.

**The firm-adjusted risk.** The risk a firm sees is ``risk_eff = risk_total × factor`` with ``risk_total`` the
opportunity's own risk (the stated risk combined with information risk, :func:`recommender.kernels.total_risk`) and
``factor = (1 − 0.5·readiness) · aversion[tolerance]`` (:func:`recommender.kernels.risk_factor`, aversion 1.0 / 0.7 /
0.4 for low / medium / high tolerance; readiness ``0.4·min(exp/5,1) + 0.2·entity + 0.2·min(staff/3,1) +
0.2·min(inv/50,1)``, :func:`recommender.kernels.readiness`). The same opportunity therefore carries between
``0.2·risk_total`` and ``risk_total`` for different firms; :func:`risk_explanation` says which and why, with the
result shown to two decimals like every risk number, and its two operands to two decimals — or three where the
two-decimal ones would not multiply to the shown result (:func:`operand_digits`); where even three do not, the sentence
says ``≈`` instead of ``=``.
"""

from __future__ import annotations

from features.facts import INDICATOR_LABELS
from features.firms import capability_label
from recommender import kernels

TOLERANCE_INDEX = {"low": 0, "medium": 1, "high": 2}
#: a sector risk a certification the firm already holds answers (canonical keys, :mod:`recommender.certifications`):
#: the device classification and approval of KIEP 5547–5551 / 6512–6516 is China's medical-device registration, which
#: NMPA (formerly CFDA) grants — a device maker that holds it has passed that barrier for the registered products
#: (issue 18 panel 28, F16: an ultrasound maker holding NMPA registration was given "licensing" as its main risk with
#: no word of it). New products and AI functions are classified again, so the risk stays listed, with the note.
#: Panel 31 S4: the device maker's own registration (hc_device_registration, the tool's note) is the same gate.
ANSWERED_BY = {"hc_ai_device_class": ("NMPA",), "hc_device_registration": ("NMPA",)}
#: how a tool note's citation begins (:func:`sector_risks`)
TOOL_NOTE = {"ko": "추천 도구의 안내, 보고서 밖 내용", "en": "the tool's note, not from the reports"}
TOOL_NOTE_COVERS = {"ko": "보고서가 다루는 부분: ", "en": "what the reports cover: "}
TOLERANCE_LABEL = {"low": ("낮음", "low"), "medium": ("보통", "medium"), "high": ("높음", "high")}


def sector_risks(kb, firm: dict, region_id: str, sector_id: str, strategy_id: str) -> list[dict]:
    """The sector risks that apply to this firm at this opportunity: ``risk_id``, ``kind`` and its name, the text,
    the evidence (refs and readable citations), ``region_id`` (None = every region) and ``applies_because`` (the
    firm's capabilities or entry strategy that make it apply; empty for a row about the whole sector)."""
    out = []
    for risk in getattr(kb, "sector_risks", None) or []:
        if not risk.matches(region_id, sector_id):
            continue
        met = risk.met_conditions(firm["capabilities"], strategy_id)
        if met is None:
            continue
        refs = [r.as_dict() for r in risk.evidence]
        label = INDICATOR_LABELS.get(risk.kind, (risk.kind, risk.kind))
        citation = {lang: grouped_citation(refs, kb, lang) for lang in ("ko", "en")}
        if risk.source == "tool":
            citation = {lang: TOOL_NOTE[lang] + (f"; {TOOL_NOTE_COVERS[lang]}{citation[lang]}" if refs else "")
                        for lang in ("ko", "en")}  # fmt: skip
        out.append({
            "risk_id": risk.risk_id, "kind": risk.kind, "kind_name": {"ko": label[0], "en": label[1]},
            "text": {"ko": risk.text_ko, "en": risk.text_en}, "evidence": refs,
            "citation": citation,
            "region_id": risk.region_id or None,
            "applies_because": [_because(c, firm, kb) for c in met],
        })  # fmt: skip
        if risk.source == "tool":
            out[-1]["source"] = "tool"
        held = firm_holds(risk.risk_id, firm)
        if held:
            out[-1]["firm_holds"] = held
    return out


def firm_holds(risk_id: str, firm: dict) -> dict | None:
    """``{ko, en}`` saying which certification the firm holds that answers this risk (:data:`ANSWERED_BY`), or None."""
    from recommender.certifications import canonical

    wanted = ANSWERED_BY.get(risk_id)
    if not wanted:
        return None
    have = [c for c in firm.get("certifications") or [] if canonical(c) in wanted]
    if not have:
        return None
    names = ", ".join(str(c) for c in have)
    return {"ko": f"귀사는 중국 의료기기 등록({names})을 이미 갖고 있어 등록한 제품은 이 관문을 넘었고, 새 제품이나 "
                  "AI 기능은 다시 등급 판정과 인허가를 거칩니다",
            "en": f"you already hold China's medical-device registration ({names}), so the registered products have passed "
                  "this gate; new products or AI functions are classified and approved again"}  # fmt: skip


def grouped_citation(refs: list[dict], kb, lang: str) -> str:
    """Readable citations with one name per report: ``KIEP 보고서 2018, 5547–5551, 6044–6048행`` (a report with a page
    map keeps one full citation per range, each with its page)."""
    from recommender import present

    groups: dict[str, list[dict]] = {}
    for r in refs:
        groups.setdefault(r["doc_id"], []).append(r)
    out = []
    for doc_id, rs in groups.items():
        doc = kb.docs.get(doc_id)
        if doc is None or len(rs) == 1 or any(doc.page_of(int(r["line_start"])) for r in rs):
            out += [present.citation(r, kb, lang) for r in rs]
            continue
        spans = ", ".join(f"{r['line_start']}–{r['line_end']}" if r["line_start"] != r["line_end"]
                          else str(r["line_start"]) for r in rs)  # fmt: skip
        name = present.doc_short_name(doc, lang) or doc_id
        out.append(f"{name}, {spans}행" if lang == "ko" else f"{name}, lines {spans}")
    return "; ".join(out)


def _because(cond, firm: dict, kb) -> dict:
    if cond.kind == "strategy":
        spec = kb.strategies.get(cond.key, {})
        return {"ko": f"진입 방식: {spec.get('name_ko', cond.key)}", "en": f"entry mode: {spec.get('name_en', cond.key)}"}
    have = int(firm["capabilities"].get(cond.key, 0))
    return {"ko": f"{capability_label(cond.key, 'ko')} {have}/5", "en": f"{capability_label(cond.key, 'en')} {have}/5"}


def operand_digits(base: float, factor: float, shown: float) -> int | None:
    """The fewest decimals (2, else 3) at which ``base × factor``, each rounded to them, rounds to ``shown`` at two
    decimals — so the sentence's arithmetic checks out as printed; None when neither does (the sentence says ≈)."""
    for digits in (2, 3):
        if round(round(base, digits) * round(factor, digits), 2) == round(shown, 2):
            return digits
    return None


def risk_explanation(firm: dict, risk_total: float, stated: float, information: float, shown: float) -> dict:
    """How the firm's risk number is made (module doc): the parts and one sentence in Korean and English.

    ``shown`` is the risk the recommendation reports (``components.risk``); it equals ``risk_total × factor`` up to
    float rounding, which :func:`recommender.kernels.effective_risk` computes the same way."""
    exp = float(firm.get("china_experience_years") or 0)
    entity = bool(firm.get("has_china_entity"))
    staff = int(firm.get("chinese_speaking_staff") or 0)
    inv = float(firm.get("investment_capacity_krw_100m") or 0)
    tolerance = firm.get("risk_tolerance") or "medium"
    parts = {"experience": 0.4 * min(exp / 5.0, 1.0), "entity": 0.2 * float(entity),
             "staff": 0.2 * min(staff / 3.0, 1.0), "investment": 0.2 * min(inv / 50.0, 1.0)}  # fmt: skip
    ready = float(kernels.readiness(exp, entity, staff, inv))
    relief = 1.0 - kernels.READINESS_RELIEF * ready
    aversion = float(kernels.AVERSION[TOLERANCE_INDEX[tolerance]])
    factor = float(kernels.risk_factor(ready, TOLERANCE_INDEX[tolerance]))
    lo = risk_total * kernels.AVERSION.min() * (1.0 - kernels.READINESS_RELIEF)
    digits = operand_digits(risk_total, factor, shown)
    sign = "≈" if digits is None else "="
    r2 = lambda x: f"{x:.2f}"  # noqa: E731 - one precision throughout (issue 18 item 7)
    rd = lambda x: f"{x:.{digits or 3}f}"  # noqa: E731 - the two operands of the product
    tol_ko, tol_en = TOLERANCE_LABEL[tolerance]
    inv_ko = f"{inv:,.1f}".rstrip("0").rstrip(".") + "억원"
    inv_en = "KRW " + f"{inv / 10:,.2f}".rstrip("0").rstrip(".") + " bn"
    # panel 6: the two factors said apart (readiness lowers the exposure, the tolerance only weights it in the
    # score) and the combination of stated and information risk with its formula (kernels.total_risk)
    from recommender.reading import combination_sentence, factor_sentence

    combo = {lang: " " + combination_sentence(stated, information, risk_total, lang) if information >= 0.005 else ""
             for lang in ("ko", "en")}  # fmt: skip
    split = {lang: factor_sentence(risk_total, relief, aversion, tolerance, shown, lang) for lang in ("ko", "en")}
    ko = (f"위험 {r2(shown)} {sign} 기회 자체 위험 {rd(risk_total)} × 귀사 조정 {rd(factor)} "
          f"(위험 감내도 {tol_ko} ×{r2(aversion)}, 준비도 {r2(ready)} → ×{r2(relief)}: 중국 경험 "
          f"{exp:g}년, 중국 법인 {'있음' if entity else '없음'}, 중국어 인력 {staff}명, 투자 여력 {inv_ko}).{combo['ko']} "
          f"{split['ko']} 같은 기회라도 기업의 위험 감내도와 준비도에 따라 점수에 반영되는 위험은 {r2(lo)}–{r2(risk_total)} "
          "사이입니다.")
    en = (f"Risk {r2(shown)} {sign} the opportunity's own risk {rd(risk_total)} × your firm's adjustment "
          f"{rd(factor)} (risk tolerance {tol_en} ×{r2(aversion)}, readiness {r2(ready)} → ×{r2(relief)}: China "
          f"experience {exp:g} year{'' if exp == 1 else 's'}, {'an' if entity else 'no'} entity in China, {staff} "
          f"Chinese-speaking staff, "
          f"investment capacity {inv_en}).{combo['en']} {split['en']} The risk the score counts for the same "
          f"opportunity lies between {r2(lo)} and {r2(risk_total)} depending on a firm's risk tolerance and "
          "readiness.")  # fmt: skip
    return {
        "opportunity_risk": round(risk_total, 4), "stated": round(stated, 4), "information": round(information, 4),
        "firm_factor": round(factor, 4), "tolerance": tolerance, "aversion": round(aversion, 4),
        "readiness": round(ready, 4), "readiness_parts": {k: round(v, 4) for k, v in parts.items()},
        "readiness_relief": round(relief, 4), "effective": round(shown, 4),
        "range": [round(lo, 4), round(risk_total, 4)], "text": {"ko": ko, "en": en},
    }  # fmt: skip
