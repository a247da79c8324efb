"""Evidence that knows its age: publication dates, evidence periods, and the rule by which newer evidence outweighs
older (docs/METHOD.md § Evidence age).

Every fact carries the publication date of its document (the catalog's ``published``: ``2018-12``, ``2018-10-30``,
``2018-Q3``, ``2025``). Profiles and banners show the **evidence period**, the first and last publication year of
the documents their facts cite (``근거 2018–2025``; one year when they agree, ``2018``).

**The age rule**, applied inside one profile to the facts of one indicator, separately for the regional part (the
region's facts about the sector and about every sector) and the national part:

1. **Supersession.** A newer fact may say which older facts it replaces (``supersedes``: fact ids of the same region,
   sector and indicator, from documents published earlier — checked by the build): a 2025 test-road length replaces
   the 2018 one, a new plan the plan it renews. A superseded fact counts 0; it stays in the profile's fact list and
   is named in the indicator's ``superseded`` map with the fact that replaced it. The reviewer declares it (the
   review page lists the older facts of the same slot, those with a figure in the same unit first): whether two
   statements are about the same thing is a judgement — Beijing's 123 km of test roads (B002) and its 7 km
   demonstration base (B004) share region, sector, indicator and unit, and only the first is replaced by a total
   road length.
2. **Half-life.** Every other fact's contribution ``scope · strength/3`` is multiplied by ``2^(−Δ/H)``, where ``Δ`` is
   the number of years between its document's publication and the newest publication among the facts that still
   count on this indicator in this part, and ``H = 3`` years: a fact three years older than the newest counts half,
   seven years older 0.2. Why three years: China's sector programmes run as three-year action plans (the AI
   "Internet+" three-year plan, KIEP 2701–2703; the 2018–2020 plans at KIEP 2735 and 5059), so a statement three
   years older than the newest on the same indicator describes the previous plan period.

Because ``Δ`` is measured against the newest evidence *on the same indicator and part of the same profile*, evidence
of one year only is never discounted: with the four bundled 2018 reports every weight is exactly 1 and no score
changes, and a new report moves only the profiles its accepted facts apply to. Confidence is not aged (it says how
much is known, not how current it is). A reviewer who finds that a newer report restates an existing fact *merges*
the candidate into it (``merged_into``): the fact then carries the newer date and both citations, and counts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HALF_LIFE_YEARS = 3.0
_DATE = re.compile(r"^\s*(\d{4})(?:[-./](?:(\d{1,2})|Q([1-4])))?(?:[-./](\d{1,2}))?")


def published_key(published: str) -> tuple[int, int, int]:
    """A sortable (year, month, day) from a catalog date: ``2018-12`` → (2018, 12, 0), ``2018-Q3`` → (2018, 7, 0),
    ``2018-10-30`` → (2018, 10, 30), ``2025`` → (2025, 0, 0). Raises ``ValueError`` without a leading year."""
    m = _DATE.match(str(published or ""))
    if not m:
        raise ValueError(f"publication date {published!r} does not start with a year (YYYY, YYYY-MM, YYYY-Qn, …)")
    year, month, quarter, day = m.groups()
    month_no = int(month) if month else (3 * int(quarter) - 2 if quarter else 0)
    return int(year), month_no, int(day) if day else 0


def published_year(published: str) -> int:
    return published_key(published)[0]


def period_label(first: int, last: int) -> str:
    """``2018`` when both years agree, else ``2018–2025`` (an en dash)."""
    return str(first) if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class Dated:
    """What the age rule needs to know about one fact on one indicator."""

    fact_id: str
    year: int  # publication year of the fact's (newest) document
    supersedes: tuple[str, ...] = ()  # the older facts it replaces (validated by the build: same slot, older)


def age_weights(group: Iterable[Dated], half_life: float = HALF_LIFE_YEARS) -> tuple[dict[str, float], dict[str, str]]:
    """(weight per fact id, superseded fact id → the fact id that supersedes it) for the facts of one indicator in one
    part of one profile (rule in the module docstring). Pure and deterministic."""
    items = list(group)
    superseded: dict[str, str] = {}
    for g in sorted(items, key=lambda g: (g.year, g.fact_id)):  # the newest replacing fact is named last
        for old in g.supersedes:
            superseded[old] = g.fact_id
    ids = {f.fact_id for f in items}
    superseded = {k: v for k, v in superseded.items() if k in ids}
    counting = [f for f in items if f.fact_id not in superseded]
    newest = max((f.year for f in counting), default=0)
    weights = {f.fact_id: 0.0 for f in items if f.fact_id in superseded}
    for f in counting:
        weights[f.fact_id] = 0.5 ** ((newest - f.year) / half_life)
    return weights, superseded


#: a fact (``dated_judgement`` column of data/facts/*.csv) or a strategy condition (``dated_judgement: true`` in
#: data/strategies.yaml) that states a 2018 reading of regulation, market openness, licensing, data or privacy rules,
#: foreign-ownership limits, subsidies' terms or market shares in the present tense (issue 18, panel 25 F09: "privacy
#: rules are lax" shown as a ✔ reason in 2026). Where it is shown as a reason or risk its text starts with this mark:
#: the 2018 report's judgement, to be confirmed with a newer source. A prefix, so a first-sentence cut keeps it. The
#: items, their lines and why: docs/audit/dated_readings.md.
READING_MARK = {"ko": "2018년 보고서 기준 판단(최신 자료로 확인 필요) — ",
                "en": "As the 2018 report judged it (confirm with a newer source) — "}  # fmt: skip


def judged(text: str, lang: str) -> str:
    """``text`` with :data:`READING_MARK` in front (once; empty text stays empty)."""
    mark = READING_MARK["ko" if lang == "ko" else "en"]
    if not text or text.startswith(mark):
        return text
    return mark + text
