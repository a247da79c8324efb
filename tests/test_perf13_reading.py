"""Issue 19 (the ``screen`` command outside the engine): a large CSV is read from its bytes — UTF-8 as it is, CP949
transcoded block by block — and plain decimals are parsed by Arrow. Both must give exactly what the text reader and
pandas gave: the same grid, notes, accepted firms and rejected rows (with row numbers and reasons)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import firms as firms_mod
from features.firms import decoding, readers
from features.firms.load import read_firms
from features.firms.validation import _to_float

HEADER = ("firm_id,name,employees,revenue_krw_100m,china_experience_years,has_china_entity,risk_tolerance,"
          "preferred_regions,excluded_regions,certifications,ai_software,iot_devices,medical_devices")  # fmt: skip


def _rows(n: int, damage: bool) -> list[str]:
    out = [HEADER]
    for i in range(n):
        row = [f"KR{i:07d}", f"기업{i}", str(5 + i % 300), f"{(i % 997) / 7:.3f}", f"{i % 11}.5" if i % 3 else "",
               "예" if i % 4 == 0 else "false", ("낮음", "medium", "HIGH", "")[i % 4], "CN-BJ;베이징" if i % 9 == 0 else "",
               "CN-SH" if i % 13 == 0 else "", "ISO9001;KC" if i % 5 == 0 else "", str(i % 6), str((i * 7) % 6),
               str((i * 3) % 6)]  # fmt: skip
        if damage and i % 101 == 50:
            k = (i // 101) % 7
            if k == 0:
                row[2] = "many"
            elif k == 1:
                row[3] = '"1,5"'
            elif k == 2:
                row[0] = "KR0000000"  # duplicate of the first firm
            elif k == 3:
                row[7] = '"CN-BJ,CN-SH"'
            elif k == 4:
                row[10] = "9"
            elif k == 5:
                row[1] = '"줄바꿈\n있는 이름"'  # a quoted line break: still rectangular
            else:
                row = row[:5]  # a short row: Arrow refuses, the text reader reports it
        out.append(",".join(row))
    return out


def _read(path, monkeypatch, fast: bool):
    monkeypatch.setattr(readers, "FAST_CSV_CHARS", 1 << 10 if fast else 10**12)
    return readers.read_firm_frame(path)


CASES = [("cp949", False), ("cp949", True), ("utf-8", False), ("utf-8-sig", True), ("utf-8", True)]


@pytest.mark.parametrize("encoding,damage", CASES)
def test_bytes_reader_gives_the_text_readers_grid_and_notes(tmp_path, monkeypatch, encoding, damage):
    path = tmp_path / "firms.csv"
    path.write_bytes("\n".join(_rows(3000, damage)).encode(encoding))
    monkeypatch.setattr(readers, "TRANSCODE_BLOCK", 4097)  # odd: many two-byte characters split between blocks
    fast = _read(path, monkeypatch, True)
    slow = _read(path, monkeypatch, False)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.attrs == slow.attrs
    label = {"cp949": "CP949/EUC-KR", "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)"}[encoding]
    assert fast.attrs["notes"][0] == f"encoding {label}"


@pytest.mark.parametrize("encoding,damage", CASES)
def test_bytes_reader_validates_to_the_same_batch_and_reject_report(kb, tmp_path, monkeypatch, encoding, damage):
    path = tmp_path / "firms.csv"
    path.write_bytes("\n".join(_rows(3000, damage)).encode(encoding))
    monkeypatch.setattr(readers, "FAST_CSV_CHARS", 1 << 10)
    fast = read_firms(path, kb.regions)
    monkeypatch.setattr(readers, "FAST_CSV_CHARS", 10**12)
    slow = read_firms(path, kb.regions)
    assert fast.received == slow.received == 3000
    assert fast.accepted + fast.rejected_rows == fast.received
    assert (fast.accepted, fast.rejected_rows) == (slow.accepted, slow.rejected_rows)
    assert (fast.rejected_rows > 0) == damage
    pd.testing.assert_frame_equal(fast.errors_frame(), slow.errors_frame())
    for f in ("firm_id", "name", "row", "employees", "revenue_krw_100m", "china_experience_years", "risk_tolerance",
              "has_china_entity", "capabilities"):  # fmt: skip
        np.testing.assert_array_equal(np.asarray(getattr(fast.firms, f)), np.asarray(getattr(slow.firms, f)))
    assert fast.firms.preferred_regions == slow.firms.preferred_regions
    assert fast.firms.certifications == slow.firms.certifications


def test_a_large_cp949_file_is_never_one_python_string(tmp_path, monkeypatch):
    """The whole-file decode (``decode_text``) is not called for a large UTF-8 or CP949 file (issue 19: a 1M-firm
    CP949 file is 107 MB of bytes and was 214 MB more as one string)."""
    path = tmp_path / "firms.csv"
    path.write_bytes("\n".join(_rows(3000, False)).encode("cp949"))
    monkeypatch.setattr(readers, "FAST_CSV_CHARS", 1 << 10)

    def refuse(*a, **k):
        raise AssertionError("decode_text called for a large CSV")

    monkeypatch.setattr(readers, "decode_text", refuse)
    frame = readers.read_firm_frame(path)
    assert len(frame) == 3000 and frame["name"].iloc[2999] == "기업2999"


@pytest.mark.parametrize("raw", [
    b"sep=;\nfirm_id;name\n" + b"A;x\n" * 2000,  # an Excel sep= line
    b"firm_id,name\n" + b"A,x\n" * 2000 + b"\x00\x00",  # NUL bytes at the end
    "firm_id,name\n".encode("utf-16") + "A,x\n".encode("utf-16-le") * 2000,  # UTF-16: the text reader decides
    b"firm_id,name\n" + "B,\uac00\n".encode("cp949") * 1500 + b"C,\xff\xff\n",  # decodes as neither
])  # fmt: skip
def test_unusual_large_files_fall_back_to_the_text_reader(tmp_path, monkeypatch, raw):
    path = tmp_path / "firms.csv"
    path.write_bytes(raw)

    def read(limit):
        monkeypatch.setattr(readers, "FAST_CSV_CHARS", limit)
        try:
            frame = readers.read_firm_frame(path)
            return frame, frame.attrs
        except firms_mod.FirmInputError as exc:
            return None, str(exc)

    fast, slow = read(1 << 8), read(10**12)
    if fast[0] is None or slow[0] is None:
        assert fast[1] == slow[1]
    else:
        pd.testing.assert_frame_equal(fast[0], slow[0])
        assert fast[1] == slow[1]


@pytest.mark.parametrize("data", [b"plain ascii\n" * 10, "한글 텍스트\n".encode("cp949") * 10,
                                  b"\xef\xbb\xbf" + "한글\n".encode() * 10, "한글\n".encode() * 10])  # fmt: skip
def test_utf8_bytes_equals_decode_then_encode(data, monkeypatch):
    monkeypatch.setattr(readers, "TRANSCODE_BLOCK", 3)
    got = readers.utf8_bytes(data)
    text, label = decoding.decode_text(data)
    assert got == (text.encode("utf-8"), label)


@pytest.mark.parametrize("values", [
    ["1.5", "", "227.7", "5.", "0.1", "007.250"], ["123456789012345", "12345678901234.5"],
    ["12345678901234.56", "1"],  # 16 digits: pandas decides
    [".5", "1"], ["1.5", "x"], ["1.5", "-2.5"], ["1.5", "1e3"], ["1..5"], ["1.5 "], ["١.٥"], ["", ""],
])  # fmt: skip
def test_plain_decimals_parse_as_pandas(values):
    s = pd.Series(values, dtype="str")
    expected = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
    got = _to_float(s)
    assert np.array_equal(got, expected, equal_nan=True)
    assert got.tobytes() == np.where(np.isnan(expected), got, expected).tobytes()


def test_random_plain_decimals_are_bit_identical_to_pandas():
    rng = np.random.default_rng(19)
    vals = []
    for digits in range(1, 16):
        for frac in range(0, min(7, 16 - digits)):
            whole = rng.integers(0, 10**digits, 300).tolist()
            part = rng.integers(0, 10**frac, 300).tolist() if frac else [0] * 300
            vals += [f"{a}.{b:0{frac}d}" if frac else f"{a}." for a, b in zip(whole, part)]
    s = pd.Series(vals, dtype="str")
    expected = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
    assert _to_float(s).tobytes() == expected.tobytes()


def _ragged_lines(n: int, eol: str) -> str:
    lines = _rows(n, False)
    for i in range(40, n, 97):
        k = (i // 97) % 6
        if k == 0:
            lines[i] = ",".join(lines[i].split(",")[:4])  # short
        elif k == 1:
            lines[i] += ",,"  # long, blank extras: a good row
        elif k == 2:
            lines[i] += ",surplus"  # long with a value: rejected
        elif k == 3:
            lines[i] = ""  # a blank line
        elif k == 4:
            lines[i] = "   "  # whitespace only: blank
        else:
            lines[i] = lines[i].replace("기업", '"기업,쉼표"', 1)  # quoted delimiter: regular
    return eol.join(lines) + eol


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["cp949", "utf-8"])
def test_a_few_ragged_rows_are_set_aside_by_arrow_not_read_record_by_record(kb, tmp_path, monkeypatch, eol, encoding):
    """Short, long and blank lines among regular ones: Arrow reads the file and hands those over, so the record-by-
    record reader is not used — and the grid, batch and reject report equal that reader's (issue 19)."""
    path = tmp_path / "firms.csv"
    path.write_bytes(_ragged_lines(4000, eol).encode(encoding))
    slow = _read(path, monkeypatch, False)
    slow_batch = read_firms(path, kb.regions)
    real = readers._read_records

    def refuse(*a, **k):
        raise AssertionError("the record-by-record reader was used")

    monkeypatch.setattr(readers, "_read_records", refuse)
    fast = _read(path, monkeypatch, True)
    fast_batch = read_firms(path, kb.regions)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.attrs == slow.attrs
    assert fast_batch.rejected_rows == slow_batch.rejected_rows > 0
    pd.testing.assert_frame_equal(fast_batch.errors_frame(), slow_batch.errors_frame())
    np.testing.assert_array_equal(fast_batch.firms.row, slow_batch.firms.row)
    assert real is not refuse


def test_a_record_spanning_lines_among_ragged_rows_goes_to_the_record_reader(tmp_path, monkeypatch):
    lines = _rows(3000, False)
    lines[100] = ",".join(lines[100].split(",")[:3])
    fields = lines[200].split(",")
    fields[1] = '"두 줄\n이름"'  # a quoted line break: this record spans two lines
    lines[200] = ",".join(fields)
    path = tmp_path / "firms.csv"
    path.write_bytes("\n".join(lines).encode("cp949"))
    pd.testing.assert_frame_equal(_read(path, monkeypatch, True), _read(path, monkeypatch, False))
