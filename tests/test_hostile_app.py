"""Issue 11 through the app's upload path (Streamlit AppTest): the hostile files that can reach an upload give one
clear message or a validation report — never a traceback, never the app's error guard — with Korean reasons in
Korean mode and the same limits as the command line."""

from __future__ import annotations

import io
import json
import re
import sys
import time
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import hostile_corpus as hc  # noqa: E402
from test_app import assert_clean, new_app, s  # noqa: E402

from features.firms import read_firms  # noqa: E402
from recommender.screening import screen_table  # noqa: E402
from recommender.weights import preset_weights  # noqa: E402
from ui import data, exports  # noqa: E402

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(name: str, payload: bytes, lang: str = "ko", mime: str = "text/csv"):
    at = new_app(lang).switch_page("views/screening.py").run()
    at.file_uploader[0].set_value((name, payload, mime)).run()
    assert_clean(at)
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at) -> str:
    """Every message shown, with Markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", "\n".join(x.value for x in [*at.error, *at.warning, *at.caption, *at.info]))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_duplicate_header_is_one_clear_error(lang):
    payload = hc.csv_text(["기업ID", "기업명", "종업원수", "종업원수"], [["A1", "가", "3", "4"]]).encode()
    at = upload("dup.csv", payload, lang)
    assert any("duplicate column header" in e.value and "두 번" in e.value for e in at.error)


@pytest.mark.parametrize("build", [hc.sparse_bomb, hc.declared_dense])
def test_xlsx_bomb_upload_is_refused_quickly(tmp_path, build):
    payload = build(tmp_path).read_bytes()
    t0 = time.perf_counter()
    at = upload("bomb.xlsx", payload, mime=XLSX_MIME)
    assert time.perf_counter() - t0 < 60  # the whole app run; the reader itself refuses in < 1 s (test_hostile)
    assert any("한도" in e.value and "limit" in e.value for e in at.error)


def test_dense_bomb_upload_is_refused(tmp_path):
    payload = hc.dense_bomb(tmp_path, cells=20_000_000).read_bytes()
    at = upload("dense.xlsx", payload, mime=XLSX_MIME)
    assert any("256 MB" in e.value for e in at.error)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_rejected_rows_are_reported_in_the_users_language(lang):
    body = hc.rows(4)
    body[0][3] = '"1,5"'
    body.append(["S1", "short", "3"])
    at = upload("rows.csv", hc.csv_text(body=body).encode(), lang)
    m = metrics(at)
    assert (m[s("received", lang)], m[s("accepted", lang)], m[s("rejected", lang)]) == ("5", "3", "2")
    reasons = " ".join(at.dataframe[0].value[s("err_reason", lang)])
    if lang == "ko":
        assert "소수점" in reasons and "머리행" in reasons
    else:
        assert "point for decimals" in reasons and "header's 8 fields" in reasons


def test_formula_without_value_and_second_sheet_in_an_uploaded_workbook(tmp_path):
    book = hc.xlsx(tmp_path, "b.xlsx", {"A": [hc.HEADER, *hc.rows(3, "A")], "B": [hc.HEADER, *hc.rows(2, "B")]},
                   formulas={"A": {"G2": "=1+1"}})  # fmt: skip
    at = upload("b.xlsx", book.read_bytes(), "en", XLSX_MIME)
    m = metrics(at)
    assert (m[s("received", "en")], m[s("accepted", "en")]) == ("3", "2")
    assert "sheet 'B' also has 2 firm row(s)" in texts(at) and "sheet 'A' was read" in texts(at)
    assert "G2" in " ".join(at.dataframe[0].value[s("err_reason", "en")])


@pytest.mark.parametrize("name,payload,needle", [
    ("semi.csv", hc.csv_text(sep=";").encode("cp949"), "semicolon"),
    ("u16.txt", b"\xff\xfe" + hc.csv_text(sep="\t").encode("utf-16-le"), "UTF-16"),
    ("nul.csv", hc.csv_text().encode() + b"\x00" * 64, "NUL"),
])  # fmt: skip
def test_sniffed_files_are_read_and_the_decision_shown(name, payload, needle):
    at = upload(name, payload, "en")
    assert metrics(at)[s("accepted", "en")] == "5" and metrics(at)[s("received", "en")] == "5"
    assert needle in texts(at)


def test_firm_ids_equal_after_nfkc_are_duplicates_in_the_app():
    body = [[i, "x", "3", "1", "low", "", "1", "1"] for i in ("KR-1", "ＫＲ-1", "kr-1")]
    at = upload("ids.csv", hc.csv_text(body=body).encode(), "en")
    assert (metrics(at)[s("accepted", "en")], metrics(at)[s("rejected", "en")]) == ("1", "2")


def test_control_characters_screen_and_export_cleanly():
    body = hc.rows(3)
    body[0][1] = "이름\x00\x1b[31m\x07끝"
    payload = hc.csv_text(body=body).encode()
    at = upload("ctrl.csv", payload)
    at.button(key="scr_run_btn").click().run()
    assert_clean(at)
    assert any(b.label == s("dl_results_xlsx", "ko") for b in at.download_button)
    # the bytes behind that download button (built lazily by the page): openpyxl opens them
    batch = read_firms("ctrl.csv", data=payload)
    table = screen_table(data.recommender(), batch.firms, preset_weights("balanced"), top=2)
    book = openpyxl.load_workbook(io.BytesIO(exports.screening_xlsx(table, batch.errors_frame(), table.head(0))))
    names = {r[1] for r in book[exports._sheet("results", "ko")].iter_rows(min_row=2, values_only=True)}
    assert any("\ufffd" in n for n in names)


def test_recommend_page_reports_rejected_firms_of_a_multi_firm_upload():
    payload = json.dumps([hc.firm_obj(0), hc.firm_obj(1, employees=-3)]).encode()
    at = new_app("ko")
    at.radio(key="rec_mode").set_value("upload").run()
    at.file_uploader[0].set_value(("firms.json", payload, "application/json")).run()
    assert_clean(at)
    m = metrics(at)
    assert (m[s("received", "ko")], m[s("accepted", "ko")], m[s("rejected", "ko")]) == ("2", "1", "1")
    assert "0 이상" in " ".join(at.dataframe[0].value[s("err_reason", "ko")])
