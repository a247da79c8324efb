"""The hand-labelled briefings (tests/fixtures/briefings: synthetic market notes about regions and sectors the four
reports barely cover, labelled before any tagger ran, never used for training): traps on their lines, and the
tagger measured against their facts beside the keyword baseline."""

from __future__ import annotations

import re

import pytest

from features.ingest.evaluate import evaluate_texts
from features.ingest.morph import analyse, normalise
from tests.briefings import FOLDER, briefings, traps

NAMES = {"Jinan": "CN-SD", "Zhejiang": "CN-ZJ", "Shanghai": "CN-SH", "Jiangxi": "CN-JX", "Wuhan": "CN-HB",
         "Tianjin": "CN-TJ", "Chongqing": "CN-CQ", "Sichuan": "CN-SC", "Guangzhou": "CN-GD", "Hunan": "CN-HN",
         "Hainan": "CN-HI", "Qingdao": "CN-SD", "Chengdu": "CN-SC", "Shenzhen": "CN-GD", "Jiangsu": "CN-JS",
         "Xi'an": "CN-SN", "Shenyang": "CN-LN", "Changsha": "CN-HN", "Beijing": "CN-BJ", "Shaanxi": "CN-SN"}  # fmt: skip
PLACE_TRAPS = ("ordinary_word", "korean_place", "institution_name", "shanxi_shaanxi", "shanxi_shaanxi_ambiguous",
               "jinan_mixed")  # fmt: skip


def _line(file: str, n: int) -> str:
    return (FOLDER / file).read_text(encoding="utf-8").splitlines()[n - 1]


def _places_on(kb, text):
    text = normalise(text)
    return text, kb.tagger.places.tag(text, analyse(text)).places


def _false_region(row) -> str | None:
    m = re.search(r"CN-[A-Z]{2}", row["is_not"])
    if m:
        return m.group(0)
    return next((rid for name, rid in NAMES.items() if re.search(rf"\bnot (?:the alias \S+ for )?{re.escape(name)}",
                                                                   row["is_not"])), None)  # fmt: skip


def _cases(kinds):
    return [r for r in traps() if r["trap_type"] in kinds]


@pytest.mark.parametrize("row", [r for r in _cases(PLACE_TRAPS) if _false_region(r)],
                         ids=lambda r: f"{r['file'][9:11]}:{r['line']}:{r['surface']}")  # fmt: skip
def test_a_word_that_only_looks_like_a_place_is_no_place(kb, row):
    text, places = _places_on(kb, _line(row["file"], int(row["line"])))
    wrong = _false_region(row)
    start = text.find(normalise(row["surface"]))
    end = start + len(row["surface"])
    first_word = re.match(r"\S+", row["surface"]).group(0) if row["trap_type"] == "jinan_mixed" else None
    hits = [p for p in places if p.region_id == wrong and p.start < end and p.end > start]
    if first_word:  # 지난시는 지난 해: the first is Jinan, the second is not
        hits = [p for p in hits if p.start >= start + len(first_word)]
    assert not hits, (row["surface"], row["is"])


# bare 선양 (국제 제조업 박람회) and 대련 (지역 조선소): no list, suffix, gloss or "capital of" the rules can read —
# measured misses, kept visible (strict xfail: they fail today)
KNOWN_MISSES = {("08", "14"), ("08", "11")}


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.xfail(reason="no readable context", strict=True))
                                 if (r["file"][9:11], r["line"]) in KNOWN_MISSES else r
                                 for r in _cases(("jinan_true", "ambiguous_alias_true"))],
                         ids=lambda r: f"{r['file'][9:11]}:{r['line']}:{r['surface']}")  # fmt: skip
def test_a_true_place_in_an_ambiguous_spelling_is_found(kb, row):
    text, places = _places_on(kb, _line(row["file"], int(row["line"])))
    m = re.search(r"CN-[A-Z]{2}", row["is"])
    want = m.group(0) if m else next(rid for name, rid in NAMES.items() if name in row["is"])
    start = text.find(normalise(row["surface"]))
    assert any(p.region_id == want and start <= p.start < start + len(row["surface"]) for p in places), row["is"]


def test_the_tagger_is_measured_on_the_briefings_and_beats_the_keyword_baseline(kb):
    docs, left_out = briefings(set(kb.regions))
    assert len(docs) == 8 and sum(len(g) for _, _, g in docs) >= 200
    assert {r["region_id"] for r in left_out} <= {"CN-SX", "CN-YN", "CN-XJ", "CN-SN|CN-SX"}
    out = evaluate_texts(kb, docs)
    assert out["f1"] > out["baseline"]["f1"]
    assert out["precision"] >= 0.5  # recall is reported in docs/INGEST.md (below the 0.85 target)
