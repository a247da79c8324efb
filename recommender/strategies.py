"""Entry-strategy selection by explicit rules (``data/strategies.yaml``), vectorised and explained.

For firm *f*, opportunity *p* and strategy *t*:

* **eligible** — the firm meets every hard prerequisite of *t* and *t* applies to *p*'s sector;
* **rule score** ``= (firm points + profile points) / (firm maximum + profile maximum)``. Firm points are the
  weights of the met field conditions (size, experience, tolerance…) plus the *largest* weight among the met
  capability conditions: a strategy's capability conditions are alternatives (component supply suits a chip maker
  or a 5G equipment maker; it does not need both). Profile points are the weights of the met profile conditions,
  where a tag or indicator found in the region's facts about the sector counts fully and one found only in national
  facts, or in the region's facts about every sector, counts half (a national programme is reachable from any
  region, and a region-wide zone is not about this sector, so both count less directly);
* the chosen strategy is the eligible one with the highest rule score, where a strategy written for specific
  sectors gets ``SPECIFICITY_BONUS`` (0.05) over a generic one (the reports' sector-specific advice wins a near
  tie); remaining ties go to the lower strategy id. The
  runner-ups are the next best, and the explanation lists which conditions held and which prerequisites failed.

Strategies are compiled once into arrays so that millions of (firm, opportunity) pairs are scored without a Python
loop over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from features.facts import CAPABILITY_KEYS
from features.firms import RISK_LEVELS, FirmTable

NATIONAL_SHARE = 0.5
SPECIFICITY_BONUS = 0.05
FALLBACK = "korean_support_channels"
_OPS = {"<=": np.less_equal, ">=": np.greater_equal, "==": np.equal}


def _firm_field(firms: FirmTable, name: str) -> np.ndarray:
    if name in CAPABILITY_KEYS:
        return firms.capabilities[:, CAPABILITY_KEYS.index(name)].astype(np.float64)
    return np.asarray(getattr(firms, name), dtype=np.float64)


def _firm_condition(firms: FirmTable, cond: dict) -> np.ndarray:
    name = cond.get("field") or cond.get("capability")
    values = _firm_field(firms, name)
    if cond["op"] == "in":
        wanted = cond["value"] if isinstance(cond["value"], list) else [cond["value"]]
        if name == "risk_tolerance":
            wanted = [RISK_LEVELS.index(v) for v in wanted]
        return np.isin(values, np.asarray(wanted, dtype=np.float64))
    target = cond["value"]
    if isinstance(target, bool):
        target = float(target)
    return _OPS[cond["op"]](values, float(target))


@dataclass
class CompiledStrategies:
    ids: list[str]  # sorted by id (tie order)
    specs: list[dict]
    applies: np.ndarray  # (P, T) bool: strategy applies to the opportunity's sector
    profile_points: np.ndarray  # (P, T)
    total_weight: np.ndarray  # (T,)

    @classmethod
    def compile(cls, strategies: dict[str, dict], profiles: list, sector_ids: list[str]) -> CompiledStrategies:
        ids = sorted(strategies)
        specs = [strategies[i] for i in ids]
        P, T = len(profiles), len(ids)
        applies = np.zeros((P, T), dtype=bool)
        points = np.zeros((P, T), dtype=np.float64)
        total = np.zeros(T, dtype=np.float64)
        for t, spec in enumerate(specs):
            total[t] = firm_maximum(spec) + sum(float(c.get("weight", 1.0)) for c in spec["profile_conditions"])
            for p, prof in enumerate(profiles):
                applies[p, t] = not spec["sectors"] or prof.sector_id in spec["sectors"]
                points[p, t] = sum(
                    float(c.get("weight", 1.0)) * profile_condition_met(c, prof) for c in spec["profile_conditions"]
                )
        total[total == 0] = 1.0
        return cls(ids, specs, applies, points, total)

    def eligibility(self, firms: FirmTable) -> np.ndarray:
        """(n, T) bool: the firm meets every hard prerequisite."""
        n = len(firms)
        out = np.ones((n, len(self.ids)), dtype=bool)
        for t, spec in enumerate(self.specs):
            out[:, t] = prerequisite_failures_mask(firms, spec["prerequisites"]) == 0
        return out

    def firm_points(self, firms: FirmTable) -> np.ndarray:
        """(n, T) sum of the weights of the firm conditions that hold."""
        out = np.zeros((len(firms), len(self.ids)), dtype=np.float64)
        for t, spec in enumerate(self.specs):
            best_capability = np.zeros(len(firms), dtype=np.float64)
            for c in spec["firm_conditions"]:
                met = float(c.get("weight", 1.0)) * _firm_condition(firms, c)
                if "capability" in c:
                    best_capability = np.maximum(best_capability, met)
                else:
                    out[:, t] += met
            out[:, t] += best_capability
        return out

    def rule_scores(self, eligible: np.ndarray, firm_pts: np.ndarray, firm_idx: np.ndarray, opp_idx: np.ndarray):
        """(m, T) rule scores for m (firm, opportunity) pairs; −1 where not eligible or not applicable."""
        s = (firm_pts[firm_idx] + self.profile_points[opp_idx]) / self.total_weight[None, :]
        ok = eligible[firm_idx] & self.applies[opp_idx]
        return np.where(ok, s, -1.0)

    def choose(self, rule_scores: np.ndarray) -> np.ndarray:
        """Index of the chosen strategy per pair (highest rule score + specificity bonus, then lowest id)."""
        specific = np.array([bool(s["sectors"]) for s in self.specs])
        best = np.argmax(rule_scores + SPECIFICITY_BONUS * specific[None, :], axis=1)
        none = rule_scores[np.arange(len(best)), best] < 0
        best[none] = self.ids.index(FALLBACK)
        return best


def firm_maximum(spec: dict) -> float:
    """The most firm points a strategy can give: all field conditions plus its heaviest capability condition."""
    fields = sum(float(c.get("weight", 1.0)) for c in spec["firm_conditions"] if "capability" not in c)
    caps = [float(c.get("weight", 1.0)) for c in spec["firm_conditions"] if "capability" in c]
    return fields + max(caps, default=0.0)


def profile_condition_met(cond: dict, prof) -> float:
    """1 when met by the region's facts about this sector; ``NATIONAL_SHARE`` when met only by national facts or by
    the region's facts about every sector (they speak of the place, not of this sector); else 0."""
    if "tag" in cond:
        if cond["tag"] in prof.tags_regional:
            return 1.0
        indirect = cond["tag"] in prof.tags_national or cond["tag"] in prof.tags_region_wide
        return NATIONAL_SHARE if indirect else 0.0
    if "indicator" in cond:
        ind = next((i for i in prof.indicators if i.indicator == cond["indicator"]), None)
        if ind is None or not ind.fact_ids:
            return 0.0
        direct = set(prof.sector_fact_ids)
        return 1.0 if any(f in direct for f in ind.fact_ids) else NATIONAL_SHARE
    value = getattr(prof, cond["component"])
    return float(value >= cond["value"] if cond["op"] == ">=" else value <= cond["value"])


