"""Dated forecasts in shown text (issue 18, the seventh advisor panel): the stored reports are from 2018, and a
sentence that names a target year already past ("5G 상용화(2020년까지 …)", "by 2020", "2025년") reads as a current
reason unless it says so. :func:`mark_past_targets` appends "(2018년 보고서의 전망 — 목표 시점이 지났습니다)" /
"(a 2018 forecast — its target date has passed)" at display time; the texts in data/ are not changed. A sentence that
also names a target still ahead (panel 31 S1/S2/S3: "2025년 제조강국 진입에 이어 2035년 … 세계 제조업 2강", issue
report 358–368, read in 2026) gets :func:`mixed_mark` instead, which names the years: "(2018년 보고서의 전망 — 2025년
목표 시점은 지났고 2035년 목표는 아직 남아 있습니다)" / "(a 2018 forecast — its 2025 target date has passed; the 2035
target has not)".

A *target year* is a four-digit year ``y`` with ``REPORT_YEAR <= y < year`` written as a Korean date (``2020년``,
``2020년까지``) or after an English preposition of time (``by 2020``, ``in 2025``, ``until 2020``) or before
``target``/``goal``. The reports' own year counts only with a word of target (``2018년까지``, ``2018년 목표``, ``by
2018``): "2018년 상반기 매출" or "in 2018" is a recorded fact, not a forecast. Citations (``KIEP 보고서 2018,
2563–2569행``) name no target and are not matched.
``year`` defaults to :data:`CURRENT_YEAR`, the system date's year computed once at import; tests pass a year.
"""

from __future__ import annotations

import datetime
import re

from features.vintage import READING_MARK, judged  # noqa: F401 (READING_MARK re-exported for the views and tests)

#: the year the stored reports were published: targets from it on are forecasts the reports made
REPORT_YEAR = 2018
#: this year, from the system date (computed once, so one run's outputs are consistent)
CURRENT_YEAR = datetime.date.today().year

_KO = re.compile(r"(?<!\d)(20\d\d)\s*년(?!\s*(?:보고서|발간|발표))(\s*(?:까지|목표))?")
_EN = re.compile(r"\b(?:(by|until|till|before)|in|through|to)\s+(?:the\s+end\s+of\s+)?(20\d\d)\b(?!\s+report)"
                 r"|\b(20\d\d)(\s+(?:target|goal)s?)\b", re.IGNORECASE)

MARK = {"ko": "(2018년 보고서의 전망 — 목표 시점이 지났습니다)", "en": "(a 2018 forecast — its target date has passed)"}

IMPLICATIONS_HEADING = {"ko": "보고서 시사점 (2018년 보고서의 판단 — 이후 법·제도 변화를 확인하세요)",
                        "en": "The reports' implications (their 2018 judgement — check later changes in law and "
                              "policy)"}  # fmt: skip


#: a dated-forecast mark already at the end of a text (either form, either language): read past, never re-counted
#: (the mixed mark itself names years)
_SHOWN_MARK = re.compile(r"\s*\((?:2018년 보고서의 전망|a 2018 forecast) — [^()]*\)\s*$")


def _years(text: str) -> list[tuple[int, bool]]:
    """Every year of ``text`` written as a date (module doc), with whether a word of target goes with it."""
    text = _SHOWN_MARK.sub("", text or "")
    found = [(int(m.group(1)), bool(m.group(2))) for m in _KO.finditer(text)]
    found += [(int(m.group(2) or m.group(3)), bool(m.group(1) or m.group(4))) for m in _EN.finditer(text)]
    return found


def past_target_years(text: str, year: int | None = None) -> list[int]:
    """The target years in ``text`` (module doc) that lie before ``year``, in order of appearance."""
    now = CURRENT_YEAR if year is None else int(year)
    return [y for y, target in _years(text) if REPORT_YEAR < y < now or (y == REPORT_YEAR and target and y < now)]


def future_target_years(text: str, year: int | None = None) -> list[int]:
    """The years in ``text`` written as a date from ``year`` on: a 2018 report's target not yet reached (2035년,
    by 2030). The current year counts as not passed, as in :func:`past_target_years`."""
    now = CURRENT_YEAR if year is None else int(year)
    return [y for y, _ in _years(text) if y >= now and y > REPORT_YEAR]


