"""Client outputs in Korean (issue 10, items 2 and 3): every export opened as a client would open it — the XLSX with
openpyxl, CSV/Markdown/HTML as text — and the quotes a reader sees (whole sentences, merged, Korean in Korean mode);
the agency's own columns carried through a screening run."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from features.evidence import EvidenceRef, merge_refs, readable_quote, readable_quotes, shorten_quote
from features.facts import CAPABILITY_KEYS
from features.firms import CAPABILITY_LABELS_KO, firms_from_records, read_firms
from recommender import present
from recommender.screening import screen_table
from recommender.weights import preset_weights
from ui import exports

ROOT = Path(__file__).resolve().parents[1]
STATUS_KEYS = ("matched", "partial", "gap")
KIEP = "kiep_internet_plus_2018"
FIRM = {
    "firm_id": "KR-TS-060", "name": "㈜신호등테크", "employees": 1200, "revenue_krw_100m": 1683,
    "china_experience_years": 2, "has_china_entity": True, "chinese_speaking_staff": 3,
    "investment_capacity_krw_100m": 120, "certifications": ["ISO9001"], "risk_tolerance": "medium",
    "horizon_years": 5, "capabilities": {"smart_transport": 5, "cloud_big_data": 2, "ai_software": 3, "iot_devices": 4},
}  # fmt: skip


@pytest.fixture(scope="module")
def made(kb, rec):
    batch = firms_from_records([FIRM], kb.regions)
    firm = batch.firms.firm(0)
    result = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=3)
    assert result["recommendations"], "the sample firm must get recommendations for these tests to mean anything"
    return result, firm


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9_]+", text))


def _no_raw_keys(text: str) -> None:
    """No capability key (``cloud_big_data``) and no snake_case status (``partial``) as a word of the text."""
    words = _words(text)
    assert not words & set(CAPABILITY_KEYS), words & set(CAPABILITY_KEYS)
    assert not words & set(STATUS_KEYS), words & set(STATUS_KEYS)


# ---------------------------------------------------------------- one firm's workbook


def test_xlsx_sheets_headers_firm_inputs_and_run_facts_are_korean(kb, made):
    result, firm = made
    book = load_workbook(io.BytesIO(exports.recommendation_xlsx(result, kb, "ko", {}, firm)), read_only=True)
    assert book.sheetnames == ["추천", "근거", "역량", "위험", "기업 입력", "정보", "ids (기계 판독용)"]
    for ws in book.worksheets[:-1]:  # the last sheet is for tools: contract names and machine ids
        rows = list(ws.iter_rows(values_only=True))
        header = rows[0]
        assert all(re.search(r"[가-힣]", str(h)) for h in header), (ws.title, header)
        for row in rows[1:]:
            for cell in row:
                if isinstance(cell, str):
                    _no_raw_keys(cell)
                    assert not re.search(r"\bimp_\w+|\(CN-[A-Z]{2}\)|\b[a-z]+_[a-z_]+\b", cell), (ws.title, cell)
    caps = {r[3]: r[7] for r in book["역량"].iter_rows(min_row=2, values_only=True)}
    assert set(caps) <= set(CAPABILITY_LABELS_KO.values()) and set(caps.values()) <= {"충족", "부분", "부족"}
    inputs = dict(book["기업 입력"].iter_rows(min_row=2, values_only=True))
    assert inputs["기업ID"] == "KR-TS-060" and inputs["매출액"] == "1,683억원" and inputs["투자여력"] == "120억원"
    assert inputs["중국경험"] == "2년" and inputs["종업원수"] == "1,200명" and inputs["중국법인"] == "예"
    assert inputs["스마트 교통"] == "5/5" and inputs["물류"] == "0/5"
    assert all(CAPABILITY_LABELS_KO[k] in inputs for k in CAPABILITY_KEYS)
    info = dict(book["정보"].iter_rows(min_row=2, values_only=True))
    assert info["프리셋"] == "균형형" and info["집계 방법"] == "가중합(WSM)"
    assert info["데이터 버전"] == kb.data_version and str(info["데이터 기준연도"]).startswith("2018")
    assert {k for k in info if k.startswith("가중치: ")} == {"가중치: 역량적합", "가중치: 정책", "가중치: 수요", "가중치: 위험"}
    recs = list(book["추천"].iter_rows(values_only=True))
    robust = recs[0].index("강건성")
    assert all(re.fullmatch(r"\d{1,3}%", r[robust]) for r in recs[1:])
    ev = recs[0].index("근거")
    assert all(re.search(r"KIEP 보고서 2018, \d+–\d+행|\d+행", r[ev]) for r in recs[1:])


def test_xlsx_in_english_has_english_sheets(kb, made):
    result, firm = made
    book = load_workbook(io.BytesIO(exports.recommendation_xlsx(result, kb, "en", {}, firm)), read_only=True)
    assert book.sheetnames == ["recommendations", "evidence", "capabilities", "risks", "firm inputs", "info",
                               "ids (machine-readable)"]  # fmt: skip
    ids = list(book["ids (machine-readable)"].iter_rows(values_only=True))
    assert ids[0][:5] == ("rank", "tie_group", "region_id", "sector_id", "strategy_id")
    assert [r[2] for r in ids[1:]] == [r["region_id"] for r in result["recommendations"]]
    info = dict(book["info"].iter_rows(min_row=2, values_only=True))
    assert info["preset"] == "balanced" and info["method"] == "weighted sum (WSM)"
    inputs = dict(book["firm inputs"].iter_rows(min_row=2, values_only=True))
    assert inputs["revenue"] == "KRW 168.3 bn" and inputs["China experience"] == "2 years"


def test_csv_has_korean_table_then_settings_and_firm_inputs(kb, made):
    result, firm = made
    raw = exports.recommendation_csv(result, kb, "ko", firm)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["순위", "동순위", "지역"]
    pairs = {r[0]: r[1] for r in rows if len(r) == 2}
    assert pairs["프리셋"] == "균형형" and pairs["데이터 버전"] == kb.data_version
    assert pairs["데이터 기준연도"].startswith("2018") and pairs["스마트 교통"] == "5/5"
    _no_raw_keys(text)
    assert "imp_" not in text and not re.search(r"\(CN-[A-Z]{2}\)", text)


# ---------------------------------------------------------------- Markdown and HTML reports


def test_markdown_report_is_korean_with_inputs_settings_and_one_robustness_format(kb, made):
    result, firm = made
    md = exports.recommendation_md(result, kb, "ko", firm).decode("utf-8")
    assert "## 기업 입력 정보" in md and "**분석 설정**" in md and "가중합(WSM)" in md and "균형형" in md
    assert kb.data_version in md and "기준연도 2018" in md and "1,683억원" in md
    assert all(lab in md for lab in CAPABILITY_LABELS_KO.values())
    _no_raw_keys(md)
    assert "fit 0." not in md and "방법: wsm" not in md and "vintage" not in md
    body = "\n".join(x for x in md.splitlines() if not x.startswith("|"))  # the appendix's table: its own header
    shown = re.findall(r"강건성 (\S+)", body)
    assert shown and all(re.fullmatch(r"\d{1,3}%", s) for s in shown)
    for r in result["recommendations"]:
        assert f"강건성 {present.percent(r['robustness'])}" in md
    assert re.search(r"(공동 )?1위\. ", md)


def test_html_report_title_fonts_print_css_and_escaping(kb, made):
    result, firm = made
    hostile = {**result, "firm_name": "<img src=x onerror=alert(1)> ㈜신호등테크"}
    page = exports.recommendation_html(hostile, kb, "ko", firm).decode("utf-8")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "\\" not in title and "KR-TS-060" in title and "&lt;img" in title
    assert "<img" not in page and "\\-" not in page
    for font in ("Noto Sans KR", "NanumGothic", "Noto Sans CJK KR", "sans-serif"):
        assert font in page
    assert "@page{size:A4" in page and "@media print" in page and "break-before:page" in page
    # one per opportunity and one for the appendix "점수 계산 방법" (panel 24 item 5)
    assert page.count("<section class='opp'>") == len(result["recommendations"]) + 1
    assert "기업 입력 정보" in page and "<table class='kv'>" in page
    _no_raw_keys(re.sub(r"<style>.*?</style>", "", page))


# ---------------------------------------------------------------- quotes


def _compact(text: str) -> str:
    """Without whitespace and without the bullet glyphs passages drop (``- 시티브레인…``)."""
    return re.sub(r"\s+", "", re.sub(r"(^|\s)(?:❍|□|■|○|◦|•|△|-|m)\s", " ", text))


SENTENCE_TAIL = re.compile(r"((?<!\d)[.!?。][\"'”’)\]]*(\d{1,3}\))?|\d[.!?。][\"'”’)\]]*|[다음함됨임])$")


def _fact_refs(kb) -> list[dict]:
    return [e.as_dict() if hasattr(e, "as_dict") else e for f in kb.facts for e in f.evidence]


def test_quotes_start_and_end_at_sentence_boundaries_on_their_lines(kb):
    refs = _fact_refs(kb)
    assert len(refs) > 200
    starts = {(p.doc_id, p.line_start): p for p in kb.passages}
    ends = {(p.doc_id, p.line_end): p for p in kb.passages}
    checked = marked = 0
    for i in range(0, len(refs), 4):
        for q in readable_quotes(kb.docs, kb.passages, refs[i : i + 4], "ko"):
            raw = _compact(kb.quote(q.doc_id, q.line_start, q.line_end))
            text = _compact(q.text)
            if "…" in q.text:  # no whole sentence on the page: cut between words and marked as cut
                marked += 1
                words = set(kb.quote(q.doc_id, q.line_start, q.line_end).split())
                inner = q.text.removeprefix("… ").removesuffix(" …").split()
                assert inner[0] in words and inner[-1] in words, q
                continue
            at = raw.find(text)
            assert at >= 0, (q.doc_id, q.line_start, q.line_end)  # the quote is on the lines it names
            first = starts.get((q.doc_id, q.line_start))
            assert at == 0 or SENTENCE_TAIL.search(raw[:at]) or (first and text.startswith(_compact(first.text)[:20])), \
                (q.doc_id, q.line_start, q.text[:40])  # fmt: skip
            last = ends.get((q.doc_id, q.line_end))
            assert SENTENCE_TAIL.search(text) or (last and text.endswith(_compact(last.text)[-20:])), \
                (q.doc_id, q.line_end, q.text[-40:])  # fmt: skip
            checked += 1
    assert checked > 200 and marked <= 0.03 * checked, (checked, marked)


def test_a_quote_never_starts_with_the_tail_of_a_broken_word(kb):
    raw = kb.quote(KIEP, 946, 948)
    assert raw.startswith("키고 있다.")  # what the cited lines begin with
    q = readable_quote(kb.docs, kb.passages, KIEP, 946, 948)
    assert not q.text.startswith("키고") and "변화시키고 있다." in q.text and q.line_start < 946
    q2 = readable_quote(kb.docs, kb.passages, KIEP, 3382, 3386)  # a page whose beginning is missing (``태계가…``)
    assert not q2.text.startswith(("태계가", "인재가 집적되어")) and q2.text.startswith("베이징에는")
    assert q2.text.endswith("소재한다.")


def test_a_quote_that_ends_mid_sentence_is_completed(kb):
    q = readable_quote(kb.docs, kb.passages, KIEP, 2563, 2565)
    assert kb.quote(KIEP, 2563, 2565).endswith("중국 전체")
    assert q.text.endswith("있다.") or q.text.endswith("수준이다.45)")
    assert "중국 전체" not in q.text[-10:]


def test_overlapping_and_contained_references_become_one_quote(kb):
    merged = merge_refs([{"doc_id": "a", "line_start": 1, "line_end": 5}, {"doc_id": "a", "line_start": 3, "line_end": 4},
                         {"doc_id": "a", "line_start": 10, "line_end": 12}, {"doc_id": "b", "line_start": 1, "line_end": 2},
                         {"doc_id": "a", "line_start": 5, "line_end": 10}])  # fmt: skip
    assert [str(u) for u, _ in merged] == ["a:1-12", "b:1-2"]
    assert len(merged[0][1]) == 4
    refs = [{"doc_id": KIEP, "line_start": 2563, "line_end": 2569}, {"doc_id": KIEP, "line_start": 2565, "line_end": 2569}]
    quotes = readable_quotes(kb.docs, kb.passages, refs, "ko")
    assert len(quotes) == 1 and set(quotes[0].cited) == {EvidenceRef(KIEP, 2563, 2569), EvidenceRef(KIEP, 2565, 2569)}
    assert quotes[0].line_start <= 2563 and quotes[0].line_end >= 2569


def test_korean_mode_leaves_out_the_english_summary_when_a_korean_passage_is_cited(kb):
    english = {"doc_id": KIEP, "line_start": 6931, "line_end": 6939}
    korean = {"doc_id": KIEP, "line_start": 2563, "line_end": 2569}
    assert readable_quote(kb.docs, kb.passages, KIEP, 6931, 6939).lang == "en"
    ko = readable_quotes(kb.docs, kb.passages, [english, korean], "ko")
    assert [q.lang for q in ko] == ["ko"]
    en = readable_quotes(kb.docs, kb.passages, [korean, english], "en")
    assert [q.lang for q in en] == ["en", "ko"]
    only_english = readable_quotes(kb.docs, kb.passages, [english], "ko")
    assert len(only_english) == 1  # nothing Korean cited: the English passage is still shown


def test_shortened_quotes_end_after_a_whole_sentence():
    text = "첫 문장입니다. 두 번째 문장은 조금 더 깁니다. 세 번째 문장입니다."
    assert shorten_quote(text, 30) == "첫 문장입니다. 두 번째 문장은 조금 더 깁니다. …"
    assert shorten_quote(text, 100) == text
    assert shorten_quote("아주긴단어 하나 둘 셋 넷 다섯", 9).endswith(" …") and "단어 하" not in shorten_quote("아주긴단어 하나 둘", 7)


# ---------------------------------------------------------------- screening exports


@pytest.fixture(scope="module")
def screened(kb, rec, tmp_path_factory):
    src = pd.read_csv(ROOT / "data/samples/firms.csv", dtype=str, keep_default_na=False)
    src.insert(1, "담당자", [f"담당{i}" for i in range(len(src))])
    src["비고"] = "유지"
    path = tmp_path_factory.mktemp("scr") / "firms.csv"
    src.to_csv(path, index=False)
    batch = read_firms(path, kb.regions)
    table = screen_table(rec, batch.firms, preset_weights("growth"), top=2)
    return src, batch, table, path


def test_screening_xlsx_has_korean_headers_readable_citations_and_the_agencys_columns(kb, screened):
    src, batch, table, _ = screened
    assert batch.extra is not None and list(batch.extra.columns) == ["firm_id", "담당자", "비고"]
    info = present.run_frame({"preset": "growth", "method": "wsm", "weights": preset_weights("growth").as_dict(),
                              "data_version": kb.data_version, "vintage": kb.vintage}, "ko")  # fmt: skip
    raw = exports.screening_xlsx(table, batch.errors_frame(), info, kb, "ko", batch.extra)
    book = load_workbook(io.BytesIO(raw), read_only=True)
    assert book.sheetnames == ["결과", "코호트", "거부된 행", "정보", "ids (기계 판독용)"]
    rows = list(book["결과"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("기업ID", "기업명", "적합도 판정") and "담당자" in header and "비고" in header
    assert not set(header) & {"firm_id", "implication_ids", "region_id", "지역ID", "분야ID", "진입전략ID"}
    people = "\n".join(str(c) for r in rows for c in r if isinstance(c, str))
    assert "imp_" not in people and "smart_agriculture" not in people and "component_supply" not in people
    machine = list(book["ids (기계 판독용)"].iter_rows(values_only=True))
    assert {"firm_id", "region_id", "sector_id", "strategy_id", "implication_ids"} <= set(machine[0])
    col = {h: i for i, h in enumerate(header)}
    owner = dict(zip(src["firm_id"], src["담당자"]))
    for r in rows[1:]:
        assert r[col["담당자"]] == owner[r[col["기업ID"]]] and r[col["비고"]] == "유지"
        assert r[col["적합도 판정"]] in {"역량이 맞는 기회 있음", "근거 약함", "맞는 기회 없음"}
        if r[col["근거"]]:
            assert "kiep_internet_plus_2018:" not in r[col["근거"]] and re.search(r"\d+(–\d+)?행", r[col["근거"]])
    info_rows = dict(book["정보"].iter_rows(min_row=2, values_only=True))
    assert info_rows["프리셋"] == "성장형" and info_rows["데이터 버전"] == kb.data_version


def test_screening_csv_from_the_app_is_korean_and_keeps_the_agencys_columns(kb, screened):
    src, batch, table, _ = screened
    text = exports.screening_csv(table, kb, "ko", batch.extra).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"기업ID", "순위", "점수", "근거", "담당자", "비고"} <= set(rows[0])
    assert {r["기업ID"] for r in rows} == set(src["firm_id"])
    assert all(r["담당자"] == dict(zip(src["firm_id"], src["담당자"]))[r["기업ID"]] for r in rows)


def test_citations_use_catalog_short_names(kb):
    assert present.citation({"doc_id": KIEP, "line_start": 2563, "line_end": 2569}, kb, "ko") == "KIEP 보고서 2018, 2563–2569행"
    assert present.citation({"doc_id": KIEP, "line_start": 5, "line_end": 5}, kb, "en") == "KIEP report 2018, line 5"
    text = present.citations_text(f"{KIEP}:2563-2569;{KIEP}:2565-2569;kiep_seminar_2018:38-45", kb, "ko")
    assert text == "KIEP 보고서 2018, 2563–2569행; KIEP 보도자료 2018, 38–45행"


def test_number_formats_for_korean_readers():
    assert present.number(1683) == "1,683" and present.number(2.0, 1) == "2" and present.number(2.5, 1) == "2.5"
    assert present.krw_100m(120.0, "ko") == "120억원" and present.krw_100m(1683, "ko") == "1,683억원"
    assert present.years(2.0, "ko") == "2년" and present.years(2.5, "en") == "2.5 years"
    assert present.percent(0.96) == "96%" and present.percent(None) == "–"


def test_cli_screen_headers_option_and_passthrough(tmp_path, screened):
    _, _, _, path = screened
    for headers, first in (("ko", "기업ID"), ("en", "firm_id")):
        out = tmp_path / f"out_{headers}.csv"
        r = subprocess.run([sys.executable, "-m", "recommender", "screen", str(path), "--out", str(out), "--top", "1",
                            "--headers", headers], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
        assert r.returncode == 0, r.stderr
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
        header = rows[0]
        # the agency's columns, carried through: last in the contract layout, before the machine ids with ko headers
        own = header.index("담당자")
        assert header[0] == first and header[own : own + 2] == ["담당자", "비고"]
        assert headers == "ko" or own == len(header) - 2
        assert [r[own] for r in rows[1:]] == [f"담당{i}" for i in range(len(rows) - 1)]


def test_cli_recommend_xlsx_and_html_carry_the_firm_and_settings(tmp_path):
    out = tmp_path / "one.xlsx"
    r = subprocess.run([sys.executable, "-m", "recommender", "recommend", "data/samples/firm.json", "--format", "xlsx",
                        "--out", str(out), "--top", "2", "--preset", "안정형"], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["추천", "근거", "역량", "위험", "기업 입력", "정보", "ids (기계 판독용)"]
    inputs = dict(book["기업 입력"].iter_rows(min_row=2, values_only=True))
    assert inputs["기업명"] == "㈜딥비전랩" and inputs["AI·소프트웨어"] == "5/5" and inputs["매출액"] == "62억원"
    info = dict(book["정보"].iter_rows(min_row=2, values_only=True))
    assert info["프리셋"] == "안정형" and str(info["데이터 기준연도"]).startswith("2018")
    h = subprocess.run([sys.executable, "-m", "recommender", "recommend", "data/samples/firm.json", "--format", "html",
                        "--top", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert h.returncode == 0, h.stderr
    assert h.stdout.startswith("<!DOCTYPE html>") and "기업 입력 정보" in h.stdout and "@media print" in h.stdout


def test_screening_workbook_has_the_cohort_and_a_shortlist_workbook(kb):
    """Issue 10 item 6: the cohort view (region × sector firm counts) inside the screening XLSX, and one
    opportunity's shortlist as its own workbook — in Korean."""
    import io as _io

    import openpyxl as _openpyxl

    from features.firms import read_firms
    from recommender.engine import Recommender
    from recommender.screening import screen_table, shortlist_table
    from recommender.weights import preset_weights
    from tests.conftest import DATA
    from ui import exports as _exports

    rec = Recommender(kb)
    batch = read_firms(DATA / "samples/firms.csv", kb.regions)
    table = screen_table(rec, batch.firms, preset_weights(), top=3)
    info = pd.DataFrame([["프리셋", "균형형"]], columns=["항목", "값"])
    book = _openpyxl.load_workbook(_io.BytesIO(_exports.screening_xlsx(table, batch.errors_frame(), info, kb, "ko")))
    assert "코호트" in book.sheetnames
    rows = list(book["코호트"].iter_rows(values_only=True))
    assert rows[0][0] == "지역" and "스마트시티" in rows[0]
    ranked = table[table["rank"].notna()]
    assert sum(v for r in rows[1:] for v in r[1:] if isinstance(v, int)) == ranked.groupby(
        ["region_id", "sector_id"]).firm_id.nunique().sum()
    short = shortlist_table(rec, "CN-ZJ", "smart_city", batch.firms, preset_weights(), top=10)
    sbook = _openpyxl.load_workbook(_io.BytesIO(_exports.shortlist_xlsx(short, info, kb, "ko")))
    assert sbook.sheetnames == ["기회별 후보", "정보", "ids (기계 판독용)"]
    assert sbook["기회별 후보"].max_row == len(short) + 1


