"""What the advisor-panel tests (tests/test_*panel*.py) share: a firm with no capabilities to build on, the answer
``recommend`` gives one firm in process and on the command line, and the parts of an answer a test reads (a note of
one kind, a section of the Markdown report). Each panel file wrote these again; the tests keep their own assertions."""

from __future__ import annotations

import json

from features.facts import CAPABILITY_KEYS
from features.firms import firms_from_records
from recommender.weights import preset_weights

#: every capability at 0: a panel firm spreads this and sets the ones it has
NO_CAPABILITIES = dict.fromkeys(CAPABILITY_KEYS, 0)
#: the weights of a panel run (the CLI's default preset)
BALANCED = preset_weights("balanced")


#: panel 11's F01, a smart-city CCTV and control-room firm, 180 staff — read by three panel test files
P11_F01 = {"firm_id": "F01", "name": "(주)세이프시티비전 — 지능형 CCTV·통합관제", "employees": 180, "revenue_krw_100m": 420,
           "china_experience_years": 3, "has_china_entity": False, "chinese_speaking_staff": 2,
           "investment_capacity_krw_100m": 40, "certifications": ["ISO9001", "KC", "CC인증"], "risk_tolerance": "medium",
           "horizon_years": 5, "preferred_regions": [], "excluded_regions": [],
           "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "semiconductors_sensors": 2, "cloud_big_data": 2,
                            "iot_devices": 4, "smart_transport": 3, "urban_services": 5, "telecom_5g": 1}}  # fmt: skip


def caps(**given: int) -> dict:
    """Every capability at 0 but the ones given."""
    return {**NO_CAPABILITIES, **given}


def batch(kb, firm: dict):
    """The firm record read as the CLI reads it (features.firms, the firm contract)."""
    return firms_from_records([firm], kb.regions)


def answer(kb, rec, firm: dict, top: int = 5, robust: bool = False, weights=None) -> dict:
    """What ``recommend`` answers for one firm record, in process (the ranked list, before the industry gate)."""
    return rec.recommend(batch(kb, firm).firms, 0, BALANCED if weights is None else weights, top=top,
                         with_robustness=robust)  # fmt: skip


def notes(out: dict, kind: str) -> list[dict]:
    """The answer's coverage notes of one kind (``closed_sectors``, ``weaker_sectors`` …)."""
    return [n for n in out["coverage"].get("notes") or [] if n and n.get("kind") == kind]


def run_cli(firm: dict, tmp_path, capsys, *args: str, name: str | None = None) -> str:
    """``python -m recommender recommend FIRM.json ARGS…`` in process: the firm written to ``tmp_path`` (as
    ``name``, else ``<firm_id>.json``), what it printed returned; the run must succeed."""
    from recommender.cli import main

    path = tmp_path / (name or f"{firm['firm_id']}.json")
    path.write_text(json.dumps(firm, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["recommend", str(path), *args]) == 0
    return capsys.readouterr().out


def section(md: str, start: str, stop: str = "\n## ") -> str:
    """The part of a Markdown report from ``start`` to the next ``stop`` (or the end)."""
    at = md.index(start)
    end = md.find(stop, at + len(start))
    return md[at : end if end >= 0 else None]