def _year_list(years: list[int], lang: str) -> str:
    unique = list(dict.fromkeys(years))
    if lang == "ko":
        return "·".join(str(y) for y in unique) + "년"
    return ", ".join(str(y) for y in unique[:-1]) + (" and " if len(unique) > 1 else "") + str(unique[-1])


def mixed_mark(past: list[int], future: list[int], lang: str) -> str:
    """The mark of a sentence naming both a passed target and one still ahead: which target passed, which remains."""
    code = _lang(lang)
    if code == "ko":
        return f"(2018년 보고서의 전망 — {_year_list(past, code)} 목표 시점은 지났고 {_year_list(future, code)} 목표는 아직 남아 있습니다)"
    many, later = len(set(past)) > 1, len(set(future)) > 1
    return (f"(a 2018 forecast — its {_year_list(past, code)} target date{'s have' if many else ' has'} passed; the "
            f"{_year_list(future, code)} target{'s have' if later else ' has'} not)")  # fmt: skip


def mark_past_targets(text: str, lang: str, year: int | None = None) -> str:
    """``text`` with the dated-forecast mark appended when it names a past target year (else unchanged): the plain
    :data:`MARK` when every target it names has passed, :func:`mixed_mark` when one is still ahead. A text already
    marked is returned as it is."""
    if not text or _SHOWN_MARK.search(text):
        return text
    past = past_target_years(text, year)
    if not past:
        return text
    future = future_target_years(text, year)
    mark = mixed_mark(past, future, lang) if future else MARK[_lang(lang)]
    return f"{text.rstrip()} {mark}"


#: an implication marked ``dated_judgement: true`` in data/implications.yaml is a 2018 reading of China's regulatory
#: climate or an outlook ("privacy is lenient", "opening up, conditions should improve"): the part of a 2018 report
#: most likely to be out of date (panel 19: printed as current advice, it contradicted the answer's own data risk)
JUDGEMENT_MARK = {"ko": "(2018년 당시의 규제·정책 환경에 대한 판단이나 전망 — 보고서에서 가장 먼저 낡는 부분이니 그대로 "
                        "따르지 말고 현재 규정과 여건으로 확인하세요)",
                  "en": "(a 2018 reading of the regulatory or policy climate, or an outlook — the part of a report that "
                        "dates first: do not act on it before checking today's rules and conditions)"}  # fmt: skip


def implication_text(imp: dict, lang: str, year: int | None = None) -> str:
    """An implication's text as shown: past target years marked (:func:`mark_past_targets`), and a
    ``dated_judgement`` implication followed by :data:`JUDGEMENT_MARK`."""
    code = _lang(lang)
    text = mark_past_targets(imp.get(f"text_{code}", ""), code, year)
    if imp.get("dated_judgement") and not text.rstrip().endswith(JUDGEMENT_MARK[code]):
        text = f"{text.rstrip()} {JUDGEMENT_MARK[code]}"
    return text


def implications_heading(lang: str) -> str:
    """The heading of a recommendation's implications: the reports' 2018 judgement, not current advice."""
    return IMPLICATIONS_HEADING[_lang(lang)]


def _lang(lang: str) -> str:
    return "ko" if lang == "ko" else "en"


# READING_MARK and judged live in features.vintage (the strategy loader words flagged conditions with them, and
# features does not import recommender): a dated_judgement fact or condition, docs/audit/dated_readings.md
def fact_note(fact, lang: str) -> str:
    """A fact's note as a reason or risk line shows it: :func:`judged` when the fact is flagged ``dated_judgement``,
    else its note unchanged. ``fact`` is a :class:`features.facts.Fact` or a dict with ``note_ko``/``note_en``."""
    code = _lang(lang)
    get = fact.get if isinstance(fact, dict) else lambda k, d=None: getattr(fact, k, d)
    note = str(get(f"note_{code}", "") or "")
    return judged(note, code) if get("dated_judgement", False) else note
