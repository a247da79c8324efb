"""Words and numbers for people: the labels, number formats, citations and run facts every client export shares,
in Korean (default) or English.

One place so that the XLSX, CSV, Markdown and HTML exports say the same thing the same way: statuses
(``matched/partial/gap`` → 충족/부분/부족), methods (``wsm`` → 가중합(WSM)), coverage (``ok/weak/none`` → 역량이 맞는
기회 있음/근거 약함/맞는 기회 없음: what the status means, never a bare "충분" beside a low fit), robustness as a whole
percent (96%), amounts in 억원 with thousands separators and no stray decimals, years as ``2년``/``2.5년``. Nothing here reads Streamlit; ``ui/`` and the CLI both call it.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a frame is made: the one-firm `recommend` path never needs it
    import pandas as pd

from features.facts import CAPABILITY_KEYS
from features.firms import FIELD_LABELS_KO, capability_label

LANGS = ("ko", "en")

STATUS = {"matched": ("충족", "matched"), "partial": ("부분", "partial"), "gap": ("부족", "gap")}
METHOD = {"wsm": ("가중합(WSM)", "weighted sum (WSM)"), "topsis": ("TOPSIS", "TOPSIS")}
#: the coverage status in words (the JSON keeps ``ok/weak/none``): ``ok`` only says a core capability matches some
#: opportunity with an open entry route — not that the fit is high — so it is never called "충분" (panel review 3)
COVERAGE = {"ok": ("역량이 맞는 기회 있음", "matching opportunities found"), "weak": ("근거 약함", "weak evidence"),
            "none": ("맞는 기회 없음", "no match")}  # fmt: skip
PRESET = {"conservative": ("안정형", "conservative"), "balanced": ("균형형", "balanced"), "growth": ("성장형", "growth"),
          "custom": ("사용자 지정", "custom")}  # fmt: skip
COMPONENT = {"fit": ("역량적합", "fit"), "policy": ("정책", "policy"), "demand": ("수요", "demand"),
             "risk": ("위험", "risk")}  # fmt: skip
RISK_TOLERANCE = {"low": ("낮음", "low"), "medium": ("보통", "medium"), "high": ("높음", "high")}
FIELD_LABELS_EN = {
    "firm_id": "firm id", "name": "firm name", "employees": "employees", "revenue_krw_100m": "revenue",
    "china_experience_years": "China experience", "has_china_entity": "entity in China",
    "chinese_speaking_staff": "Chinese-speaking staff", "investment_capacity_krw_100m": "investment capacity",
    "certifications": "certifications", "risk_tolerance": "risk tolerance", "horizon_years": "horizon",
    "preferred_regions": "preferred regions", "excluded_regions": "excluded regions",
    "china_entity_region": "where the China entity is",
}  # fmt: skip
#: document kinds in a short citation (``KIEP 보고서 2018``)
DOC_KIND = {"research_report": ("보고서", "report"), "press_release": ("보도자료", "press release"),
            "news_article": ("기사", "article"), "issue_report": ("이슈리포트", "issue report")}  # fmt: skip

#: Korean headers for the screening table (``python -m recommender screen --headers ko`` and the app's download)
SCREEN_HEADERS_KO = {
    "firm_id": "기업ID", "firm_name": "기업명", "coverage": "적합도 판정", "rank": "순위", "tie_group": "동순위 그룹",
    "region_id": "지역ID", "region_name": "지역", "sector_id": "분야ID", "sector_name": "분야",
    "strategy_id": "진입전략ID", "strategy_name": "진입전략", "score": "점수", "fit": "역량적합", "policy": "정책",
    "demand": "수요", "risk": "위험", "confidence": "신뢰도", "vintage": "기준연도", "evidence": "근거",
    "implication_ids": "시사점", "precedents": "비슷한 사례", "data_version": "데이터 버전",
    "capability_source": "역량 출처", "capabilities": "역량(추정 포함)", "capability_reason": "역량 추정 근거",
    "equivalent_regions": "동등한 지역(보고서로 구분 불가)",
}  # fmt: skip
#: English headers for the screening table a person reads (the app's download); the CLI's ``--headers en`` keeps the
#: contract names (DESIGN.md contract 8)
SCREEN_HEADERS_EN = {
    "firm_id": "Firm ID", "firm_name": "Firm name", "coverage": "Coverage", "rank": "Rank", "tie_group": "Tie group",
    "region_name": "Region", "sector_name": "Sector", "strategy_name": "Entry strategy", "score": "Score",
    "fit": "Fit", "policy": "Policy", "demand": "Demand", "risk": "Risk", "confidence": "Confidence",
    "vintage": "Vintage", "evidence": "Evidence", "implication_ids": "Implications", "precedents": "Similar cases",
    "data_version": "Data version", "capability_source": "Capability source",
    "capabilities": "Capabilities (incl. estimates)", "capability_reason": "Why estimated",
    "equivalent_regions": "Equivalent regions (the reports cannot tell apart)",
}  # fmt: skip
#: columns that hold machine ids: left out of a table for people (the ids sheet of a workbook keeps them)
ID_COLUMNS = ("region_id", "sector_id", "strategy_id", "opportunity_key")


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "ko" else pair[1]


def label(table: dict, key, lang: str) -> str:
    """``key``'s label from one of the tables above; the key itself if the table lacks it."""
    return pick(table[key], lang) if key in table else str(key)


def field_label(field: str, lang: str) -> str:
    """A firm field's or capability's name (``매출액(억원)`` → ``매출액``: the unit is shown with the value)."""
    if field in CAPABILITY_KEYS:
        return capability_label(field, lang)
    if lang == "ko":
        return re.sub(r"\((억원|년)\)$", "", FIELD_LABELS_KO.get(field, field))
    return FIELD_LABELS_EN.get(field, field)


def number(x, digits: int = 0) -> str:
    """Thousands separators; at most ``digits`` decimals and none that are zero (``1,683``, ``2.5``, ``0.73``)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{float(x):,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score(x, digits: int = 3) -> str:
    """A score or component in 0–1, fixed decimals so that columns line up (``0.734``)."""
    return "–" if x is None else f"{float(x):.{digits}f}"


def percent(x) -> str:
    """Robustness and shares, one format everywhere: a whole percent (``96%``)."""
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{float(x):.0%}"


def krw_100m(x, lang: str) -> str:
    """An amount in 억원 (100 million won): ``1,200억원``; in English ``KRW 120 bn`` (1억 = 0.1 bn)."""
    if lang == "ko":
        return f"{number(x, 1)}억원"
    return f"KRW {number(float(x) / 10, 2)} bn"


def years(x, lang: str) -> str:
    return f"{number(x, 1)}년" if lang == "ko" else f"{number(x, 1)} year{'' if float(x) == 1 else 's'}"


def yes_no(x: bool, lang: str) -> str:
    return ("예" if x else "아니오") if lang == "ko" else ("yes" if x else "no")


def answer_region(r: dict, kb, lang: str) -> str:
    """The "where" of one recommendation as a reader sees it: the region's name, or — for a sector-level answer whose
    regions the reports cannot tell apart (``equivalent_regions``, issue 18) — "전국 단위 (지역은 귀사 선택)"
    (:func:`sector_level_region`) instead of the
    one region that stands in for them (which the evidence does not single out)."""
    eq = r.get("equivalent_regions") or []
    if len(eq) > 1:
        return sector_level_region(len(eq), lang)
    region = kb.regions.get(r["region_id"])
    return getattr(region, f"name_{lang}") if region is not None else r["region_id"]


def region_names(ids, kb, lang: str) -> str:
    if not ids:
        return "없음" if lang == "ko" else "none"
    return ", ".join(getattr(kb.regions[r], f"name_{lang}") if r in kb.regions else r for r in ids)


def firm_value(field: str, value, kb, lang: str) -> str:
    """One firm input as a reader sees it (units, 예/아니오, region names, 낮음/보통/높음)."""
    if field in ("revenue_krw_100m", "investment_capacity_krw_100m"):
        return krw_100m(value, lang)
    if field in ("china_experience_years", "horizon_years"):
        return years(value, lang)
    if field in ("employees", "chinese_speaking_staff"):
        return number(value) + ("명" if lang == "ko" else "")
    if field == "has_china_entity":
        return yes_no(bool(value), lang)
    if field == "risk_tolerance":
        return label(RISK_TOLERANCE, value, lang)
    if field in ("preferred_regions", "excluded_regions"):
        return region_names(value, kb, lang)
    if field == "certifications":
        return ", ".join(value) if value else ("없음" if lang == "ko" else "none")
    return str(value)


def not_given(field: str, value, kb, lang: str) -> str:
    """A field the firm's input left empty, as a reader sees it: ``미입력 (기본값 0억원)`` / ``not given (default
    KRW 0 …)`` — never the default alone, which a client reads as the firm's fact (panel 32 K01: "투자여력 0억원",
    "중국어가능인력 0명", "투자기간 3년" for values the member list never gave)."""
    shown = firm_value(field, value, kb, lang)
    return f"미입력 (기본값 {shown})" if lang == "ko" else f"not given (default {shown})"


def entity_region_name(firm: dict | None, kb, lang: str) -> str:
    """The name of the region where the firm's Chinese entity is (``china_entity_region``), "" when not given."""
    rid = (firm or {}).get("china_entity_region") if (firm or {}).get("has_china_entity") else ""
    if not rid:
        return ""
    region = kb.regions.get(rid) if kb is not None else None
    return getattr(region, f"name_{lang}") if region is not None else str(rid)


