"""The app's risks tab (issue 18): a medical-device firm reads the device-classification barrier with its citation,
before the generic risk lines, and the sentence that explains its risk number — in Korean and in English."""

from __future__ import annotations

import pytest

from tests.result_tabs import open_screening_tab, open_tab
from tests.test_app import assert_clean, fill_form, new_app, s

FIRM = {"firm_id": "med_ai_app", "name": "메디AI", "employees": 40, "risk_tolerance": "low",
        "capabilities": {"medical_devices": 5, "ai_software": 3}}  # fmt: skip


@pytest.mark.parametrize("lang", ("ko", "en"))
def test_risks_tab_names_the_sector_barrier_and_explains_the_number(lang: str) -> None:
    at = open_tab(fill_form(new_app(lang), FIRM), "tab_risks")  # the tab in view is drawn (issue 19)
    assert_clean(at)
    texts = [m.value.replace("\\", "") for m in at.markdown]  # md_escape: the text as a reader sees it
    joined = "\n".join(texts)
    title = s("sector_risks_title", lang)
    assert any(title in x for x in texts), "the sector's barriers have their own heading"
    device = "2류 의료기기" if lang == "ko" else "Class II medical-device"
    line = next(x for x in texts if device in x)
    assert "5547–5551" in line, "the barrier carries a readable citation"
    assert "kiep_internet_plus_2018" not in line, "no machine ids where a person reads"
    # barriers first, then the generic lines of the entry mode
    assert joined.index(title) < joined.index(s("strategy_risks", lang))
    head = "기회 자체 위험" if lang == "ko" else "the opportunity's own risk"
    assert any(head in x and ("귀사 조정" in x or "your firm's adjustment" in x) for x in texts)


@pytest.mark.parametrize("lang", ("ko", "en"))
def test_screening_shortlist_says_why_one_opportunitys_risk_differs_between_firms(lang: str) -> None:
    from tests.test_app import SAMPLES_CSV

    at = new_app(lang).switch_page("views/screening.py").run()
    at.file_uploader[0].set_value(("firms.csv", SAMPLES_CSV.read_bytes(), "text/csv")).run()
    at.button(key="scr_run_btn").click().run()
    at = open_screening_tab(at, "tab_per_opp")  # the shortlist's tab, drawn once selected (issue 19)
    assert_clean(at)
    note = s("risk_firm_adjusted_help", lang)
    assert any(c.value == note for c in at.caption), "the shortlist of one opportunity explains its per-firm risk"
    assert ("0.2" in note and "1.0" in note and "0.7" in note and "0.4" in note)  # kernels.AVERSION, READINESS_RELIEF
