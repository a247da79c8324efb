"""Download files for one firm's recommendations (XLSX, CSV with BOM, Markdown and HTML reports) and for a
screening run, in the chosen language (Korean by default). Built lazily when the user clicks (Streamlit deferred
downloads), from the exporting module; words and number formats from :mod:`recommender.present`."""

from __future__ import annotations

import pandas as pd

from features.evidence import readable_quotes
from features.firms import capability_label
from recommender import present
from recommender import report as rpt
from recommender.exporting import csv_bytes, xlsx_bytes

SHEETS = {  # one firm's workbook
    "recommendations": ("추천", "recommendations"), "evidence": ("근거", "evidence"),
    "capabilities": ("역량", "capabilities"), "firm": ("기업 입력", "firm inputs"), "info": ("정보", "info"),
}  # fmt: skip
SCREEN_SHEETS = {"results": ("결과", "results"), "rejected": ("거부된 행", "rejected rows"), "info": ("정보", "info")}


def _sheet(key: str, lang: str, table: dict = SHEETS) -> str:
    return present.pick(table[key], lang)


def _evidence_rows(result: dict, kb, lang: str) -> pd.DataFrame:
    """Per recommendation, its quotes as a reader sees them: whole sentences, overlapping citations merged, Korean
    passages in Korean mode; the lines the quote spans and the citations it stands for."""
    ko = lang == "ko"
    head = (("순위", "지역", "분야", "출처", "문서", "발행", "행", "인용한 근거", "인용문") if ko else
            ("rank", "region", "sector", "source", "document", "publisher", "lines", "cited", "quote"))  # fmt: skip
    rows = []
    for r in result["recommendations"]:
        try:
            quotes = readable_quotes(kb.docs, kb.passages, r["evidence"], lang)
        except (KeyError, IndexError, OSError):
            quotes = []
        for q in quotes:
            doc = kb.docs.get(q.doc_id)
            rows.append((r["rank"], r["region_name"][lang], r["sector_name"][lang],
                         present.doc_short_name(doc, lang) or q.doc_id, doc.title if doc else q.doc_id,
                         f"{doc.publisher}, {doc.published}" if doc else "", f"{q.line_start}–{q.line_end}",
                         "; ".join(present.citation(c.as_dict(), kb, lang) for c in q.cited), q.text))  # fmt: skip
    return pd.DataFrame(rows, columns=list(head))


def _capability_rows(result: dict, lang: str) -> pd.DataFrame:
    ko = lang == "ko"
    head = (("순위", "지역", "분야", "역량", "필요 수준", "보유 수준", "충족도", "상태") if ko else
            ("rank", "region", "sector", "capability", "needed", "have", "covered", "status"))  # fmt: skip
    rows = []
    for r in result["recommendations"]:
        for c in r["capabilities"]:
            rows.append((r["rank"], r["region_name"][lang], r["sector_name"][lang],
                         capability_label(c["capability"], lang), c["need"], c["have"], present.percent(c["covered"]),
                         present.label(present.STATUS, c["status"], lang)))  # fmt: skip
    return pd.DataFrame(rows, columns=list(head))


def _info(result: dict, lang: str, extra: dict, firm: dict | None) -> pd.DataFrame:
    ko = lang == "ko"
    head = {("기업ID" if ko else "firm id"): result["firm_id"], ("기업명" if ko else "firm name"): result["firm_name"]}
    cov = result.get("coverage")
    if cov:
        head["적합도 판정" if ko else "coverage"] = present.label(present.COVERAGE, cov["status"], lang)
    return present.run_frame(result, lang, {**head, **(extra or {})})


def recommendation_xlsx(result: dict, kb, lang: str, extra: dict | None = None, firm: dict | None = None) -> bytes:
    """추천 · 근거 · 역량 · 기업 입력 · 정보 (recommendations, evidence, capabilities, firm inputs, info), every sheet
    name, header and value in ``lang``."""
    return xlsx_bytes({
        _sheet("recommendations", lang): rpt.recommendation_table(result, kb, lang),
        _sheet("evidence", lang): _evidence_rows(result, kb, lang),
        _sheet("capabilities", lang): _capability_rows(result, lang),
        _sheet("firm", lang): present.firm_frame(firm, kb, lang),
        _sheet("info", lang): _info(result, lang, extra or {}, firm),
    })  # fmt: skip


def recommendation_csv(result: dict, kb, lang: str, firm: dict | None = None) -> bytes:
    """The recommendation table, then (after one blank line) the settings and the firm's inputs as 항목,값 rows —
    so the file alone says which firm, weights, preset, method and data it came from."""
    table = rpt.recommendation_table(result, kb, lang)
    tail = pd.concat([_info(result, lang, {}, firm), present.firm_frame(firm, kb, lang)], ignore_index=True).drop_duplicates()
    body = csv_bytes(table)
    return body + b"\n" + csv_bytes(tail).removeprefix(b"\xef\xbb\xbf")


def recommendation_md(result: dict, kb, lang: str, firm: dict | None = None) -> bytes:
    return rpt.recommendation_markdown(result, kb, lang, firm=firm).encode("utf-8")


def recommendation_html(result: dict, kb, lang: str, firm: dict | None = None) -> bytes:
    """The printable report (:func:`recommender.report.recommendation_html`): escaped text, Korean/CJK font stack,
    A4 print CSS."""
    return rpt.recommendation_html(result, kb, lang, firm=firm).encode("utf-8")


def screening_frame(results: pd.DataFrame, kb, lang: str = "ko", extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The screening table for people: headers and coverage in ``lang``, citations as ``KIEP 보고서 2018,
    2563–2569행``, the agency's own columns carried through by ``firm_id``."""
    if kb is None:
        return results
    return present.screen_for_people(results, kb, lang, extra)


def screening_xlsx(results: pd.DataFrame, rejected: pd.DataFrame, info: pd.DataFrame, kb=None, lang: str = "ko",
                   extra: pd.DataFrame | None = None) -> bytes:  # fmt: skip
    return xlsx_bytes({_sheet("results", lang, SCREEN_SHEETS): screening_frame(results, kb, lang, extra),
                       _sheet("rejected", lang, SCREEN_SHEETS): rejected,
                       _sheet("info", lang, SCREEN_SHEETS): info})  # fmt: skip


def screening_csv(results: pd.DataFrame, kb, lang: str = "ko", extra: pd.DataFrame | None = None) -> bytes:
    return csv_bytes(screening_frame(results, kb, lang, extra))