def firm_rows(firm: dict, kb, lang: str) -> list[tuple[str, str]]:
    """Every field and every capability of the firm as (label, value) pairs, capabilities as ``4/5``; a field the
    input did not give (``defaulted_fields``) as :func:`not_given`; the entity's region after the entity flag when
    given (panels 31 S1/S3, 32 P08)."""
    fields = ("firm_id", "name", "employees", "revenue_krw_100m", "china_experience_years", "has_china_entity",
              "china_entity_region", "chinese_speaking_staff", "investment_capacity_krw_100m", "certifications",
              "risk_tolerance", "horizon_years", "preferred_regions", "excluded_regions")  # fmt: skip
    defaulted = set(firm.get("defaulted_fields") or ())
    rows = [(field_label(f, lang), not_given(f, firm.get(f), kb, lang) if f in defaulted else
             entity_region_name(firm, kb, lang) if f == "china_entity_region" else
             firm_value(f, firm.get(f), kb, lang)) for f in fields if f in firm]  # fmt: skip
    ko = lang == "ko"
    if firm.get("industry_code"):
        rows.append(("업종코드(KSIC)" if ko else "industry code (KSIC)", str(firm["industry_code"])))
    if firm.get("products"):
        rows.append(("주생산품" if ko else "products", str(firm["products"])))
    source = firm.get("capability_source")
    if source and source != "given":
        names = {"inferred": ("추정", "estimated"), "mixed": ("입력+추정", "given + estimated"),
                 "none": ("정보 없음", "none given")}  # fmt: skip
        rows.append(("역량 출처" if ko else "capability source", names.get(source, (source, source))[0 if ko else 1]))
    caps = firm.get("capabilities") or {}
    srcs = firm.get("capability_sources") or {}
    mark = " (추정)" if ko else " (estimated)"
    rows += [(capability_label(k, lang) + (mark if srcs.get(k, "given") not in ("given", "none") else ""),
              f"{int(caps.get(k, 0))}/5") for k in CAPABILITY_KEYS]  # fmt: skip
    return rows


def firm_frame(firm: dict | None, kb, lang: str) -> pd.DataFrame:
    head = ("항목", "값") if lang == "ko" else ("item", "value")
    import pandas as pd

    return pd.DataFrame(firm_rows(firm, kb, lang) if firm else [], columns=list(head))


def weights_text(weights: dict, lang: str) -> str:
    return ", ".join(f"{label(COMPONENT, k, lang)} {v:.2f}" for k, v in weights.items())


def run_rows(result: dict, lang: str, extra: dict | None = None) -> list[tuple[str, str]]:
    """What produced the numbers: preset, method, each weight, data version, vintage and the reports' publication
    period (from the data: ``2018``, ``2018–2025``), and ``extra``."""
    ko = lang == "ko"
    period = result.get("evidence_period") or str(result["vintage"])
    rows = [
        ("프리셋" if ko else "preset", label(PRESET, result.get("preset") or "custom", lang)),
        ("집계 방법" if ko else "method", label(METHOD, result.get("method", "wsm"), lang)),
        *[(("가중치: " if ko else "weight: ") + label(COMPONENT, k, lang), f"{v:.2f}")
          for k, v in result["weights"].items()],
        ("데이터 버전" if ko else "data version", str(result["data_version"])),
        ("데이터 기준연도" if ko else "data vintage",
         f"{result['vintage']} " + (f"({period}년 발간 보고서 — 현재 상황과 다를 수 있음)" if ko else
                                    f"(reports published in {period} — conditions may have changed)")),
        ("점수 계산" if ko else "scoring", _scoring_note(result.get("method", "wsm"), ko, result.get("weights"),
                                                     _preference_share(result))),
    ]  # fmt: skip
    rows += [(str(k), str(v)) for k, v in (extra or {}).items()]
    return rows


def _preference_share(result: dict) -> float | None:
    """The preference weight β when the firm named preferred regions (the engine then adds a ``preference`` part to
    every row's contributions: score = (1 − β)·Σ terms + β·[preferred], docs/METHOD.md), else None."""
    if any("preference" in (r.get("contributions") or {}) for r in result.get("recommendations") or []):
        from recommender.kernels import PREFERENCE_SHARE

        return float(PREFERENCE_SHARE)
    return None


def _scoring_note(method: str, ko: bool, weights: dict | None = None, preference: float | None = None) -> str:
    """The scoring rule in plain words with the run's weights (no symbols, no file names: a client reads it).
    ``preference`` = β when the firm named preferred regions: the line then shows (1 − β)·(…) + β·[preferred]
    (panel 10, F05: the displayed score did not match the displayed formula)."""
    if method == "topsis":
        return ("TOPSIS: 이상적인 기회에 얼마나 가까운지(0–1) — 가중합과 점수 척도가 다르므로 두 방법의 점수를 직접 "
                "비교하지 마십시오" if ko else
                "TOPSIS: closeness to the ideal opportunity (0–1) — a different scale from the weighted sum, so do not "
                "compare scores across methods")  # fmt: skip
    if weights and set(weights) >= set(COMPONENT):
        f = {k: f"{float(weights[k]):.2f}" for k in COMPONENT}
    else:  # no weights known: each weight named in words
        f = {k: (f"{label(COMPONENT, k, 'ko')} 가중치" if ko else f"{k} weight") for k in COMPONENT}
    # pres20 (panel 28: "the weights 0.40/0.25/0.25/0.10 don't match the multiplicative formula beside them"): the
    # engine's w_fit·fit + fit·(w_policy·policy + w_demand·demand + w_risk·(1 − risk)) (kernels.wsm) written one way,
    # fit times the weighted sum, so that every weight shown stands once in it
    if ko:
        core = f"역량적합 × ({f['fit']} + 정책×{f['policy']} + 수요×{f['demand']} + (1−위험)×{f['risk']})"
        why = ("괄호 안은 가중치를 붙인 합이고 그 전체에 역량적합을 곱하므로, 역량이 맞지 않으면 정책·수요가 좋아도 점수가 "
               "오르지 않습니다")
        if preference is not None:
            return (f"점수 = {1 - preference:.2f}×{core} + {preference:.2f}×(선호 지역이면 1, 아니면 0) — {why}. 선호 "
                    f"지역을 적으면 다른 지역의 점수는 {1 - preference:.2f}배가 됩니다")
        return f"점수 = {core} — {why}"
    core = f"fit × ({f['fit']} + policy×{f['policy']} + demand×{f['demand']} + (1−risk)×{f['risk']})"
    why = ("the bracket is the weighted sum and all of it is multiplied by fit, so without a capability fit, good "
           "policy and demand do not raise the score")
    if preference is not None:
        return (f"score = {1 - preference:.2f}×{core} + {preference:.2f}×(1 if a preferred region, else 0) — {why}; "
                f"naming preferred regions multiplies the other regions' scores by {1 - preference:.2f}")
    return f"score = {core} — {why}"


