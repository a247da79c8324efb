"""UI strings of issue 18's second advisor round (answer notes, sector-level near misses) in a file of their own."""

from __future__ import annotations

ADVISOR_STRINGS: dict[str, tuple[str, str]] = {
    # pres20 / stop 30: "지역 근거 없음" read as the absence of evidence; the answer is national, the region the firm's choice
    "any_region_plain": ("전국 단위 (지역은 귀사 선택)", "nationwide (region of your choice)"),
    # panel 5 (pres6): the opportunity's own risk in the headline, the firm-adjusted one beside it
    "risk_headline": ("**위험** {value}", "**Risk** {value}"),
    "risk_headline_help": (
        "첫 수치는 기회 자체의 위험(보고서의 위험과 정보 부족 위험), 다음은 귀사의 준비도를 반영해 귀사가 실제로 지는 위험, "
        "괄호 안은 그 위험을 귀사의 위험 감내도에 따라 점수에 반영한 값입니다 — 감내도가 높다고 위험이 작아지지는 않습니다.",
        "The first number is the opportunity's own risk (the reports' risk with the information risk), the next the "
        "risk your firm is exposed to after its readiness; the one in brackets is how much of it the score counts "
        "for your risk tolerance — a high tolerance does not make the risk smaller.",
    ),
    "any_region_short": ("전국 단위", "nationwide"),
    # panel 7: the implications are the reports' 2018 judgement, not current advice
    "imp_dated": ("2018년 보고서의 판단입니다 — 이후 법·제도 변화를 확인하세요. 목표 시점이 지난 전망에는 그렇다고 표시합니다.",
                  "The reports' 2018 judgement — check later changes in law and policy. A forecast whose target date "
                  "has passed is marked as such."),
    "risk_pointer": ("위험 수치를 읽는 법은 1위 항목에 있습니다.", "How the risk numbers are computed is explained under rank 1."),
}
