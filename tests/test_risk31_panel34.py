"""Panel 34 (a Seoul consultant's hard cases, on lead30 c8d775c) and panel 31 S4: helper risk31.

* panel 34 F04 (ERP vendor, Jiangsu subsidiary → Guizhou big data): "✔ 2018년 보고서 기준 판단(최신 자료로 확인 필요) —
  2018년 이슈리포트는 당시 중국의 개인정보 규제가 비교적 느슨해 …" stood as a met condition. A ``dated_judgement``
  condition that reads an *opening* (china_4ir_issue_2018:1599-1603) no longer adds to the rule score and is shown
  ◇ as a note, never ✔ or ½; a dated *restriction* keeps its weight and its ⚠ (docs/audit/dated_readings.md);
* panel 34 F14 (brake-by-wire start-up, autonomous driving): the map-licence and test-plate barriers (KIEP 3611–3619,
  3693–3705) are an AV developer's; a parts or sensor supplier is told, as the tool's note, that its gates (supplier
  qualification, functional safety) are outside the reports;
* panels 31 S4 (dental implants) and 34 F06 (IVD kits): "enter with / take investment from a Chinese major" was rank 1
  although its own device line says the report has no device-maker case (KIEP 6436–6451); that line now only
  explains, and a device-led firm meets the support route's first-entry condition whatever its years of exporting
  (``or_if``: the Korean support bodies the report names for first entry, 6518–6524);
* panel 34 F11 (robo-advisor): the only licence barrier shown was Baidu's bank licence (issue report 1443–1445); a
  fintech firm is told, as the tool's note, that investment-advisory, fund-sales and other financial licences are
  outside the reports.
Firms as the panel gave them (/tmp/panel34/in)."""

from __future__ import annotations

import json

from recommender.strategies import dated_note, restriction_condition, weight_of
from tests.panel_support import NO_CAPABILITIES, run_cli