def run_frame(result: dict, lang: str, extra: dict | None = None) -> pd.DataFrame:
    head = ("항목", "값") if lang == "ko" else ("item", "value")
    import pandas as pd

    return pd.DataFrame(run_rows(result, lang, extra), columns=list(head))


# ---------------------------------------------------------------- citations


def doc_short_name(doc, lang: str) -> str:
    """``KIEP 보고서 2018`` / ``KIEP report 2018``: the publisher's Latin acronym (or a short publisher name), the
    kind of document and the year, all from the catalog row."""
    if doc is None:
        return ""
    m = re.search(r"\(([A-Za-z][A-Za-z&\-]{1,11})\)", doc.publisher)
    org = m.group(1) if m else (doc.publisher if len(doc.publisher) <= 10 else "")
    kind = label(DOC_KIND, doc.kind, lang) if doc.kind in DOC_KIND else ""
    year = str(doc.published)[:4]
    return " ".join(x for x in (org, kind, year) if x)


def citation(ref: dict, kb, lang: str) -> str:
    """``KIEP 보고서 2018, 2563–2569행`` / ``KIEP report 2018, lines 2563–2569``; with the page where the report's
    page map knows it (``…, p. 151, lines …``)."""
    doc = kb.docs.get(ref["doc_id"])
    name = doc_short_name(doc, lang) or ref["doc_id"]
    a, b = ref["line_start"], ref["line_end"]
    span = f"{a}–{b}" if a != b else str(a)
    page = doc.page_of(int(a)) if doc is not None else None  # known for a report ingested from PDF/HWPX
    if page:
        name = f"{name}, {page}쪽" if lang == "ko" else f"{name}, p. {page}"
    return f"{name}, {span}행" if lang == "ko" else f"{name}, line{'s' if a != b else ''} {span}"


_REF = re.compile(r"([a-z0-9_]+):(\d+)-(\d+)")


def citations_text(text: str, kb, lang: str) -> str:
    """A ``doc:1-2;doc:5-9`` cell rewritten as readable citations joined by ``; ``."""
    if not isinstance(text, str) or not text:
        return text
    from features.evidence import merge_refs

    refs = [{"doc_id": m.group(1), "line_start": int(m.group(2)), "line_end": int(m.group(3))}
            for m in _REF.finditer(text)]  # fmt: skip
    if not refs:
        return text
    return "; ".join(citation(u.as_dict(), kb, lang) for u, _ in merge_refs(refs))


# ---------------------------------------------------------------- screening output for people


def screen_headers(frame: pd.DataFrame, headers: str) -> pd.DataFrame:
    """The contract columns renamed to Korean (``headers="ko"``); other columns (an agency's own) unchanged."""
    if headers != "ko":
        return frame
    return frame.rename(columns={c: SCREEN_HEADERS_KO[c] for c in frame.columns if c in SCREEN_HEADERS_KO})


def implication_titles(text, kb, lang: str):
    """A ``imp_a;imp_b`` cell as the implications' titles joined by ``; `` (an unknown id stays as written)."""
    if not isinstance(text, str) or not text:
        return text
    imps = kb.implications
    return "; ".join(imps[i][f"title_{lang}"] if i in imps else i for i in text.split(";") if i)


