"""Panel 19 (issue 18): 2018 judgements about China's regulatory climate ("privacy is relatively lenient", "opening
up, so conditions should improve") were printed among the reports' implications as if current — in a health-app
answer the first contradicted the answer's own risk that patient data must stay on Chinese servers. Implications
marked ``dated_judgement: true`` now carry :data:`recommender.dated.JUDGEMENT_MARK` wherever they are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from features.knowledge import BuildError, load_implications
from recommender.dated import JUDGEMENT_MARK, implication_text
from tests.panel_support import caps, run_cli

ROOT = Path(__file__).resolve().parents[1]
MARKED = {"imp_bigdata_ai_lenient_privacy", "imp_all_policy_demand_entry",
          # data19 (docs/audit/dated_readings.md): foreign-investment limits, policy style, market shares, openness
          "imp_hc_local_platform_indirect", "imp_hc_policy_style", "imp_fintech_platform_dominance",
          "imp_sc_alibaba_platform_standard"}  # fmt: skip


def test_the_climate_judgements_are_marked_in_the_data_and_others_are_not():
    spec = yaml.safe_load((ROOT / "data" / "implications.yaml").read_text(encoding="utf-8"))["implications"]
    assert {i["id"] for i in spec if i.get("dated_judgement")} == MARKED
    lenient = next(i for i in spec if i["id"] == "imp_bigdata_ai_lenient_privacy")
    assert "관대" in lenient["text_ko"] and "lenient" in lenient["text_en"]


def test_implication_text_appends_the_mark_once_and_leaves_other_texts_alone():
    imp = {"text_ko": "중국은 개인정보보호에 관대하다.", "text_en": "China is lenient on privacy.", "dated_judgement": True}
    for lang in ("ko", "en"):
        shown = implication_text(imp, lang)
        assert shown.endswith(JUDGEMENT_MARK[lang]) and shown.count(JUDGEMENT_MARK[lang]) == 1
        assert implication_text({**imp, f"text_{lang}": shown}, lang).count(JUDGEMENT_MARK[lang]) == 1
        assert implication_text({**imp, "dated_judgement": False}, lang) == imp[f"text_{lang}"]


def test_a_non_boolean_flag_is_refused(tmp_path, kb):
    bad = tmp_path / "implications.yaml"
    bad.write_text("implications:\n  - id: imp_x\n    audience: firms\n    dated_judgement: yes please\n"
                   "    title_ko: a\n    title_en: a\n    text_ko: a\n    text_en: a\n"
                   "    evidence: ['kiep_internet_plus_2018:1-2']\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(BuildError, match="dated_judgement"):
        load_implications(bad, set(), set(), set(), kb.docs)


@pytest.fixture(scope="module")
def kb():
    from features.build import load_knowledge

    return load_knowledge()


def test_an_ai_answer_shows_the_privacy_judgement_with_the_mark_in_both_languages(tmp_path, capsys):
    """Panel 19 F03 (an 18-person vision-AI start-up, no China experience): the lenient-privacy implication stands in
    its AI answer; it is followed by the mark in the Korean and the English report."""
    firm = {"firm_id": "P19F03", "name": "비전AI", "employees": 18, "china_experience_years": 0,
            "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 3,
            "risk_tolerance": "high", "horizon_years": 3,
            "capabilities": caps(ai_software=5, cloud_big_data=3, semiconductors_sensors=2)}  # fmt: skip
    for lang, title in (("ko", "관대한 개인정보 환경"), ("en", "Lenient privacy rules")):
        md = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang)
        assert title in md
        line = next(x for x in md.splitlines() if title in x)
        assert line.rstrip().endswith(JUDGEMENT_MARK[lang]), line
