"""Sector market-access risks and the firm-adjusted risk explained (issue 18: the advisor panel found the barriers that
block entry missing from the risks, and the same opportunity at risk 0.70 for one firm and 0.28 for another without
a word why). Each case names the lines it rests on (docs/audit/sector_risks.md)."""

from __future__ import annotations

import re
import shutil

import pytest

from features.facts import BuildError
from features.firms import firms_from_records
from features.sector_risks import SECTOR_RISK_COLUMNS, load_sector_risks
from recommender.report import recommendation_markdown
from recommender.weights import preset_weights

MEDICAL_DEVICE_FIRM = {"firm_id": "med_ai", "name": "메디AI", "employees": 40, "risk_tolerance": "low",
                       "capabilities": {"medical_devices": 5, "ai_software": 3}}  # fmt: skip
FINTECH_FIRM = {"firm_id": "paytech", "name": "페이텍", "employees": 60, "china_experience_years": 1,
                "risk_tolerance": "medium", "capabilities": {"fintech": 5, "ai_software": 2}}  # fmt: skip


def _recommend(kb, rec, firm, top=5):
    table = firms_from_records([firm], kb.regions).firms
    return rec.recommend(table, 0, preset_weights("balanced"), top=top, with_robustness=False)


def _of_sector(out, sector):
    recs = [r for r in out["recommendations"] if r["sector_id"] == sector]
    assert recs, f"the firm is offered {sector}"
    return recs[0]


def test_medical_device_firm_is_told_medical_ai_is_classed_as_a_device(kb, rec):
    # KIEP 5547–5551: Tencent Miying's diagnosis-support product received a Class II medical-device rating
    out = _recommend(kb, rec, MEDICAL_DEVICE_FIRM)
    r = _of_sector(out, "smart_healthcare")
    risks = {sr["risk_id"]: sr for sr in r["sector_risks"]}
    device = risks["hc_ai_device_class"]
    assert {"doc_id": "kiep_internet_plus_2018", "line_start": 5547, "line_end": 5551} in device["evidence"]
    assert "5547–5551" in device["citation"]["ko"] and "KIEP" in device["citation"]["ko"]
    assert "lines 5547–5551" in device["citation"]["en"]
    assert "2류 의료기기" in device["text"]["ko"] and "Class II medical-device" in device["text"]["en"]
    # panel 31 S4: the medical-AI rule is the AI firm's (AI 3 or digital health 3); its device level gives it the
    # device-registration note (the tool's) first
    assert [b["ko"] for b in device["applies_because"]] == ["AI·소프트웨어 3/5"]
    assert r["sector_risks"][0]["risk_id"] == "hc_device_registration"
    assert "2류의료기기" in kb.quote("kiep_internet_plus_2018", 5547, 5551).replace(" ", "")
    # the firm has no digital health: the internet-hospital licence (digital_health>=1) is not its barrier
    assert "hc_internet_hospital_licence" not in risks
    # the report: the sector's barriers first, with their citation, the generic lines after
    md = recommendation_markdown({**out, "recommendations": [r]}, kb, "ko")
    block = md[md.index("**위험**"):]
    assert block.index("이 분야의 진입 장벽") < block.index("의료기기 등급 판정") < block.index("그 밖의 위험")
    assert "5547–5551" in block[: block.index("그 밖의 위험")]
    en = recommendation_markdown({**out, "recommendations": [r]}, kb, "en")
    assert "Barriers to entry in this sector" in en and "Class II medical-device" in en


def test_fintech_firm_is_told_alipay_and_wechat_pay_hold_the_payment_market(kb, rec):
    # issue report 1467–1475: Alipay and WeChat Pay hold over 80% of online payments; 1443–1445: a banking licence
    out = _recommend(kb, rec, FINTECH_FIRM)
    r = _of_sector(out, "fintech")
    risks = {sr["risk_id"]: sr for sr in r["sector_risks"]}
    pay = risks["fin_payment_dominance"]
    assert {"doc_id": "china_4ir_issue_2018", "line_start": 1467, "line_end": 1475} in pay["evidence"]
    assert "80%" in pay["text"]["ko"] and "80%" in kb.quote("china_4ir_issue_2018", 1467, 1475)
    assert "1467–1475" in pay["citation"]["ko"]
    licence = risks["fin_banking_licence"]
    assert "설립허가" in kb.quote("china_4ir_issue_2018", 1443, 1445).replace(" ", "")
    # the reports say nothing about a foreign payment licence, and the row says so rather than inventing one
    assert "say nothing about the licence a foreign payment business" in licence["text"]["en"]
    # sector risks of another sector never appear here
    assert not any(sr["risk_id"].startswith("hc_") for sr in r["sector_risks"])