def screen_for_people(frame: pd.DataFrame, kb, lang: str, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The screening table as a client reads it: coverage in words, evidence as ``KIEP 보고서 2018, 2563–2569행``
    (overlapping citations merged), implications by title, similar cases by who they are, no machine id columns
    (region, sector and strategy by name only), the agency's own columns (``extra``, keyed by ``firm_id``) joined
    back unchanged, headers in ``lang`` (Korean, or English words — never the snake_case keys)."""
    out = frame.drop(columns=[c for c in ID_COLUMNS if c in frame.columns])
    if "implication_ids" in out:
        cache_imp: dict = {}
        out["implication_ids"] = out["implication_ids"].map(
            lambda s: cache_imp.setdefault(s, implication_titles(s, kb, lang)) if isinstance(s, str) else s)  # fmt: skip
    if "coverage" in out:
        out["coverage"] = out["coverage"].map(lambda s: label(COVERAGE, s, lang) if isinstance(s, str) else s)
    if "evidence" in out:
        cache: dict = {}
        out["evidence"] = out["evidence"].map(
            lambda s: cache.setdefault(s, citations_text(s, kb, lang)) if isinstance(s, str) else s)  # fmt: skip
    if "precedents" in out:
        who = {k: v.get("who_" + lang, k) for k, v in kb.precedents.items()}
        out["precedents"] = out["precedents"].map(
            lambda s: "; ".join(who.get(p, p) for p in s.split(";") if p) if isinstance(s, str) else s)  # fmt: skip
    if extra is not None and len(extra.columns) > 1:
        out = join_extra(out, extra)
    if "capabilities" in out:
        out["capabilities"] = out["capabilities"].map(lambda s: capabilities_text(s, lang))
    if "capability_reason" in out:
        out["capability_reason"] = out["capability_reason"].map(lambda s: reason_text(s, lang))
    if lang == "ko":
        return screen_headers(out, "ko")
    return out.rename(columns={c: SCREEN_HEADERS_EN[c] for c in out.columns if c in SCREEN_HEADERS_EN})


def extra_index(extra: pd.DataFrame) -> pd.DataFrame:
    """The agency's columns indexed by ``firm_id`` (first row per id), ready for :func:`join_extra`."""
    return extra.drop_duplicates("firm_id").set_index("firm_id") if "firm_id" in extra.columns else extra


def join_extra(frame: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Append the agency's own columns (``extra``: ``firm_id`` and those columns, or :func:`extra_index` of it) by
    ``firm_id``, values as given; a name that collides with an output column gets `` (원본)``. Rows stay in order."""
    extra = extra_index(extra)
    picked = extra.reindex(frame["firm_id"].astype(object).to_numpy())
    out = frame.copy()
    for c in picked.columns:
        out[f"{c} (원본)" if c in frame.columns else c] = picked[c].to_numpy()
    return out


# ---------------------------------------------------------------- conditions, capability lines, legends (panel 3)

_BOUND = {">=": ("{v} 이상", "{v} or more"), "<=": ("{v} 이하", "{v} or less"), "==": ("{v}", "{v}"),
          ">": ("{v} 초과", "more than {v}"), "<": ("{v} 미만", "less than {v}")}  # fmt: skip


def _one_of(values, lang: str) -> str:
    items = [str(v) for v in values]
    return f"{'·'.join(items)} 중 하나" if lang == "ko" else "one of " + ", ".join(items)


def _cond_value(field: str, value, lang: str) -> str:
    """A condition's threshold or the firm's value as a reader sees it (units, 낮음/보통/높음, 있음/없음)."""
    if field == "risk_tolerance":
        return label(RISK_TOLERANCE, value, lang)
    if field == "has_china_entity":
        return ("있음" if value else "없음") if lang == "ko" else ("yes" if value else "none")
    if field in CAPABILITY_KEYS:
        return number(value, 1)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return firm_value(field, value, None, lang) if field in _UNIT_FIELDS else number(value, 2)
    return str(value)


_UNIT_FIELDS = ("revenue_krw_100m", "investment_capacity_krw_100m", "china_experience_years", "horizon_years",
                "employees", "chinese_speaking_staff")  # fmt: skip


def particle(word: str, with_final: str, without: str) -> str:
    """``word`` and the Korean particle its last syllable takes (산둥성이 / 상하이가, 저장성과 / 상하이와); the first
    form when the last character is not a Hangul syllable."""
    last = word[-1:] if word else ""
    final = not ("\uac00" <= last <= "\ud7a3") or (ord(last) - 0xAC00) % 28 != 0
    return word + (with_final if final else without)


def entity_where(region_id: str, r: dict | None, kb, lang: str) -> str:
    """Where the firm's Chinese entity is, against the answer's region (panels 31 S1/S3, 32 P08): ``산둥성 — 이 답의
    지역 저장성과 다름`` / ``Shandong — not this answer's region, Zhejiang``; ``… — 이 답의 지역`` when the same; the
    name alone for a nationwide answer (``equivalent_regions``), saying whether it is among the regions to choose
    from."""
    ko = lang == "ko"
    region = kb.regions.get(region_id) if kb is not None else None
    name = getattr(region, f"name_{lang}") if region is not None else region_id
    if not r or not r.get("region_id"):
        return name
    eq = list(r.get("equivalent_regions") or [])
    if len(eq) > 1:
        return name + (("" if region_id in eq else " — 이 답의 지역 목록에 없음") if ko else
                       ("" if region_id in eq else " — not on this answer's list of regions"))  # fmt: skip
    if region_id == r["region_id"]:
        return f"{name} — 이 답의 지역" if ko else f"{name} — this answer's region"
    answer = kb.regions.get(r["region_id"]) if kb is not None else None
    there = getattr(answer, f"name_{lang}") if answer is not None else r["region_id"]
    return (f"{name} — 이 답의 지역 {particle(there, '과', '와')} 다름" if ko else
            f"{name} — not this answer's region, {there}")


def condition_phrase(cond: dict, lang: str, r: dict | None = None, kb=None) -> str:
    """What a strategy condition tested, as a person says it — never a field name, a Python boolean or ``in``:
    ``IoT 기기 보유 4 (진입 방식 기준: 3 이상)``, ``이 지역의 위험 0.70 (기준: 0.5 이상)``, ``중국 법인: 없음``,
    ``인증: NMPA·CFDA 중 하나 필요 (보유: KGMP)``, ``위험 감내도: 보통 (기준: 보통·높음 중 하나)``,
    ``중국 법인: 있음 (산둥성 — 이 답의 지역 저장성과 다름)`` (:func:`entity_where`; needs the row ``r`` and ``kb``).
    ``cond`` is a row of ``strategies.explain_conditions`` (``name``, ``op``, ``value``, ``have``; a profile
    component has ``kind="profile"``)."""
    ko = lang == "ko"
    name, op, value, have = cond["name"], cond.get("op"), cond.get("value"), cond.get("have")
    basis = "기준" if ko else "threshold"
    if cond.get("kind") == "profile":  # a profile component (policy, demand, risk) of this region × sector
        subject = ("이 지역의 " if ko else "this region's ") + label(COMPONENT, name, lang)
        if name == "risk":  # panel 12 F05: "risk 0.70" here beside "risk 0.74" in the row's header, unexplained —
            # the condition reads the reports' stated risk; the header adds the information risk
            subject = "이 지역의 보고서 위험(정보 부족 위험 제외)" if ko else "this region's reported risk (before information risk)"
        bound = pick(_BOUND.get(op, ("{v}", "{v}")), lang).format(v=number(value, 2))
        return f"{subject} {score(have, 2)} ({basis}: {bound})"
    if name == "certifications":
        wanted = value if isinstance(value, list) else [value]
        mine = have if isinstance(have, str) else ", ".join(have or [])
        mine = mine if mine and mine != "-" else ("없음" if ko else "none")
        return (f"인증: {_one_of(wanted, lang)} 필요 (보유: {mine})" if ko else
                f"certification: {_one_of(wanted, lang)} needed (you hold: {mine})")  # fmt: skip
    if name == "makes_goods":  # the KSIC code's section (strategies.makes_goods): said as the industry, not a flag
        return (("업종: 제조업(KSIC 10–34)" if have else "업종: 제조업이 아님(KSIC 코드가 10–34 밖)") if ko else
                ("industry: manufacturing (KSIC 10–34)" if have else
                 "industry: not manufacturing (KSIC code outside 10–34)"))  # fmt: skip
    if name == "digital_health_led":  # strategies.digital_health_led: said as the firm's lead business
        return (("주력: 디지털 헬스 서비스" if have else "주력: 디지털 헬스 서비스가 아님(의료기기·유전체 역량이 더 높음)") if ko else
                ("lead business: digital-health services" if have else
                 "lead business: not digital-health services (medical devices or genomics rank higher)"))  # fmt: skip
    if name == "device_led":  # strategies.device_led: said as the firm's lead business (panels 31 S4, 34 F06)
        return (("주력: 의료기기(의료기기 역량 3 이상, 디지털 헬스·유전체·AI 역량 이상)" if have else "주력: 의료기기가 아님") if ko else
                ("lead business: medical devices (devices 3 or more, at least digital health, genomics and AI)" if have else
                 "lead business: not medical devices"))  # fmt: skip
    if name == "city_element_level":  # strategies.city_element_level: the best of the smart-city element technologies
        return (f"스마트시티 요소 기술(IoT 기기·센서·스마트 교통·도시 서비스·AI 중 최고) 보유 {have} ({basis}: {value} 이상)" if ko
                else f"smart-city element technology (best of IoT devices, sensors, smart transport, urban services, "
                     f"AI): you have {have} ({basis}: {value}+)")  # fmt: skip
    if name == "first_entrant":  # strategies.first_entrant: said as the firm's base in China, not a flag
        return (("중국 기반: 아직 없음(중국 경험 0년, 법인 없음, 준비도 0.2 미만)" if have else
                 "중국 기반: 있음(중국 경험, 법인 또는 준비도 0.2 이상)") if ko else
                ("base in China: none yet (no China experience, no entity, readiness below 0.2)" if have else
                 "base in China: yes (China experience, an entity or readiness 0.2 or more)"))  # fmt: skip
    if name == "china_readiness":  # strategies.china_readiness: kernels.readiness, 0–1
        return (f"중국 준비도(경험·법인·중국어 인력·투자 여력) {have:.2f} ({basis}: {value} 이상)" if ko else
                f"China readiness (experience, entity, Chinese-speaking staff, capital) {have:.2f} ({basis}: {value}+)")
    subject = "중국 법인" if ko and name == "has_china_entity" else field_label(name, lang)
    mine = _cond_value(name, have, lang)
    if name == "has_china_entity" and have and cond.get("entity_region"):  # where it is, against this answer's region
        mine += f" ({entity_where(cond['entity_region'], r, kb, lang)})"
    if op == "in" or isinstance(value, list):
        wanted = value if isinstance(value, list) else [value]
        return f"{subject}: {mine} ({basis}: {_one_of([_cond_value(name, v, lang) for v in wanted], lang)})"
    if op == "==" or isinstance(value, bool):
        same = (bool(have) == bool(value)) if isinstance(value, bool) else str(have) == str(value)
        return f"{subject}: {mine}" + ("" if same else f" ({basis}: {_cond_value(name, value, lang)})")
    bound = pick(_BOUND.get(op, ("{v}", "{v}")), lang).format(v=_cond_value(name, value, lang))
    if name in CAPABILITY_KEYS:  # panel 15 F05: "(기준: 3 이상)" beside the sector's "필요 4" read as a contradiction —
        # the entry mode's threshold is not the sector's need level
        mode_basis = "진입 방식 기준" if ko else "this entry mode's threshold"
        return (f"{subject} 보유 {mine} ({mode_basis}: {bound})" if ko else
                f"{subject}: you have {mine} ({mode_basis}: {bound})")  # fmt: skip
    return f"{subject} {mine} ({basis}: {bound})"


def capability_line(cap: dict, lang: str) -> str:
    """One capability of a recommendation: ``IoT 기기 보유 4 · 필요 3 (충족)`` / ``IoT devices: have 4 · need 3 (met)``
    — never ``4/3``, which reads like the firm table's ``x/5``."""
    status = {"matched": ("충족", "met"), "partial": ("부분", "partly met"), "gap": ("부족", "gap")}
    name = capability_label(cap["capability"], lang)
    state = label(status, cap["status"], lang)
    if lang == "ko":
        return f"{name} 보유 {cap['have']} · 필요 {cap['need']} ({state})"
    return f"{name}: have {cap['have']} · need {cap['need']} ({state})"


SCORE_LEGEND = (
    "읽는 법: 신뢰도(0–1)는 이 지역·분야 판단 뒤에 보고서의 지역 근거가 얼마나 있는지, 강건성은 가중치와 데이터를 조금씩 "
    "바꾼 여러 시도 가운데 이 답이 상위 추천 목록(요청한 개수)에 남은 비율입니다.",
    "How to read: confidence (0–1) is how much regional evidence from the reports stands behind this region × sector "
    "profile; robustness is the share of small weight and data perturbations that keep this answer in the top list "
    "(the number you asked for).",
)


def score_legend(lang: str) -> str:
    """One line that says what 신뢰도/confidence and 강건성/robustness mean, shown where the scores appear."""
    return pick(SCORE_LEGEND, lang)


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def original_language_note(text: str, lang: str, quote_lang: str | None = None) -> str:
    """`` (Korean original)`` for a Korean quote in an English report (empty otherwise), so an English reader knows
    the passage is quoted as published, not translated."""
    if lang != "en":
        return ""
    korean = quote_lang == "ko" if quote_lang else bool(_HANGUL.search(str(text)))
    return " (Korean original)" if korean else ""


def quote_gist(quote, reasons: list[dict], lang: str) -> str:
    """For an English reader of a Korean quote (panel 9: "an English-only reader cannot check the evidence"): our own
    English summary of what the quoted lines say — the ``note_en`` of every reason of the row whose cited lines fall
    inside the quote's lines (``doc_id`` equal, ``quote.line_start ≤ line_start`` and ``line_end ≤ quote.line_end``), in
    order, each once. Empty in Korean, for a non-Korean quote, or when no reason cites those lines: a gist is never
    made up, it is always a fact's own summary, which the curators checked against the same lines."""
    if lang != "en" or getattr(quote, "lang", "ko") != "ko":
        return ""
    notes: list[str] = []
    for reason in reasons or []:
        for ev in reason.get("evidence") or []:
            inside = (ev.get("doc_id") == quote.doc_id and quote.line_start <= int(ev.get("line_start", 0))
                      and int(ev.get("line_end", 0)) <= quote.line_end)  # fmt: skip
            note = (reason.get("note_en") or "").strip()
            if inside and note and note not in notes:
                notes.append(note)
    return ("In short (our summary of these lines): " + " ".join(notes)) if notes else ""


def fact_gist(kb, doc_id: str, line_start: int, line_end: int, lang: str, sector_id: str | None = None,
              limit: int = 2) -> str:
    """For an English reader of a Korean quote no reason of the answer cites (an industry-scope passage of a
    no-match page, panel 25 F02/F06; a quote widened past its reasons' lines): the ``note_en`` of the facts in
    ``data/facts`` whose cited lines fall inside the quote's (the same rule as :func:`quote_gist`) — the
    recommendation's sector first, then the facts citing the most of the quote, then by id; at most ``limit``, each
    once. Without one, the facts whose cited lines hold the whole quote (the narrowest first), said as a summary of
    those wider lines. Never a translation made here: always a curated fact's own English text. Empty in Korean."""
    if lang != "en":
        return ""
    inside, around = [], []
    for f in kb.facts:
        if f.merged_into or not (f.note_en or "").strip():
            continue
        for ref in f.evidence:
            if ref.doc_id != doc_id:
                continue
            if line_start <= ref.line_start and ref.line_end <= line_end:
                inside.append((f.sector_id != sector_id, -(ref.line_end - ref.line_start), f.fact_id, f.note_en.strip()))
            elif ref.line_start <= line_start and line_end <= ref.line_end:
                around.append((ref.line_end - ref.line_start, f.sector_id != sector_id, f.fact_id, f.note_en.strip(),
                               ref.line_start, ref.line_end))  # fmt: skip
    notes: list[str] = []
    for row in sorted(inside):
        if row[3] not in notes and len(notes) < limit:
            notes.append(row[3])
    if notes:
        return "In short (our summary of these lines): " + " ".join(notes)
    if around:
        best = min(around)
        return f"In short (our summary of lines {best[4]}–{best[5]}, which hold these): {best[3]}"
    return ""


# ---------------------------------------------------------------- ``screen --headers ko``: a file a person reads

#: where each firm's capabilities came from, in words (``capability_source``)
CAPABILITY_SOURCE = {"given": ("입력값", "given"), "inferred": ("추정", "estimated"),
                     "mixed": ("입력+추정", "given + estimated"), "none": ("정보 없음", "none given")}  # fmt: skip
#: the contract's machine columns (DESIGN.md contract 8: ``region_id, sector_id, strategy_id, coverage`` — kept, by
#: their ids) under names that say they are for programs; in a ``--headers ko`` file they come last
SCREEN_MACHINE_KO = {
    "region_id": "지역ID (기계용)", "sector_id": "분야ID (기계용)", "strategy_id": "진입전략ID (기계용)",
    "coverage": "판정 코드 (기계용: ok·weak·none)", "opportunity_key": "기회 키 (기계용: opportunities 표와 연결)",
    "opportunity_id": "기회ID (기계용)", "evidence": "근거 위치 (기계용)", "implication_ids": "시사점ID (기계용)",
    "precedents": "사례ID (기계용)", "equivalent_regions": "동등한 지역ID (기계용)",
}  # fmt: skip
#: the words that stand in for those ids, for people
READER_KO = {"coverage_text": "적합도 판정", "capability_source_text": "역량 출처",
             "equivalent_names": "동등한 지역(보고서로 구분 불가)", "evidence_text": "근거",
             "implication_titles": "시사점", "precedent_names": "비슷한 사례"}  # fmt: skip
#: ``--headers ko`` column headers: every column a person reads in Korean, machine ids labelled as such
SCREEN_HEADERS_KO_FILE = {**SCREEN_HEADERS_KO, **SCREEN_MACHINE_KO, **READER_KO}
_READER_SCREEN = ["firm_id", "firm_name", "coverage_text", "rank", "tie_group", "region_name", "sector_name",
                  "strategy_name", "score", "fit", "policy", "demand", "risk", "confidence", "vintage", "evidence_text",
                  "implication_titles", "precedent_names", "capability_source_text", "equivalent_names"]  # fmt: skip
_MACHINE_SCREEN = ["region_id", "sector_id", "strategy_id", "coverage", "opportunity_key", "evidence",
                   "implication_ids", "precedents", "equivalent_regions", "data_version"]  # fmt: skip
_READER_OPPS = ["region_name", "sector_name", "strategy_name", "policy", "demand", "confidence", "vintage",
                "evidence_text", "implication_titles", "precedent_names"]  # fmt: skip
_MACHINE_OPPS = ["opportunity_key", "opportunity_id", "region_id", "sector_id", "strategy_id", "evidence",
                 "implication_ids", "precedents", "data_version"]  # fmt: skip


def _map_unique(values: pd.Series, fn) -> pd.Series:
    """``fn`` applied once per distinct value (a screen has millions of rows but few distinct cells); missing cells
    stay missing, empty ones empty."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    table = pd.array([("" if u == "" else fn(u)) for u in uniques.tolist()] + [None], dtype="str")
    return pd.Series(table.take(np.where(codes < 0, len(uniques), codes)), index=values.index)


def reader_columns(columns, extra=()) -> list[str]:
    """The column order of a ``--headers ko`` screening file with these contract ``columns``: what a person reads
    first (names, words, citations), then the agency's own ``extra`` columns, then the machine columns."""
    cols = set(columns)
    names = {"region_id": "region_name", "sector_id": "sector_name", "strategy_id": "strategy_name",
             "coverage": "coverage_text", "capability_source": "capability_source_text",
             "equivalent_regions": "equivalent_names", "evidence": "evidence_text",
             "implication_ids": "implication_titles", "precedents": "precedent_names"}  # fmt: skip
    have = cols | {names[c] for c in cols if c in names}
    reader = [c for c in _READER_SCREEN if c in have]
    machine = [c for c in _MACHINE_SCREEN if c in cols]
    return reader + [c for c in extra if c not in reader and c not in machine] + machine


def screen_for_reader_ko(frame: pd.DataFrame, kb, columns: list[str]) -> pd.DataFrame:
    """One chunk of ``screen`` rows as :func:`reader_columns` orders them: region, sector and strategy by their Korean
    names beside the ids, coverage and capability source in words, the regions of a sector-level answer by name,
    evidence as ``KIEP 보고서 2018, 2563–2569행``, implications by title, similar cases by who they are."""
    out = frame.copy()
    if "region_name" not in out and "region_id" in out:
        names = {k: v.name_ko for k, v in kb.regions.items()}
        out["region_name"] = _map_unique(out["region_id"], lambda r: names.get(r, r))
    if "sector_name" not in out and "sector_id" in out:
        names = {k: v.name_ko for k, v in kb.sectors.items()}
        out["sector_name"] = _map_unique(out["sector_id"], lambda s: names.get(s, s))
    if "strategy_name" not in out and "strategy_id" in out:
        names = {k: v.get("name_ko", k) for k, v in kb.strategies.items()} if isinstance(kb.strategies, dict) else {}
        out["strategy_name"] = _map_unique(out["strategy_id"], lambda s: names.get(s, s))
    if "coverage" in out:
        out["coverage_text"] = _map_unique(out["coverage"], lambda s: label(COVERAGE, s, "ko"))
    if "capability_source" in out:
        out["capability_source_text"] = _map_unique(out["capability_source"],
                                                     lambda s: label(CAPABILITY_SOURCE, s, "ko"))  # fmt: skip
    if "equivalent_regions" in out:
        out["equivalent_names"] = _map_unique(out["equivalent_regions"],
                                              lambda s: region_names([r for r in s.split(";") if r], kb, "ko"))  # fmt: skip
    if "evidence" in out:
        out["evidence_text"] = _map_unique(out["evidence"], lambda s: citations_text(s, kb, "ko"))
    if "implication_ids" in out:
        out["implication_titles"] = _map_unique(out["implication_ids"], lambda s: implication_titles(s, kb, "ko"))
    if "precedents" in out:
        who = {k: v.get("who_ko", k) for k, v in kb.precedents.items()}
        out["precedent_names"] = _map_unique(out["precedents"],
                                             lambda s: "; ".join(who.get(p, p) for p in s.split(";") if p))  # fmt: skip
    if "capabilities" in out:  # the vector each firm was scored with (``--wide``), by capability name
        out["capabilities"] = _map_unique(out["capabilities"], lambda s: capabilities_text(s, "ko"))
    if "capability_reason" in out:
        out["capability_reason"] = _map_unique(out["capability_reason"], lambda s: reason_text(s, "ko"))
    return out[columns]


def opportunities_for_reader_ko(opps: pd.DataFrame, kb) -> pd.DataFrame:
    """The companion table (lean layout) for a ``--headers ko`` file: names, citations, implication titles and cases
    first, the machine columns (``opportunity_key`` … ids) last."""
    out = screen_for_reader_ko(opps, kb, [c for c in (*_READER_OPPS, *_MACHINE_OPPS)
                                          if c in opps.columns or c in _READER_OPPS])  # fmt: skip
    return out


_CAP_KEY = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(CAPABILITY_KEYS, key=len, reverse=True))
                      + r")(?![A-Za-z0-9_])")  # fmt: skip
