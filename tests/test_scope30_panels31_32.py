"""Issue 18, panels 31 and 32 (independent advisor panels on main e2550c0): what a member-list row (KSIC code and
products line) is read as, and the honest "the reports do not treat your industry" answer.

* panel 31 K3 (fish cakes, KSIC 10211, "온라인몰 직판") and K8 (shoes, KSIC 15219, "자체 브랜드 운동화 (온라인몰)"),
  judged wrong: a domestic own web shop made the industry "covered" (Zhejiang e-commerce) and the answer said
  "귀사의 주업종(…)은 보고서가 다루는 분야" and called the channel "다른 업종";
* panel 32 K08 (a Korea–China forwarder, "역직구 배송대행"): carrying others' parcels read as the firm's own
  cross-border sales ("귀사는 이미 국경 간 온라인 채널로 판매하고 있습니다") and a tied e-commerce listing answer;
* panel 31 K6 (tier-2 aluminium die-caster, KSIC 30399), judged wrong: sent to Baidu Apollo as a hardware partner —
  the reports' automotive content is autonomous driving (KIEP 3510–3536);
* panel 32 K03 (webtoon platform, KSIC 58112): labelled "출판업" with no touching passage (KIEP 795–799, 6416–6422);
* panel 31 K5/K7 (ship and plant pipe fittings KSIC 24133; ship blocks KSIC 31114): the Made-in-China-2025 list
  naming 해양플랜트 (issue report 358–368) is the passage that touches them;
* panel 32 P05 (an EV-charging operator): the reports hold no word on EV charging; the nearest is grid-side smart
  energy (KIEP 1399–1426).
Firms as the panels gave them (member-list rows written as firm records)."""

from __future__ import annotations

import json

from features.firms.infer import default_inferrer
from features.firms.mismatch import industry_mismatch
from recommender.industry_scope import family_of
from tests.panel_support import run_cli


def _row(firm_id, name, code, products, employees, revenue, years, entity, risk) -> dict:
    return {"firm_id": firm_id, "name": name, "industry_code": code, "products": products, "employees": employees,
            "revenue_krw_100m": revenue, "china_experience_years": years, "has_china_entity": entity,
            "risk_tolerance": risk, "certifications": [], "preferred_regions": [], "excluded_regions": []}  # fmt: skip


#: /tmp/panel31/in/K3.csv, K3b.csv (the same row without "온라인몰 직판"), K8.csv, K6.csv, K5.csv, K7.csv
K3 = _row("K3", "㈜영도수제어묵", "10211", "부산어묵·어묵바·냉동 어묵탕 세트, 온라인몰 직판", 65, 180, 1, False, "medium")
K3B = {**K3, "firm_id": "K3b", "products": "부산어묵·어묵바·냉동 어묵탕 세트"}
K8 = _row("K8", "㈜사상슈즈", "15219", "기능성 러닝화·안전화 OEM, 자체 브랜드 운동화 (온라인몰)", 48, 95, 2, False, "high")
K6 = _row("K6", "㈜양산다이캐스팅", "30399", "알루미늄 다이캐스팅 변속기 하우징·브래킷 (1차사 납품, 2차 협력사)", 210, 880, 7,
          True, "medium")
K5 = _row("K5", "㈜녹산파이프피팅", "24133", "조선·플랜트용 강관 피팅(엘보·티·레듀서), 스테인리스 플랜지", 95, 520, 3, False, "low")
K7 = _row("K7", "㈜거제조선기자재", "31114", "선박 블록·의장품, LNG선 배관 스풀 제작", 380, 1900, 0, False, "low")
#: /tmp/panel32/inputs/K08.csv, K03.csv
K08 = _row("K08", "㈜한중로지스", "52992", "한중 해상·항공 포워딩, 웨이하이 보세창고 풀필먼트, 역직구 배송대행", 55, 310, 12, True,
           "medium")
K03 = _row("K03", "㈜툰스테이션", "58112", "웹툰 플랫폼 운영, 웹툰 IP 영상화 및 해외 라이선싱", 95, 260, 2, False, "medium")
#: panel 32 P05 (차지온, an EV-charging operator) as a member-list row
EV = _row("EV", "㈜차지온", "35120", "전기차 충전소 운영, 급속 충전 인프라", 180, 520, 1, False, "low")

FALSE_SCOPE = "은 보고서가 다루는 분야이고"


def _json(firm, tmp_path, capsys) -> dict:
    return json.loads(run_cli(firm, tmp_path, capsys, "--format", "json"))


def _cited(block: dict) -> set[tuple[str, int, int]]:
    return {(r["doc_id"], r["line_start"], r["line_end"]) for r in block.get("related") or []}


