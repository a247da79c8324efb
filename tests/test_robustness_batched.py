"""Issue 19: ``Recommender.robustness`` ranks all 200 weight/data draws in one batch, for both methods. The shares
must be those of the per-draw loop it replaced — same seed, same draws in the same order, the same IEEE operations
row by row — on the ninth advisor panel's firms and on random firms (one firm and several per table, preferred and
excluded regions, every risk tolerance). The loop is kept here, verbatim, as the reference."""

from __future__ import annotations

import numpy as np
import pytest

from features.facts import CAPABILITY_KEYS as KEYS
from features.firms import firms_from_records
from recommender import engine, kernels
from recommender.weights import preset_weights

# the ninth advisor panel's 16 firms (/work/handoff/panel9_firms F01–F16, as given; zero capabilities left out)
PANEL9 = [
    {"firm_id": "F01", "name": "한빛비전AI", "employees": 85, "revenue_krw_100m": 120, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 30, "certifications": ["ISO27001", "GS인증"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "capabilities": {"ai_software": 5, "cloud_big_data": 3, "iot_devices": 2, "smart_transport": 2, "urban_services": 2}},
    {"firm_id": "F02", "name": "대성오토파츠", "employees": 1200, "revenue_krw_100m": 6500, "china_experience_years": 15, "has_china_entity": True, "chinese_speaking_staff": 40, "investment_capacity_krw_100m": 800, "certifications": ["IATF16949", "ISO14001"], "risk_tolerance": "low", "horizon_years": 10, "preferred_regions": [], "excluded_regions": [], "capabilities": {"semiconductors_sensors": 2, "iot_devices": 1, "automotive_mobility": 5, "smart_manufacturing": 4}},
    {"firm_id": "F03", "name": "메디웨이브", "employees": 60, "revenue_krw_100m": 90, "china_experience_years": 1, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 15, "certifications": ["ISO13485", "KGMP", "CE"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "capabilities": {"ai_software": 2, "medical_devices": 5, "digital_health": 3}},
    {"firm_id": "F04", "name": "페이브릿지", "employees": 45, "revenue_krw_100m": 70, "china_experience_years": 3, "has_china_entity": False, "chinese_speaking_staff": 6, "investment_capacity_krw_100m": 20, "certifications": ["ISO27001", "PCI-DSS"], "risk_tolerance": "high", "horizon_years": 4, "preferred_regions": ["CN-SH"], "excluded_regions": [], "capabilities": {"ai_software": 3, "cloud_big_data": 3, "fintech": 5, "ecommerce_consumer": 2}},
    {"firm_id": "F05", "name": "그린셀에너지", "employees": 320, "revenue_krw_100m": 1800, "china_experience_years": 6, "has_china_entity": True, "chinese_speaking_staff": 8, "investment_capacity_krw_100m": 200, "certifications": ["ISO9001", "KS"], "risk_tolerance": "medium", "horizon_years": 8, "preferred_regions": [], "excluded_regions": [], "capabilities": {"iot_devices": 2, "smart_manufacturing": 3, "energy_tech": 5}},
    {"firm_id": "F06", "name": "팜링크", "employees": 3, "revenue_krw_100m": 2, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 0.5, "certifications": [], "risk_tolerance": "low", "horizon_years": 3, "preferred_regions": [], "excluded_regions": [], "capabilities": {"iot_devices": 1, "ecommerce_consumer": 1, "agritech": 3}},
    {"firm_id": "F07", "name": "넥스트로지스", "employees": 150, "revenue_krw_100m": 400, "china_experience_years": 4, "has_china_entity": False, "chinese_speaking_staff": 5, "investment_capacity_krw_100m": 50, "certifications": ["AEO", "ISO9001"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": ["CN-BJ"], "capabilities": {"ai_software": 2, "cloud_big_data": 2, "iot_devices": 3, "ecommerce_consumer": 2, "logistics_tech": 5}},
    {"firm_id": "F08", "name": "코리아하우징디자인", "employees": 25, "revenue_krw_100m": 40, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 5, "certifications": [], "risk_tolerance": "low", "horizon_years": 3, "preferred_regions": [], "excluded_regions": [], "capabilities": {"urban_services": 1, "ecommerce_consumer": 1}},
    {"firm_id": "F09", "name": "세진반도체장비", "employees": 2000, "revenue_krw_100m": 9000, "china_experience_years": 12, "has_china_entity": True, "chinese_speaking_staff": 30, "investment_capacity_krw_100m": 1500, "certifications": ["ISO9001", "SEMI S2"], "risk_tolerance": "medium", "horizon_years": 10, "preferred_regions": [], "excluded_regions": [], "industry_code": "29271", "products": "반도체 및 디스플레이 제조용 증착장비(CVD), 식각장비, OLED 봉지장비"},
    {"firm_id": "F10", "name": "바이오젠코리아", "employees": 110, "revenue_krw_100m": 150, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 60, "certifications": ["KGMP", "ISO13485"], "risk_tolerance": "high", "horizon_years": 8, "preferred_regions": [], "excluded_regions": [], "industry_code": "21102", "products": "유전체 분석 서비스, 체외진단 시약 및 분자진단 키트"},
    {"firm_id": "F11", "name": "스마트팩토리솔루션즈", "employees": 70, "revenue_krw_100m": 95, "china_experience_years": 3, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 10, "certifications": ["ISO9001"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "58222", "products": "MES 생산관리 소프트웨어, 설비 예지보전 솔루션, 스마트공장 구축"},
    {"firm_id": "F12", "name": "한결식품", "employees": 400, "revenue_krw_100m": 1200, "china_experience_years": 8, "has_china_entity": True, "chinese_speaking_staff": 10, "investment_capacity_krw_100m": 100, "certifications": ["HACCP", "ISO22000"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "10799", "products": "김, 조미김, 김스낵, 전통 장류(고추장·된장)"},
    {"firm_id": "F13", "name": "청우농기계", "employees": 230, "revenue_krw_100m": 700, "china_experience_years": 5, "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 40, "certifications": ["ISO9001", "KC"], "risk_tolerance": "medium", "horizon_years": 7, "preferred_regions": [], "excluded_regions": [], "industry_code": "29210", "products": "트랙터, 드론 방제기, 스마트팜 자동관수 시스템"},
    {"firm_id": "F14", "name": "로드텍모빌리티", "employees": 55, "revenue_krw_100m": 60, "china_experience_years": 1, "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 10, "certifications": ["ISO9001"], "risk_tolerance": "high", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "26429", "products": "차량용 라이다 센서, V2X 통신 모듈, 자율주행 인지 소프트웨어"},
    {"firm_id": "F15", "name": "뷰티플러스코스메틱", "employees": 35, "revenue_krw_100m": 80, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 8, "certifications": ["CGMP", "ISO22716"], "risk_tolerance": "medium", "horizon_years": 3, "preferred_regions": [], "excluded_regions": [], "industry_code": "20423", "products": "기초 화장품(스킨케어), 마스크팩, 온라인 쇼핑몰 판매"},
    {"firm_id": "F16", "name": "케이텍스타일", "employees": 500, "revenue_krw_100m": 2200, "china_experience_years": 20, "has_china_entity": True, "chinese_speaking_staff": 25, "investment_capacity_krw_100m": 150, "certifications": ["OEKO-TEX"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "13102", "products": "면 방적사, 직물 원단 제조 및 염색가공"},
]


def loop_robustness(rec, firms, weights, top_n, method="wsm", samples=engine.ROBUSTNESS_SAMPLES, seed=engine.ROBUSTNESS_SEED):
    """The per-draw loop of ``Recommender.robustness`` before issue 19's batching (commit d0f079a, its topsis
    branch and the wsm branch of before 3113111): one draw at a time, ranked with ``Recommender.ranked``."""
    rng = np.random.default_rng(seed)
    draws = rng.dirichlet(engine.ROBUSTNESS_CONCENTRATION * weights.vector() + 0.5, size=samples)
    base = rec.score_block(firms, weights, method)
    n, p = base.score.shape
    hits = np.zeros((n, p), dtype=np.int64)
    sector_hits = np.zeros((n, len(rec.sector_list)), dtype=np.int64)
    k = min(top_n, p)
    spread = engine.ROBUSTNESS_DATA_SPREAD * (1.0 - rec.confidence)
    factor = kernels.risk_factor(base.readiness, firms.risk_tolerance)[:, None]
    has_pref = np.array([bool(x) for x in firms.preferred_regions])
    pref = rec.region_mask(firms.preferred_regions) if has_pref.any() else None
    for w in draws:
        policy, demand, risk = (np.clip(x + spread * rng.standard_normal(p)[rec.noise_col], 0.0, 1.0)
                                for x in (rec.policy, rec.demand, rec.risk_total))  # fmt: skip
        risk_eff = factor * risk[None, :]
        if method == "wsm":
            s = kernels.wsm(base.fit, policy, demand, risk_eff, w)
        else:
            matrix = np.stack([base.fit, np.broadcast_to(policy, (n, p)),
                               np.broadcast_to(demand, (n, p)), risk_eff], axis=2)  # fmt: skip
            s = kernels.topsis(matrix, w, engine.COST)
        if pref is not None:
            s = kernels.with_preference(s, pref, has_pref)
        s = np.where(np.isneginf(base.score), -np.inf, s)
        rec._count_hits(s, base.fit, n, k, hits, sector_hits)
    return rec._hit_share(hits, sector_hits, samples)


def _random_firms(kb, rng, count):
    regions = sorted(kb.regions)
    out = []
    for i in range(count):
        caps = {key: int(rng.integers(0, 6)) if rng.random() < 0.4 else 0 for key in KEYS}
        caps[KEYS[int(rng.integers(len(KEYS)))]] = int(rng.integers(3, 6))
        pick = rng.permutation(len(regions))
        out.append({"firm_id": f"R{i:03d}", "name": f"무작위{i}", "employees": int(rng.integers(5, 3000)),
                    "revenue_krw_100m": int(rng.integers(1, 5000)), "china_experience_years": int(rng.integers(0, 20)),
                    "has_china_entity": bool(rng.random() < 0.4), "chinese_speaking_staff": int(rng.integers(0, 30)),
                    "investment_capacity_krw_100m": int(rng.integers(0, 1000)), "certifications": [],
                    "risk_tolerance": ["low", "medium", "high"][i % 3], "horizon_years": int(rng.integers(1, 11)),
                    "preferred_regions": [regions[j] for j in pick[:int(rng.integers(0, 3))]] if i % 2 else [],
                    "excluded_regions": [regions[j] for j in pick[3:3 + int(rng.integers(0, 3))]] if i % 4 == 1 else [],
                    "capabilities": {**dict.fromkeys(KEYS, 0), **caps}})  # fmt: skip
    return out


def _full(record):
    if "capabilities" not in record:
        return record
    return {**record, "capabilities": {**dict.fromkeys(KEYS, 0), **record["capabilities"]}}


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_batched_robustness_equals_the_per_draw_loop_on_panel9_firms(kb, rec, method):
    assert len(PANEL9) == 16
    seen = set()
    for preset in ("balanced", "growth", "conservative"):
        w = preset_weights(preset)
        for record in PANEL9:
            one = firms_from_records([_full(record)], kb.regions).firms
            new, old = rec.robustness(one, w, 5, method), loop_robustness(rec, one, w, 5, method)
            assert new.shape == old.shape and np.array_equal(new, old), (record["firm_id"], preset)
            assert new.tobytes() == old.tobytes()
            seen.update(np.unique(new).tolist())
    # the comparison can fail: the shares take many values between 0 and 1 across the panel's firms
    assert len(seen) > 10 and min(seen) == 0.0 and max(seen) == 1.0


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_batched_robustness_equals_the_per_draw_loop_on_random_firms(kb, rec, method):
    rng = np.random.default_rng(19)
    records = _random_firms(kb, rng, 24)
    w = preset_weights("balanced")
    for record in records[:12]:  # one firm per table, as the app and the command line ask
        one = firms_from_records([record], kb.regions).firms
        assert np.array_equal(rec.robustness(one, w, 5, method), loop_robustness(rec, one, w, 5, method))
    many = firms_from_records(records[12:], kb.regions).firms  # several firms per table, fewer draws, other seed
    new = rec.robustness(many, w, 3, method, samples=37, seed=5)
    assert np.array_equal(new, loop_robustness(rec, many, w, 3, method, samples=37, seed=5))
    assert (new > 0).any() and (new < 1).any()


def test_robustness_blocks_split_the_draws_without_changing_the_shares(kb, rec, monkeypatch):
    """A block smaller than all draws (big firm tables) gives the same shares as one block."""
    records = _random_firms(kb, np.random.default_rng(3), 4)
    many = firms_from_records(records, kb.regions).firms
    w = preset_weights("balanced")
    whole = {m: rec.robustness(many, w, 5, m, samples=23) for m in ("wsm", "topsis")}
    monkeypatch.setattr("recommender.engine.ROBUSTNESS_BLOCK", 5 * many.capabilities.shape[0] * len(rec.policy))
    for m, share in whole.items():
        assert np.array_equal(rec.robustness(many, w, 5, m, samples=23), share)


def test_topsis_columns_with_a_weight_row_per_row_equals_one_call_per_row():
    rng = np.random.default_rng(1)
    fit, risk = rng.random((6, 40)), rng.random((6, 40))
    fit[2] = 0.5  # a flat criterion in one row
    policy, demand = rng.random((6, 40)), rng.random((6, 40))
    w = rng.dirichlet(np.ones(4), size=6)
    both = kernels.topsis_columns([fit, policy, demand, risk], w, engine.COST)
    for r in range(6):
        alone = kernels.topsis_columns([fit[r:r + 1], policy[r:r + 1], demand[r:r + 1], risk[r:r + 1]], w[r], engine.COST)
        assert both[r].tobytes() == alone[0].tobytes()
        stacked = np.stack([fit[r:r + 1], policy[r:r + 1], demand[r:r + 1], risk[r:r + 1]], axis=2)
        assert both[r].tobytes() == kernels._topsis_stacked(stacked, w[r], engine.COST)[0].tobytes()