_NUM = r"(\d+\.\d+)"


@pytest.mark.parametrize("firm", [
    {"firm_id": "cautious", "risk_tolerance": "low", "capabilities": {"digital_health": 5, "medical_devices": 4}},
    {"firm_id": "bold", "risk_tolerance": "high", "china_experience_years": 6, "has_china_entity": True,
     "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 60,
     "capabilities": {"digital_health": 5, "medical_devices": 4}},
    {"firm_id": "middle", "employees": 40, "risk_tolerance": "medium", "china_experience_years": 2, "chinese_speaking_staff": 1,
     "investment_capacity_krw_100m": 12, "capabilities": {"fintech": 4}},
])  # fmt: skip
def test_risk_explanation_arithmetic_matches_the_shown_risk(kb, rec, firm):
    out = _recommend(kb, rec, firm, top=3)
    assert out["recommendations"]
    for r in out["recommendations"]:
        ex = r["risk_explained"]
        shown = r["components"]["risk"]
        # the parts multiply to the risk the recommendation reports (kernels.effective_risk)
        assert ex["opportunity_risk"] * ex["firm_factor"] == pytest.approx(shown, abs=2e-4)
        assert ex["firm_factor"] == pytest.approx((1 - 0.5 * ex["readiness"]) * ex["aversion"], abs=2e-4)
        assert ex["readiness"] == pytest.approx(sum(ex["readiness_parts"].values()), abs=2e-4)
        for lang, head, own, adj in (("ko", "위험", "기회 자체 위험", "귀사 조정"),
                                     ("en", "Risk", "the opportunity's own risk", "your firm's adjustment")):
            text = ex["text"][lang]
            m = re.match(rf"{head} {_NUM} (=|≈) {own} {_NUM}.*? × {adj} {_NUM}", text)
            assert m, text
            result, sign, base, factor = m.group(1), m.group(2), float(m.group(3)), float(m.group(4))
            assert result == f"{shown:.2f}"  # the number the report and the app show
            assert sign == "="  # the printed operands multiply to it
            assert f"{round(base * factor, 2):.2f}" == result


def test_the_same_opportunity_differs_between_firms_and_says_why(kb, rec):
    cautious, bold = (_recommend(kb, rec, {"firm_id": k, "risk_tolerance": tol, "china_experience_years": exp,
                                           "capabilities": {"digital_health": 5, "medical_devices": 4}}, top=3)
                      for k, tol, exp in (("a", "low", 0), ("b", "high", 6)))  # fmt: skip
    a = _of_sector(cautious, "smart_healthcare")
    b = next(r for r in bold["recommendations"] if (r["region_id"], r["sector_id"]) == (a["region_id"], a["sector_id"]))
    assert a["risk_explained"]["opportunity_risk"] == b["risk_explained"]["opportunity_risk"]
    assert a["components"]["risk"] > b["components"]["risk"]
    assert "위험 감내도 낮음" in a["risk_explained"]["text"]["ko"] and "risk tolerance high" in b["risk_explained"]["text"]["en"]
    assert "중국 경험 6년" in b["risk_explained"]["text"]["ko"]


# ---------------------------------------------------------------- the build validates the file


def _write(path, rows):
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(SECTOR_RISK_COLUMNS)
        w.writerows(rows)


GOOD = ["x_map", "autonomous_driving", "", "foreign_access_restriction", "", "kiep_internet_plus_2018:3611-3619",
        "14개중국국내기업", "지도 데이터 제한", "Map data limited"]  # fmt: skip


def _load(kb, path):
    return load_sector_risks(path, kb.sectors, kb.regions, set(kb.strategies), kb.docs)