def test_p31_k3_k8_a_domestic_own_shop_opens_no_channel_and_no_false_scope_sentence(tmp_path, capsys):
    """panel 31 K3 and K8: "온라인몰" is the firm's own Korean web shop — the answer is the same "not covered" the
    probe rows without the word (K3b, K8b) get, with no "main industry is covered" sentence and no channel called
    an industry."""
    for firm in (K3, K8):
        out = _json(firm, tmp_path, capsys)
        assert out["industry_scope"]["status"] == "not_covered", firm["firm_id"]
        assert not out["recommendations"] and "channel" not in out["industry_scope"]
        for lang in ("ko", "en"):
            md = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang)
            assert FALSE_SCOPE not in md and "is one the reports treat" not in md
            assert "('온라인몰 직판')" not in md and "주생산품이 가리키는 업종" not in md  # a channel is no industry
            assert "name different industries" not in md
        assert "보고서는 귀사의 주업종(식품·음료)을 다루지 않아" in run_cli(K3, tmp_path, capsys, "--format", "md")
    probe = _json(K3B, tmp_path, capsys)
    assert probe["industry_scope"]["status"] == "not_covered"
    # one reason, the industry, as for the probe row: no "e-commerce must reach 3" near miss beside it
    k3 = _json(K3, tmp_path, capsys)
    assert k3["coverage"]["message"] == probe["coverage"]["message"]
    assert k3["coverage"]["message"]["ko"].startswith("보고서는 귀사의 주업종(식품·음료)을 다루지 않아")
    assert not k3["coverage"].get("near_misses")


def test_p31_k3_an_own_shop_reads_a_user_of_e_commerce_a_china_channel_reads_more():
    """panel 31 K3: a goods maker's own shop is a user of e-commerce (2), not an e-commerce business (4); a
    China-facing channel keeps its reading and is kept as the stated channel."""
    inf = default_inferrer()
    own = inf.infer("10211", K3["products"])
    assert own.values[own_index()] == 2 and own.channel == ()
    tmall = inf.infer("10211", "부산어묵·어묵바, 티몰 글로벌 입점")
    assert tmall.values[own_index()] >= 3 and tmall.channel == ("티몰 글로벌",)
    assert industry_mismatch("10211", K3["products"]) is None
    assert industry_mismatch("15219", K8["products"]) is None
    # an e-commerce business of its own is no own shop: it keeps its level and is still told apart from the code
    platform = inf.infer("10211", "부산어묵, 이커머스 플랫폼 운영")
    assert platform.values[own_index()] == 4
    assert industry_mismatch("10211", "부산어묵, 이커머스 플랫폼 운영") is not None


def own_index() -> int:
    from features.facts import CAPABILITY_KEYS

    return CAPABILITY_KEYS.index("ecommerce_consumer")


def test_p31_k3_a_china_facing_channel_says_the_channel_is_covered_not_the_industry(tmp_path, capsys):
    """panel 31 K3 with a China-facing channel: the channel route, and the text says the industry is not covered
    (never that the main industry is)."""
    firm = {**K3, "firm_id": "K3t", "products": "부산어묵·어묵바·냉동 어묵탕 세트, 티몰 글로벌 입점"}
    out = _json(firm, tmp_path, capsys)
    scope = out["industry_scope"]
    assert scope["channel"]["words"] == ["티몰 글로벌"]
    assert scope["message"]["ko"].startswith("보고서는 식품·음료 산업 자체를 직접 다루지 않습니다. 다만 제품 설명에 적힌 판매 경로")
    assert scope["message"]["en"].startswith("The reports do not treat the food and beverages industry itself.")
    for lang in ("ko", "en"):
        md = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang)
        assert FALSE_SCOPE not in md and "is one the reports treat" not in md


