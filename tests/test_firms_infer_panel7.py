"""Issue 18, advisor panel 7 on inferred capabilities: a domain word in front of another field's product names what
the product does, not the firm's field — F12 ("자율주행 방제기", an autonomous sprayer of a greenhouse-controller maker,
was sent to Baidu Apollo at rank 1) and F10 ("전기차용 배터리 모듈" gave a battery maker autonomous driving at ranks 2–5)."""

from __future__ import annotations

import pytest

from features.facts import CAPABILITY_KEYS
from features.firms import firms_from_records
from features.firms.infer import Inferrer
from recommender.industry_scope import apply_industry_gate, industry_scope
from recommender.weights import preset_weights

F12 = {"firm_id": "F12", "employees": 160, "revenue_krw_100m": 340, "china_experience_years": 5,
       "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 30, "risk_tolerance": "medium", "horizon_years": 5,
       "industry_code": "29210", "products": "스마트팜 온실 환경제어기, 양액 공급기, 자율주행 방제기"}  # fmt: skip
F10 = {"firm_id": "F10", "employees": 900, "revenue_krw_100m": 4200, "china_experience_years": 8,
       "has_china_entity": True, "chinese_speaking_staff": 30, "investment_capacity_krw_100m": 500,
       "certifications": ["UL9540", "ISO14001"], "risk_tolerance": "high", "horizon_years": 7,
       "industry_code": "28202", "products": "리튬이온 배터리 팩, 에너지저장장치(ESS), 전기차용 배터리 모듈"}  # fmt: skip


@pytest.fixture(scope="module")
def inf():
    return Inferrer()


def _v(res) -> dict[str, int]:
    return {k: v for k, v in zip(CAPABILITY_KEYS, res.values) if v}


# ------------------------------------------------------------------ F12: an autonomous farm machine


def test_f12_autonomous_sprayer_is_farm_machinery_not_car_autonomy(inf):
    res = inf.infer(F12["industry_code"], F12["products"])
    v = _v(res)
    assert res.top() == "agritech" and v["agritech"] == 4
    assert v.get("automotive_mobility", 0) <= 2  # was 4: sent the firm to Beijing autonomous driving / Apollo
    assert v.get("ai_software", 0) <= 1
    assert "'자율주행 방제기'" in res.reason and "'방제기'" not in res.reason  # the head is not named twice


@pytest.mark.parametrize("text, top, level", [
    ("자율주행 방제기", "agritech", 4),
    ("자율주행 이앙기", "agritech", 4),
    ("드론 방제 서비스, 자율주행 농기계", "agritech", 4),
    ("자율주행 AGV", "logistics_tech", 4),
    ("자율주행 운반로봇", "logistics_tech", 4),
    ("자율주행 물류로봇", "logistics_tech", 4),
    ("자율주행 청소 로봇", "smart_manufacturing", 4),
    ("자율주행 서빙로봇", "smart_manufacturing", 4),
])  # fmt: skip
def test_autonomy_of_a_farm_machine_or_robot_raises_that_field(inf, text, top, level):
    res = inf.infer("", text)
    v = _v(res)
    assert res.top() == top and v[top] == level, res.reason
    assert v.get("automotive_mobility", 0) <= 2 and v.get("ai_software", 0) <= 1, res.reason


def test_car_autonomy_keeps_automotive_and_farm_autonomy_does_not(inf):
    """Autonomy of a car, or a head in another item (the comma ends "자율주행 소프트웨어"), keeps level 4; the same
    word before a farm machine does not."""
    for text in ("자율주행 소프트웨어", "자율주행 셔틀", "자율주행 라이다 센서", "ADAS, 자율주행 플랫폼",
                 "자율주행 소프트웨어, 물류로봇"):
        assert _v(inf.infer("", text))["automotive_mobility"] == 4, text
    assert _v(inf.infer("", "자율주행 방제기")).get("automotive_mobility", 0) == 2


# ------------------------------------------------------------------ F10: an EV battery maker


def test_f10_ev_battery_module_is_energy_with_automotive_an_input(inf):
    res = inf.infer(F10["industry_code"], F10["products"])
    v = _v(res)
    assert res.top() == "energy_tech" and v["energy_tech"] == 4
    assert v["automotive_mobility"] == 2  # was 3 (from "전기차용" and the KSIC 28202 prior)


@pytest.mark.parametrize("text", ["전기차용 배터리 모듈", "EV용 배터리 셀", "차량용 배터리", "전기차 배터리 팩",
                                  "자동차용 리튬이온 배터리", "전기자동차 2차전지", "수소차 연료전지 스택"])  # fmt: skip
def test_vehicle_word_before_a_battery_adds_at_most_automotive_2(inf, text):
    v = _v(inf.infer("", text))
    assert v["energy_tech"] >= 3 and v["automotive_mobility"] == 2, v


def test_vehicle_words_before_car_parts_keep_their_level_but_not_before_batteries(inf):
    for text, key in (("차량용 카메라 모듈", "automotive_mobility"), ("전기차 브레이크", "automotive_mobility"),  # (a drive motor reads 4 since panel 20 F04: tests/test_panel20_21.py)
                      ("차량용 센서", "automotive_mobility"), ("전기차 충전기", "energy_tech")):
        assert _v(inf.infer("", text))[key] == 3, text
    assert _v(inf.infer("", "차량용 배터리 모듈"))["automotive_mobility"] == 2


def test_ksic_28202_alone_is_a_battery_maker_not_a_car_technology(inf):
    v = _v(inf.infer("28202", ""))
    assert v["energy_tech"] == 3 and v["automotive_mobility"] == 2


def test_every_modifier_term_is_a_lexicon_term(inf):
    """A modifier that is not itself a lexicon term would never be looked at (a dead entry)."""
    from features.firms.infer import _squash, normalise_text
    from features.firms.lexicon import HEADED_MODIFIERS

    missing = [w for terms, _ in HEADED_MODIFIERS for w in terms.split("|")
               if _squash(normalise_text(w)) not in inf.lexicon.terms]  # fmt: skip
    assert not missing


# ------------------------------------------------------------------ the answers the panel read


@pytest.mark.parametrize("firm, banned", [(F12, {"autonomous_driving"}), (F10, {"autonomous_driving"})])
def test_panel_firms_are_not_sent_to_autonomous_driving(kb, rec, firm, banned):
    batch = firms_from_records([firm], kb.regions)
    f = batch.firms.firm(0)
    result = apply_industry_gate(rec.recommend(batch.firms, 0, preset_weights()), f, industry_scope(kb, f))
    sectors = [r["sector_id"] for r in result["recommendations"][:5]]
    assert sectors and not banned & set(sectors), sectors

