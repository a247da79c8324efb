"""Issue 11: hostile input and output — no traceback, no overwrite, no bomb, no silent default.

Every case builds its files in ``tmp_path`` (``tests/hostile_corpus.py``; bombs included) and runs the command line
in-process (``recommender.cli.main``) or the reader. Each CLI case checks: the exit code; no "Traceback" on stderr;
that the message names the problem; ``accepted + rejected`` equals the true number of firm rows; that no input (and
no other output) changed (sha256 before/after). Outputs are checked with openpyxl where formulas matter, and reruns
for byte-identity. Test names carry the issue's group number (d1 … d10).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import hostile_corpus as hc  # noqa: E402

from features import xlsx_read  # noqa: E402
from features.firms import MAX_UPLOAD_MB, FirmInputError, read_firm_frame, read_firm_parts, read_firms  # noqa: E402
from recommender import cli, exporting  # noqa: E402


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def run(capsys, *args, keep: tuple[Path, ...] = ()) -> tuple[int, str, str]:
    """``main(args)``; asserts no traceback and that the files in ``keep`` (inputs, other outputs) are unchanged."""
    before = {p: sha(p) for p in keep}
    code = cli.main([str(a) for a in args])
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err
    assert {p: sha(p) for p in keep} == before, "an input or another output was changed"
    return code, cap.out, cap.err


def counts(err: str) -> tuple[int, int, int]:
    m = re.search(r"firms: received (\d+), accepted (\d+), rejected (\d+)", err)
    assert m, err
    received, accepted, rejected = map(int, m.groups())
    assert accepted + rejected == received
    return received, accepted, rejected


def screen_ok(capsys, src: Path, tmp_path: Path, true_rows: int, *extra, out_name: str = "o.csv"):
    out = tmp_path / out_name
    code, _, err = run(capsys, "screen", src, "--out", out, "--top", "2", *extra, keep=(src,))
    assert code == 0, err
    received, accepted, rejected = counts(err)
    assert received == true_rows
    return out, err, accepted, rejected


# ------------------------------------------------------------------ 1. duplicate column headers


def _dup_sources(tmp_path: Path) -> dict[str, Path]:
    header = ["기업ID", "기업명", "종업원수", "종업원수"]
    body = [["A1", "가", "3", "4"], ["A2", "나", "5", "6"]]
    return {
        "csv": hc.write(tmp_path, "dup.csv", hc.csv_text(header, body)),
        "xlsx": hc.xlsx(tmp_path, "dup.xlsx", {"S": [header, *body]}),
        "parquet": hc.parquet_dup(tmp_path),
        "json": hc.write(tmp_path, "dup.json", '[{"firm_id": "A", "employees": 3, "employees": 4}]'),
    }


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "json"])
def test_d1_duplicate_column_header_is_one_sentence_exit_2(capsys, tmp_path, kind):
    src = _dup_sources(tmp_path)[kind]
    out = tmp_path / "o.csv"
    code, _, err = run(capsys, "screen", src, "--out", out, keep=(src,))
    assert code == 2
    assert ("duplicate column header" in err or "appears twice" in err) and "두 번" in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_d1_duplicate_header_in_a_folder_part_names_the_part(tmp_path):
    folder = tmp_path / "parts"
    hc.write(folder, "a.csv", hc.csv_text())
    hc.write(folder, "b.csv", hc.csv_text(["기업ID", "기업ID"], [["X", "Y"]]))
    with pytest.raises(FirmInputError, match=r"b\.csv.*duplicate column header"):
        read_firm_parts(folder)


# ------------------------------------------------------------------ 2. nothing written over an input or another output


@pytest.mark.parametrize("name", ["firms.csv", "firms.xlsx", "firms.json"])
def test_d2_out_equal_to_the_input_is_refused_before_anything(capsys, tmp_path, name):
    if name.endswith(".xlsx"):
        src = hc.xlsx(tmp_path, name, {"S": [hc.HEADER, *hc.rows()]})
    elif name.endswith(".json"):
        src = hc.json_firms(tmp_path, name, [hc.firm_obj(i) for i in range(3)])
    else:
        src = hc.write(tmp_path, name, hc.csv_text())
    code, _, err = run(capsys, "screen", src, "--out", src, keep=(src,))
    assert code == 2 and "input" in err and "입력" in err


def test_d2_errors_equal_to_out_or_to_the_input_is_refused(capsys, tmp_path):
    src = hc.write(tmp_path, "f.csv", hc.csv_text(body=[*hc.rows(2), ["", "no id", "1", "1", "low", "", "1", "1"]]))
    out = tmp_path / "o.csv"
    code, _, err = run(capsys, "screen", src, "--out", out, "--errors", out, keep=(src,))
    assert code == 2 and "--errors" in err and not out.exists()
    code, _, err = run(capsys, "screen", src, "--out", out, "--errors", src, keep=(src,))
    assert code == 2 and "input" in err and not out.exists()
    # the default errors file (OUT.errors.csv) may not be the input either
    src2 = hc.write(tmp_path, "o2.errors.csv", hc.csv_text())
    code, _, err = run(capsys, "screen", src2, "--out", tmp_path / "o2.csv", keep=(src2,))
    assert code == 2 and "input" in err


def test_d2_out_inside_the_input_folder_is_refused(capsys, tmp_path):
    folder = tmp_path / "parts"
    a = hc.write(folder, "a.csv", hc.csv_text())
    code, _, err = run(capsys, "screen", folder, "--out", folder / "result.csv", keep=(a,))
    assert code == 2 and "folder" in err and not (folder / "result.csv").exists()


# ------------------------------------------------------------------ 3. XLSX bombs: bounded, refused in under a second


@pytest.mark.parametrize("build,needle", [
    (hc.sparse_bomb, "1,000 columns"),
    (lambda d: hc.sparse_bomb(d, declared=False), "1,000 columns"),
    (hc.declared_dense, "5,000,000 cells"),
    (lambda d: hc.dense_bomb(d, cells=20_000_000), "256 MB"),
])  # fmt: skip
def test_d3_xlsx_bombs_are_refused_fast(capsys, tmp_path, build, needle):
    src = build(tmp_path)
    assert src.stat().st_size < 2_000_000
    t0 = time.perf_counter()
    with pytest.raises(FirmInputError, match=re.escape(needle)):
        read_firm_frame(src)
    assert time.perf_counter() - t0 < 1.0
    out = tmp_path / "o.csv"
    code, _, err = run(capsys, "screen", src, "--out", out, keep=(src,))
    assert code == 2 and needle in err and "한도" in err and not out.exists()


def test_d3_limits_are_stated_and_match_the_app_upload_limit():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(rf"^maxUploadSize = {MAX_UPLOAD_MB}\b", config, re.M)
    for doc in ("README.md", "docs/DATA.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert f"{MAX_UPLOAD_MB} MB" in text and f"{xlsx_read.MAX_CELLS:,}" in text, doc


def test_d3_a_file_above_the_size_limit_is_refused(tmp_path, monkeypatch):
    import features.firms as firms_mod

    monkeypatch.setattr(firms_mod.readers, "MAX_FILE_BYTES", 100)
    src = hc.write(tmp_path, "big.csv", hc.csv_text())
    with pytest.raises(FirmInputError, match="limit"):
        read_firm_frame(src)
    with pytest.raises(FirmInputError, match="limit"):
        read_firm_frame("big.csv", data=src.read_bytes())


# ------------------------------------------------------------------ 4. control characters before XLSX; 10. terminal


def test_d4_control_characters_reach_xlsx_replaced_and_counted_and_the_terminal_escaped(capsys, tmp_path):
    body = hc.rows(3)
    body[0][1] = "이름\x00\x1b[31m\x07\x0b\x0c끝"
    body[1][0] = "ID\x1b[2J"
    src = hc.write(tmp_path, "ctrl.csv", hc.csv_text(body=body))
    out, err, accepted, _ = screen_ok(capsys, src, tmp_path, 3, "--reproducible", out_name="o.xlsx")
    assert accepted == 3 and "\x1b" not in err and "control characters" in err
    book = openpyxl.load_workbook(out)
    names = [r[1] for r in book["추천 results"].iter_rows(min_row=2, values_only=True)]
    assert any("\ufffd" in n and "끝" in n for n in names)
    info = [r[1] for r in book["정보 info"].iter_rows(values_only=True)]
    assert any("control characters" in str(v) for v in info)


def test_d10_ids_with_escape_sequences_are_escaped_on_stderr(capsys, tmp_path):
    body = [["\x1b]0;pwned\x07X", "a", "x", "1", "low", "", "1", "1"], *hc.rows(1)]
    src = hc.write(tmp_path, "esc.csv", hc.csv_text(body=body))
    _, err, _, rejected = screen_ok(capsys, src, tmp_path, 2)
    assert rejected == 1 and "\x1b" not in err and "\x07" not in err and "\\x1b" in err


# ------------------------------------------------------------------ 5. rows never silently defaulted or invented


def test_d5_a_short_row_is_rejected_not_defaulted(capsys, tmp_path):
    body = [*hc.rows(4), ["S1", "short", "3", "1", "low"]]
    src = hc.write(tmp_path, "short.csv", hc.csv_text(body=body))
    _, err, accepted, rejected = screen_ok(capsys, src, tmp_path, 5)
    assert (accepted, rejected) == (4, 1) and "5 of the header's 8 fields" in err


def test_d5_trailing_nul_bytes_are_no_phantom_firm(capsys, tmp_path):
    src = hc.write(tmp_path, "nul.csv", hc.csv_text().encode("utf-8") + b"\x00" * 64)
    _, err, accepted, _ = screen_ok(capsys, src, tmp_path, 5)
    assert accepted == 5 and "NUL" in err


def test_d5_formula_cells_without_a_saved_value_reject_their_row(capsys, tmp_path):
    grid = [hc.HEADER, *hc.rows(3)]
    src = hc.xlsx(tmp_path, "formula.xlsx", {"S": grid}, formulas={"S": {"G3": "=1+2"}})
    _, err, accepted, rejected = screen_ok(capsys, src, tmp_path, 3)
    assert (accepted, rejected) == (2, 1) and "G3" in err and "formula" in err


def test_d5_decimal_comma_is_rejected_and_thousands_are_read(capsys, tmp_path):
    body = hc.rows(3)
    body[0][3] = '"1,5"'
    body[1][2] = '"1,500"'
    src = hc.write(tmp_path, "comma.csv", hc.csv_text(body=body))
    _, err, accepted, rejected = screen_ok(capsys, src, tmp_path, 3)
    assert (accepted, rejected) == (2, 1) and "point for decimals" in err
    kb_batch = read_firms(src)
    assert 1500 in kb_batch.firms.employees.tolist() and 15 not in kb_batch.firms.china_experience_years.tolist()


# ------------------------------------------------------------------ 6. sheets and merged cells


def test_d6_other_sheets_with_firms_are_a_warning_and_sheet_chooses(capsys, tmp_path):
    src = hc.xlsx(tmp_path, "two.xlsx", {"A": [hc.HEADER, *hc.rows(3, "A")], "B": [hc.HEADER, *hc.rows(2, "B")]})
    _, err, accepted, _ = screen_ok(capsys, src, tmp_path, 3)
    assert accepted == 3 and "sheet 'A' was read" in err and "sheet 'B' also has 2 firm row(s)" in err
    _, err, accepted, _ = screen_ok(capsys, src, tmp_path, 2, "--sheet", "B")
    assert accepted == 2 and "sheet 'B' was read" in err
    code, _, err = run(capsys, "screen", src, "--out", tmp_path / "x.csv", "--sheet", "Nope", keep=(src,))
    assert code == 2 and "'A', 'B'" in err


def test_d6_data_on_the_second_sheet_is_found_and_named(capsys, tmp_path):
    src = hc.xlsx(tmp_path, "cover.xlsx", {"표지": [["회원사 명단 2024"], ["작성: 담당자"]],
                                           "명단": [hc.HEADER, *hc.rows(4)]})  # fmt: skip
    _, err, accepted, _ = screen_ok(capsys, src, tmp_path, 4)
    assert accepted == 4 and "sheet '명단' was read (2 of 2)" in err


def test_d6_merged_cells_are_filled_down_and_said(capsys, tmp_path):
    grid = [hc.HEADER, *hc.rows(4)]
    for r in grid[2:4]:
        r[4] = None  # risk_tolerance of rows 3–4 is under the merge D? (column E) from row 2
    grid[1][4] = "low"
    src = hc.xlsx(tmp_path, "merged.xlsx", {"S": grid}, merge={"S": ["E2:E4"]})
    batch = read_firms(src)
    assert batch.accepted == 4
    assert batch.firms.risk_tolerance.tolist()[:3] == [0, 0, 0]  # low on every row the merge spans
    _, err, _, _ = screen_ok(capsys, src, tmp_path, 4)
    assert "merged cells E2:E4" in err


def test_d6_merged_firm_ids_are_rejected_with_their_rows(tmp_path):
    grid = [hc.HEADER, *hc.rows(3)]
    grid[2][0] = None
    src = hc.xlsx(tmp_path, "mid.xlsx", {"S": grid}, merge={"S": ["A2:A3"]})
    batch = read_firms(src)
    assert batch.accepted == 2 and [e.row for e in batch.rejected] == [3]
    assert "duplicate firm_id (first used in row 2)" in batch.rejected[0].reason


# ------------------------------------------------------------------ 7. Excel's row limit, refused before computing


def test_d7_xlsx_beyond_the_row_limit_continues_in_further_sheets(tmp_path):
    """Excel's row limit (issue 11, item 7): the screening workbook is split across sheets instead of crashing after
    the computation — shown with a small sheet limit; every result row is kept."""
    from features.build import load_knowledge
    from features.firms import read_firms
    from recommender.engine import Recommender
    from recommender.screening import _Lookups, iter_screen
    from recommender.weights import preset_weights
    from recommender.writers import ScreenOutput

    kb = load_knowledge()
    rec = Recommender(kb)
    src = hc.write(tmp_path, "f.csv", hc.csv_text(body=hc.rows(40)))
    batch = read_firms(src, kb.regions)
    look = _Lookups(rec)
    out = tmp_path / "o.xlsx"
    writer = ScreenOutput(out, look, "lean", max_sheet_rows=21)  # 20 rows a sheet + the header
    for frame in iter_screen(rec, batch.firms, preset_weights(), top=5, look=look, layout="lean"):
        writer.write(frame)
    writer.close()
    book = openpyxl.load_workbook(out)
    parts = [n for n in book.sheetnames if n.startswith("추천 results")]
    assert len(parts) >= 2 and parts[1] == "추천 results (2)"
    assert sum(book[n].max_row - 1 for n in parts) == writer.rows > 20


# ------------------------------------------------------------------ 8. other tracebacks


@pytest.mark.parametrize("where", ["proc", "under_a_file", "a_folder"])
def test_d8_unwritable_out_is_refused_before_computing(capsys, tmp_path, where):
    src = hc.write(tmp_path, "f.csv", hc.csv_text())
    if where == "proc":
        if not Path("/proc/self").exists():
            pytest.skip("no /proc on this system")
        out = Path("/proc/hostile_x.csv")
    elif where == "under_a_file":
        hc.write(tmp_path, "file.txt", "x")
        out = tmp_path / "file.txt" / "x.csv"
    else:
        out = tmp_path / "folder.csv"
        out.mkdir()
    code, _, err = run(capsys, "screen", src, "--out", out, keep=(src,))
    assert code == 2 and "--out" in err and "error:" in err and "firms: received" not in err


def test_d8_unwritable_errors_is_refused_before_results_are_written(capsys, tmp_path):
    src = hc.write(tmp_path, "f.csv", hc.csv_text())
    out = tmp_path / "o.csv"
    code, _, err = run(capsys, "screen", src, "--out", out, "--errors", "/proc/hostile_e.csv", keep=(src,))
    assert code == 2 and "--errors" in err and not out.exists()


def test_d8_a_5000_digit_integer_rejects_its_row(capsys, tmp_path):
    text = json.dumps([hc.firm_obj(0), hc.firm_obj(1)]).replace('"employees": 20', '"employees": ' + "9" * 5000)
    src = hc.write(tmp_path, "huge.json", text)
    _, err, accepted, rejected = screen_ok(capsys, src, tmp_path, 2)
    assert (accepted, rejected) == (1, 1) and "employees must be between 0" in err
    assert max(len(line) for line in err.splitlines()) < 400  # the value is quoted short


def test_d8_deep_json_nesting_is_refused(capsys, tmp_path):
    src = hc.write(tmp_path, "deep.json", "[" * 200_000 + "]" * 200_000)
    code, _, err = run(capsys, "screen", src, "--out", tmp_path / "o.csv", keep=(src,))
    assert code == 2 and "nests deeper" in err


@pytest.mark.parametrize("fmt,out,needle", [("csv", "x.txt", "--format csv writes .csv"),
                                            ("xlsx", "x.csv", "--format xlsx writes .xlsx"),
                                            ("json", "x.json", "--out is for --format csv|xlsx")])  # fmt: skip
def test_d8_d10_recommend_format_and_out_must_agree(capsys, tmp_path, fmt, out, needle):
    src = hc.json_firms(tmp_path, "firm.json", hc.firm_obj())
    code, _, err = run(capsys, "recommend", src, "--format", fmt, "--out", tmp_path / out, keep=(src,))
    assert code == 2 and needle in err and not (tmp_path / out).exists()


# ------------------------------------------------------------------ 9. clear messages, sniffing reported


def test_d9_an_over_long_row_is_rejected_with_its_row(capsys, tmp_path):
    body = hc.rows(3)
    body[1] = [*body[1], "surplus"]
    src = hc.write(tmp_path, "long.csv", hc.csv_text(body=body))
    _, err, accepted, rejected = screen_ok(capsys, src, tmp_path, 3)
    assert (accepted, rejected) == (2, 1) and "row 3" in err and "more than the header's 8" in err


@pytest.mark.parametrize("name,data,needle", [
    ("sep.csv", "sep=;\n" + hc.csv_text(sep=";"), "sep= line"),
    ("title.csv", "회원사 명단\n" + hc.csv_text(), "comma"),
    ("semi.csv", hc.csv_text(sep=";"), "semicolon"),
    ("tab.csv", hc.csv_text(sep="\t"), "tab"),
    ("u16.txt", b"\xff\xfe" + hc.csv_text(sep="\t").encode("utf-16-le"), "UTF-16"),
    ("cp949.csv", hc.csv_text(sep=";").encode("cp949"), "CP949"),
])  # fmt: skip
def test_d9_delimiter_and_encoding_are_sniffed_and_reported(capsys, tmp_path, name, data, needle):
    src = hc.write(tmp_path, name, data)
    _, err, accepted, _ = screen_ok(capsys, src, tmp_path, 5)
    assert accepted == 5 and needle in err
    firms = read_firms(src).firms
    assert firms.employees.tolist() == [10, 11, 12, 13, 14] and firms.capabilities.sum() > 0


def test_d9_a_workbook_renamed_csv_is_read_as_a_workbook(capsys, tmp_path):
    book = hc.xlsx(tmp_path, "real.xlsx", {"S": [hc.HEADER, *hc.rows(4)]})
    src = hc.write(tmp_path, "renamed.csv", book.read_bytes())
    _, err, accepted, _ = screen_ok(capsys, src, tmp_path, 4)
    assert accepted == 4 and "is an Excel workbook" in err


def test_d9_non_utf8_json_says_so(capsys, tmp_path):
    src = hc.write(tmp_path, "k.json", json.dumps(hc.firm_obj(), ensure_ascii=False).encode("cp949"))
    code, _, err = run(capsys, "screen", src, "--out", tmp_path / "o.csv", keep=(src,))
    assert code == 2 and "must be UTF-8" in err and "codec" not in err


def test_d9_comma_separated_regions_get_the_semicolon_hint(capsys, tmp_path):
    body = hc.rows(2)
    body[0][5] = '"CN-BJ, CN-SH"'
    src = hc.write(tmp_path, "regions.csv", hc.csv_text(body=body))
    _, err, accepted, rejected = screen_ok(capsys, src, tmp_path, 2)
    assert (accepted, rejected) == (1, 1) and "separate regions with ';'" in err


# ------------------------------------------------------------------ 10. smaller


def test_d10_recommend_warns_on_mistyped_and_non_object_capabilities(capsys, tmp_path):
    src = hc.json_firms(tmp_path, "typo.json", hc.firm_obj(capabilities={"ai_sofware": 4, "smart_manufacturing": 3}))
    code, _, err = run(capsys, "recommend", src, "--format", "json", keep=(src,))
    assert code == 0 and "ai_sofware" in err and "did you mean ai_software" in err
    src = hc.json_firms(tmp_path, "list.json", hc.firm_obj(capabilities=["ai_software"]))
    code, _, err = run(capsys, "recommend", src, "--format", "json", keep=(src,))
    assert code == 0 and "capabilities must be an object" in err


def test_d10_recommend_reports_rejected_firms_of_a_multi_firm_file(capsys, tmp_path):
    src = hc.json_firms(tmp_path, "many.json", [hc.firm_obj(0), hc.firm_obj(1, employees=-3), hc.firm_obj(2)])
    code, _, err = run(capsys, "recommend", src, "--format", "json", keep=(src,))
    assert code == 0 and counts(err) == (3, 2, 1) and "row 2" in err


def test_d10_firm_id_identity_is_nfkc_trimmed_and_case_free(tmp_path):
    nfc = unicodedata.normalize("NFC", "가나-1")
    nfd = unicodedata.normalize("NFD", "가나-1")
    body = [[i, "x", "3", "1", "low", "", "1", "1"] for i in ("KR-1", "kr-1", "ＫＲ-1", " KR-1\u200b", nfc, nfd)]
    src = hc.write(tmp_path, "ids.csv", hc.csv_text(body=body))
    batch = read_firms(src)
    assert batch.accepted == 2 and batch.rejected_rows == 4
    assert batch.firms.firm_id.tolist() == ["KR-1", nfc]  # the original kept
    assert all("duplicate firm_id" in e.reason for e in batch.rejected)


def test_d10_firm_id_identity_holds_across_parts(tmp_path):
    folder = tmp_path / "parts"
    hc.write(folder, "a.csv", hc.csv_text(body=[["KR-1", "x", "3", "1", "low", "", "1", "1"]]))
    hc.write(folder, "b.csv", hc.csv_text(body=[["ＫＲ-1", "y", "3", "1", "low", "", "1", "1"]]))
    batch = read_firm_parts(folder)
    assert batch.accepted == 1 and batch.rejected[0].source == "b.csv" and "a.csv row 2" in batch.rejected[0].reason


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_d10_full_width_and_zero_width_formula_starts_are_neutralised(capsys, tmp_path, suffix):
    names = ["＝1+1", "＋cmd", "－2", "＠SUM(A1)", "\u200b=HYPERLINK(\"x\")", "\ufeff+1", "=plain"]
    body = [[f"N{i}", n, "3", "1", "high", "", "4", "3"] for i, n in enumerate(names)]
    src = hc.write(tmp_path, "formulas.csv", hc.csv_text(body=[[c.replace(",", ";") for c in r] for r in body]))
    out, _, accepted, _ = screen_ok(capsys, src, tmp_path, len(names), out_name="o" + suffix)
    assert accepted == len(names)
    if suffix == ".csv":
        shown = set(pd.read_csv(out, encoding="utf-8-sig", dtype=str)["firm_name"])
    else:
        shown = {r[1] for r in openpyxl.load_workbook(out)["추천 results"].iter_rows(min_row=2, values_only=True)}
    assert shown == {"'" + n for n in names}


def test_d10_a_stale_errors_file_is_rewritten_on_a_clean_run(capsys, tmp_path):
    bad = hc.write(tmp_path, "bad.csv", hc.csv_text(body=[*hc.rows(2), ["", "no id", "1", "1", "low", "", "1", "1"]]))
    out = tmp_path / "o.csv"
    run(capsys, "screen", bad, "--out", out, keep=(bad,))
    stale = tmp_path / "o.errors.csv"
    assert len(pd.read_csv(stale, encoding="utf-8-sig")) == 1
    good = hc.write(tmp_path, "good.csv", hc.csv_text())
    code, _, err = run(capsys, "screen", good, "--out", out, keep=(good, bad))
    assert code == 0 and "now lists none" in err
    assert len(pd.read_csv(stale, encoding="utf-8-sig")) == 0


def test_d10_progress_on_a_non_terminal_is_one_line_per_update(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    for done in (100_000, 200_000, 250_000):
        cli._progress(done, 250_000)
    err = capsys.readouterr().err
    assert "\r" not in err and err.splitlines() == [f"scored {d:,}/250,000 firms" for d in (100_000, 200_000, 250_000)]


def test_d10_a_name_longer_than_an_excel_cell_is_cut_with_a_note(capsys, tmp_path):
    body = hc.rows(2)
    body[0][1] = "가" * 40_000
    src = hc.write(tmp_path, "longname.csv", hc.csv_text(body=body))
    out, err, _, _ = screen_ok(capsys, src, tmp_path, 2, out_name="o.xlsx")
    assert "cut" in err
    cell = next(r[1] for r in openpyxl.load_workbook(out)["추천 results"].iter_rows(min_row=2, values_only=True)
                if r[1].startswith("가"))  # fmt: skip
    assert len(cell) == exporting.EXCEL_MAX_CELL_CHARS and cell.endswith("…")
    out_csv, _, _, _ = screen_ok(capsys, src, tmp_path, 2, out_name="o.csv")
    assert pd.read_csv(out_csv, encoding="utf-8-sig")["firm_name"].str.len().max() == 40_000


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json", ".parquet"])
def test_d10_reruns_are_byte_identical(capsys, tmp_path, suffix):
    src = hc.write(tmp_path, "f.csv", hc.csv_text())
    a, _, _, _ = screen_ok(capsys, src, tmp_path, 5, "--reproducible", out_name="a" + suffix)
    time.sleep(1.1)  # a different second for zip entry times and document times
    b, _, _, _ = screen_ok(capsys, src, tmp_path, 5, "--reproducible", out_name="b" + suffix)
    assert a.read_bytes() == b.read_bytes()
    if suffix == ".xlsx":
        info = dict(openpyxl.load_workbook(a)["정보 info"].iter_rows(min_row=2, values_only=True))
        assert info["run at (UTC) / 실행 시각"] == "— (--reproducible)"


def test_d10_shortlist_and_recommend_xlsx_reruns_are_byte_identical(capsys, tmp_path):
    src = hc.write(tmp_path, "f.csv", hc.csv_text())
    outs = []
    for name in ("s1.xlsx", "s2.xlsx"):
        code, _, err = run(capsys, "shortlist", "CN-BJ/ai", src, "--out", tmp_path / name, "--reproducible", keep=(src,))
        if code == 2 and "no opportunity" in err:
            pytest.skip("CN-BJ/ai is not an opportunity in this data version")
        assert code == 0, err
        outs.append((tmp_path / name).read_bytes())
        time.sleep(1.1)
    assert outs[0] == outs[1]
    firm = hc.json_firms(tmp_path, "firm.json", hc.firm_obj())
    books = []
    for name in ("r1.xlsx", "r2.xlsx"):
        code, _, err = run(capsys, "recommend", firm, "--format", "xlsx", "--out", tmp_path / name, "--reproducible",
                           keep=(firm,))  # fmt: skip
        assert code == 0, err
        books.append((tmp_path / name).read_bytes())
        time.sleep(1.1)
    assert books[0] == books[1]


def test_reasons_have_korean_text(tmp_path):
    body = hc.rows(3)
    body[0][2] = "many"
    body[1][3] = '"1,5"'
    src = hc.write(tmp_path, "ko.csv", hc.csv_text(body=body))
    batch = read_firms(src)
    assert len(batch.rejected) == 2
    for e in batch.rejected:
        assert e.reason and re.search(r"[가-힣]", e.text("ko")) and e.text("en") == e.reason
    assert list(batch.errors_frame().columns) == ["row", "firm_id", "column", "reason"]


def test_xlsx_reader_reads_what_openpyxl_wrote(tmp_path):
    """The bounded reader agrees with openpyxl on an ordinary workbook (numbers, text, booleans, empty cells)."""
    grid = [hc.HEADER + ["has_china_entity"], *[[*r, True] for r in hc.rows(4)]]
    grid[2][2] = 12.5  # a float where an int is expected: kept for validation to judge
    src = hc.xlsx(tmp_path, "plain.xlsx", {"S": grid})
    frame = read_firm_frame(src)
    ref = pd.read_excel(src, dtype=str).fillna("")
    assert frame["firm_id"].tolist() == ref["firm_id"].tolist()
    assert frame["employees"].tolist() == ["10", "12.5", "12", "13"]
    assert set(frame["has_china_entity"]) == {"true"}
    assert frame["__row__"].tolist() == [2, 3, 4, 5]


def test_folder_and_bytes_inputs_agree_on_a_hostile_part(tmp_path):
    """A part with a short row is the same whether read from a folder or from bytes (the app and Dask path)."""
    folder = tmp_path / "parts"
    part = hc.write(folder, "a.csv", hc.csv_text(body=[*hc.rows(2), ["S", "short"]]))
    from_folder = read_firm_parts(folder)
    from_bytes = read_firms("a.csv", data=part.read_bytes())
    assert from_folder.accepted == from_bytes.accepted == 2
    assert [e.reason for e in from_folder.rejected] == [e.reason for e in from_bytes.rejected]


def test_xlsx_written_is_readable_back_and_formula_safe(tmp_path):
    frame = pd.DataFrame({"firm_id": ["=1+1", "@x", "ok"], "name": ["\x01a", "b", "c"]})
    data = exporting.xlsx_bytes({"S": frame})
    ws = openpyxl.load_workbook(io.BytesIO(data))["S"]
    values = [c.value for c in ws["A"][1:]]
    assert values == ["'=1+1", "'@x", "ok"]


def test_d1_d5_d10_dask_engine_agrees_on_hostile_parts(rec, kb, tmp_path):
    """The Dask engine (threads cluster) rejects the same rows as the local reader — short rows, NFKC-equal ids across
    parts — and a part with a duplicate header is one FirmInputError naming it (not an AttributeError)."""
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from recommender.distributed import screen_dask
    from recommender.weights import preset_weights

    folder = tmp_path / "parts"
    hc.write(folder, "a.csv", hc.csv_text(body=[*hc.rows(3), ["KR-1", "x", "3", "1", "low", "", "1", "1"]]))
    hc.write(folder, "b.csv", hc.csv_text(body=[["ＫＲ-1", "y", "3", "1", "low", "", "1", "1"], ["S", "short"],
                                                *hc.rows(2, "B")]))  # fmt: skip
    bad = tmp_path / "bad"
    hc.write(bad, "a.csv", hc.csv_text())
    hc.write(bad, "b.csv", hc.csv_text(["기업ID", "기업ID"], [["X", "Y"]]))
    local = read_firm_parts(folder, kb.regions)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as c:  # fmt: skip
        _, batch = screen_dask(rec, str(folder), preset_weights(), client=c, progress=None)
        assert (batch.received, batch.accepted, batch.rejected_rows) == (local.received, local.accepted, 2)
        assert sorted((e.source, e.row, e.reason) for e in batch.rejected) == \
            sorted((e.source, e.row, e.reason) for e in local.rejected)  # fmt: skip
        with pytest.raises(FirmInputError, match=r"b\.csv.*duplicate column header"):
            screen_dask(rec, str(bad), preset_weights(), client=c, progress=None)


def test_the_real_command_line_prints_one_sentence_and_no_traceback(tmp_path):
    """One subprocess run of ``python -m recommender`` (the others run in-process): a sparse bomb and a duplicate
    header, each exit 2 with one line on stderr."""
    import subprocess

    for src in (hc.sparse_bomb(tmp_path), _dup_sources(tmp_path)["csv"]):
        proc = subprocess.run([sys.executable, "-m", "recommender", "screen", str(src), "--out", str(tmp_path / "o.csv")],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "error:" in proc.stderr