_REASON_KO = (
    (re.compile(r" \(KSIC prior (.+?) set aside: the products name an industry the 17 do not cover\)"),
     r" (업종코드로 추정한 \1은(는) 제외: 주생산품이 17개 역량이 다루지 않는 업종입니다)"),
    (re.compile(r" \(the products name an industry the 17 capabilities do not cover\)"),
     " (주생산품이 17개 역량이 다루지 않는 업종입니다)"),
    (re.compile(r"no capability of the 17"), "17개 역량 중 해당 없음"),
    (re.compile(r" \(via (\d+)\)"), r" (상위 분류 \1 기준)"),
    (re.compile(r" \(sales channel stated: (.+?) → "), r" (제품 설명에 적힌 판매 경로: \1 → "),
)  # fmt: skip


def reason_text(reason, lang: str):
    """Why capabilities were estimated, for a reader: ``KSIC 26429 + '차량용' → automotive_mobility 3`` with the
    capabilities by name (``자동차·모빌리티 3``) and, in Korean, the inferrer's English remarks in Korean. Anything
    that is not text is given back as it is."""
    if not isinstance(reason, str) or not reason:
        return reason
    if lang == "ko":
        for pattern, repl in _REASON_KO:
            reason = pattern.sub(repl, reason)
    return _CAP_KEY.sub(lambda m: capability_label(m.group(1), lang), reason)


