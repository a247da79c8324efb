"""Issue 17: registries without scores — KSIC code and products text in every format, inferred capabilities with
their source, the labelled held-out set, and honest answers for industries the reports do not treat."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from features.facts import CAPABILITY_KEYS
from features.firms import CAPABILITY_SOURCES, firms_from_records, read_firms
from features.firms.evaluate import evaluate, read_labels, split_of
from features.firms.infer import Inferrer
from features.firms.ksic import load_ksic, normalise_code
from recommender.industry_scope import SIDE_MIN, apply_industry_gate, industry_scope
from recommender.weights import preset_weights
from tests.conftest import DATA, ROOT

MEMBERS = DATA / "samples" / "members_ksic.csv"


# ------------------------------------------------------------------ the labelled set


def test_split_is_deterministic_and_roughly_thirty_percent():
    frame = read_labels()
    assert len(frame) >= 120
    share = (frame["split"] == "heldout").mean()
    assert 0.2 < share < 0.4
    assert all(split_of(f) == s for f, s in zip(frame["firm_id"], frame["split"]))


def test_heldout_top_capability_beats_both_baselines():
    """Measured on the held-out 30 % (never tuned on row by row); the model must beat the KSIC-only and the
    keyword-only baselines computed in the same run. The issue's 90 % target is not reached (see the closing note):
    the floor here is what the model does today, so a regression fails."""
    report = evaluate(split="heldout")
    m = report["methods"]
    assert report["rows"] >= 60
    assert m["model"]["top1"] >= max(m["ksic_only"]["top1"], m["keywords_only"]["top1"])
    assert m["model"]["top1"] >= 0.72
    assert m["model"]["key_f1"] > max(m["ksic_only"]["key_f1"], m["keywords_only"]["key_f1"])


def test_nothing_at_3_is_invented_for_an_empty_description():
    """With no products text, a value ≥ 3 comes only from the KSIC table (the code defines it); no code and no
    text give nothing at all."""
    ksic = load_ksic()
    inf = Inferrer(ksic)
    frame = read_labels()
    empty = frame[frame["products"].str.strip() == ""]
    assert len(empty) >= 10
    for raw in empty["industry_code"]:
        code, problem = normalise_code(raw, ksic)
        res = inf.infer("" if problem == "malformed" else code, "")
        prior = dict(ksic.prior(code).capabilities) if code and problem != "malformed" else {}
        for j, k in enumerate(CAPABILITY_KEYS):
            if res.values[j] >= 3:
                assert prior.get(k, 0) >= 3, (raw, k, res.reason)
    assert inf.infer("", "").empty and inf.infer("", "   ").empty


def test_reason_names_the_code_the_words_and_the_levels():
    res = Inferrer().infer("26429", "차량용 카메라 모듈")
    assert res.reason.startswith("KSIC 26429 + '차량용', '카메라 모듈' →")
    assert "automotive_mobility 3" in res.reason and "semiconductors_sensors 3" in res.reason


def test_goods_named_after_a_technology_get_nothing_for_the_word():
    inf = Inferrer()
    assert max(inf.infer("", "클라우드 베개").values) <= 1
    assert inf.infer("", "클라우드 IaaS").values[CAPABILITY_KEYS.index("cloud_big_data")] >= 4


# ------------------------------------------------------------------ fields in every format


RECORDS = [
    {"firm_id": "A", "name": "스마트아이", "industry_code": "26429", "products": "차량용 카메라 모듈"},
    {"firm_id": "B", "name": "그린팜", "industry_code": "01121", "products": "유리온실 스마트팜"},
    {"firm_id": "C", "name": "혼합", "industry_code": "58222", "products": "영상 분석 AI, 클라우드", "ai_software": "2"},
    {"firm_id": "D", "name": "빈칸", "industry_code": "", "products": ""},
]
KO_HEADERS = {"firm_id": "사업자번호", "name": "기업명", "industry_code": "표준산업분류", "products": "주요제품",
              "ai_software": "AI·소프트웨어"}  # fmt: skip


def _frame(korean: bool) -> pd.DataFrame:
    frame = pd.DataFrame(RECORDS).fillna("")
    return frame.rename(columns=KO_HEADERS) if korean else frame


def _check(batch) -> None:
    f = batch.firms
    assert batch.accepted == 4 and list(f.industry_code) == ["26429", "01121", "58222", ""]
    assert list(f.products) == ["차량용 카메라 모듈", "유리온실 스마트팜", "영상 분석 AI, 클라우드", ""]
    assert [f.source_name(i) for i in range(4)] == ["inferred", "inferred", "mixed", "none"]
    j = CAPABILITY_KEYS.index("ai_software")
    assert f.capabilities[2, j] == 2 and f.firm(2)["capability_sources"]["ai_software"] == "given"  # given wins
    assert f.firm(0)["capability_sources"]["automotive_mobility"] == "products"
    assert any("no capability score, no industry_code" in w for w in batch.warnings)


@pytest.mark.parametrize("fmt", ["json", "csv-utf8", "csv-bom", "csv-cp949", "xlsx", "parquet", "form"])
def test_industry_code_and_products_in_every_format(tmp_path, kb, fmt):
    korean = fmt in ("csv-cp949", "xlsx")
    frame = _frame(korean)
    if fmt == "form":
        batch = firms_from_records([{k: v for k, v in r.items() if v != ""} for r in RECORDS], kb.regions)
        return _check(batch)
    if fmt == "json":
        path = tmp_path / "f.json"
        recs = []
        for r in RECORDS:
            r = dict(r)
            caps = {"ai_software": int(r.pop("ai_software"))} if "ai_software" in r else {}
            recs.append({**r, "capabilities": caps})
        path.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    elif fmt.startswith("csv"):
        path = tmp_path / "f.csv"
        text = frame.to_csv(index=False, lineterminator="\r\n")
        enc = {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "csv-cp949": "cp949"}[fmt]
        path.write_bytes(text.encode(enc))
    elif fmt == "xlsx":
        path = tmp_path / "f.xlsx"
        frame.to_excel(path, index=False)
    else:
        path = tmp_path / "f.parquet"
        frame.to_parquet(path, index=False)
    _check(read_firms(path, kb.regions))


def test_codes_as_excel_and_clerks_write_them():
    ksic = load_ksic()
    assert normalise_code("C26429", ksic) == ("26429", None)
    assert normalise_code("26421.0", ksic) == ("26421", None)
    assert normalise_code("62-010", ksic) == ("62010", None)
    assert normalise_code("1121", ksic) == ("01121", "leading_zero")
    assert normalise_code("제조업", ksic) == ("", "malformed")
    assert normalise_code("00000", ksic)[1] == "unknown"


def test_unknown_and_malformed_codes_are_row_warnings_naming_the_code(kb):
    batch = firms_from_records([{"firm_id": "X", "industry_code": "00000", "products": "PCB 기판"},
                                {"firm_id": "Y", "industry_code": "제조업", "products": ""},
                                {"firm_id": "Z", "industry_code": "26110"}], kb.regions)  # fmt: skip
    assert batch.accepted == 3 and not batch.rejected
    assert set(batch.unknown_codes) == {"00000", "제조업", "26110"}
    named = {w.firm_id: w.reason for w in batch.row_warnings}
    assert "'00000'" in named["X"] and "'제조업'" in named["Y"] and "2611" in named["Z"]  # parent named
    assert batch.firms.source_name(0) == "inferred" and batch.firms.capabilities[0].max() >= 2  # from the text
    assert batch.firms.source_name(1) == "none"


# ------------------------------------------------------------------ industries the reports do not treat


def _overlaps(ref: dict, doc: str, start: int, end: int) -> bool:
    return ref["doc_id"] == doc and ref["line_start"] <= end and ref["line_end"] >= start


@pytest.mark.parametrize("code,products,family", [
    ("13211", "면 방적사, 혼방 직물", "textiles"),
    ("20423", "기초화장품 OEM", "cosmetics"),
    ("58212", "모바일 게임 개발", "games"),
    ("20119", "계면활성제, 공업용 도료", "chemicals"),
])  # fmt: skip
def test_uncovered_industry_gets_the_honest_answer_with_cited_passages(kb, rec, code, products, family):
    batch = firms_from_records([{"firm_id": "F", "industry_code": code, "products": products, "employees": 80,
                                 "revenue_krw_100m": 150, "investment_capacity_krw_100m": 30,
                                 "capabilities": {"ai_software": 3}}], kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    scope = industry_scope(kb, firm)
    assert scope["status"] == "not_covered" and scope["family"] == family
    assert "직접 다루지 않습니다" in scope["message"]["ko"] and "do not treat" in scope["message"]["en"]
    assert scope["related"], family
    for ref in scope["related"]:
        assert ref["text"] == kb.quote(ref["doc_id"], ref["line_start"], ref["line_end"]) and ref["text"]
    result = apply_industry_gate(rec.recommend(batch.firms, 0, preset_weights()), firm, scope)
    assert result["recommendations"] == [] and result["coverage"]["status"] == "none"  # AI 3 is a side capability
    if family == "textiles":
        assert any(_overlaps(r, "kiep_seminar_2018", 68, 72) for r in scope["related"])


def test_a_strong_given_side_capability_still_carries_a_recommendation(kb, rec):
    batch = firms_from_records([{"firm_id": "F", "industry_code": "58212", "products": "모바일 게임",
                                 "employees": 80, "investment_capacity_krw_100m": 30,
                                 "capabilities": {"ai_software": SIDE_MIN}}], kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    result = apply_industry_gate(rec.recommend(batch.firms, 0, preset_weights()), firm, industry_scope(kb, firm))
    assert result["recommendations"] and result["industry_scope"]["status"] == "not_covered"


def test_semiconductor_equipment_is_said_to_be_outside_the_reports_with_what_touches_it(kb, rec):
    """Two independent advisor panels (issue 18) judged every sector pick for a chip-equipment maker wrong (Beijing
    autonomous driving, then 5G, then robotics): the reports do not treat chip and display equipment. The answer
    says so and quotes what touches it — parts and equipment into 5G and smart factories (4ir 1716–1724) and the
    Shanghai speaker's chip-cluster cooperation (seminar 68–72); the sector picks stay for reference only."""
    batch = firms_from_records([{"firm_id": "S", "industry_code": "29271", "products": "반도체 웨이퍼 세정장비",
                                 "employees": 85, "revenue_krw_100m": 210, "investment_capacity_krw_100m": 20}],
                               kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    scope = industry_scope(kb, firm)
    assert scope["status"] == "not_covered" and "반도체 장비" in scope["message"]["ko"]
    assert any(_overlaps(r, "china_4ir_issue_2018", 1716, 1722) for r in scope["related"])
    assert any(_overlaps(r, "kiep_seminar_2018", 68, 72) for r in scope["related"])
    result = apply_industry_gate(rec.recommend(batch.firms, 0, preset_weights()), firm, scope)
    assert not result["recommendations"] and result["side_recommendations"]
    assert result["coverage"]["status"] == "none" and result["ties"] is None
    assert "side_recommendations" not in result["coverage"]["message"]["ko"]
    # with a capability it confirms itself (given, 4+), a firm of the family is matched on it
    given = firms_from_records([{"firm_id": "T", "industry_code": "29271", "products": "반도체 식각 장비",
                                 "employees": 85, "capabilities": {"smart_manufacturing": 4}}], kb.regions)
    gf = given.firms.firm(0)
    kept = apply_industry_gate(rec.recommend(given.firms, 0, preset_weights()), gf, industry_scope(kb, gf))
    assert kept["recommendations"]


def test_battery_and_ess_firm_is_pointed_to_smart_energy(kb, rec):
    batch = firms_from_records([{"firm_id": "B", "industry_code": "28202", "products": "ESS용 리튬이온 배터리 모듈",
                                 "employees": 140, "revenue_krw_100m": 480, "investment_capacity_krw_100m": 60,
                                 "china_experience_years": 3, "risk_tolerance": "medium"}], kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    result = apply_industry_gate(rec.recommend(batch.firms, 0, preset_weights()), firm, industry_scope(kb, firm))
    assert result["recommendations"] and result["recommendations"][0]["sector_id"] == "smart_energy"


# ------------------------------------------------------------------ a registry without scores, end to end


def test_cp949_member_file_screens_end_to_end(tmp_path):
    raw = MEMBERS.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # as Korean Excel writes it
    out = tmp_path / "out.csv"
    r = subprocess.run([sys.executable, "-m", "recommender", "screen", str(MEMBERS), "--out", str(out), "--wide"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "inferred 추정 29" in r.stderr and "none 정보 없음 1" in r.stderr
    assert "'00000' (1)" in r.stderr and "'제조업' (1)" in r.stderr
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert table["firm_id"].nunique() == 30  # every accepted firm is in the output
    assert set(table["capability_source"]) <= set(CAPABILITY_SOURCES)
    sources = table.drop_duplicates("firm_id").set_index("기업명" if "기업명" in table else "firm_name")
    assert sources.loc["㈜한빛반도체장비", "capability_source"] == "inferred"
    assert "~" in sources.loc["㈜한빛반도체장비", "capabilities"]  # inferred values marked
    assert sources.loc["대명섬유", "coverage"] == "none"


def test_inference_is_cached_per_code_and_text_pair():
    inf = Inferrer()
    codes = np.array(["26429", "26429", "13211"] * 1000, dtype=object)
    texts = np.array(["차량용 카메라 모듈", "차량용 카메라 모듈", "면 방적사"] * 1000, dtype=object)
    vals, orig, reasons = inf.infer_many(codes, texts)
    assert len(inf.cache) == 2 and vals.shape == (3000, len(CAPABILITY_KEYS))
    assert (vals[0] == vals[1]).all() and reasons[0] is reasons[1]


def test_screen_json_output_keeps_the_source(tmp_path):
    out = tmp_path / "o.json"
    src = tmp_path / "f.csv"
    src.write_bytes(io.BytesIO("firm_id,업종코드,주생산품\nA,29271,반도체 장비\n".encode("cp949")).getvalue())
    r = subprocess.run([sys.executable, "-m", "recommender", "screen", str(src), "--out", str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert '"capability_source": "inferred"' in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the app form


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_app_form_ksic_picker_prefills_estimates_labelled_as_such(lang):
    from streamlit.testing.v1 import AppTest

    from ui.strings import STRINGS

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if lang == "en":
        at.session_state["lang_en"] = True
    at.run()
    picker = at.selectbox(key="ff_ksic")
    assert "28202" in picker.options or any(o.startswith("28202") for o in picker.options)
    picker.set_value("28202")
    at.text_input(key="ff_products").set_value("ESS용 리튬이온 배터리 모듈")
    at.button(key="ff_estimate_btn").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="ff_cap_energy_tech").value >= 3
    word = STRINGS["estimated"][1 if lang == "en" else 0]
    assert f"({word})" in at.slider(key="ff_cap_energy_tech").label
    assert f"({word})" not in at.slider(key="ff_cap_fintech").label
    at.text_input(key="ff_firm_id").set_value("B1")
    at.number_input(key="ff_employees").set_value(140)
    at.number_input(key="ff_investment").set_value(60.0)
    at.form_submit_button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    note = STRINGS["estimate_note"][1 if lang == "en" else 0]
    assert any(note in i.value for i in at.info)


def test_screening_an_inferred_registry_is_byte_identical_run_to_run(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"o{i}.csv"
        r = subprocess.run([sys.executable, "-m", "recommender", "screen", str(MEMBERS), "--out", str(out), "--wide"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
        assert r.returncode == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and b"capability_reason" in outs[0]
