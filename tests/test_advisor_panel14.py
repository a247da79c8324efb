"""Issue 18, panel 14 F07: an MES software house (inferred smart manufacturing 4, IoT 4, cloud 4, AI 2) got Zhejiang
smart city ahead of Shanghai industrial internet. Two findings, each tested on that firm (given as the panel gave it):
industrial internet's national policy under-read the smart-factory plans (pilot roll-out and lead ministries were not
coded: D001, D002, docs/audit/advisor_recodes.md), and a "use" (precision) term that would move the firm is not in
fit because it would break "a higher capability never lowers a fit" (DESIGN.md, scoring principles)."""

from __future__ import annotations

import json

import numpy as np

from features.facts import CAPABILITY_KEYS
from features.firms import firms_from_records
from recommender import kernels
from recommender.cli import main

F07 = {"firm_id": "F07", "name": "팩토리웍스(구로) 스마트공장 MES", "employees": 85, "revenue_krw_100m": 120,
       "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2,
       "investment_capacity_krw_100m": 8, "certifications": ["GS인증 1등급"], "risk_tolerance": "medium",
       "horizon_years": 4, "preferred_regions": [], "excluded_regions": [], "industry_code": "58222",
       "products": "스마트공장 MES 소프트웨어, 설비 데이터 수집 IoT 게이트웨이, 클라우드 생산관리"}  # fmt: skip


def _profile(kb, region, sector):
    return next(p for p in kb.profiles if (p.region_id, p.sector_id) == (region, sector))


def _indicator(profile, name):
    return next((i for i in profile.indicators if i.indicator == name), None)


def test_industrial_internet_reads_the_smart_manufacturing_pilots_and_its_lead_ministries(kb):
    # 4ir 491-497 (project 2: pilots extended to regions, industries and firms), 651, 887, 1034-1038; KIEP 1901
    for region in ("CN-JS", "CN-SH", "CN-ZJ"):  # a national-only region, the seminar's region, a region-wide one
        p = _profile(kb, region, "industrial_internet")
        assert "D001" in _indicator(p, "pilot_designation").fact_ids
        assert "D002" in _indicator(p, "governance_body").fact_ids
    # the national reading rose from 0.219 (plans and targets only, both at the national cap); smart city's is 0.287
    assert 0.29 < _profile(kb, "CN-JS", "industrial_internet").policy < _profile(kb, "CN-JS", "smart_city").policy + 0.01
    # the lines the brief pointed at were already coded at full strength, so they could not be read higher
    target = _indicator(_profile(kb, "CN-JS", "industrial_internet"), "policy_target")
    assert {"C032", "C036"} <= set(target.fact_ids) and target.raw == 0.5


def test_f07_shanghai_industrial_internet_carries_the_new_evidence(tmp_path, capsys):
    path = tmp_path / "f07.json"
    path.write_text(json.dumps(F07, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["recommend", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    row = next(r for r in out["recommendations"] if (r["sector_id"], r["region_id"]) == ("industrial_internet", "CN-SH"))
    assert row["components"]["policy"] >= 0.35  # 0.285 before the recode
    assert row["score"] > 0.4665  # its score before the recode


def test_f07_fit_never_falls_when_its_strongest_capability_rises(kb, rec):
    """Why fit has no per-firm "use" term: with fit·(0.5 + 0.5·use/max use) F07's smart-city fit would fall from
    0.536 to 0.521 when its smart manufacturing rose from 4 to 5 — against DESIGN.md ("a higher capability never
    lowers a fit"). The coverage fit keeps every sector's fit when a capability rises."""
    base = firms_from_records([F07], kb.regions).firms.capabilities
    up = base.copy()
    up[0, list(CAPABILITY_KEYS).index("smart_manufacturing")] = 5  # 4 → 5
    f0 = kernels.fit_scores(base, rec.requirements, rec.core, central=rec.central, together=rec.together)
    f1 = kernels.fit_scores(up, rec.requirements, rec.core, central=rec.central, together=rec.together)
    assert (f1 >= f0 - 1e-7).all()
    s = list(rec.sector_list)
    assert np.isclose(f0[0, s.index("smart_city")], f1[0, s.index("smart_city")])
    assert f1[0, s.index("industrial_internet")] > f0[0, s.index("industrial_internet")]