def capabilities_text(text, lang: str):
    """``semiconductors_sensors:4~;smart_manufacturing:2`` → ``반도체·센서 4(추정); 스마트 제조 2``: the vector a firm
    was scored with, by name, estimated values marked."""
    if not isinstance(text, str) or not text:
        return text
    mark = "(추정)" if lang == "ko" else " (est.)"
    parts = []
    for item in text.split(";"):
        key, _, value = item.partition(":")
        est = value.endswith("~")
        parts.append(f"{capability_label(key, lang) if key in CAPABILITY_KEYS else key} {value.rstrip('~')}"
                     + (mark if est else ""))  # fmt: skip
    return "; ".join(parts)


# ---------------------------------------------------------------- panel 5: sector-level answers, risk, ties, names


def sector_level_region(n: int, lang: str) -> str:
    """The "where" of a sector-level answer (``equivalent_regions``, issue 18 / panel 5): "전국 단위 (지역은 귀사
    선택)" / "nationwide (region of your choice)" — the answer is the sector and the entry mode on national evidence,
    the region the firm's own choice; never "어디든" (which read as if "anywhere" were a finding about the regions).
    pres20 (panels 27-28: "지역 근거 없음 (23개 지역 중 귀사 선택)" read as the absence of evidence): the number of
    regions ``n`` is no longer said here, only in the list of them (:func:`sector_level_list`); callers still pass it."""
    return "전국 단위 (지역은 귀사 선택)" if lang == "ko" else "nationwide (region of your choice)"


