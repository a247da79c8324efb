"""Evidence that knows its age (features/vintage.py; docs/METHOD.md § Evidence age): the rule's arithmetic, the
worked example, and that with the four bundled 2018 reports nothing changes (every age weight exactly 1)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from review_fixtures import DOC_ID, make_data_dir

import features.profiles as profiles
from features.build import build
from features.ingest.review import ReviewStore
from features.vintage import HALF_LIFE_YEARS, Dated, age_weights, period_label, published_key, published_year


def test_publication_dates_and_periods():
    assert published_key("2018-Q3") == (2018, 7, 0) and published_key("2018-12") == (2018, 12, 0)
    assert published_key("2018-10-30") == (2018, 10, 30) and published_year("2025") == 2025
    assert published_key("2018-10-30") < published_key("2018-12") < published_key("2025-03")
    with pytest.raises(ValueError, match="does not start with a year"):
        published_key("December 2018")
    assert period_label(2018, 2018) == "2018" and period_label(2018, 2025) == "2018–2025"


def test_one_year_of_evidence_is_never_discounted():
    weights, superseded = age_weights([Dated("A", 2018), Dated("B", 2018), Dated("C", 2018)])
    assert weights == {"A": 1.0, "B": 1.0, "C": 1.0} and superseded == {}


def test_older_facts_count_half_per_half_life_against_the_newest():
    weights, _ = age_weights([Dated("old", 2018), Dated("mid", 2022), Dated("new", 2025)])
    assert weights["new"] == 1.0
    assert weights["mid"] == pytest.approx(0.5 ** (3 / HALF_LIFE_YEARS))
    assert weights["old"] == pytest.approx(0.5 ** (7 / HALF_LIFE_YEARS)) == pytest.approx(0.198425, abs=1e-6)
    assert age_weights([Dated("x", 2015), Dated("y", 2018)])[0]["x"] == pytest.approx(0.5)  # H = 3 years


def test_a_superseded_fact_counts_zero_and_the_age_is_measured_from_the_facts_that_still_count():
    weights, superseded = age_weights([Dated("old", 2018), Dated("older", 2016), Dated("new", 2018, ("older",))])
    assert superseded == {"older": "new"} and weights == {"older": 0.0, "old": 1.0, "new": 1.0}


def test_the_bundled_data_is_untouched_by_the_rule(kb, monkeypatch):
    """Every profile built with the age rule equals the one built without it, to the last digit, and says 2018."""
    assert kb.period_label == "2018" and kb.evidence_period == (2018, 2018)
    assert all(f.published_year == 2018 for f in kb.facts)
    assert all(not i.age_weights and not i.superseded for p in kb.profiles for i in p.indicators)
    assert {(p.evidence_from, p.evidence_to) for p in kb.profiles} == {(2018, 2018)}
    monkeypatch.setattr(profiles, "age_weights", lambda group: ({d.fact_id: 1.0 for d in group}, {}))
    plain = profiles.build_profiles(kb.regions, kb.sectors, kb.facts, kb.passages, kb.docs, kb.text_hits)
    assert [(p.policy, p.demand, p.risk, p.risk_national, p.confidence, p.vintage) for p in plain] == \
        [(p.policy, p.demand, p.risk, p.risk_national, p.confidence, p.vintage) for p in kb.profiles]  # fmt: skip
    assert [[(i.raw, i.normalised) for i in p.indicators] for p in plain] == \
        [[(i.raw, i.normalised) for i in p.indicators] for p in kb.profiles]  # fmt: skip


def test_a_newer_fact_outweighs_an_older_one_on_the_same_indicator(kb):
    """Two facts of the same region, sector and indicator: a 2018 one of strength 3 and a 2025 one of strength 1.
    The newer counts in full (1/3), the older 2^(−7/3)·1 — the older no longer dominates."""
    region, sector = kb.regions["CN-HN"], kb.sectors["ai"]
    old = next(f for f in kb.facts if f.region_id == "CN" and f.sector_id == "ai" and f.dimension == "policy")
    old = replace(old, fact_id="T-OLD", region_id="CN-HN", indicator="policy_plan", strength=3, published="2018-12",
                  supersedes=())  # fmt: skip
    new = replace(old, fact_id="T-NEW", strength=1, published="2025-03")
    hits = [p for p in kb.passages if p.passage_id in set(kb.text_hits.get("CN-HN/ai", []))]
    prof = profiles.build_profile(region, sector, [old, new], kb.passages, kb.docs, hits)
    ind = next(i for i in prof.indicators if i.indicator == "policy_plan")
    assert ind.raw == pytest.approx(1 / 3 + 0.5 ** (7 / 3) * 1.0, abs=1e-6)
    assert ind.age_weights == {"T-OLD": pytest.approx(0.198425, abs=1e-6)}
    assert (prof.evidence_from, prof.evidence_to) == (2018, 2025)
    alone = profiles.build_profile(region, sector, [old], kb.passages, kb.docs, hits)
    assert next(i for i in alone.indicators if i.indicator == "policy_plan").raw == pytest.approx(1.0)


@pytest.fixture(scope="module")
def worked(tmp_path_factory) -> tuple:
    """The worked example of docs/METHOD.md: the 2025 test report says Beijing's test roads passed 1,000 km (the
    reviewer declares it replaces B002's 123 km) and that Hyundai-Kia are still Apollo partners (merged into A031)."""
    team = make_data_dir(Path(tmp_path_factory.mktemp("worked")) / "team")
    store = ReviewStore(team, DOC_ID)
    store.merge(f"{DOC_ID}-c0007", "A031")
    store.edit(f"{DOC_ID}-c0006", {"supersedes": "B002"})
    return build(team)


