"""Issue 18, panels 10 and 11 — the summary's "why" line names what the firm brings to the sector's heaviest needs
and says plainly what it lacks or what the reports barely treat. Each case is the panel's firm as it gave it."""

from __future__ import annotations

from recommender import summary
from tests.panel_support import NO_CAPABILITIES as NONE
from tests.panel_support import run_cli

BASE = {"revenue_krw_100m": 100, "preferred_regions": [], "excluded_regions": [], "certifications": []}
# panel 10 F06: a payment gateway given as KSIC + products (fintech is estimated at 4, need 5: "partial")
PAY = {**BASE, "firm_id": "F06", "name": "㈜페이브릿지", "employees": 110, "china_experience_years": 2,
       "has_china_entity": False, "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 40,
       "certifications": ["ISO27001", "PCI-DSS"], "risk_tolerance": "medium", "horizon_years": 5,
       "industry_code": "66199", "products": "간편결제 PG 서비스, 크로스보더 결제 정산 플랫폼"}  # fmt: skip
# panel 10 F16: a genomics / diagnostics start-up (biotech 5, devices 3)
GEN = {**BASE, "firm_id": "F16", "name": "㈜진바이오랩", "employees": 40, "china_experience_years": 0,
       "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 8,
       "certifications": ["ISO13485"], "risk_tolerance": "high", "horizon_years": 5,
       "capabilities": {**NONE, "ai_software": 2, "medical_devices": 3, "digital_health": 2, "biotech_genomics": 5}}


def _why(firm: dict, tmp_path, capsys, lang: str = "ko") -> str:
    head = "- 이유: " if lang == "ko" else "- Why: "
    md = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang, name="firm.json")
    return next(x for x in md.splitlines() if x.startswith(head))


def test_a_payment_firm_is_credited_with_fintech_not_only_e_commerce(tmp_path, capsys):
    ko = _why(PAY, tmp_path, capsys)
    assert ko.startswith("- 이유: 귀사의 핀테크") and "상당 부분 덮고" in ko  # fintech 4 of 5: "much of", not "match"
    en = _why(PAY, tmp_path, capsys, "en")
    # one capability since panel 26's lexicon review: "크로스보더 결제" is fintech, e-commerce only 2 (was "Fintech and
    # E-commerce … cover")
    assert en.startswith("- Why: your Fintech capability covers much of what this sector needs"), en


def test_a_genomics_firm_is_told_the_reports_barely_treat_genomics_in_the_sector(tmp_path, capsys):
    ko = _why(GEN, tmp_path, capsys)
    assert "가장 강한 역량(바이오·유전체 보유 5)을 작게만 다룹니다(필요 2)" in ko
    en = _why(GEN, tmp_path, capsys, "en")
    assert "your strongest capability, Biotech & genomics (level 5), plays only a small part" in en


def _row(caps: list[tuple[str, int, int]]) -> dict:
    status = lambda have, need: "matched" if have >= need else "partial" if have else "gap"  # noqa: E731
    return {"capabilities": [{"capability": k, "need": n, "have": h, "status": status(h, n)} for k, n, h in caps]}


def test_the_sector_s_heaviest_need_missing_is_said_not_hidden():
    """Panel 11 F11: a MEMS sensor maker (sensors 5, IoT 4, 5G 0) in 5G parts supply was told its capabilities
    "match"; the line now says the sector's heaviest need, 5G itself, is one it barely has."""
    r = _row([("telecom_5g", 5, 0), ("semiconductors_sensors", 4, 5), ("iot_devices", 3, 4)])
    assert "5G·통신(필요 5) 역량은 귀사에 거의 없습니다(보유 0)" in summary._heart_missing(r, "ko")
    assert "heaviest need, 5G & telecom (need 5), is one your firm barely has (level 0)" in summary._heart_missing(r, "en")
    assert summary._heart_missing(_row([("telecom_5g", 5, 2), ("iot_devices", 3, 4)]), "ko") == ""
    assert summary._heart_missing(_row([("iot_devices", 3, 0)]), "ko") == ""  # a need below 4 is no "heart"
    assert [c["capability"] for c in summary._brought(r)[0]] == ["semiconductors_sensors", "iot_devices"]