def test_p32_k08_cross_border_parcel_forwarding_is_logistics_not_a_sales_channel(tmp_path, capsys):
    """panel 32 K08: "역직구 배송대행" is carrying other firms' parcels — logistics 4, no stated channel, no "already
    selling" note and no e-commerce answer."""
    inf = default_inferrer().infer("52992", K08["products"])
    assert inf.channel == ()
    out = _json(K08, tmp_path, capsys)
    assert {r["sector_id"] for r in out["recommendations"]} <= {"logistics"} or \
        out["recommendations"][0]["sector_id"] == "logistics"  # fmt: skip
    assert all(r["sector_id"] != "ecommerce" for r in out["recommendations"][:2])
    assert not out.get("ties") or "ecommerce" not in json.dumps(out["ties"])
    ko = run_cli(K08, tmp_path, capsys, "--format", "md")
    en = run_cli(K08, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "이미 국경 간 온라인 채널로 판매" not in ko and "already sells through a cross-border" not in en
    assert "공동 1위" not in ko


def test_p31_k6_a_tier2_die_caster_is_told_the_reports_treat_cars_as_autonomous_driving(tmp_path, capsys):
    """panel 31 K6: conventional parts (KSIC 303xx die-casting, housings, brackets) are not what the reports treat;
    no Apollo hardware-partner answer; the message says the reports' automotive content is autonomous driving."""
    out = _json(K6, tmp_path, capsys)
    scope = out["industry_scope"]
    assert scope["status"] == "not_covered" and scope["family"] == "vehicle_bodies"
    assert not out["recommendations"]
    assert ("kiep_internet_plus_2018", 3530, 3534) in _cited(scope)
    assert "보고서의 자동차 내용은 자율주행입니다" in scope["message"]["ko"]
    assert "automotive content is autonomous driving" in scope["message"]["en"]
    ko = run_cli(K6, tmp_path, capsys, "--format", "md")
    assert "Apollo 같은 자율주행 플랫폼에는" not in ko and "업종 범위: 자동차 차체·일반 부품" in ko
    en = run_cli(K6, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "Industry scope: vehicle bodies and conventional parts" in en


def test_p31_k6_av_relevant_parts_stay_in_scope():
    """panel 31 K6's rule keeps sensors, ADAS, by-wire steering or braking, vehicle electronics and EV drive parts
    in scope (the labelled set: L059, L060, L064, L175)."""
    assert family_of("30399", "알루미늄 다이캐스팅 변속기 하우징·브래킷").family_id == "vehicle_bodies"
    assert family_of("30392", "브레이크 패드").family_id == "vehicle_bodies"  # L062
    assert family_of("30310", "피스톤 링, 실린더 라이너").family_id == "vehicle_bodies"  # L065
    for code, products in (("30391", "전자식 조향장치(EPS)"), ("30399", "ADAS 카메라 브래킷"),
                           ("30392", "전동식 제동장치 (brake-by-wire)"), ("30332", "자동차용 전장부품 (ECU)"),
                           ("3033", "구동모터, 감속기 (전기차용)"), ("30399", "라이다 하우징")):  # fmt: skip
        fam = family_of(code, products)
        assert fam is None or fam.family_id != "vehicle_bodies", (code, products)


def test_p32_k03_a_webtoon_platform_is_named_and_its_touching_passages_quoted(tmp_path, capsys):
    """panel 32 K03: "웹툰·디지털 콘텐츠", not "출판업"; the content-model passage (KIEP 795–799) and the
    online-services foreign-investment limit (KIEP 6416–6422) are quoted."""
    out = _json(K03, tmp_path, capsys)
    scope = out["industry_scope"]
    assert scope["status"] == "not_covered"
    assert scope["industry"] == {"ko": "웹툰·디지털 콘텐츠", "en": "webtoons and digital content"}
    assert {("kiep_internet_plus_2018", 795, 799), ("kiep_internet_plus_2018", 6416, 6422)} <= _cited(scope)
    ko = run_cli(K03, tmp_path, capsys, "--format", "md")
    assert "출판업" not in ko.split("## 기업 입력 정보")[0] and "맞닿은 문단도 찾지 못했습니다" not in ko
    en = run_cli(K03, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "webtoons and digital content" in en


def test_p31_k5_k7_ship_suppliers_are_shown_the_offshore_plant_passage(tmp_path, capsys):
    """panel 31 K5 and K7: still not covered, under their KSIC names, with the Made-in-China-2025 passage naming
    해양플랜트 (issue report 358–368) quoted instead of "no passage found"."""
    for firm, name in ((K5, "1차 금속 제조업"), (K7, "기타 운송장비 제조업")):
        out = _json(firm, tmp_path, capsys)
        scope = out["industry_scope"]
        assert scope["status"] == "not_covered" and scope["industry"]["ko"] == name
        assert ("china_4ir_issue_2018", 358, 368) in _cited(scope)
        ko = run_cli(firm, tmp_path, capsys, "--format", "md")
        assert "해양플랜트" in ko and "맞닿은 문단도 찾지 못했습니다" not in ko


def test_p32_p05_ev_charging_is_not_covered_with_the_grid_storage_passages(tmp_path, capsys):
    """panel 32 P05: the reports hold no word on EV charging — not covered (no smart-energy "supply equipment"
    answer), with the grid-side storage / micro-grid passages of KIEP 1399–1426 as the nearest."""
    out = _json(EV, tmp_path, capsys)
    scope = out["industry_scope"]
    assert scope["status"] == "not_covered" and scope["family"] == "ev_charging"
    assert not out["recommendations"]
    assert scope["related"] and all(r["doc_id"] == "kiep_internet_plus_2018" and 1399 <= r["line_start"]
                                    and r["line_end"] <= 1426 for r in scope["related"])  # fmt: skip
    assert "전기차 충전에 관한 문장이 없습니다" in scope["message"]["ko"]
    assert "no sentence on EV charging" in scope["message"]["en"]
    # a firm whose products also name grid storage stays with the battery / ESS family
    assert family_of("35120", "ESS 운영, 전기차 충전소").family_id == "battery_ess"
