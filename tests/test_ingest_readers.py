"""Readers: one short Korean report written by the test in every format → the same passages; hostile files refused
with one sentence (issue 15). The command-line side (exit 2, nothing written) is in ``test_ingest_cli.py``."""

from __future__ import annotations

import re
import warnings

import pytest

from features.corpus import segment
from features.ingest.base import IngestError
from features.ingest.readers import read_report
from tests import report_files as R

warnings.filterwarnings("ignore", category=UserWarning, module="fpdf")

FORMATS = {
    "report.pdf": R.pdf_bytes,
    "report.docx": R.docx_bytes,
    "report.hwpx": R.hwpx_bytes,
    "report.html": R.html_bytes,
    "report.htm": lambda: R.html_bytes("cp949"),
    "report.txt": R.text_bytes,
    "report-cp949.txt": lambda: R.text_bytes("cp949"),
}


def _passages(path):
    fmt, ex = read_report(path)
    layout = "lines" if fmt in ("pdf", "txt") else "paragraphs"
    pages = [(p.first, p.stop) for p in ex.pages] if fmt == "pdf" else None
    return fmt, ex, segment("t", tuple(ex.lines), pages, layout)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_gives_the_same_passages(tmp_path, name):
    fmt, ex, passages = _passages(R.write(tmp_path, name, FORMATS[name]()))
    texts = [re.sub(r"(?<=\.)\d{1,3}\)$", "", p.text) for p in passages if not p.footnote]  # a note mark ``…다.1)``
    for sentence in R.PARAGRAPHS:
        assert sentence in texts, (name, sentence)
    assert R.LONG in texts  # in the PDF it runs across a page break, past the foot and the next page's head
    assert R.TITLE in texts
    assert not any("- 1 -" in t or "- 2 -" in t for t in texts)
    for p in passages:  # every passage cites lines that hold its words
        cited = " ".join(ex.lines[p.line_start - 1 : p.line_end])
        assert p.text.split()[0] in cited and p.text.split()[-1].rstrip(".") in cited.replace("\n", " ")


def test_pdf_keeps_pages_and_printed_numbers(tmp_path):
    fmt, ex, passages = _passages(R.write(tmp_path, "r.pdf", R.pdf_bytes()))
    assert fmt == "pdf" and [p.label for p in ex.pages] == ["1", "2"]
    long = next(p for p in passages if p.text == R.LONG)
    first_page = ex.pages[0]
    assert long.line_start - 1 < first_page.stop <= long.line_end - 1  # the passage spans the page break
    assert ex.published == "2019-05-01" and ex.extractor.startswith("pypdfium2")


def test_hwpx_and_hwp_keep_footnotes_apart(tmp_path):
    for name, data in (("r.hwpx", R.hwpx_bytes()), ("r.hwp", R.HWP_SAMPLE.read_bytes())):
        fmt, ex, passages = _passages(R.write(tmp_path, name, data))
        notes = [p for p in passages if p.footnote]
        assert [p.text for p in notes] == [f"1) {R.NOTE}"], name
        body = next(p for p in passages if p.text.startswith("창사시 정부는"))
        assert body.text.endswith("마련하였다.1)") and not body.footnote
        assert len(ex.pages) == 2  # the paragraph with a page break starts page 2


def test_tables_are_rows_of_their_own(tmp_path):
    for name in ("r.docx", "r.hwpx", "r.html"):
        data = {"r.docx": R.docx_bytes, "r.hwpx": R.hwpx_bytes, "r.html": R.html_bytes}[name]()
        _, ex, passages = _passages(R.write(tmp_path, name, data))
        assert "창사시 | 3곳" in [p.text for p in passages], name


def test_hwp_fixture_is_what_its_generator_writes():
    """The committed HWP 5.x fixture is reproducible from tests/fixtures/hwp/make_hwp.py (see its README)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_hwp", R.HWP_SAMPLE.with_name("make_hwp.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.hwp_bytes(mod.SAMPLE) == R.HWP_SAMPLE.read_bytes()


def test_html_leaves_out_scripts_and_navigation(tmp_path):
    _, ex, _ = _passages(R.write(tmp_path, "r.html", R.html_bytes()))
    assert "무시" not in "\n".join(ex.lines) and "메뉴" not in "\n".join(ex.lines)
    assert ex.title == R.TITLE


BAD = [
    ("scan.pdf", lambda: R.pdf_bytes(image_only=True), "스캔 PDF"),
    ("locked.pdf", R.encrypted_pdf_bytes, "암호"),
    ("cut.pdf", lambda: R.pdf_bytes()[:-300], "잘렸습니다"),
    ("broken.pdf", lambda: b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n", "손상"),
    ("bomb.hwpx", lambda: R.hwpx_bytes(bomb=20 * 1024 * 1024), "압축 폭탄"),
    ("bomb.docx", R.docx_bomb_bytes, "MB"),
    ("renamed.pdf", R.docx_bytes, "DOCX"),
    ("renamed.hwp", R.pdf_bytes, "PDF"),
    ("sheet.xlsx", R.docx_bytes, ".xlsx"),
    ("empty.pdf", lambda: b"", "빈 파일"),
    ("empty.txt", lambda: b"\n\n  \n", "글자가 없습니다"),
    ("binary.txt", lambda: b"\x00\x01\x02" * 100, "TXT"),
]


@pytest.mark.parametrize("name,make,words", BAD, ids=[b[0] for b in BAD])
def test_unusable_files_are_refused_with_one_sentence(tmp_path, name, make, words):
    path = R.write(tmp_path, name, make())
    with pytest.raises(IngestError) as exc:
        read_report(path)
    msg = str(exc.value)
    assert words in msg and "\n" not in msg and msg.count("(") >= 1
    assert name in msg  # it names the file


def test_a_zip_bomb_is_refused_fast(tmp_path):
    import time

    path = R.write(tmp_path, "bomb.docx", R.docx_bomb_bytes())
    t = time.perf_counter()
    with pytest.raises(IngestError):
        read_report(path)
    assert time.perf_counter() - t < 5  # refused from the declared sizes, nothing inflated
