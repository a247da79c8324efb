"""Firm input: formats as Korean Excel writes them, Korean headers, and bad input with nothing lost."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from features.facts import CAPABILITY_KEYS
from features.firms import FirmInputError, firms_from_records, read_firms
from tests.conftest import DATA

HEADER_KO = "기업ID,기업명,종업원수,중국경험(년),중국법인,위험성향,AI·소프트웨어,의료기기\n"


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_sample_firms_are_all_accepted(kb):
    batch = read_firms(DATA / "samples/firms.csv", kb.regions)
    assert batch.received == batch.accepted >= 20
    assert batch.rejected == []
    emp = batch.firms.employees
    assert emp.min() <= 5 and emp.max() >= 5000


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_korean_headers_in_every_excel_encoding(tmp_path, kb, encoding):
    text = HEADER_KO + "K1,㈜한빛메디컬,120,3,예,높음,4,5\nK2,서울AI,15,0,아니오,보통,5,0\n"
    if encoding == "euc-kr":
        text = text.replace("㈜", "(주)")  # ㈜ is outside EUC-KR proper (CP949 has it)
    batch = read_firms(_write(tmp_path, "f.csv", text.encode(encoding)), kb.regions)
    assert batch.accepted == 2 and batch.rejected == []
    first = batch.firms.firm(0)
    assert first["name"].endswith("한빛메디컬")
    assert first["has_china_entity"] is True and first["risk_tolerance"] == "high"
    assert first["capabilities"]["medical_devices"] == 5 and first["capabilities"]["ai_software"] == 4
    assert batch.firms.firm(1)["capabilities"]["telecom_5g"] == 0  # missing capability = 0


def test_empty_file_is_unusable(tmp_path, kb):
    with pytest.raises(FirmInputError, match="empty"):
        read_firms(_write(tmp_path, "f.csv", b""), kb.regions)


def test_header_only_is_unusable(tmp_path, kb):
    with pytest.raises(FirmInputError, match="no firm rows"):
        read_firms(_write(tmp_path, "f.csv", HEADER_KO.encode("utf-8-sig")), kb.regions)


def test_missing_firm_id_column_says_what_to_add(tmp_path, kb):
    with pytest.raises(FirmInputError, match="firm_id"):
        read_firms(_write(tmp_path, "f.csv", b"name,employees\nA,3\n"), kb.regions)


def test_duplicate_ids_and_bad_capabilities_are_row_errors(tmp_path, kb):
    text = (
        "firm_id,name,ai_software,employees,risk_tolerance\n"
        "A,first,3,10,low\n"  # row 2 ok
        "A,again,2,10,low\n"  # row 3 duplicate
        "B,seven,7,10,low\n"  # row 4 capability out of range
        "C,word,높음,10,low\n"  # row 5 capability not a number
        "D,neg,2,-1,low\n"  # row 6 negative employees
        "E,half,2.5,10,low\n"  # row 7 capability not whole
        "F,risk,2,10,very\n"  # row 8 unknown risk level
        "G,ok,5,10,high\n"  # row 9 ok
    )
    batch = read_firms(_write(tmp_path, "f.csv", text.encode()), kb.regions)
    assert batch.received == 8 and batch.accepted == 2 and batch.rejected_rows == 6
    by_row = {e.row: e for e in batch.rejected}
    assert "duplicate firm_id (first used in row 2)" in by_row[3].reason
    assert by_row[4].column == "ai_software" and "0–5" in by_row[4].reason and "7" in by_row[4].reason
    assert "높음" in by_row[5].reason
    assert by_row[6].column == "employees"
    assert "2.5" in by_row[7].reason
    assert by_row[8].column == "risk_tolerance"
    assert list(batch.firms.firm_id) == ["A", "G"]


def test_unknown_columns_are_warnings_not_errors(tmp_path, kb):
    batch = read_firms(_write(tmp_path, "f.csv", "firm_id,담당업무\nA,C26\n".encode()), kb.regions)
    assert batch.accepted == 1 and any("담당업무" in w for w in batch.warnings)


def test_industry_code_header_is_a_field_now(tmp_path, kb):
    """업종코드 (once an unknown column) is the KSIC code: C26 is read as division 26, not warned about."""
    batch = read_firms(_write(tmp_path, "f.csv", "firm_id,업종코드\nA,C26\n".encode()), kb.regions)
    assert batch.accepted == 1 and not any("업종코드" in w for w in batch.warnings)
    assert batch.firms.industry_code[0] == "26" and batch.firms.source_name(0) == "inferred"


def test_unknown_region_is_an_error_and_names_are_accepted(tmp_path, kb):
    text = "firm_id,preferred_regions,excluded_regions\nA,베이징;CN-ZJ,\nB,,Atlantis\n"
    batch = read_firms(_write(tmp_path, "f.csv", text.encode()), kb.regions)
    assert batch.firms.firm(0)["preferred_regions"] == ["CN-BJ", "CN-ZJ"]
    assert batch.rejected[0].row == 3 and "Atlantis" in batch.rejected[0].reason


def test_xlsx_with_a_title_row_above_the_header(tmp_path, kb):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2018 회원사 명단 (KOTRA 지원사업)"])
    ws.append([])
    ws.append(["기업ID", "기업명", "종업원수", "스마트 제조"])
    ws.append(["X1", "=HYPERLINK(\"x\")", 40, 4])
    ws.append(["X2", "대한정밀", "많음", 3])
    ws["B4"].data_type = "s"  # text that looks like a formula (a real formula without a saved value is rejected)
    path = tmp_path / "members.xlsx"
    wb.save(path)
    batch = read_firms(path, kb.regions)
    assert batch.received == 2 and batch.accepted == 1
    assert batch.rejected[0].row == 5 and batch.rejected[0].column == "종업원수"
    assert batch.firms.firm(0)["capabilities"]["smart_manufacturing"] == 4


def test_json_object_list_and_wrapper(tmp_path, kb):
    firm = json.loads((DATA / "samples/firm.json").read_text(encoding="utf-8"))
    for payload in (firm, [firm], {"firms": [firm]}):
        batch = read_firms(_write(tmp_path, "f.json", json.dumps(payload, ensure_ascii=False).encode()), kb.regions)
        got = batch.firms.firm(0)
        assert batch.accepted == 1 and {k: got[k] for k in firm} == firm
        assert got["capability_source"] == "given" and got["industry_code"] == "" and got["products"] == ""


def test_form_records_are_validated_the_same_way(kb):
    batch = firms_from_records([{"firm_id": "F", "capabilities": {"ai_software": 9}}], kb.regions)
    assert batch.accepted == 0 and "ai_software" in batch.rejected[0].reason


def test_100k_rows_with_three_bad_ones(tmp_path, kb):
    n = 100_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"firm_id": [f"F{i:06d}" for i in range(n)], "employees": rng.integers(1, 500, n)})
    for k in CAPABILITY_KEYS:
        frame[k] = rng.integers(0, 6, n)
    frame = frame.astype(object)
    frame.loc[10, "ai_software"] = 7
    frame.loc[5_000, "employees"] = "다수"
    frame.loc[99_999, "firm_id"] = "F000001"
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    batch = read_firms(_write(tmp_path, "big.csv", buf.getvalue().encode("cp949")), kb.regions)
    assert batch.received == n and batch.accepted == n - 3
    assert sorted(e.row for e in batch.rejected) == [12, 5_002, 100_001]  # spreadsheet rows (header = row 1)
    assert batch.accepted + batch.rejected_rows == batch.received