MACHINE_ID = re.compile(r"^(CN-[A-Z]{2}|[a-z][a-z0-9]*(_[a-z0-9]+)+|ok|weak|none)$")  # CN-ZJ, smart_agriculture, …


@pytest.mark.parametrize("layout", ["lean", "wide"])
def test_cli_screen_headers_ko_reads_as_korean_with_machine_ids_last_and_labelled(tmp_path, screened, kb, layout):
    """``screen --headers ko`` (issue 18 item 7): region, sector, strategy, coverage and capability source in Korean
    words first; the contract's id columns kept (DESIGN.md contract 8), after the agency's columns, each header
    saying it is for machines; the lean companion table readable the same way."""
    _, _, _, path = screened
    out = tmp_path / f"ko_{layout}.csv"
    r = subprocess.run([sys.executable, "-m", "recommender", "screen", str(path), "--out", str(out), "--top", "2",
                        "--headers", "ko", *(["--wide"] if layout == "wide" else [])], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    machine = [i for i, h in enumerate(header) if "기계용" in h]
    assert machine
    assert all("기계용" in h or h == "데이터 버전" for h in header[machine[0]:])
    assert header.index("비고") < machine[0]
    for contract in ("지역ID (기계용)", "분야ID (기계용)", "진입전략ID (기계용)", "판정 코드 (기계용: ok·weak·none)"):
        assert contract in header
    assert header[:8] == ["기업ID", "기업명", "적합도 판정", "순위", "동순위 그룹", "지역", "분야", "진입전략"]
    assert not any(re.search(r"[a-z]_[a-z]", h) for h in header)  # no snake_case key as a header
    readers = range(2, machine[0])
    for row in body:
        for i in readers:
            if header[i] in ("담당자", "비고"):
                continue
            assert not MACHINE_ID.match(row[i]), (header[i], row[i])
            assert "kiep_internet_plus_2018:" not in row[i] and "imp_" not in row[i], (header[i], row[i])
    col = {h: i for i, h in enumerate(header)}
    names = {v.name_ko for v in kb.regions.values()}
    assert all(row[col["지역"]] in names for row in body if row[col["순위"]])
    assert all(row[col["지역ID (기계용)"]] in kb.regions for row in body if row[col["순위"]])
    assert {row[col["적합도 판정"]] for row in body} <= {"역량이 맞는 기회 있음", "근거 약함", "맞는 기회 없음"}
    assert {row[col["역량 출처"]] for row in body} <= {"입력값", "추정", "입력+추정", "정보 없음"}
    if layout == "lean":
        opps = list(csv.reader(io.StringIO((tmp_path / "ko_lean.opportunities.csv").read_bytes().decode("utf-8-sig"))))
        oh = opps[0]
        assert oh[:3] == ["지역", "분야", "진입전략"] and "기회 키 (기계용: opportunities 표와 연결)" in oh
        assert all(re.search(r"\d+(–\d+)?행", o[oh.index("근거")]) for o in opps[1:])
        keys = {row[col["기회 키 (기계용: opportunities 표와 연결)"]] for row in body if row[col["순위"]]}
        assert keys <= {o[oh.index("기회 키 (기계용: opportunities 표와 연결)")] for o in opps[1:]}


def test_estimation_reasons_and_vectors_name_capabilities_not_keys():
    why = ("KSIC 01121 + '방적' → no capability of the 17 (KSIC prior agritech set aside: the products name an "
           "industry the 17 do not cover)")  # fmt: skip
    ko = present.reason_text(why, "ko")
    assert "agritech" not in ko and "스마트농업" in ko and "17개 역량 중 해당 없음" in ko and "set aside" not in ko
    en = present.reason_text("KSIC 47912 (via 4791) + '온라인 쇼핑몰' → ecommerce_consumer 4", "en")
    assert "ecommerce_consumer" not in en and en.endswith("E-commerce & consumer 4")
    assert present.capabilities_text("semiconductors_sensors:4~;smart_manufacturing:2", "ko") == (
        "반도체·센서 4(추정); 스마트 제조 2")


def test_cli_shortlist_headers_ko_reads_as_korean_with_machine_ids_last(tmp_path, screened):
    _, _, _, path = screened
    out = tmp_path / "sl.csv"
    r = subprocess.run([sys.executable, "-m", "recommender", "shortlist", "CN-BJ/autonomous_driving", str(path), "--out",
                        str(out), "--top", "3", "--headers", "ko"], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    header = rows[0]
    assert {"지역", "분야", "진입전략"} <= set(header)
    first_machine = min(i for i, h in enumerate(header) if "기계용" in h)
    assert header[first_machine:] == ["지역ID (기계용)", "분야ID (기계용)", "진입전략ID (기계용)", "데이터 버전"]
    assert all(row[header.index("지역")] == "베이징" and row[header.index("지역ID (기계용)")] == "CN-BJ" for row in rows[1:])
