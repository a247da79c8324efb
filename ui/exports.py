"""Download files for one firm's recommendations (XLSX, CSV with BOM, Markdown and HTML reports) and for a
screening run, in the chosen language (Korean by default). Built lazily when the user clicks (Streamlit deferred
downloads), from the exporting module; words and number formats from :mod:`recommender.present`."""

from __future__ import annotations

import pandas as pd

from recommender import present
from recommender import report as rpt
from recommender.exporting import csv_bytes, xlsx_bytes

SCREEN_SHEETS = {"results": ("결과", "results"), "cohort": ("코호트", "cohort"), "shortlist": ("기회별 후보", "shortlist"),
                 "rejected": ("거부된 행", "rejected rows"), "info": ("정보", "info"),
                 "machine": ("ids (기계 판독용)", "ids (machine-readable)")}


def recommendation_xlsx(result: dict, kb, lang: str, extra: dict | None = None, firm: dict | None = None) -> bytes:
    """추천 · 근거 · 역량 · 기업 입력 · 정보 (:func:`recommender.report.recommendation_workbook`)."""
    return xlsx_bytes(rpt.recommendation_workbook(result, kb, lang, extra, firm))


def recommendation_csv(result: dict, kb, lang: str, firm: dict | None = None) -> bytes:
    """The table, then settings and firm inputs (:func:`recommender.report.recommendation_csv_bytes`)."""
    return rpt.recommendation_csv_bytes(result, kb, lang, firm)


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


def _sheet(key: str, lang: str) -> str:
    return present.pick(SCREEN_SHEETS[key], lang)


def screening_xlsx(results: pd.DataFrame, rejected: pd.DataFrame, info: pd.DataFrame, kb=None, lang: str = "ko",
                   extra: pd.DataFrame | None = None) -> bytes:  # fmt: skip
    """결과 · 코호트 · 거부된 행 · 정보 for people (names, titles, readable citations), then the same results with the
    contract's column names and machine ids (``region_id``, ``implication_ids``, ``doc:lines`` evidence) in a sheet of
    their own for tools."""
    return xlsx_bytes({_sheet("results", lang): screening_frame(results, kb, lang, extra),
                       _sheet("cohort", lang): cohort_frame(results, kb, lang),
                       _sheet("rejected", lang): rejected,
                       _sheet("info", lang): info,
                       _sheet("machine", lang): results})  # fmt: skip


def cohort_frame(results: pd.DataFrame, kb=None, lang: str = "ko") -> pd.DataFrame:
    """The cohort view as a sheet: for each region × sector, how many firms have it in their shortlist (region and
    sector by name when ``kb`` is given)."""
    from recommender.screening import cohort_heatmap

    ranked = results[results["rank"].notna()] if "rank" in results else results
    pivot = cohort_heatmap(ranked)
    if pivot.empty:
        return pd.DataFrame(columns=["지역" if lang == "ko" else "region"])
    if kb is not None:
        pivot = pivot.rename(index=lambda r: getattr(kb.regions[r], f"name_{lang}") if r in kb.regions else r,
                             columns=lambda c: getattr(kb.sectors[c], f"name_{lang}") if c in kb.sectors else c)
    return pivot.reset_index().rename(columns={"region_id": "지역" if lang == "ko" else "region"})


def shortlist_xlsx(short: pd.DataFrame, info: pd.DataFrame, kb, lang: str = "ko",
                   extra: pd.DataFrame | None = None) -> bytes:
    """One opportunity's firm shortlist as a workbook (shortlist and run information sheets), in ``lang``."""
    return xlsx_bytes({_sheet("shortlist", lang): screening_frame(short, kb, lang, extra), _sheet("info", lang): info,
                       _sheet("machine", lang): short})  # fmt: skip


def screening_csv(results: pd.DataFrame, kb, lang: str = "ko", extra: pd.DataFrame | None = None) -> bytes:
    return csv_bytes(screening_frame(results, kb, lang, extra))


#: above this many result rows the app builds the workbook only when asked, with a progress bar
LARGE_DOWNLOAD_ROWS = 20_000


def screening_xlsx_large(results: pd.DataFrame, rejected: pd.DataFrame, info: pd.DataFrame, rec=None,
                         progress=None) -> bytes:  # fmt: skip
    """A large screening workbook, streamed (:func:`recommender.writers.screen_xlsx_bytes`): lean result rows, the
    opportunities sheet (names, evidence, implications, precedents once per opportunity and strategy), rejected rows
    and run information — the layout of ``python -m recommender screen --out OUT.xlsx``. Used above
    :data:`LARGE_DOWNLOAD_ROWS`, where the per-row Korean workbook (:func:`screening_xlsx`) would be slow."""
    from recommender.screening import _Lookups
    from recommender.writers import lean_from_wide, screen_xlsx_bytes

    if rec is None:
        from ui import data

        rec = data.recommender()
    look = _Lookups(rec)
    return screen_xlsx_bytes(lean_from_wide(results, look), look, "lean", rejected, info, progress=progress)
