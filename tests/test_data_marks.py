"""Judgements kept in data, not in code (issue 18, stop 26): the ``list_only`` tag of a fact that only names a region in
a list, a fact's ``shown_sectors`` (the sectors whose answers show its line) and a capability condition's
``why_sectors`` (the sectors its words fit) — each validated at load, each read by ``recommender.reading``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from features.facts import FACT_COLUMNS, LIST_ONLY, FactError, validate_fact
from features.knowledge import BuildError, load_strategies
from recommender import reading

ROOT = Path(__file__).resolve().parents[1]
BASES = [f"A{n:03d}" for n in (*range(92, 103), *range(148, 152))]  # the 17 regional bases, KIEP 946-954


def test_the_list_only_tag_marks_exactly_the_seventeen_bases_and_each_cites_only_the_list(kb):
    marked = sorted(f.fact_id for f in kb.facts if LIST_ONLY in f.tags)
    assert marked == BASES
    for fid in marked:
        fact = kb.fact(fid)
        assert all(r.doc_id == "kiep_internet_plus_2018" and 946 <= r.line_start <= r.line_end <= 954
                   for r in fact.evidence)  # fmt: skip
        assert "startup_ecosystem" in fact.tags  # the strategy tag is kept: only a reading mark is added


def test_a_reason_is_a_list_mention_by_its_facts_tag_not_by_its_words(kb):
    base = {"fact_id": "A094", "note_ko": "상하이는 …", "note_en": "Shanghai …"}
    assert reading.list_only(base, kb)
    # the same words on a fact without the tag are a reason of full standing; a line with no fact is one too
    assert not reading.list_only({"fact_id": "A002", "note_ko": "목록에 이름만 올라 있다"}, kb)
    assert not reading.list_only({"note_ko": "목록에 이름만 올라 있다"}, kb)
    assert reading.reason_note(base, "en", kb).startswith(reading.LIST_ONLY_MARK["en"])
    assert reading.ordered_reasons([base, {"fact_id": "A002"}], kb)[0]["fact_id"] == "A002"


def test_shown_sectors_sit_on_the_bat_and_80_percent_facts_only(kb):
    shown = {f.fact_id: set(f.shown_sectors) for f in kb.facts if f.shown_sectors}
    assert shown == {
        "C065": {"ai", "autonomous_driving", "big_data", "ecommerce", "fintech"},
        "A139": {"ai", "autonomous_driving", "big_data", "iot", "telecom_5g", "smart_city", "industrial_internet",
                 "robotics", "smart_healthcare"},
    }  # fmt: skip
    assert all(kb.fact(f).sector_id == "all" for f in shown)
    assert not reading.risk_fact_applies({"fact_id": "A139", "note_en": "anything"}, "logistics", kb)
    # without a knowledge base only the note is read (the ICT and manufacturing rules)
    assert reading.risk_fact_applies({"fact_id": "A139", "note_en": "anything"}, "logistics", None)


def _row(kb, fact_id: str, **change) -> dict:
    f = kb.fact(fact_id)
    row = {c: "" for c in FACT_COLUMNS}
    row.update(fact_id="ZZ1", region_id=f.region_id, city=f.city, sector_id=f.sector_id, dimension=f.dimension,
               indicator=f.indicator, value="" if f.value is None else str(f.value), unit=f.unit, year=str(f.year),
               strength=str(f.strength), tags=";".join(f.tags), check=f.check, note_ko=f.note_ko, note_en=f.note_en,
               evidence=";".join(f"{r.doc_id}:{r.line_start}-{r.line_end}" for r in f.evidence))  # fmt: skip
    row["dated_judgement"] = "1" if f.dated_judgement else ""  # data19: C065 is a flagged 2018 reading
    row.update(change)
    return row


@pytest.mark.parametrize("fact_id,change,message", [
    ("C065", {"shown_sectors": "ai;space"}, "unknown sector ids space"),
    ("A002", {"shown_sectors": "ai"}, "only on a fact coded for every sector"),
    ("A094", {"tags": "startup_ecosystem;list_onyl"}, "unknown tags list_onyl"),
])  # fmt: skip
def test_a_bad_mark_on_a_fact_is_refused_naming_the_column(kb, fact_id, change, message):
    with pytest.raises(FactError, match=message) as exc:
        validate_fact(_row(kb, fact_id, **change), kb.regions, kb.sectors, kb.docs)
    assert exc.value.field in change


def test_a_good_mark_on_a_fact_is_read(kb):
    fact = validate_fact(_row(kb, "C065", shown_sectors="ai; fintech"), kb.regions, kb.sectors, kb.docs)
    assert fact.shown_sectors == ("ai", "fintech")
    assert dataclasses.replace(kb.fact("C065"), fact_id="ZZ1", shown_sectors=("ai", "fintech"), source_file="") == fact


@pytest.mark.parametrize("replacement,message", [
    ("why_sectors: [ai, nowhere]", r"unknown sectors \['nowhere'\] in why_sectors"),
    ("why_sectors: []", "non-empty list"),
])  # fmt: skip
def test_a_bad_why_sectors_is_refused(kb, tmp_path, replacement, message):
    text = (ROOT / "data" / "strategies.yaml").read_text(encoding="utf-8")
    old = "why_sectors: [ai, autonomous_driving, smart_city, iot, big_data, ecommerce]"
    assert text.count(old) == 1
    path = tmp_path / "strategies.yaml"
    path.write_text(text.replace(old, replacement), encoding="utf-8")
    with pytest.raises(BuildError, match=message):
        load_strategies(path, set(kb.sectors), kb.docs)


def test_why_sectors_on_a_field_condition_is_refused(kb, tmp_path):
    text = (ROOT / "data" / "strategies.yaml").read_text(encoding="utf-8")
    old = "{field: "
    path = tmp_path / "strategies.yaml"
    path.write_text(text.replace(old, "{why_sectors: [ai], field: ", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="why_sectors only on a capability condition"):
        load_strategies(path, set(kb.sectors), kb.docs)


def test_a_conditions_words_are_shown_only_in_its_why_sectors(kb):
    cond = {"kind": "firm", "is_capability": True, "name": "iot_devices", "why_ko": "가전·차량·단말 …",
            "why_en": "You make devices, appliances or vehicles …"}  # fmt: skip
    iot = next(c for c in kb.strategies["platform_alliance"]["firm_conditions"] if c.get("capability") == "iot_devices")
    assert reading.wording_sectors(kb, "platform_alliance", cond) == iot["why_sectors"]
    ai = {"strategy_id": "platform_alliance", "sector_id": "ai", "sector_name": {"en": "AI"}}
    logistics = {"strategy_id": "platform_alliance", "sector_id": "logistics", "sector_name": {"en": "smart logistics"}}
    assert reading.condition_why(cond, ai, "en", kb) == cond["why_en"]
    assert reading.condition_why(cond, logistics, "en", kb).endswith("a capability the smart logistics sector needs.")
    # a condition without why_sectors keeps its words everywhere
    other = {**cond, "name": "ai_software", "why_en": "You have the software skills to integrate with a platform."}
    assert reading.condition_why(other, logistics, "en", kb) == other["why_en"]