def sector_level_lines(r: dict, kb, lang: str, firm: dict | None = None, region_list: bool = True) -> list[str]:
    """The first lines of a sector-level answer (``equivalent_regions`` lists ≥ 2 regions), in plain words: the
    reports treat this sector only nationally, so the choice of region is the firm's; the regions to choose from;
    and — only from what the firm itself entered — what can guide the choice (its preferred regions on the list, its
    entity in China). Empty for any other recommendation."""
    eq = list(r.get("equivalent_regions") or [])
    if len(eq) < 2:
        return []
    ko = lang == "ko"
    sector = (r.get("sector_name") or {}).get(lang) or r.get("sector_id", "")
    names = region_names(eq, kb, lang)
    from recommender.answer_notes import regions_with_sector_facts

    elsewhere = [x for x in regions_with_sector_facts(kb, r.get("sector_id", "")) if x not in eq]
    # pres20: what the answer is (the sector and the entry mode, on national evidence) and whose the region is
    if elsewhere:  # panel 15 F13: "only nationally" read under a Beijing answer of the same sector with its own facts
        where = region_names(elsewhere, kb, lang)
        first = (f"전국 단위 답: 보고서는 {sector} 분야를 지역별로는 {where}에 대해서만 기록하고, 그 밖의 지역은 전국 "
                 f"단위로만 다룹니다. 그래서 이 답은 분야와 진입 방식이며, 지역은 귀사가 고릅니다(예: 이미 거점이나 "
                 f"고객이 있는 곳) — 근거는 전국 자료입니다." if ko else
                 f"A nationwide answer: the reports record {sector} region by region only for {where} and treat it "
                 f"only nationally elsewhere. So the answer is the sector and the entry mode, and the region is your "
                 f"choice (for example where you already have a base or customers) — the evidence is national.")
    else:
        first = (f"전국 단위 답: 보고서는 {sector} 분야를 전국 단위로만 다룹니다. 그래서 이 답은 분야와 진입 방식이며, "
                 f"지역은 귀사가 고릅니다(예: 이미 거점이나 고객이 있는 곳) — 근거는 전국 자료입니다." if ko else
                 f"A nationwide answer: the reports treat {sector} only nationally. So the answer is the sector and the "
                 f"entry mode, and the region is your choice (for example where you already have a base or customers) "
                 f"— the evidence is national.")
    if region_list:
        lines = [first, (f"선택할 수 있는 지역: {names}" if ko else f"Regions to choose from: {names}")]  # fmt: skip
    else:  # the client report: the list of regions with the same evidence stands in its appendix
        lines = [first]
    guide = []
    preferred = [x for x in (firm or {}).get("preferred_regions") or [] if x in eq]
    listed = "이 목록" if region_list else "끝의 지역 목록"  # pres20: the list stands in the report's appendix
    if preferred:
        guide.append(f"귀사의 선호 지역 중 {listed}에 있는 곳({region_names(preferred, kb, lang)})" if ko else
                     f"your preferred regions on {'this' if region_list else 'the'} list "
                     f"({region_names(preferred, kb, lang)})")  # fmt: skip
    entity_at = entity_region_name(firm, kb, lang)
    if entity_at and (firm or {}).get("china_entity_region") in eq:  # panel 32 P08: the entity's region, named
        guide.append(f"귀사의 중국 법인이 있는 {particle(entity_at, '이', '가')} {listed}에 있어 그 지역에서 시작할 수 있습니다" if ko else
                     f"your China entity is in {entity_at}, which is on {'this' if region_list else 'the'} list: you "
                     "can start there")  # fmt: skip
    elif entity_at:
        guide.append(f"귀사의 중국 법인이 있는 {particle(entity_at, '은', '는')} {listed}에 없습니다" if ko else
                     f"your China entity is in {entity_at}, which is not on {'this' if region_list else 'the'} list")
    elif (firm or {}).get("has_china_entity"):
        guide.append(f"귀사의 중국 법인이 있는 곳이 {listed}에 있다면 그 지역에서 시작할 수 있습니다" if ko else
                     f"where your China entity is, if it is on {'this' if region_list else 'the list at the end'}")
    if guide:
        lines.append("선택의 기준: " + "; ".join(guide) + "." if ko else
                      "What can guide the choice: " + "; ".join(guide) + ".")  # fmt: skip
    elif region_list:
        lines.append("고객·협력사가 있는 곳을 기준으로 고르고, 보고서는 분야와 진입 방식의 참고로 보세요." if ko else
                     "Choose by where your customers and partners are; read the reports as a guide to the sector and "
                     "entry mode.")  # fmt: skip
    return lines


def sector_level_list(r: dict, kb, lang: str) -> str:
    """The regions of a sector-level answer, for the report's appendix (pres20): "보고서 근거가 같은 16개 지역: …"."""
    eq = list(r.get("equivalent_regions") or [])
    names = region_names(eq, kb, lang)
    return f"보고서 근거가 같은 {len(eq)}개 지역: {names}" if lang == "ko" else f"{len(eq)} regions with the same report evidence: {names}"


def risk_headline(r: dict, lang: str) -> str:
    """The risk of one recommendation as its headline shows it (panel 6, :func:`recommender.reading.risk_headline`):
    the opportunity's own risk, the exposure after the firm's readiness, and the number the score uses after the
    firm's risk tolerance — "0.42 · 귀사 준비도 반영 0.30 (점수에 반영되는 위험 0.12 — 위험 감내도 '높음' 기준)". Only the
    score's number when the breakdown (``risk_explained``) is missing. Nothing is recomputed but a product."""
    from recommender.reading import risk_headline as headline

    return headline(r, lang)


def strategy_label(kb, strategy_id: str, sector_id: str | None, lang: str) -> str:
    """A strategy's name as a reader sees it for one sector: ``names_by_sector`` in data/strategies.yaml where the
    sector has its own (cluster co-location names hub hospitals only in smart healthcare), else ``name_ko/en``; the
    id itself for an unknown strategy."""
    spec = kb.strategies.get(strategy_id)
    if spec is None:
        return strategy_id
    own = (spec.get("names_by_sector") or {}).get(sector_id or "")
    return (own or {}).get(lang) or spec[f"name_{lang}"]


def strategy_description(kb, r: dict, lang: str) -> str:
    """The "why this strategy" text of one recommendation: the sector's own (``descriptions_by_sector``) where the
    strategy has one for it, else the recommendation's (``strategy.description``)."""
    spec = kb.strategies.get(r.get("strategy_id", "")) or {}
    own = (spec.get("descriptions_by_sector") or {}).get(r.get("sector_id", ""))
    return (own or {}).get(lang) or r["strategy"]["description"][lang]


def _tie_evidence(r: dict, kb) -> tuple[float, float, float]:
    """The evidence that orders a tie (docs/METHOD.md § Ties): the number of the region's own facts about the
    sector, their total strength, their newest publication year — none for a sector-level row."""
    if len(r.get("equivalent_regions") or []) > 1:
        return (0.0, 0.0, 0.0)
    try:
        prof = kb.profile(r["region_id"], r["sector_id"])
        facts = [kb.fact(f) for f in prof.sector_fact_ids]
    except KeyError:
        return (0.0, 0.0, 0.0)
    years = [int(str(f.published)[:4]) for f in facts if str(f.published)[:4].isdigit()]
    return float(len(facts)), float(sum(f.strength for f in facts)), float(max(years, default=0))


def _evidence_decides(a: tuple, b: tuple) -> int | None:
    """Which part of the tie evidence (:func:`_tie_evidence`: 0 facts, 1 strength, 2 recency) puts ``a`` before
    ``b`` — the first part in which they differ, when ``a`` is ahead in it; None when they are equal or ``b`` is."""
    for k in range(3):
        if a[k] != b[k]:
            return k if a[k] > b[k] else None
    return None


