"""UI strings of issue 18's second advisor round (answer notes, sector-level near misses) in a file of their own."""

from __future__ import annotations

ADVISOR_STRINGS: dict[str, tuple[str, str]] = {
    "any_region_plain": ("지역 근거 없음 (전국 단위)", "no regional evidence (national only)"),
    # panel 5 (pres6): the opportunity's own risk in the headline, the firm-adjusted one beside it
    "risk_headline": ("**위험** {value}", "**Risk** {value}"),
    "risk_headline_help": (
        "앞의 수치는 기회 자체의 위험(보고서의 위험과 정보 부족 위험), 괄호 안은 귀사의 위험 감내도와 준비도를 반영해 "
        "점수에 쓰인 위험입니다.",
        "The first number is the opportunity's own risk (the reports' risk with the information risk); the one in "
        "brackets is the risk after your risk tolerance and readiness, the one the score uses.",
    ),
    "any_region_short": ("지역 근거 없음", "no regional evidence"),
}
