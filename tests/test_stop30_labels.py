"""Stop 30, what a client reads: a nationwide answer is never labelled "지역 근거 없음" (read as "no evidence" by panels
27–28), and the sector barrier list says it is the 2018 reports' reading of the rules (the step docs/audit/
dated_readings.md left open)."""

from __future__ import annotations

import pytest

from tests.panel_support import caps, run_cli

#: a medical-AI firm: the smart-healthcare barriers (device class, internet-hospital licence …) apply to it
MEDICAL_AI = {"firm_id": "S30H", "name": "메디AI", "employees": 60, "revenue_krw_100m": 50,
              "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2,
              "investment_capacity_krw_100m": 10, "certifications": ["ISO13485"], "risk_tolerance": "medium",
              "horizon_years": 5, "preferred_regions": [], "excluded_regions": [],
              "capabilities": caps(ai_software=4, cloud_big_data=2, medical_devices=4, digital_health=4)}  # fmt: skip


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_barrier_list_is_marked_as_the_2018_reading(lang, tmp_path, capsys):
    from recommender.report import BARRIERS_HEADING

    out = run_cli(MEDICAL_AI, tmp_path, capsys, "--format", "md", "--lang", lang)
    heading = BARRIERS_HEADING[lang]
    assert heading in out, "the firm's answer lists sector barriers under the dated heading"
    assert ("2018년 보고서 기준" if lang == "ko" else "2018 reports") in heading
    assert "진입 장벽 (보고서):" not in out and "(reports):" not in out


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_app_labels_say_nationwide_not_no_evidence(lang):
    from ui.strings_advisor import ADVISOR_STRINGS
    from ui.strings_risks import RISKS_STRINGS

    i = 0 if lang == "ko" else 1
    short, plain = ADVISOR_STRINGS["any_region_short"][i], ADVISOR_STRINGS["any_region_plain"][i]
    assert short == ("전국 단위" if lang == "ko" else "nationwide")
    assert plain.startswith(short)
    assert "근거 없음" not in short + plain and "no regional evidence" not in short + plain
    assert ("2018년 보고서 기준" if lang == "ko" else "2018 reports") in RISKS_STRINGS["sector_risks_title"][i]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_conditions_legend_explains_the_dated_note_mark(lang):
    """risk31 shows a dated 2018 reading of an opening as ◇ (not ✔) in the app; the legend above the conditions says
    what ◇ is (stop 30 browser walk: the legend listed ✔ ½ ✗ ○ ⚠ only)."""
    from ui.strings_flow import FLOW_STRINGS

    title = FLOW_STRINGS["conditions_title"][0 if lang == "ko" else 1]
    assert "◇" in title and ("2018년 판단" in title if lang == "ko" else "2018 judgement" in title)