def prerequisite_failures_mask(firms: FirmTable, prereq: dict) -> np.ndarray:
    """(n,) number of failed hard prerequisites per firm."""
    fails = np.zeros(len(firms), dtype=np.int64)
    checks = (
        ("min_employees", firms.employees),
        ("min_investment_krw_100m", firms.investment_capacity_krw_100m),
        ("min_china_experience_years", firms.china_experience_years),
        ("min_horizon_years", firms.horizon_years),
    )
    for key, values in checks:
        if prereq.get(key):
            fails += np.asarray(values, dtype=np.float64) < float(prereq[key])
    if prereq.get("requires_china_entity"):
        fails += ~np.asarray(firms.has_china_entity, dtype=bool)
    certs = prereq.get("certifications_any") or []
    if certs:
        wanted = {c.lower() for c in certs}
        fails += np.array([not wanted & {c.lower() for c in have} for have in firms.certifications], dtype=np.int64)
    return fails


PREREQ_TEXT = {
    "min_employees": ("종업원 {v}명 이상", "at least {v} employees"),
    "min_investment_krw_100m": ("투자여력 {v}억원 이상", "investment capacity of at least KRW {v} 100m (억원)"),
    "min_china_experience_years": ("중국 사업 경험 {v}년 이상", "at least {v} years of China experience"),
    "min_horizon_years": ("투자기간 {v}년 이상", "a horizon of at least {v} years"),
    "requires_china_entity": ("중국 현지법인 보유", "a legal entity in China"),
    "certifications_any": ("인증 보유: {v}", "one of these certifications: {v}"),
}


def failed_prerequisites(firm: dict, prereq: dict) -> list[dict]:
    """Which hard prerequisites one firm fails, in words (ko/en)."""
    out = []
    values = {
        "min_employees": firm["employees"],
        "min_investment_krw_100m": firm["investment_capacity_krw_100m"],
        "min_china_experience_years": firm["china_experience_years"],
        "min_horizon_years": firm["horizon_years"],
    }
    for key, have in values.items():
        if prereq.get(key) and have < prereq[key]:
            ko, en = PREREQ_TEXT[key]
            out.append({"ko": ko.format(v=prereq[key]), "en": en.format(v=prereq[key])})
    if prereq.get("requires_china_entity") and not firm["has_china_entity"]:
        ko, en = PREREQ_TEXT["requires_china_entity"]
        out.append({"ko": ko, "en": en})
    certs = prereq.get("certifications_any") or []
    if certs and not {c.lower() for c in certs} & {c.lower() for c in firm["certifications"]}:
        ko, en = PREREQ_TEXT["certifications_any"]
        out.append({"ko": ko.format(v=", ".join(certs)), "en": en.format(v=", ".join(certs))})
    return out


def explain_conditions(spec: dict, firm_table_row: FirmTable, prof) -> list[dict]:
    """Every soft condition of a strategy for one firm and profile: met (0, 0.5 or 1), weight, why (ko/en)."""
    rows = []
    for c in spec["firm_conditions"]:
        met = float(_firm_condition(firm_table_row, c)[0])
        rows.append({"kind": "firm", "met": met, "weight": float(c.get("weight", 1.0)),
                     "why_ko": c.get("why_ko", ""), "why_en": c.get("why_en", "")})  # fmt: skip
    for c in spec["profile_conditions"]:
        met = profile_condition_met(c, prof)
        rows.append({"kind": "profile", "met": met, "weight": float(c.get("weight", 1.0)),
                     "why_ko": c.get("why_ko", ""), "why_en": c.get("why_en", "")})  # fmt: skip
    return rows
