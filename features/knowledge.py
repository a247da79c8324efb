"""Entry strategies and report implications (``data/strategies.yaml``, ``data/implications.yaml``), validated.

Formats: ``docs/DATA.md``. Every strategy and implication must cite at least one resolvable report passage; unknown
sectors, tags, indicators, fields or operators stop the build with the file and the entry named.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from features.corpus import Document
from features.evidence import EvidenceError, parse_refs, validate_ref
from features.facts import CAPABILITY_KEYS, INDICATORS, TAGS, BuildError
from features.vintage import judged

STRATEGY_IDS = (
    "open_platform_partner", "platform_alliance", "startup_investment_rnd", "gov_project_participation",
    "tier2_supplier", "local_platform_partnership", "chinese_major_coentry", "direct_investment_pilot_zone",
    "korean_support_channels", "cluster_colocation", "component_supply", "standards_rnd_cooperation",
)  # fmt: skip
FIRM_FIELDS = ("employees", "revenue_krw_100m", "china_experience_years", "has_china_entity",
               "chinese_speaking_staff", "investment_capacity_krw_100m", "risk_tolerance", "horizon_years",
               "certifications", "makes_goods", "digital_health_led", "device_led",
               "city_element_level", "china_readiness", "first_entrant")  # fmt: skip  computed: recommender.strategies.COMPUTED_FIELDS
PREREQUISITES = ("min_employees", "min_investment_krw_100m", "min_china_experience_years", "requires_china_entity",
                 "min_horizon_years", "certifications_any", "min_employees_sectors")  # fmt: skip
OPS = ("<=", ">=", "==", "in")
COMPONENTS = ("policy", "demand", "risk")


def _load_yaml(path: Path, key: str) -> list[dict]:
    if not path.is_file():
        raise BuildError(f"{path}: file is missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise BuildError(f"{path}: expected a top-level key '{key}' holding a list")
    return data[key]


def _evidence(where: str, entry: dict, docs: dict[str, Document]) -> list[dict]:
    try:
        refs = parse_refs(entry.get("evidence") or [])
        if not refs:
            raise EvidenceError("no evidence (at least one citation is required)")
        for ref in refs:
            validate_ref(ref, docs)
    except EvidenceError as exc:
        raise BuildError(f"{where}: {exc}") from None
    return [r.as_dict() for r in refs]


def _condition_evidence(where: str, cond: dict, docs: dict[str, Document]) -> None:
    """Every strategy condition cites the lines that motivate it (issue 18): ``evidence`` — one or more resolvable
    references; stored back as ref dicts."""
    try:
        refs = parse_refs(cond.get("evidence") or [])
        if not refs:
            raise EvidenceError("no evidence: every condition cites the report lines that motivate it")
        for ref in refs:
            validate_ref(ref, docs)
    except EvidenceError as exc:
        raise BuildError(f"{where}: {exc}") from None
    cond["evidence"] = [r.as_dict() for r in refs]


def _check_condition(where: str, cond: dict, profile_side: bool) -> None:
    if not isinstance(cond, dict):
        raise BuildError(f"{where}: a condition must be a mapping")
    if not isinstance(cond.get("required", False), bool) or (profile_side and cond.get("required")):
        raise BuildError(f"{where}: required must be true or false, and only on a firm condition")
    if not isinstance(cond.get("weight", 1.0), (int, float)) or cond.get("weight", 1.0) < 0:
        raise BuildError(f"{where}: weight must be a non-negative number")
    if not profile_side and "sectors" in cond and not cond.get("required") and "capability" in cond:
        raise BuildError(f"{where}: sectors on a capability condition only with required: true (it binds in those "
                         "sectors); a field condition may carry sectors to count only there")
    if "sectors" in cond and (not isinstance(cond["sectors"], list) or not cond["sectors"]
                                               or not all(isinstance(x, str) for x in cond["sectors"])):
        raise BuildError(f"{where}: sectors must be a non-empty list of sector ids")
    if profile_side:
        if "tag" in cond:
            if cond["tag"] not in TAGS:
                raise BuildError(f"{where}: unknown tag {cond['tag']!r}")
        elif "indicator" in cond:
            if not any(cond["indicator"] in v for v in INDICATORS.values()):
                raise BuildError(f"{where}: unknown indicator {cond['indicator']!r}")
        elif "component" in cond:
            if cond["component"] not in COMPONENTS or cond.get("op") not in ("<=", ">="):
                raise BuildError(f"{where}: component must be policy/demand/risk with op <= or >=")
        else:
            raise BuildError(f"{where}: a profile condition needs tag, indicator or component")
    else:
        if "field" in cond:
            if cond["field"] not in FIRM_FIELDS:
                raise BuildError(f"{where}: unknown firm field {cond['field']!r}")
        elif "capability" in cond:
            if cond["capability"] not in CAPABILITY_KEYS:
                raise BuildError(f"{where}: unknown capability {cond['capability']!r}")
        else:
            raise BuildError(f"{where}: a firm condition needs field or capability")
        if cond.get("op") not in OPS:
            raise BuildError(f"{where}: op must be one of {', '.join(OPS)}")


def _check_why_sectors(where: str, cond: dict, sectors: set[str]) -> None:
    """``why_sectors``: the sectors a capability condition's words fit (elsewhere the answer says plainly that the
    sector needs the capability, ``recommender.reading.condition_why``); a non-empty list of known sector ids."""
    if "why_sectors" not in cond:
        return
    secs = cond["why_sectors"]
    if "capability" not in cond:
        raise BuildError(f"{where}: why_sectors only on a capability condition")
    if not isinstance(secs, list) or not secs or not all(isinstance(x, str) for x in secs):
        raise BuildError(f"{where}: why_sectors must be a non-empty list of sector ids")
    unknown = [x for x in secs if x not in sectors]
    if unknown:
        raise BuildError(f"{where}: unknown sectors {unknown} in why_sectors")


SCOPES = ("sector", "region", "any", "all")  # all: also national facts about every sector (tags only)


def _check_scoped(where: str, cond: dict) -> None:
    """A regional availability condition: a tag or indicator with a scope (sector | region | any)."""
    if not isinstance(cond, dict) or not ("tag" in cond or "indicator" in cond):
        raise BuildError(f"{where}: needs a tag or an indicator")
    if "tag" in cond and cond["tag"] not in TAGS:
        raise BuildError(f"{where}: unknown tag {cond['tag']!r}")
    if "indicator" in cond and not any(cond["indicator"] in v for v in INDICATORS.values()):
        raise BuildError(f"{where}: unknown indicator {cond['indicator']!r}")
    if cond.get("scope", "sector") not in SCOPES:
        raise BuildError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    if not isinstance(cond.get("opens_opportunity", True), bool):
        raise BuildError(f"{where}: opens_opportunity must be true or false")
    if cond.get("scope") == "all" and "tag" not in cond:
        raise BuildError(f"{where}: scope all is for a tag (national facts about every sector carry tags, not a sector's indicator)")
    if "sectors" in cond and (not isinstance(cond["sectors"], list) or not cond["sectors"]
                                               or not all(isinstance(x, str) for x in cond["sectors"])):  # fmt: skip
        raise BuildError(f"{where}: sectors must be a non-empty list of sector ids (the condition opens the mode only there)")
    for k in ("why_ko", "why_en"):
        if not cond.get(k):
            raise BuildError(f"{where}: {k} is required (say what must be documented for the region)")


def _dated_condition(where: str, cond: dict) -> dict:
    """A condition flagged ``dated_judgement: true`` (a 2018 reading of regulation, market openness, licensing, data
    rules or market shares stated in the present tense) with its ``why_*`` texts marked as the 2018 report's judgement
    (:func:`features.vintage.judged`) wherever it is shown; any other condition unchanged (docs/audit/dated_readings.md)."""
    if not isinstance(cond, dict) or "dated_judgement" not in cond:
        return cond
    if not isinstance(cond["dated_judgement"], bool):
        raise BuildError(f"{where}: dated_judgement must be true or false")
    if not cond["dated_judgement"]:
        return cond
    out = dict(cond)
    for k in ("why_ko", "why_en", "why_failed_ko", "why_failed_en"):
        if out.get(k):
            out[k] = judged(out[k], k[-2:])
    return out


def load_strategies(path: Path, sectors: set[str], docs: dict[str, Document]) -> dict[str, dict]:
    """Strategies by id, in file order; all contract ids must be present."""
    out: dict[str, dict] = {}
    for i, entry in enumerate(_load_yaml(path, "strategies"), start=1):
        sid = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path} strategy #{i} ({sid})"
        if not sid or sid in out:
            raise BuildError(f"{where}: id missing or duplicated")
        for k in ("name_ko", "name_en", "description_ko", "description_en"):
            if not entry.get(k):
                raise BuildError(f"{where}: {k} is required")
        unknown = [s for s in entry.get("sectors") or [] if s not in sectors]
        if unknown:
            raise BuildError(f"{where}: unknown sectors {unknown}")
        for key in ("names_by_sector", "descriptions_by_sector"):  # a sector's own wording (panel 5)
            by_sector = entry.get(key) or {}
            if not isinstance(by_sector, dict) or any(
                    s not in (entry.get("sectors") or []) or not isinstance(n, dict) or not n.get("ko") or not n.get("en")
                    for s, n in by_sector.items()):  # fmt: skip
                raise BuildError(f"{where}: {key} maps a sector of the strategy to {{ko: …, en: …}}")
        prereq = entry.get("prerequisites") or {}
        bad = [k for k in prereq if k not in PREREQUISITES]
        if bad:
            raise BuildError(f"{where}: unknown prerequisites {bad}")
        prereq, size_rule = _size_rule(where, prereq, entry.get("sectors") or [])
        for j, cond in enumerate(entry.get("firm_conditions") or [], start=1):
            _check_condition(f"{where} firm condition {j}", cond, profile_side=False)
            _check_why_sectors(f"{where} firm condition {j}", cond, sectors)
            _condition_evidence(f"{where} firm condition {j}", cond, docs)
        for j, cond in enumerate(entry.get("profile_conditions") or [], start=1):
            _check_condition(f"{where} profile condition {j}", cond, profile_side=True)
            _condition_evidence(f"{where} profile condition {j}", cond, docs)
        for key in ("available_if", "unless"):
            for j, cond in enumerate(entry.get(key) or [], start=1):
                _check_scoped(f"{where} {key} {j}", cond)
                _condition_evidence(f"{where} {key} {j}", cond, docs)
        for key in ("firm_conditions", "profile_conditions", "available_if", "unless"):
            entry[key] = [_dated_condition(f"{where} {key} {j}", c)
                          for j, c in enumerate(entry.get(key) or [], start=1)]  # fmt: skip
        if not isinstance(entry.get("requires_capability", False), bool):
            raise BuildError(f"{where}: requires_capability must be true or false")
        if entry.get("requires_capability") and not any("capability" in c for c in entry.get("firm_conditions") or []):
            raise BuildError(f"{where}: requires_capability needs at least one capability condition")
        for key in ("risks_ko", "risks_en"):
            lines = entry.get(key) or []
            odd = [j for j, x in enumerate(lines, start=1) if not isinstance(x, str)]
            if odd:  # an unquoted ": " in a YAML list item makes it a mapping, not a sentence
                raise BuildError(f"{where}: {key} line {odd[0]} is not plain text — put the sentence in quotes")
        if not isinstance(entry.get("preference", 50), int):
            raise BuildError(f"{where}: preference must be an integer (lower = the reports' first choice)")
        out[sid] = {
            **entry,
            "available_if": list(entry.get("available_if") or []),
            "unless": list(entry.get("unless") or []),
            "sectors": list(entry.get("sectors") or []),
            "prerequisites": dict(prereq),
            "firm_conditions": list(entry.get("firm_conditions") or []) + size_rule,
            "requires_capability": bool(entry.get("requires_capability", False)),
            "profile_conditions": list(entry.get("profile_conditions") or []),
            "risks_ko": list(entry.get("risks_ko") or []),
            "risks_en": list(entry.get("risks_en") or []),
            "evidence": _evidence(where, entry, docs),
        }
    missing = [s for s in STRATEGY_IDS if s not in out]
    if missing:
        raise BuildError(f"{path}: contract strategies missing: {', '.join(missing)}")
    return out


#: why a sector-scoped size rule (:func:`_size_rule`) fails, in the client's words: whose rule it is
SIZE_RULE_WHY = {
    "ko": "보고서가 정한 요건이 아니라 이 추천 도구가 쓰는 기준입니다.",
    "en": "a threshold this recommender uses, not a requirement stated in the reports.",
}


def _size_rule(where: str, prereq: dict, sectors: list[str]) -> tuple[dict, list[dict]]:
    """A size rule that binds only in some sectors (``min_employees_sectors`` beside ``min_employees``; panel 25 F12:
    a 3-person cross-border seller was kept from the e-commerce platforms by the platform alliance's 5-employee rule,
    which has no line behind it, while the issue report encourages small firms' use of e-commerce,
    china_4ir_issue_2018:716-720). Returns the prerequisites without it (``min_employees`` 0) and the rule as a
    sector-scoped required firm condition (``tool_rule``: no evidence of its own — the answer says it is this tool's
    threshold, :func:`recommender.strategies.failed_requirements`), which the engine reads like any other
    (``CompiledStrategies.scoped``). Without ``min_employees_sectors`` nothing changes."""
    if "min_employees_sectors" not in prereq:
        return prereq, []
    scoped = prereq["min_employees_sectors"]
    if not isinstance(scoped, list) or not scoped or any(s not in sectors for s in scoped):
        raise BuildError(f"{where}: min_employees_sectors lists sectors of the strategy where its size rule binds")
    floor = float(prereq.get("min_employees") or 0)
    kept = {k: v for k, v in prereq.items() if k != "min_employees_sectors"}
    kept["min_employees"] = 0
    if floor <= 0:
        return kept, []
    return kept, [{"field": "employees", "op": ">=", "value": floor, "weight": 0.0, "required": True,
                   "sectors": list(scoped), "tool_rule": True, "evidence": [],
                   "why_ko": SIZE_RULE_WHY["ko"], "why_en": SIZE_RULE_WHY["en"]}]  # fmt: skip


def load_implications(path: Path, sectors: set[str], regions: set[str], strategies: set[str],
                      docs: dict[str, Document]) -> dict[str, dict]:  # fmt: skip
    """Implications by id, in file order."""
    out: dict[str, dict] = {}
    for i, entry in enumerate(_load_yaml(path, "implications"), start=1):
        iid = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path} implication #{i} ({iid})"
        if not iid or iid in out:
            raise BuildError(f"{where}: id missing or duplicated")
        if entry.get("audience") not in ("firms", "government"):
            raise BuildError(f"{where}: audience must be firms or government")
        for k in ("title_ko", "title_en", "text_ko", "text_en"):
            if not entry.get(k):
                raise BuildError(f"{where}: {k} is required")
        secs = list(entry.get("sectors") or ["all"])
        if any(s != "all" and s not in sectors for s in secs):
            raise BuildError(f"{where}: unknown sector in {secs}")
        regs = list(entry.get("regions") or [])
        if any(r not in regions for r in regs):
            raise BuildError(f"{where}: unknown region in {regs}")
        strs = list(entry.get("strategies") or [])
        if any(s not in strategies for s in strs):
            raise BuildError(f"{where}: unknown strategy in {strs}")
        if not isinstance(entry.get("dated_judgement", False), bool):
            raise BuildError(f"{where}: dated_judgement must be true or false")
        out[iid] = {**entry, "sectors": secs, "regions": regs, "strategies": strs,
                    "evidence": _evidence(where, entry, docs)}  # fmt: skip
    return out


def load_precedents(path: Path, sectors: set[str], regions: set[str], strategies: set[str],
                    docs: dict[str, Document]) -> dict[str, dict]:  # fmt: skip
    """Real cases the reports describe (``data/precedents.yaml``), by id in file order; every one cited.

    ``region_id`` may be ``CN`` for a case the reports do not tie to one region. ``applies_if`` (optional): the firms
    the case is like, in the ``applies_if`` syntax of ``data/sector_risks.csv`` with capability literals only
    (``ai_software>=3;digital_health>=3``; :mod:`features.sector_risks`), kept as ``conditions`` — one tuple of
    ``(capability, level, negate)`` per ``;``-term; a case without it is shown to every firm (panel 31 S4: medical-AI
    cases were shown to a dental-implant maker)."""
    out: dict[str, dict] = {}
    for i, entry in enumerate(_load_yaml(path, "precedents"), start=1):
        pid = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path} precedent #{i} ({pid})"
        if not pid or pid in out:
            raise BuildError(f"{where}: id missing or duplicated")
        for k in ("who_ko", "who_en", "note_ko", "note_en"):
            if not entry.get(k):
                raise BuildError(f"{where}: {k} is required")
        if entry.get("region_id") != "CN" and entry.get("region_id") not in regions:
            raise BuildError(f"{where}: unknown region_id {entry.get('region_id')!r} (a region id or CN)")
        if entry.get("sector_id") not in sectors:
            raise BuildError(f"{where}: unknown sector_id {entry.get('sector_id')!r}")
        if entry.get("strategy_id") not in strategies:
            raise BuildError(f"{where}: unknown strategy_id {entry.get('strategy_id')!r}")
        out[pid] = {**entry, "korean": bool(entry.get("korean")), "evidence": _evidence(where, entry, docs),
                    "conditions": _precedent_conditions(str(entry.get("applies_if") or ""), strategies, where)}
    return out


def _precedent_conditions(text: str, strategies: set[str], where: str) -> tuple:
    """A precedent's ``applies_if`` as ``((capability, level, negate), …)`` per term; a strategy literal is refused
    (the case's own ``strategy_id`` already says its entry mode)."""
    from features.sector_risks import parse_conditions

    terms: dict[int, list] = {}
    for c in parse_conditions(text, strategies, where):
        if c.kind != "capability":
            raise BuildError(f"{where}: applies_if of a precedent takes capability terms only (its strategy_id gives "
                             "the entry mode)")  # fmt: skip
        terms.setdefault(c.term, []).append((c.key, c.level, c.negate))
    return tuple(tuple(t) for t in terms.values())
