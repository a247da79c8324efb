"""Issue 18, the eighth independent advisor panel: an ERP/MES software house ("클라우드 SaaS") was read as cloud 4 and
sent to Hangzhou's city data platform ahead of its smart-factory market (F13, judged wrong)."""

from __future__ import annotations

from features.firms import firms_from_records
from recommender import present
from recommender.weights import preset_weights

F13 = {"firm_id": "F13", "name": "코드브릭", "employees": 25, "investment_capacity_krw_100m": 3,
       "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "58222",
       "products": "기업용 ERP·MES 소프트웨어, 클라우드 SaaS"}


def test_software_sold_as_a_service_is_not_read_as_a_cloud_platform_builder(kb):
    firm = firms_from_records([F13], kb.regions).firms.firm(0)
    assert firm["capabilities"]["cloud_big_data"] == 3
    assert firm["capabilities"]["smart_manufacturing"] == 4
    # a cloud platform or data-centre operator still reads as cloud 4
    other = firms_from_records([{**F13, "firm_id": "X", "industry_code": "63112",
                                 "products": "클라우드 인프라(IaaS), 데이터센터"}], kb.regions).firms.firm(0)
    assert other["capabilities"]["cloud_big_data"] == 4


def test_the_mes_house_leads_with_smart_factories_named_as_products_not_equipment(kb, rec):
    batch = firms_from_records([F13], kb.regions)
    out = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5, with_robustness=False)
    first = out["recommendations"][0]
    assert first["sector_id"] == "industrial_internet"
    assert [r["sector_id"] for r in out["recommendations"]].index("industrial_internet") == 0
    assert first["strategy_id"] == "component_supply"  # 25 staff, no China experience: co-location is closed
    assert present.strategy_label(kb, "component_supply", "industrial_internet", "ko") == "스마트공장 관련 제품·부품·소재 공급"
    assert "smart-factory products" in present.strategy_label(kb, "component_supply", "industrial_internet", "en")
    assert present.strategy_label(kb, "component_supply", "logistics", "ko") == "부품·소재·장비 공급"
