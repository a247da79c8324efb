"""A soft strategy condition that counts only in some sectors (issue 18, panel 14 F02): an injection-moulding machine
maker holding a CE mark was given "✔ 의료기기 인증을 이미 가진 기업이 유리합니다" — and its point — in robotics and
industrial-internet co-location answers. The medical-certification line (KIEP 6512–6514) now carries
``sectors: [smart_healthcare]``: it adds its weight, and is shown, only there; in other sectors it is neither in the
points nor in the most points a strategy can give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from features.knowledge import BuildError, load_strategies
from recommender.strategies import explain_conditions, firm_maximum
from tests.panel_support import answer, batch, caps, run_cli

ROOT = Path(__file__).resolve().parents[1]
MOULDING = {"firm_id": "F02", "name": "한일사출기계(창원)", "employees": 180, "revenue_krw_100m": 620,
            "china_experience_years": 10, "has_china_entity": True, "chinese_speaking_staff": 4,
            "investment_capacity_krw_100m": 40, "certifications": ["ISO 9001", "CE"], "risk_tolerance": "low",
            "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "29294",
            "products": "플라스틱 사출성형기, 전동식 사출기, 금형 자동교환장치"}  # fmt: skip
ULTRASOUND = {"firm_id": "F09", "name": "소노메디", "employees": 520, "revenue_krw_100m": 2100,
              "china_experience_years": 9, "has_china_entity": True, "chinese_speaking_staff": 8,
              "investment_capacity_krw_100m": 150, "certifications": ["ISO 13485", "CE", "NMPA 2등급"],
              "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": ["CN-GD"], "excluded_regions": [],
              "capabilities": caps(ai_software=2, semiconductors_sensors=2, medical_devices=5, digital_health=2)}  # fmt: skip
MEDICAL_LINE = "의료기기 인증을 이미 받아 본 기업은 인허가 경험이 있다고 보아"  # the reason reworded after panel 18 F05 (NMPA)


def _cert_condition(spec: dict) -> dict:
    return next(c for c in spec["firm_conditions"] if c.get("field") == "certifications")


def test_the_machine_maker_s_ce_mark_is_no_medical_reason_outside_healthcare(tmp_path, capsys):
    md = run_cli(MOULDING, tmp_path, capsys, "--format", "md")
    assert "앵커기업·클러스터 인근 입지" in md  # the co-location rows the panel read are still there …
    assert MEDICAL_LINE not in md  # … without the medical-certification tick (before: on each of them)


def test_outside_its_sector_a_soft_condition_is_neither_point_nor_maximum(kb, rec):
    cs = rec.strategies
    t = cs.ids.index("cluster_colocation")
    spec = cs.specs[t]
    cond = _cert_condition(spec)
    assert cond["sectors"] == ["smart_healthcare"] and not cond.get("required")
    assert firm_maximum(spec, "robotics") == firm_maximum(spec, "smart_healthcare") - float(cond["weight"])
    firms = batch(kb, MOULDING).firms
    robotics = next(i for i, p in enumerate(rec.profiles) if p.sector_id == "robotics" and p.region_id == "CN-SH")
    health = next(i for i, p in enumerate(rec.profiles) if p.sector_id == "smart_healthcare" and p.region_id == "CN-GD")
    rows = {p: {r["name"] for r in explain_conditions(spec, firms, rec.profiles[p])} for p in (robotics, health)}
    assert "certifications" not in rows[robotics] and "certifications" in rows[health]
    # the points: the CE mark moves the rule score in healthcare only
    plain = batch(kb, {**MOULDING, "certifications": ["ISO 9001"]}).firms
    opp = np.array([robotics, health])
    with_ce = cs.rule_scores(cs.eligibility(firms), cs.firm_points(firms), np.zeros(2, dtype=np.int64), opp,
                             cs.scoped_failures(firms), cs.soft_points(firms))[:, t]  # fmt: skip
    without = cs.rule_scores(cs.eligibility(plain), cs.firm_points(plain), np.zeros(2, dtype=np.int64), opp,
                             cs.scoped_failures(plain), cs.soft_points(plain))[:, t]  # fmt: skip
    assert with_ce[0] == without[0]  # robotics: the same score with or without CE
    total = cs.total_weight[health, t]
    assert with_ce[1] == pytest.approx(without[1] + float(cond["weight"]) / total)  # healthcare: one more point


def test_a_device_maker_still_gets_the_medical_certification_reason_in_healthcare(kb, rec):
    out = answer(kb, rec, ULTRASOUND)
    assert out["recommendations"][0]["sector_id"] == "smart_healthcare"
    prof = next(p for p in rec.profiles if (p.region_id, p.sector_id) == ("CN-GD", "smart_healthcare"))
    firms = batch(kb, ULTRASOUND).firms
    for sid in ("cluster_colocation", "direct_investment_pilot_zone"):
        spec = rec.strategies.specs[rec.strategies.ids.index(sid)]
        met = {r["name"]: r["met"] for r in explain_conditions(spec, firms, prof)}
        assert met["certifications"] == 1.0, sid


def test_sectors_on_a_soft_capability_condition_is_refused(kb, tmp_path):
    text = (ROOT / "data" / "strategies.yaml").read_text(encoding="utf-8")
    old = "- {capability: smart_manufacturing, op: \">=\", value: 3, weight: 0.5, "
    assert old in text
    path = tmp_path / "strategies.yaml"
    path.write_text(text.replace(old, old + "sectors: [robotics], ", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="sectors on a capability condition only with required: true"):
        load_strategies(path, set(kb.sectors), kb.docs)


def test_the_certification_reason_says_a_foreign_certificate_does_not_replace_chinese_registration() -> None:
    """Panel 18 F05 (an ultrasound maker with ISO 13485, CE and FDA 510(k)): the reason read "a firm that already holds
    medical-device certification is better placed (KIEP 6512–6514)" — the lines say certification and licensing
    matter, not that foreign certificates help, and Chinese classification and licensing are still needed (KIEP
    6044–6048, 5547–5551). The reason now says the credit is the tool's rule and that NMPA registration is separate,
    citing those lines, in both languages, wherever the condition stands."""
    import yaml

    spec = yaml.safe_load((ROOT / "data" / "strategies.yaml").read_text(encoding="utf-8"))
    conds = [c for s in spec["strategies"] for c in s.get("firm_conditions", [])
             if c.get("field") == "certifications" and "MFDS" in (c.get("value") or [])]  # fmt: skip
    assert len(conds) == 2
    for c in conds:
        assert "NMPA" in c["why_ko"] and "NMPA" in c["why_en"]
        assert "보고서가 정한 기준이 아님" in c["why_ko"] and "tool's own rule" in c["why_en"]
        assert {"kiep_internet_plus_2018:6044-6048", "kiep_internet_plus_2018:5547-5551"} <= set(c["evidence"])
    report = (ROOT / "data" / "reports" / "kiep_internet_plus_regional_2018.txt").read_text(encoding="utf-8").splitlines()
    assert "등급판정" in "".join(report[5546:5551]).replace(" ", "") and "인허" in "".join(report[6043:6048])