F04 = {"firm_id": "F04", "name": "㈜코어ERP", "employees": 420, "revenue_krw_100m": 900, "china_experience_years": 12, "has_china_entity": True, "chinese_speaking_staff": 25, "investment_capacity_krw_100m": 80, "certifications": ["ISO9001", "ISO27001", "CMMI3"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": ["CN-JS", "CN-SH"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "cloud_big_data": 4, "smart_manufacturing": 3, "ecommerce_consumer": 1, "logistics_tech": 2}, "china_entity_region": "CN-JS"}  # fmt: skip
F05 = {"firm_id": "F05", "name": "㈜닥터링크", "employees": 60, "revenue_krw_100m": 35, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 10, "certifications": ["ISMS"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "cloud_big_data": 3, "digital_health": 5}}  # fmt: skip
F11 = {"firm_id": "F11", "name": "㈜로보웰스", "employees": 25, "revenue_krw_100m": 15, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 3, "certifications": [], "risk_tolerance": "high", "horizon_years": 5, "preferred_regions": ["CN-SH"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 4, "cloud_big_data": 3, "fintech": 5}}  # fmt: skip
F14 = {"firm_id": "F14", "name": "㈜바이와이어모빌리티", "employees": 15, "revenue_krw_100m": 8, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 3, "certifications": ["ISO26262 준비중"], "risk_tolerance": "high", "horizon_years": 7, "preferred_regions": [], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 1, "semiconductors_sensors": 3, "iot_devices": 2, "automotive_mobility": 4}}  # fmt: skip
P31_S4 = {"firm_id": "S4", "name": "㈜부산덴탈임플란트 (치과 임플란트·디지털 가이드)", "employees": 250, "revenue_krw_100m": 820, "china_experience_years": 6, "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 50, "certifications": ["ISO13485", "CE", "FDA 510(k)"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": ["CN-SH", "CN-GD"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 1, "medical_devices": 5, "digital_health": 2, "biotech_genomics": 2, "smart_manufacturing": 2}}  # fmt: skip
#: panel 34 F06, the member-list row as the panel wrote it (/tmp/panel34/in/F06.csv, CP949)
F06_CSV = ("사업자번호,기업명,업종코드,주생산품,종업원수,매출액(억원),중국경험(년),중국법인,중국법인지역,위험성향,인증\n"
           '211-88-10006,㈜진단바이오텍,21301,"체외진단 키트 (감염병 신속항원 진단키트, 분자진단 PCR 시약)",210,1200,3,N,,'
           "medium,ISO13485;CE-IVD\n")  # fmt: skip
PRIVACY = "2018년 이슈리포트는 당시 중국의 개인정보 규제가 비교적 느슨해"


def _run_csv(tmp_path, capsys, text: str, *args: str) -> str:
    from recommender.cli import main

    path = tmp_path / "F06.csv"
    path.write_bytes(text.encode("cp949"))
    capsys.readouterr()
    assert main(["recommend", str(path), *args]) == 0
    return capsys.readouterr().out


def test_p34_f04_dated_privacy_reading_is_a_note_not_a_met_condition(tmp_path, capsys):
    ko = run_cli(F04, tmp_path, capsys, "--format", "md")
    lines = [x for x in ko.splitlines() if PRIVACY in x]
    assert lines and all(x.startswith("- ◇ (점수에 넣지 않은 참고) 2018년 보고서 기준 판단(최신 자료로 확인 필요) — ")
                         for x in lines), lines  # fmt: skip
    # no 2018 reading is ticked as a met or half-met condition anywhere in the answer
    assert not [x for x in ko.splitlines() if x.startswith(("- ✔ 2018년 보고서 기준 판단", "- ½ 2018년 보고서 기준 판단"))]
    en = run_cli(F04, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "- ◇ (a note, not counted in the score) As the 2018 report judged it (confirm with a newer source) — In 2018 " \
           "the issue report judged China's privacy rules of the time relatively loose" in en
    assert not [x for x in en.splitlines() if x.startswith(("- ✔ As the 2018 report", "- ½ As the 2018 report"))]
    out = json.loads(run_cli(F04, tmp_path, capsys, "--format", "json"))
    conds = [c for r in out["recommendations"] for c in r["strategy"]["conditions"] if PRIVACY in c["why_ko"]]
    assert conds and all(c["dated_note"] and c["counted_weight"] == 0.0 for c in conds)


def test_dated_readings_of_an_opening_never_score_restrictions_keep_their_weight(kb):
    """Every ``dated_judgement`` condition of data/strategies.yaml is either a restriction (counts, shown ⚠) or a
    dated note (weight 0 in the rule score, shown ◇) — the privacy reading of panel 34 F04 is a note."""
    notes, kept = [], []
    for sid, spec in kb.strategies.items():
        for c in spec["firm_conditions"] + spec["profile_conditions"]:
            if c.get("dated_judgement"):
                (kept if restriction_condition(c) else notes).append((sid, c.get("capability") or c.get("tag")
                                                                      or c.get("field") or c.get("indicator")))  # fmt: skip
                assert weight_of(c) == (0.0 if dated_note(c) else float(c.get("weight", 1.0)))
    assert ("big_data_solution_partnership", "ai_software") in notes
    assert ("platform_alliance", "fintech") in notes
    assert ("tier2_supplier", "foreign_restricted") in kept
    assert ("local_platform_partnership", "digital_health_led") in kept


def test_p34_f14_parts_supplier_gets_its_own_gates_not_the_av_developers(tmp_path, capsys):
    out = json.loads(run_cli(F14, tmp_path, capsys, "--format", "json"))
    ad = [r for r in out["recommendations"] if r["sector_id"] == "autonomous_driving"]
    assert ad and ad[0]["region_id"] == "CN-BJ"
    for r in ad:
        ids = [sr["risk_id"] for sr in r["sector_risks"]]
        assert ids[0] == "ad_parts_supplier_gates" and "ad_map_data" not in ids and "ad_road_test_plates" not in ids
    ko = run_cli(F14, tmp_path, capsys, "--format", "md")
    line = next(x for x in ko.splitlines() if "차량 부품(제동·조향·섀시 등)이나 센서를 공급하는 기업의 첫 관문" in x)
    assert "공급업체 인증" in line and "기능안전 인증" in line and "추천 도구의 안내, 보고서 밖 내용" in line
    assert "3526–3536" in line
    # the map-making fact (A140, KIEP 3615-3619) is not listed again among the other risks: the note says whose gate it is
    assert "14곳으로 제한되어 있다" not in ko and "14곳 한정" in line
    en = run_cli(F14, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "supplier qualification (quality-system audits, part approval) and functional-safety certification" in en
    # an AV software developer still gets the map-licence and test-plate barriers
    dev = {**F14, "firm_id": "AVDEV", "employees": 80, "capabilities": {**NO_CAPABILITIES, "ai_software": 4, "automotive_mobility": 3}}
    out = json.loads(run_cli(dev, tmp_path, capsys, "--format", "json"))
    ids = {sr["risk_id"] for r in out["recommendations"] if r["sector_id"] == "autonomous_driving" for sr in r["sector_risks"]}
    assert {"ad_map_data", "ad_road_test_plates"} <= ids and "ad_parts_supplier_gates" not in ids


def test_p34_f06_ivd_maker_starts_with_the_korean_support_bodies(tmp_path, capsys):
    out = json.loads(_run_csv(tmp_path, capsys, F06_CSV, "--format", "json"))
    first = out["recommendations"][0]
    assert (first["region_id"], first["sector_id"], first["strategy_id"]) == ("CN-GD", "smart_healthcare",
                                                                             "korean_support_channels")  # fmt: skip
    assert all(r["strategy_id"] != "chinese_major_coentry" for r in out["recommendations"])
    ko = _run_csv(tmp_path, capsys, F06_CSV, "--format", "md")
    assert "결론: 광둥성에서 스마트 헬스케어 분야 — 한국 지원기관·지원사업으로 첫발" in ko
    assert "- ✔ 귀사는 의료기기가 주력인 기업입니다. 보고서는 초기 진출 때 광저우의 보건산업진흥원, 장쑤성 옌청의 의료기기협동조합" in ko
    en = _run_csv(tmp_path, capsys, F06_CSV, "--format", "md", "--lang", "en")
    assert "Your firm's lead business is medical devices. The report advises making active use, at first entry" in en


def test_p31_s4_device_maker_is_not_sent_first_to_a_chinese_major(tmp_path, capsys):
    out = json.loads(run_cli(P31_S4, tmp_path, capsys, "--format", "json"))
    assert all(r["strategy_id"] != "chinese_major_coentry" for r in out["recommendations"])
    first = out["recommendations"][0]
    assert (first["region_id"], first["strategy_id"]) == ("CN-GD", "korean_support_channels")
    js = next(r for r in out["recommendations"] if r["region_id"] == "CN-JS")
    assert js["strategy_id"] == "korean_support_channels"
    assert any(c["name"] == "device_led" and c["met"] == 1.0 for c in js["strategy"]["conditions"])


def test_p34_f05_digital_health_firm_keeps_its_routes(tmp_path, capsys):
    out = json.loads(run_cli(F05, tmp_path, capsys, "--format", "json"))
    rows = [(r["region_id"], r["strategy_id"]) for r in out["recommendations"] if r["sector_id"] == "smart_healthcare"]
    assert rows[:2] == [("CN-GD", "korean_support_channels"), ("CN-ZJ", "local_platform_partnership")]
    ko = run_cli(F05, tmp_path, capsys, "--format", "md")
    # the restriction behind the digital-health route is a reported restriction (⚠), no longer a ✔
    assert "- ⚠ 2018년 보고서 기준 판단(최신 자료로 확인 필요) — 귀사는 디지털 헬스 서비스가 주력" in ko


def test_p34_f11_fintech_firm_is_told_financial_licences_are_outside_the_reports(tmp_path, capsys):
    out = json.loads(run_cli(F11, tmp_path, capsys, "--format", "json"))
    fin = [r for r in out["recommendations"] if r["sector_id"] == "fintech"]
    assert fin
    for r in fin:
        first = r["sector_risks"][0]
        assert first["risk_id"] == "fin_advisory_licence" and first["source"] == "tool"
    ko = run_cli(F11, tmp_path, capsys, "--format", "md")
    line = next(x for x in ko.splitlines() if "투자자문(로보어드바이저 포함)·펀드 판매" in x)
    assert "보고서는 이런 면허" in line and "추천 도구의 안내, 보고서 밖 내용" in line and "1443–1445" in line
    en = run_cli(F11, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "Investment advice (robo-advice included), fund sales, lending, insurance and similar financial business " \
           "need a licence in China. The reports do not treat these licences" in en
