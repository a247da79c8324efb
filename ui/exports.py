"""Download files for one firm's recommendations (XLSX, CSV with BOM, Markdown and HTML reports) and for a
screening run. Built lazily when the user clicks (Streamlit deferred downloads), from the exporting module."""

from __future__ import annotations

import html
import re

import pandas as pd

from recommender.exporting import csv_bytes, run_info, xlsx_bytes
from recommender.report import recommendation_markdown, recommendation_table


def _evidence_rows(result: dict, kb, lang: str) -> pd.DataFrame:
    rows = []
    for r in result["recommendations"]:
        for e in r["evidence"]:
            doc = kb.docs.get(e["doc_id"])
            try:
                text = kb.quote(e["doc_id"], e["line_start"], e["line_end"])
            except (KeyError, IndexError, OSError):
                text = ""
            rows.append({"rank": r["rank"], "region_id": r["region_id"], "sector_id": r["sector_id"],
                         "doc_id": e["doc_id"], "line_start": e["line_start"], "line_end": e["line_end"],
                         "title": doc.title if doc else "", "publisher": doc.publisher if doc else "",
                         "published": doc.published if doc else "", "quote": text})  # fmt: skip
    return pd.DataFrame(rows)


def _capability_rows(result: dict, lang: str) -> pd.DataFrame:
    rows = []
    for r in result["recommendations"]:
        for c in r["capabilities"]:
            rows.append({"rank": r["rank"], "region_id": r["region_id"], "sector_id": r["sector_id"],
                         "capability": c["capability"], "need": c["need"], "have": c["have"],
                         "covered": c["covered"], "status": c["status"]})  # fmt: skip
    return pd.DataFrame(rows)


def _info(result: dict, extra: dict) -> pd.DataFrame:
    extra = {"firm_id / 기업ID": result["firm_id"], "firm name / 기업명": result["firm_name"],
             "preset / 프리셋": result.get("preset") or "custom", **extra}  # fmt: skip
    return run_info(result["data_version"], result["weights"], result["method"], result["vintage"], extra)


def recommendation_xlsx(result: dict, kb, lang: str, extra: dict | None = None) -> bytes:
    ko = lang == "ko"
    return xlsx_bytes({
        "추천" if ko else "recommendations": recommendation_table(result, kb, lang),
        "근거 evidence": _evidence_rows(result, kb, lang),
        "역량 capabilities": _capability_rows(result, lang),
        "정보 info": _info(result, extra or {}),
    })  # fmt: skip


def recommendation_csv(result: dict, kb, lang: str) -> bytes:
    return csv_bytes(recommendation_table(result, kb, lang))


def recommendation_md(result: dict, kb, lang: str) -> bytes:
    return recommendation_markdown(result, kb, lang).encode("utf-8")


def _inline(text: str) -> str:
    """Escape, then turn Markdown **bold** and `code` into tags (the content stays escaped)."""
    esc = html.escape(text)
    esc = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", esc)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc)


def recommendation_html(result: dict, kb, lang: str) -> bytes:
    """The Markdown report as a self-contained HTML page; every character is escaped (shown as text)."""
    md = recommendation_markdown(result, kb, lang)
    body = []
    for line in md.splitlines():
        esc = _inline(line)
        if line.startswith("## "):
            body.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("> "):
            body.append(f"<blockquote>{_inline(line[2:])}</blockquote>")
        elif line.strip() == ">":
            continue
        elif line.startswith("- "):
            body.append(f"<p class='li'>• {_inline(line[2:])}</p>")
        elif line.strip():
            body.append(f"<p>{esc}</p>")
    title = html.escape(f"{result['firm_id']}")
    style = ("body{font-family:'Noto Sans KR','Nanum Gothic','Malgun Gothic',sans-serif;max-width:860px;margin:2em auto;"
             "line-height:1.55;color:#1B2430}blockquote{border-left:4px solid #1F5FAD;margin:.4em 0;padding:.2em .8em;"
             "background:#F2F5F9}h2{border-top:1px solid #ddd;padding-top:.6em}.li{margin:.15em 0 .15em 1em}")
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n").encode()  # fmt: skip


#: above this many result rows the app builds the workbook only when asked, with a progress bar
LARGE_DOWNLOAD_ROWS = 20_000


def screening_xlsx(results: pd.DataFrame, rejected: pd.DataFrame, info: pd.DataFrame, rec=None,
                   progress=None) -> bytes:  # fmt: skip
    """The screening workbook, streamed (:func:`recommender.writers.screen_xlsx_bytes`): lean result rows, the
    opportunities sheet (names, evidence, implications, precedents once per opportunity and strategy), rejected rows
    and run information — the layout of ``python -m recommender screen --out OUT.xlsx``."""
    from recommender.screening import _Lookups
    from recommender.writers import lean_from_wide, screen_xlsx_bytes

    if rec is None:
        from ui import data

        rec = data.recommender()
    look = _Lookups(rec)
    return screen_xlsx_bytes(lean_from_wide(results, look), look, "lean", rejected, info, progress=progress)


def screening_csv(results: pd.DataFrame) -> bytes:
    """The wide rows as one CSV file (UTF-8 with BOM, the firm's text neutralised), rendered with Arrow."""
    from recommender.writers import csv_header, csv_rows

    return csv_header(results.columns) + csv_rows(results)
