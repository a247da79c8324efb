"""``python -m recommender ingest`` and ``facts evaluate`` (DESIGN.md contract 10, issue 15): every format from a
file the test writes, stored byte-identical with a page map and a catalog row; refusals exit 2 with one sentence and
write nothing; re-ingesting is idempotent; a doc id is never silently replaced; candidates never touch a profile."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings

import pytest

from features.build import load_knowledge
from features.corpus import load_catalog
from features.ingest.candidates import CANDIDATE_COLUMNS, read_candidates
from features.ingest.pipeline import ingest
from recommender.cli import main
from recommender.profiles_view import profiles_json
from tests import report_files as R
from tests.conftest import DATA
from tests.test_ingest_readers import BAD

warnings.filterwarnings("ignore", category=UserWarning, module="fpdf")


def tree_hash(folder) -> str:
    """The folder's files and bytes — without the writer-lock sidecars (``.~NAME.lock``), which every writer that takes
    the lock rewrites with its pid and start second (features.atomic.exclusive_lock): a refused second write holds the
    lock too, so the sidecar differed whenever the two writes fell in different seconds (a flaky failure in CI)."""
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file() and not (p.name.startswith(".~") and p.name.endswith(".lock"))):
        h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def store(tmp_path_factory, kb):
    """A copy of data/ (with the current build, so nothing is rebuilt) that this module ingests into."""
    dst = tmp_path_factory.mktemp("ingest") / "data"
    shutil.copytree(DATA, dst)
    return dst


FILES = [("hunan_pdf", "r.pdf", R.pdf_bytes), ("hunan_docx", "r.docx", R.docx_bytes),
         ("hunan_hwpx", "r.hwpx", R.hwpx_bytes), ("hunan_hwp", "r.hwp", R.HWP_SAMPLE.read_bytes),
         ("hunan_html", "r.html", R.html_bytes), ("hunan_txt", "r.txt", lambda: R.text_bytes("cp949"))]  # fmt: skip


@pytest.mark.parametrize("doc_id,name,make", FILES, ids=[f[0] for f in FILES])
def test_every_format_is_stored_and_tagged(store, kb, tmp_path, doc_id, name, make):
    path = R.write(tmp_path, name, make())
    out = ingest(store, path, doc_id, publisher="시험", published="2019-05", load=lambda _: kb)
    assert out["status"] == "stored" and out["lines"] > 3 and out["passages"] >= 4
    row = next(r for r in __import__("csv").DictReader(open(store / "reports/catalog.csv", encoding="utf-8"))
               if r["doc_id"] == doc_id)
    original = store / "reports" / row["source_file"]
    assert original.read_bytes() == path.read_bytes()
    assert row["source_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (store / "reports" / row["file"]).read_text(encoding="utf-8").count("창사시") >= 2
    rows = read_candidates(store / "candidates" / f"{doc_id}.csv")
    assert list(rows[0])[: len(CANDIDATE_COLUMNS)] == list(CANDIDATE_COLUMNS) and all(r["status"] == "pending"
                                                                                      for r in rows)  # fmt: skip
    # the tagger finds Hunan (Changsha) in the agricultural report, and every candidate cites its own lines
    assert any(c["region_id"] == "CN-HN" and c["sector_id"] == "smart_agriculture" for c in out["candidates"])
    lines = (store / "reports" / row["file"]).read_text(encoding="utf-8").splitlines()
    for c in out["candidates"]:
        ev = c["evidence"]
        assert ev["doc_id"] == doc_id and 1 <= ev["line_start"] <= ev["line_end"] <= len(lines)
        assert set(c) >= {"candidate_id", "region_id", "city", "sector_id", "kind", "indicator", "strength", "score",
                          "evidence", "reason"}  # fmt: skip


def test_the_catalog_loads_with_pages_and_profiles_do_not_move(store, kb):
    docs = load_catalog(store / "reports")
    pdf = docs["hunan_pdf"]
    assert pdf.layout == "lines" and docs["hunan_docx"].layout == "paragraphs"
    assert pdf.page_of(1) == "1" and pdf.page_of(len(pdf.lines)) == "2"
    assert docs["hunan_html"].page_of(1) is None
    after = load_knowledge(store)
    assert after.data_version != kb.data_version  # the reports are inputs …
    a, b = profiles_json(kb), profiles_json(after)
    a.pop("data_version"), b.pop("data_version")
    assert json.dumps(a, ensure_ascii=False, sort_keys=True) == json.dumps(b, ensure_ascii=False, sort_keys=True)
    assert any(p.doc_id == "hunan_pdf" for p in after.passages)  # … searchable, but no profile moves until review


def test_reingesting_is_idempotent_and_a_doc_id_is_never_silently_replaced(store, kb, tmp_path, capsys):
    path = R.write(tmp_path, "r.pdf", R.pdf_bytes(top=50))
    assert ingest(store, path, "hunan_idem", published="2019-05", load=lambda _: kb)["status"] == "stored"
    before = tree_hash(store / "reports"), tree_hash(store / "candidates")
    out = ingest(store, path, "hunan_idem", published="2019-05", load=lambda _: kb)
    assert out["status"] == "unchanged"
    assert (tree_hash(store / "reports"), tree_hash(store / "candidates")) == before
    other = R.write(tmp_path, "other.pdf", R.pdf_bytes(top=20))
    assert main(["--data-dir", str(store), "ingest", str(other), "--doc-id", "hunan_idem", "--published", "2019"]) == 2
    assert "--replace" in capsys.readouterr().err
    assert (tree_hash(store / "reports"), tree_hash(store / "candidates")) == before
    assert main(["--data-dir", str(store), "ingest", str(path), "--doc-id", "hunan_again", "--published", "2019"]) == 2
    assert "hunan_idem" in capsys.readouterr().err  # the same file under another id
    out = ingest(store, other, "hunan_idem", published="2019", replace=True, load=lambda _: kb)
    assert out["status"] == "replaced"
    assert (store / "reports/originals/hunan_idem.pdf").read_bytes() == other.read_bytes()


def test_a_report_that_facts_cite_cannot_be_replaced(store, tmp_path, capsys):
    path = R.write(tmp_path, "r.txt", R.text_bytes())
    before = tree_hash(store)
    assert main(["--data-dir", str(store), "ingest", str(path), "--doc-id", "kiep_seminar_2018", "--replace",
                 "--published", "2018"]) == 2  # fmt: skip
    assert "cite" in capsys.readouterr().err and tree_hash(store) == before


@pytest.mark.parametrize("name,make,words", BAD, ids=[b[0] for b in BAD])
def test_refused_files_exit_2_and_write_nothing(data_copy, tmp_path, capsys, name, make, words):
    path = R.write(tmp_path, name, make())
    before = tree_hash(data_copy)
    code = main(["--data-dir", str(data_copy), "ingest", str(path), "--doc-id", "bad_file", "--published", "2019"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: ") and words in err and len(err.splitlines()) == 1
    assert tree_hash(data_copy) == before


@pytest.mark.parametrize("args,words", [
    (["--doc-id", "Bad-Id"], "lower-case"),
    (["--doc-id", "fine_id", "--published", "May 2019"], "YYYY"),
])  # fmt: skip
def test_bad_arguments_exit_2_and_write_nothing(data_copy, tmp_path, capsys, args, words):
    path = R.write(tmp_path, "r.html", R.html_bytes())
    before = tree_hash(data_copy)
    assert main(["--data-dir", str(data_copy), "ingest", str(path), *args]) == 2
    assert words in capsys.readouterr().err and tree_hash(data_copy) == before


def test_ingest_prints_the_contract_json(store, tmp_path, capsys):
    path = R.write(tmp_path, "note.txt", R.text_bytes())
    assert main(["--data-dir", str(store), "ingest", str(path), "--doc-id", "hunan_json", "--published", "2019-05",
                 "--format", "json"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert {"doc_id", "pages", "lines", "passages", "candidates"} <= set(out)
    assert out["doc_id"] == "hunan_json" and out["candidates"]
    assert all(c["region_id"] is None or c["region_id"].startswith("CN-") for c in out["candidates"])


def test_facts_evaluate_on_a_small_held_out_span(kb, capsys):
    assert main(["facts", "evaluate", "--holdout", "kiep_internet_plus_2018:3943-4400", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["holdout"] == "kiep_internet_plus_2018:3943-4400" and out["gold"] > 10
    for key in ("recall", "precision", "kind_accuracy"):
        assert 0 <= out[key] <= 1 and 0 <= out["baseline"][key] <= 1
    assert out["found"] <= out["gold"] and out["baseline"]["gold"] == out["gold"]
    assert out["f1"] > out["baseline"]["f1"]  # the learned tagger beats the keyword baseline here


def test_facts_evaluate_refuses_an_unknown_document(capsys):
    assert main(["facts", "evaluate", "--holdout", "no_such_doc"]) == 2
    assert "unknown document" in capsys.readouterr().err


def test_a_doc_id_stored_between_plan_and_write_is_not_written_twice(data_copy, tmp_path):
    """Two ingests racing for one doc id: the second finds the row under the catalog lock and writes nothing."""
    from features.ingest.base import IngestError
    from features.ingest.readers import read_report
    from features.ingest.store import plan, write

    path = R.write(tmp_path, "r.txt", R.text_bytes())
    fmt, ex = read_report(path)
    meta = {"title": "t", "publisher": "p", "published": "2019", "language": "ko"}
    first = plan(data_copy, "race_doc", fmt, path.read_bytes(), ex, meta)
    other = R.write(tmp_path, "o.txt", R.text_bytes() + "추가 문장.\n".encode())
    fmt2, ex2 = read_report(other)
    second = plan(data_copy, "race_doc", fmt2, other.read_bytes(), ex2, meta)
    write(data_copy, first)
    before = tree_hash(data_copy)
    with pytest.raises(IngestError, match="just stored"):
        write(data_copy, second)
    assert tree_hash(data_copy) == before
