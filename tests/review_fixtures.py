"""A team data directory with one newly ingested report and its candidate facts, made in a test's tmp folder.

What ``ingest`` (issue 15) writes, written here by hand so the review, the rebuild and ``changes`` can be tested on
their own: a stored text report (a short, invented 2025 report — test data, never shipped), its catalog row (with
``extractor`` and a page map, as an ingested report has), the page map JSON, and ``candidates/<doc_id>.csv`` with
proposals of the kinds a tagger makes (good ones, one to edit, one to reject, one that restates an existing fact).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

from features.ingest.candidates import CANDIDATE_COLUMNS, write_candidates

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data"
DOC_ID = "test_regions_2025"
PUBLISHED = "2025-03"

#: (page label, lines) — the report as an extractor would store it: one line per text line, blank lines between
PAGES = [
    ("11", [
        "가상 시험 보고서: 중국 지역 디지털 전환 동향 (2025년, 시험용 문서)",
        "",
        "후난성 창사시는 2024년 스마트농업 발전 3년 행동계획을 발표하고 스마트농업 시범구 12곳을 지정하였다.",
        "",
        "후난성 정부는 스마트농업 기업에 30억 위안 규모의 전용 기금을 조성하였다.",
        "",
        "창사시에는 농기계 자율주행과 농산물 이력관리 기업 40여 개가 모여 스마트농업 산업단지를 이루고 있다.",
        "",
    ]),
    ("12", [
        "후난성 농업농촌청은 한국 스마트팜 기업과의 공동 실증 사업에 참여할 기업을 찾고 있다.",
        "",
        "저장성 스마트 헬스케어 시장 규모는 2024년 전국 1위로 올라섰다.",
        "",
        "베이징시 자율주행 시험도로는 2024년 말 1,000km를 넘어 여전히 중국에서 가장 길다.",
        "",
        "현대·기아자동차는 지금도 바이두 아폴로 플랫폼의 협력사로 참여하고 있다.",
        "",
        "참고: 이 문서는 시험을 위해 만든 가상의 보고서이다.",
    ]),
]


def report_lines() -> list[str]:
    return [line for _, lines in PAGES for line in lines]


def line_of(text: str) -> int:
    """1-based line number of the line containing ``text``."""
    for i, line in enumerate(report_lines(), start=1):
        if text in line:
            return i
    raise KeyError(text)


def _ref(text: str) -> str:
    n = line_of(text)
    return f"{DOC_ID}:{n}-{n}"


def _page(text: str) -> str:
    n = line_of(text)
    start = 1
    for label, lines in PAGES:
        if start <= n < start + len(lines):
            return label
        start += len(lines)
    return ""


def candidate_rows() -> list[dict]:
    """Proposals as the tagger would make them (scores decide the review order)."""
    spec = [
        # cue text, region, city, sector, kind, indicator, value, unit, year, strength, tags, score, reason
        ("스마트농업 발전 3년 행동계획", "CN-HN", "창사", "smart_agriculture", "policy", "policy_plan", "", "", "2024", "3",
         "pilot_zone", "0.93", "후난성; 창사시; 행동계획; 시범구"),
        ("30억 위안", "CN-HN", "", "smart_agriculture", "policy", "public_funding", "30", "억위안", "2024", "2", "",
         "0.88", "후난성; 기금; 30억 위안"),
        ("산업단지를 이루고", "CN-HN", "창사", "smart_agriculture", "demand", "anchor_firms", "40", "개", "2024", "2",
         "cluster", "0.74", "창사시; 기업 40여 개; 산업단지"),
        ("공동 실증 사업", "CN-HN", "", "smart_agriculture", "demand", "cooperation_demand", "", "", "2025", "2",
         "korean_support", "0.69", "후난성; 한국; 공동 실증"),
        ("전국 1위로", "CN-ZJ", "", "smart_healthcare", "demand", "market_size", "1", "rank", "2024", "3", "", "0.61",
         "저장성; 헬스케어; 전국 1위"),
        ("1,000km", "CN-BJ", "", "autonomous_driving", "policy", "pilot_designation", "1000", "km", "2024", "2",
         "test_bed", "0.52", "베이징시; 자율주행; 시험도로; 1,000km"),
        ("바이두 아폴로 플랫폼의 협력사", "CN-BJ", "", "autonomous_driving", "demand", "cooperation_demand", "", "", "2025",
         "2", "", "0.44", "현대·기아; 아폴로; 협력사"),
        ("가상 시험 보고서", "CN", "", "all", "context", "context", "", "", "2025", "1", "", "0.12", "제목 행"),
    ]
    rows = []
    for i, (cue, region, city, sector, kind, ind, value, unit, year, strength, tags, score, reason) in enumerate(
            spec, start=1):  # fmt: skip
        rows.append({
            "candidate_id": f"{DOC_ID}-c{i:04d}", "doc_id": DOC_ID, "region_id": region, "city": city,
            "sector_id": sector, "kind": kind, "indicator": ind, "value": value, "unit": unit, "year": year,
            "strength": strength, "strength_rule": f"{kind}:{strength}", "tags": tags, "evidence": _ref(cue),
            "page": _page(cue), "score": score, "reason": reason, "status": "pending", "fact_id": "",
        })  # fmt: skip
    assert all(set(r) == set(CANDIDATE_COLUMNS) for r in rows)
    return rows


def make_data_dir(target: Path) -> Path:
    """A team data directory at ``target``: the bundled data (without build/) plus the ingested test report."""
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("build", ".~*"))
    add_report(target)
    write_candidates(target / "candidates" / f"{DOC_ID}.csv", candidate_rows())
    return target


def add_report(data_dir: Path, doc_id: str = DOC_ID, published: str = PUBLISHED) -> Path:
    reports = data_dir / "reports"
    text = reports / f"{doc_id}.txt"
    text.write_text("\n".join(report_lines()) + "\n", encoding="utf-8")
    pages, start = [], 1
    for k, (label, lines) in enumerate(PAGES, start=1):
        pages.append({"page": k, "label": label, "line_start": start, "line_end": start + len(lines) - 1})
        start += len(lines)
    page_map = reports / f"{doc_id}.pages.json"
    page_map.write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
    sha = hashlib.sha256(text.read_bytes()).hexdigest()
    catalog = reports / "catalog.csv"
    with catalog.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    extra = [c for c in ("source_file", "source_sha256", "extractor", "pages", "page_map") if c not in header]
    rows = list(csv.DictReader(catalog.open(encoding="utf-8-sig", newline="")))
    rows.append({"doc_id": doc_id, "file": text.name, "sha256": sha, "title": "가상 시험 보고서: 중국 지역 디지털 전환 동향",
                 "publisher": "시험용", "published": published, "kind": "research_report", "language": "ko",
                 "source_file": "", "source_sha256": "", "extractor": "test-fixture", "pages": str(len(PAGES)),
                 "page_map": page_map.name})  # fmt: skip
    with catalog.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*header, *extra], extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: r.get(k) or "" for k in [*header, *extra]})
    return text


def many_candidates(data_dir: Path, n: int = 40) -> list[str]:
    """Replace the candidates file with ``n`` valid proposals (the first three cycled with new ids): enough work for
    the crash and concurrency tests. Returns the candidate ids."""
    base = candidate_rows()[:3]
    rows = []
    for i in range(1, n + 1):
        row = dict(base[(i - 1) % len(base)])
        row["candidate_id"] = f"{DOC_ID}-c{i:04d}"
        row["score"] = f"{1 - i / (n + 1):.3f}"
        rows.append(row)
    write_candidates(data_dir / "candidates" / f"{DOC_ID}.csv", rows)
    return [r["candidate_id"] for r in rows]