def test_worked_example_supersession_and_half_life(kb, worked):
    before, after = kb.profile("CN-BJ", "autonomous_driving"), worked.profile("CN-BJ", "autonomous_driving")
    ind_b = {i.indicator: i for i in before.indicators}
    ind_a = {i.indicator: i for i in after.indicators}
    aged = 0.5 ** (7 / 3)
    # pilot designations: regional A027 (s3), A044 (s2), A092 (all, s1 at ¼), B002 (s2), B004 (s3); national A113 (s3, ½)
    assert ind_b["pilot_designation"].raw == pytest.approx(1 + 2 / 3 + 0.25 / 3 + 2 / 3 + 1 + 0.5, abs=1e-6)
    # after: the 2025 fact (s2) in full, B002 superseded, the other regional facts aged; the national part alone
    # in its part keeps weight 1
    want = 2 / 3 + aged * (1 + 2 / 3 + 0.25 / 3 + 1) + 0.5
    assert ind_a["pilot_designation"].raw == pytest.approx(want, abs=1e-6)
    assert ind_a["pilot_designation"].normalised == pytest.approx(1 - math.exp(-want), abs=1e-6)
    assert ind_a["pilot_designation"].superseded == {"B002": f"{DOC_ID}-f0006"}
    # cooperation demand: A031 restated in 2025 counts in full, A030 (2018) aged; national facts unchanged
    assert ind_a["cooperation_demand"].age_weights == {"A030": pytest.approx(aged, abs=1e-6)}
    assert ind_b["cooperation_demand"].raw - ind_a["cooperation_demand"].raw == pytest.approx(2 / 3 * (1 - aged), abs=1e-6)
    assert after.policy < before.policy and after.demand < before.demand  # the newest account outweighs the old
    assert after.confidence >= before.confidence  # confidence is not aged: more is known, not less
    assert (after.evidence_from, after.evidence_to) == (2018, 2025) and worked.period_label == "2018–2025"
    print(f"\n[worked example] CN-BJ/autonomous_driving pilot_designation raw {ind_b['pilot_designation'].raw:.4f} → "
          f"{ind_a['pilot_designation'].raw:.4f} (n {ind_b['pilot_designation'].normalised:.3f} → "
          f"{ind_a['pilot_designation'].normalised:.3f}); policy {before.policy:.3f} → {after.policy:.3f}; demand "
          f"{before.demand:.3f} → {after.demand:.3f}; confidence {before.confidence:.3f} → {after.confidence:.3f}")


