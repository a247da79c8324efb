"""Firm input after panels 31 and 32: a field the input did not give is shown as not given, never as the firm's fact
(panel 32 K01: "투자여력 0억원", "중국어가능인력 0명", "투자기간 3년" for a member-list row without those columns), and
the optional ``china_entity_region`` names where the firm's Chinese entity is, so that a line citing the entity says
where it is and when the answer's region differs (panel 31 S1 Liaoning and S3 Jiangsu under Shanghai/Beijing
answers, panel 32 P08 Shandong under a Zhejiang answer). CLI (md ko/en, json), readers, validation and the app form.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from features.firms import firms_from_records, read_firms
from recommender import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "firm.json"

#: panel 32 K01 as the panel gave it: one member-list row (KSIC, no 중국어가능인력 / 투자여력 / 투자기간 columns)
K01_CSV = ("사업자번호,기업명,업종코드,주생산품,종업원수,매출액(억원),수출액(천달러),인증,담당자,중국경험(년),중국법인,위험성향,"
           "선호지역\n214-86-10001,㈜블루문게임즈,58212,\"모바일 MMORPG 개발 및 퍼블리싱, PC 온라인 게임 운영\",150,380,9500,,"
           "박지훈,5,N,high,\n")  # fmt: skip

#: panel 32 P08 (B2B ERP/HR SaaS with a Chinese subsidiary in Shandong), its scores as the panel gave them
P08 = {
    "firm_id": "P08", "name": "㈜워크플로우랩", "employees": 600, "revenue_krw_100m": 1450,
    "china_experience_years": 10, "has_china_entity": True, "chinese_speaking_staff": 15,
    "investment_capacity_krw_100m": 150, "certifications": ["ISO27001", "CSAP"], "risk_tolerance": "medium",
    "horizon_years": 5, "preferred_regions": ["CN-SD", "CN-JS"], "excluded_regions": [],
    "capabilities": {"ai_software": 3, "cloud_big_data": 4, "smart_manufacturing": 2, "fintech": 1,
                     "ecommerce_consumer": 1},
}  # fmt: skip


def run(capsys, path: Path, *args: str) -> str:
    assert cli.main(["recommend", str(path), *args]) == 0
    return capsys.readouterr().out


@pytest.fixture
def k01(tmp_path) -> Path:
    path = tmp_path / "K01.csv"
    path.write_text(K01_CSV, encoding="utf-8")
    return path


# ---------------------------------------------------------------- 1. defaults shown as not given (panel 32 K01)


def test_panel32_k01_fields_not_given_read_as_not_given_in_ko_en_and_json(capsys, k01):
    """Panel 32 K01: the input table showed the defaults as facts; now "미입력 (기본값 …)" / "not given (default …)",
    the given fields as they were, and the JSON lists the defaulted fields (its numbers unchanged)."""
    ko = run(capsys, k01, "--format", "md")
    for line in ("| 중국어가능인력 | 미입력 (기본값 0명) |", "| 투자여력 | 미입력 (기본값 0억원) |",
                 "| 투자기간 | 미입력 (기본값 3년) |", "| 종업원수 | 150명 |", "| 중국법인 | 아니오 |",
                 "| 위험성향 | 높음 |"):  # fmt: skip
        assert line in ko, line
    assert "| 투자여력 | 0억원 |" not in ko
    en = run(capsys, k01, "--format", "md", "--lang", "en")
    assert "| investment capacity | not given (default KRW 0 bn) |" in en
    assert "| horizon | not given (default 3 years) |" in en
    assert "| Chinese-speaking staff | not given (default 0) |" in en
    out = json.loads(run(capsys, k01, "--format", "json"))
    assert out["defaulted_fields"] == ["chinese_speaking_staff", "investment_capacity_krw_100m", "horizon_years"]


def test_a_firm_giving_every_field_shows_no_default_and_no_new_key(capsys):
    """The sample firm gives every field: nothing reads "미입력", and the JSON has no ``defaulted_fields``."""
    assert "미입력" not in run(capsys, SAMPLE, "--format", "md")
    assert "defaulted_fields" not in json.loads(run(capsys, SAMPLE, "--format", "json"))


def test_an_empty_cell_is_not_given_and_a_written_firm_reads_its_defaults_back_as_not_given(kb):
    """An empty cell is as a missing column; a firm object this tool wrote keeps its defaults "not given"."""
    batch = firms_from_records([{"firm_id": "A", "employees": "", "risk_tolerance": "", "has_china_entity": True,
                                 "capabilities": {"ai_software": 3}}],
                               kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    assert "employees" in firm["defaulted_fields"] and "risk_tolerance" in firm["defaulted_fields"]
    assert "has_china_entity" not in firm["defaulted_fields"]
    again = firms_from_records([firm], kb.regions)
    assert not again.warnings
    assert again.firms.firm(0)["defaulted_fields"] == firm["defaulted_fields"]


# ---------------------------------------------------------------- 2. the entity's region (panels 31 S1/S3, 32 P08)


def test_entity_region_is_read_from_json_csv_korean_and_english_headers(kb, tmp_path):
    """JSON key ``china_entity_region``; CSV headers 중국법인지역 and china_entity_region; ids and names in Korean or
    English, as the region lists are read."""
    assert firms_from_records([{**P08, "china_entity_region": "CN-SD"}], kb.regions).firms.firm(0)[
        "china_entity_region"] == "CN-SD"  # fmt: skip
    ko = tmp_path / "ko.csv"
    ko.write_text("기업ID,중국법인,중국법인지역\nS1,예,랴오닝성\n", encoding="utf-8")
    assert read_firms(ko, kb.regions).firms.firm(0)["china_entity_region"] == "CN-LN"
    en = tmp_path / "en.csv"
    en.write_text("firm_id,has_china_entity,china_entity_region\nS3,yes,Jiangsu\n", encoding="utf-8")
    assert read_firms(en, kb.regions).firms.firm(0)["china_entity_region"] == "CN-JS"


def test_entity_region_unknown_or_several_rejects_the_row_with_a_reason_in_ko_and_en(kb):
    batch = firms_from_records([{"firm_id": "X", "has_china_entity": True, "china_entity_region": "Atlantis"},
                                {"firm_id": "Y", "has_china_entity": True, "china_entity_region": "CN-SD;CN-JS"},
                                {"firm_id": "Z", "has_china_entity": True, "china_entity_region": "산둥성"}],
                               kb.regions)  # fmt: skip
    assert batch.accepted == 1 and batch.firms.firm(0)["china_entity_region"] == "CN-SD"
    bad = {e.firm_id: e for e in batch.rejected}
    assert "unknown region 'Atlantis'" in bad["X"].reason and "알 수 없는 지역" in bad["X"].reason_ko
    assert "give one region" in bad["Y"].reason and "하나만" in bad["Y"].reason_ko
    assert {e.column for e in batch.rejected} == {"china_entity_region"}


def test_entity_region_without_an_entity_is_a_warning_and_not_used(kb):
    batch = firms_from_records([{"firm_id": "W", "has_china_entity": False, "china_entity_region": "CN-SD"}],
                               kb.regions)  # fmt: skip
    assert batch.accepted == 1 and "china_entity_region" not in batch.firms.firm(0)
    assert any("has_china_entity is not true" in w and "중국법인" in w for w in batch.warnings)


def test_quick_path_and_full_validator_agree_on_entity_region_and_defaults(kb, tmp_path):
    """A one-firm CSV takes the quick path; the full validator gives the same table (issue 19's rule)."""
    import numpy as np

    from features.firms.readers import read_firm_frame
    from features.firms.validation import validate_frame

    path = tmp_path / "one.csv"
    path.write_text("firm_id,has_china_entity,china_entity_region,employees\nQ,yes,Shandong,12\n", encoding="utf-8")
    quick, full = read_firms(path, kb.regions), validate_frame(read_firm_frame(path), kb.regions)
    for name in ("china_entity_region", "defaulted"):
        a, b = getattr(quick.firms, name), getattr(full.firms, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    assert quick.firms.firm(0) == full.firms.firm(0)


def _entity_lines(md: str, marker: str) -> list[str]:
    return [line for line in md.splitlines() if marker in line]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_panel32_p08_entity_line_names_shandong_and_says_when_the_answer_is_elsewhere(capsys, tmp_path, kb, lang):
    """Panel 32 P08: "✔ 귀사는 이미 중국 법인이 있으므로 … 법인이 있는 지역에서 시작하면 … — 중국 법인: 있음" under a
    Zhejiang answer for an entity in Shandong. Every line citing the entity now names Shandong, and each regional
    answer elsewhere says so plainly with its region's name; scores are unchanged."""
    path = tmp_path / "P08.json"
    path.write_text(json.dumps({**P08, "china_entity_region": "CN-SD"}, ensure_ascii=False), encoding="utf-8")
    plain = tmp_path / "P08_plain.json"
    plain.write_text(json.dumps(P08, ensure_ascii=False), encoding="utf-8")
    md = run(capsys, path, "--format", "md", "--lang", lang)
    marker, name = ("중국 법인: 있음", "산둥성") if lang == "ko" else ("entity in China: yes", "Shandong")
    lines = _entity_lines(md, marker)
    assert lines and all(f"{marker} ({name}" in x for x in lines), lines
    out = json.loads(run(capsys, path, "--format", "json"))
    before = json.loads(run(capsys, plain, "--format", "json"))
    assert [(r["region_id"], r["sector_id"], r["strategy_id"], r["score"]) for r in out["recommendations"]] == \
        [(r["region_id"], r["sector_id"], r["strategy_id"], r["score"]) for r in before["recommendations"]]
    elsewhere = {r["region_id"] for r in out["recommendations"]
                 if len(r.get("equivalent_regions") or []) <= 1 and r["region_id"] != "CN-SD"
                 and any(c.get("entity_region") == "CN-SD" for c in r["strategy"]["conditions"])}  # fmt: skip
    assert elsewhere, "P08 has an answer outside Shandong citing the entity"
    for rid in elsewhere:
        there = getattr(kb.regions[rid], f"name_{lang}")
        said = (re.compile(rf"\({name} — 이 답의 지역 {there}[과와] 다름\)") if lang == "ko" else
                re.compile(rf"\({name} — not this answer's region, {there}\)"))  # fmt: skip
        assert any(said.search(x) for x in lines), (rid, lines)
    if lang == "ko":
        assert "중국 법인: 있음 (산둥성 — 이 답의 지역 저장성과 다름)" in md or "CN-ZJ" not in elsewhere
    guide = [x for x in md.splitlines() if x.startswith(("선택의 기준", "What can guide"))]
    assert all(("귀사의 중국 법인이 있는 산둥성이" if lang == "ko" else "your China entity is in Shandong") in x
               for x in guide), guide  # fmt: skip
    assert "법인이 있는 곳이 끝의 지역 목록에 있다면" not in md


def test_without_entity_region_the_entity_line_is_as_before(capsys, tmp_path):
    """An input that does not give the region reads as it did: "중국 법인: 있음" with nothing after it."""
    plain = tmp_path / "P08_plain.json"
    plain.write_text(json.dumps(P08, ensure_ascii=False), encoding="utf-8")
    md = run(capsys, plain, "--format", "md")
    assert all(x.endswith("중국 법인: 있음") for x in _entity_lines(md, "중국 법인: 있음"))
    assert "entity_region" not in run(capsys, plain, "--format", "json")


# ---------------------------------------------------------------- 3. the app's form


def test_app_form_asks_where_the_entity_is_once_the_box_is_ticked():
    """The region picker appears when the entity box is ticked, and the submitted firm carries the region; without
    an entity there is no picker and no region in the firm."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not [w for w in at.selectbox if w.key == "ff_entity_region"]
    at.text_input(key="ff_firm_id").set_value("P08")
    at.slider(key="ff_cap_cloud_big_data").set_value(4)
    at.checkbox(key="ff_china_entity").check().run()
    picker = at.selectbox(key="ff_entity_region")
    assert picker.label == "법인이 있는 지역"
    picker.set_value("CN-SD")
    at.form_submit_button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    record = at.session_state["rec_record"]
    assert record["has_china_entity"] is True and record["china_entity_region"] == "CN-SD"
    at.checkbox(key="ff_china_entity").uncheck().run()
    assert not [w for w in at.selectbox if w.key == "ff_entity_region"]
    at.form_submit_button[0].click()
    at.run()
    assert "china_entity_region" not in at.session_state["rec_record"]