def tie_row_note(r: dict, recs: list[dict], kb, lang: str, short: bool = False) -> str:
    """Why a tied row stands where it does, said at the row (panel 5: "Hebei 0.515 above Shanghai 0.517" was
    explained only in the header): for the first row of a tie group the rule ("보고서 근거가 더 많은 지역을 먼저");
    for a later row what put it after the row above — fewer of the region's own facts about the sector, weaker or
    older ones, or a lower score — with the counts. Empty for a row with a rank of its own. When the evidence does
    not explain the order shown, only the rule is said (never a made-up reason). ``short``: a table cell."""
    ko = lang == "ko"
    group = [x for x in recs if x.get("tie_group") == r.get("tie_group")]
    if len(group) < 2:
        return ""
    rule = "보고서 근거가 더 많은 지역을 먼저" if ko else "the region with more report evidence first"
    i = next((k for k, x in enumerate(group) if x is r), None)
    if i is None:
        i = next((k for k, x in enumerate(group) if x.get("rank") == r.get("rank")), 0)
    higher = [x for x in group[i + 1:] if float(x["score"]) > float(r["score"])]
    if higher:  # pres20 (panel 28 F01, F09): a lower score above a higher one is the tie rule, not an error — said here
        top = max(higher, key=lambda x: float(x["score"]))
        ev_r, ev_t = _tie_evidence(r, kb), _tie_evidence(top, kb)
        mine, theirs = int(ev_r[0]), int(ev_t[0])
        # what in the evidence puts this row first: more facts, else as many but stronger, else as strong but newer
        decides = _evidence_decides(ev_r, ev_t)
        if decides == 0:
            what_ko, what_en = f"사실이 더 많은 쪽을 먼저 두기 때문입니다 ({mine}건 대 {theirs}건)", \
                f"with more of the region's own facts about the sector comes first ({mine} against {theirs})"
            brief_ko, brief_en = f"근거가 더 많아 먼저: {mine}건 대 {theirs}건", f"more evidence, so first: {mine} facts against {theirs}"
        elif decides == 1:
            what_ko, what_en = f"사실 수는 같아도({mine}건) 더 강한 사실을 가진 쪽을 먼저 두기 때문입니다", \
                f"with as many facts ({mine}) but stronger ones comes first"
            brief_ko, brief_en = "근거가 더 강해 먼저", "stronger evidence, so first"
        elif decides == 2:
            what_ko, what_en = "사실의 수와 강도가 같아도 더 최근 사실을 가진 쪽을 먼저 두기 때문입니다", \
                "with as much evidence but newer comes first"
            brief_ko, brief_en = "근거가 더 최근이라 먼저", "newer evidence, so first"
        else:
            what_ko = what_en = ""
        if what_ko:
            if short:
                return (f"점수는 조금 낮지만 {brief_ko}" if ko else f"a hair lower, but {brief_en}")
            return (f"점수 차이가 {TIE_TOLERANCE}보다 작아 같은 순위입니다. 이 행의 점수({score(r['score'])})가 아래 행"
                    f"({score(top['score'])})보다 조금 낮아도 먼저 두는 것은, 같은 순위 안에서는 보고서에 이 지역의 이 분야 "
                    f"{what_ko}." if ko else
                    f"Scores within {TIE_TOLERANCE} of each other share a rank. This row ({score(r['score'])}) stands "
                    f"above a row scoring a hair higher ({score(top['score'])}) because within a shared rank the region "
                    f"{what_en}.")  # fmt: skip
    if i == 0:
        if short:
            return rule
        n = int(_tie_evidence(r, kb)[0])
        return (f"점수 차이가 {TIE_TOLERANCE}보다 작아 같은 순위로 묶였습니다 — {rule} 보여 줍니다 (이 지역의 이 분야 사실 "
                f"{n}건)." if ko else
                f"Scores within {TIE_TOLERANCE} of each other share a rank — {rule} (this region's own facts about the "
                f"sector: {n}).")  # fmt: skip
    prev = group[i - 1]
    a, b = _tie_evidence(prev, kb), _tie_evidence(r, kb)
    names = (prev.get("region_name") or {}).get(lang) or prev.get("region_id", "")
    if len(prev.get("equivalent_regions") or []) > 1:
        names = sector_level_region(len(prev["equivalent_regions"]), lang)
    decides = _evidence_decides(a, b)
    if decides == 0:
        why = (f"보고서 근거가 앞 행({names})보다 적어 뒤에 둡니다 (이 분야 사실 {int(b[0])}건 대 {int(a[0])}건)" if ko else
               f"placed after {names}: fewer report facts about the sector ({int(b[0])} against {int(a[0])})")
        brief = (f"근거가 더 적어 뒤에: {int(b[0])}건 대 {int(a[0])}건" if ko else
                 f"less evidence, so after: {int(b[0])} facts against {int(a[0])}")
    elif decides == 1:
        why = (f"근거 수는 앞 행({names})과 같지만 근거가 더 약해 뒤에 둡니다" if ko else
               f"placed after {names}: as many facts, but weaker ones")
        brief = "근거가 더 약해 뒤에" if ko else "weaker evidence, so after"
    elif decides == 2:
        why = (f"근거 수와 강도는 앞 행({names})과 같지만 더 오래된 근거라 뒤에 둡니다" if ko else
               f"placed after {names}: as much evidence, but older")
        brief = "근거가 더 오래되어 뒤에" if ko else "older evidence, so after"
    elif a == b and float(prev["score"]) >= float(r["score"]):
        why = (f"근거가 앞 행({names})과 같아 점수 순입니다" if ko else f"as much evidence as {names}: by score")
        brief = "근거가 같아 점수 순" if ko else "same evidence: by score"
    else:  # the evidence does not explain the order shown: only the rule
        return rule if short else (f"점수 차이가 {TIE_TOLERANCE}보다 작아 같은 순위로 묶였습니다 — {rule} 보여 줍니다." if ko
                                    else f"Scores within {TIE_TOLERANCE} of each other share a rank — {rule}.")
    if short:
        return brief
    return (f"점수 차이가 {TIE_TOLERANCE}보다 작아 같은 순위로 묶였습니다 — {why}." if ko else
            f"Scores within {TIE_TOLERANCE} of each other share a rank — {why}.")  # fmt: skip


#: the tie tolerance the engine uses (recommender/kernels.py ``TIE_TOLERANCE``, docs/METHOD.md § Ties), repeated here
#: so that presenting a result never imports the ranking kernels
TIE_TOLERANCE = 0.005


def open_here_lines(r: dict, kb, lang: str) -> list[str]:
    """Why the entry mode is open at this opportunity (``strategy.open_here_because``), one line each. For a
    sector-level answer (no regional evidence for the sector) a line holds at its own evidence level (issue 18,
    panel 9: "◆ this region's start-up ecosystem" stood under "no regional evidence"): a condition found at any
    level (``available_if`` scope ``any`` or ``all``: a national record) holds for every listed region and is shown
    as it is; one found in the region's own facts (scope ``region``) is said as a record about that one region that
    does not tell the regions apart for the sector."""
    because = (r.get("strategy") or {}).get("open_here_because", [])
    lines = [w[lang] for w in because]
    if len(r.get("equivalent_regions") or []) < 2 or r.get("region_id") not in kb.regions:
        return lines
    spec = kb.strategies.get(r.get("strategy_id", "")) or {}
    scope = {c.get("why_ko"): c.get("scope", "sector") for c in spec.get("available_if") or []}
    name = getattr(kb.regions[r["region_id"]], "name_" + lang)
    sector = (r.get("sector_name") or {}).get(lang) or r.get("sector_id", "")
    out = []
    for w, line in zip(because, lines):
        if scope.get(w.get("ko")) in ("any", "all"):  # a national record (``all``: about every sector, panel 17 F05)
            out.append(line)
        elif lang == "ko":
            out.append(f"{name}에 대한 기록: {line} 지역 전반의 기록이며, {sector} 분야에서 지역을 가려 주는 근거는 "
                       f"아닙니다.")  # fmt: skip
        else:
            out.append(f"Recorded for {name}: {line} This is about the region in general; it does not tell the "
                       f"regions apart for {sector}.")  # fmt: skip
    return out