def test_profiles_the_new_facts_do_not_apply_to_are_unchanged(kb, worked):
    moved = {(p.region_id, p.sector_id) for p, q in zip(kb.profiles, worked.profiles)
             if (p.policy, p.demand, p.risk, p.confidence) != (q.policy, q.demand, q.risk, q.confidence)}  # fmt: skip
    assert moved == {("CN-BJ", "autonomous_driving")}


def test_every_banner_says_the_period_the_data_gives(kb, worked, monkeypatch):
    """The strings that said "2018" are computed: identical to the former text with the bundled data, "2018–2025"
    once a 2025 report has been reviewed in."""
    from ui import i18n

    def text(key: str, code: str, **values) -> str:
        monkeypatch.setitem(i18n._last, "lang", code)
        return i18n.t(key, **values)

    monkeypatch.setattr(i18n, "_context", {})
    i18n.set_data_context(kb)
    assert text("search_intro", "en").startswith("Finds passages in the text of the four 2018 reports.")
    assert text("search_intro", "ko").startswith("2018년 보고서 4건의 본문에서")
    assert text("vintage_short", "ko", vintage=2018) == \
        "점수는 2018년 발간 보고서에 근거합니다 (기준연도 2018). 현재 상황과 다를 수 있습니다."  # fmt: skip
    assert text("sidebar_data", "en", version="x") == "Data x · from 2018 reports"
    i18n.set_data_context(worked)
    assert text("vintage_short", "en", vintage=worked.vintage).startswith("Scores rest on reports published in 2018–2025")
    assert "5건" in text("search_intro", "ko") and "2018–2025년" in text("search_intro", "ko")
    assert "from 2018–2025 reports" in text("sidebar_data", "en", version="x")


def test_answers_and_exports_carry_the_period(worked):
    from features.firms import read_firms
    from recommender import exporting
    from recommender.engine import Recommender
    from recommender.report import recommendation_markdown
    from recommender.weights import preset_weights

    batch = read_firms(Path(__file__).resolve().parents[1] / "data" / "samples" / "firms.csv", worked.regions)
    i = list(batch.firms.firm_id).index("KR-0002")  # an autonomous-driving sensor maker: Beijing is in its list
    result = Recommender(worked).recommend(batch.firms, i, preset_weights("balanced"), top=5, with_robustness=False)
    assert result["evidence_period"] == "2018–2025"
    periods = {(r["region_id"], r["sector_id"]): r["evidence_period"] for r in result["recommendations"]}
    assert periods.get(("CN-BJ", "autonomous_driving")) == "2018–2025"
    assert all(v == "2018" for k, v in periods.items() if k != ("CN-BJ", "autonomous_driving"))
    md = recommendation_markdown(result, worked, lang="en", firm=batch.firms.firm(i))
    assert "reports published in 2018–2025" in md and "reports published in 2018;" not in md
    info = exporting.run_info(worked.data_version, {}, "wsm", worked.vintage, run_time=False, period=worked.period_label)
    assert "reports from 2018–2025" in " ".join(map(str, info.iloc[:, 1]))


def test_citations_name_the_page_where_known(worked):
    from recommender.present import citation

    ref = {"doc_id": DOC_ID, "line_start": 13, "line_end": 13}
    assert citation(ref, worked, "en").endswith("p. 12, line 13")
    assert citation(ref, worked, "ko").endswith("12쪽, 13행")
    bundled = {"doc_id": "kiep_internet_plus_2018", "line_start": 2563, "line_end": 2569}
    assert citation(bundled, worked, "ko") == "KIEP 보고서 2018, 2563–2569행"  # plain text reports: as before