def test_bundled_sector_risks_load_and_cover_the_barriers_the_panel_named(kb):
    ids = {r.risk_id for r in kb.sector_risks}
    assert {"hc_ai_device_class", "hc_online_foreign_investment", "ad_map_data", "fin_payment_dominance"} <= ids
    assert all(r.evidence for r in kb.sector_risks)


@pytest.mark.parametrize("change,message", [
    ({1: "space_mining"}, "unknown sector_id 'space_mining'"),
    ({5: ""}, "no citation"),
    ({5: "kiep_internet_plus_2018:99998-99999"}, "outside"),
    ({5: "nowhere_2018:1-2"}, "unknown doc_id"),
    ({6: "바이두만 가능"}, "does not occur in the cited lines"),
    ({2: "CN-XX"}, "unknown region_id"),
    ({3: "danger"}, "kind 'danger'"),
    ({4: "teleportation>=3"}, "unknown capability"),
    ({4: "strategy=moon_base"}, "unknown strategy"),
    ({4: "medical_devices>3"}, "CAPABILITY>=N"),
    ({8: ""}, "text_ko and text_en are required"),
])  # fmt: skip
def test_build_rejects_a_bad_row_with_a_clear_message(kb, tmp_path, change, message):
    row = list(GOOD)
    for i, v in change.items():
        row[i] = v
    path = tmp_path / "sector_risks.csv"
    _write(path, [row])
    with pytest.raises(BuildError, match=re.escape(message)) as err:
        _load(kb, path)
    assert "row 2" in str(err.value) and "sector_risks.csv" in str(err.value)


def test_build_rejects_a_duplicate_risk_id_and_accepts_a_good_row(kb, tmp_path):
    path = tmp_path / "sector_risks.csv"
    _write(path, [GOOD])
    (risk,) = _load(kb, path)
    assert risk.sector_id == "autonomous_driving" and risk.conditions == ()
    _write(path, [GOOD, GOOD])
    with pytest.raises(BuildError, match="listed twice"):
        _load(kb, path)


def test_full_build_stops_on_an_uncited_row(data_copy):
    from features.build import build

    with (data_copy / "sector_risks.csv").open("a", encoding="utf-8") as f:
        f.write("x_uncited,fintech,,local_competition,,,알리페이,근거 없음,No citation,\n")  # source empty: a report row
    with pytest.raises(BuildError, match="no citation"):
        build(data_copy)
    shutil.rmtree(data_copy)


def test_workbook_has_a_risks_sheet_with_the_barrier_and_the_explanation(kb, rec):
    import io

    from openpyxl import load_workbook

    from ui import exports

    out = _recommend(kb, rec, MEDICAL_DEVICE_FIRM)
    book = load_workbook(io.BytesIO(exports.recommendation_xlsx(out, kb, "ko", {}, MEDICAL_DEVICE_FIRM)), read_only=True)
    rows = list(book["위험"].iter_rows(values_only=True))
    assert rows[0] == ("순위", "지역", "분야", "구분", "종류", "내용", "근거", "귀사 해당")
    device = next(x for x in rows if x[5] and "2류 의료기기" in x[5])
    assert device[3] == "분야 진입 장벽" and "5547–5551" in device[6] and "AI·소프트웨어 3/5" in device[7]
    number = next(x for x in rows[1:] if x[3] == "위험 수치" and x[0] == device[0])
    # the kind column holds the headline (opportunity risk first, then after readiness and as counted in the score)
    assert number[5].startswith(f"위험 {number[4].split(' ')[0]} = ") and "귀사 준비도" in number[4]


def test_the_screening_risk_note_states_the_kernels_constants():
    # ui/strings_risks.py risk_firm_adjusted_help writes these numbers out: it must follow the formula it describes
    from recommender import kernels
    from ui.strings import STRINGS

    assert list(kernels.AVERSION) == [1.0, 0.7, 0.4] and kernels.READINESS_RELIEF == 0.5, "update the help text"
    ko, en = STRINGS["risk_firm_adjusted_help"]
    assert "낮음 1.0 · 보통 0.7 · 높음 0.4" in ko and "1 − 0.5" in ko and "0.2배" in ko
    assert "low 1.0 · medium 0.7 · high 0.4" in en and "1 − 0.5" in en and "0.2 to 1 times" in en
