"""Strings of the sector risks and the risk explanation (issue 18: barriers to entry named, the firm's risk number
explained) — in a file of their own, added at the end of ``ui.strings`` (fewer merge conflicts)."""

RISKS_STRINGS = {
    "sector_risks_title": ("이 분야의 진입 장벽 (보고서)", "Barriers to entry in this sector (reports)"),
    "sector_risks_help": (
        "보고서가 적은 분야별 규제·시장 장벽 중 귀사의 역량이나 추천된 진입 방식에 해당하는 것입니다. 점수에는 들어가지 "
        "않으며(점수의 위험은 지역·분야의 위험 사실로 계산), 진출 전에 확인할 항목입니다. 출처: data/sector_risks.csv.",
        "The sector's regulatory and market barriers the reports state that apply to your firm's capabilities or to the "
        "entry mode recommended. They are not part of the score (its risk comes from the region and sector's risk "
        "facts); they are what to check before entering. Source: data/sector_risks.csv.",
    ),
    "sector_risk_applies": ("귀사 해당: {why}", "Applies to you: {why}"),
    "sector_risk_whole_sector": ("이 분야 전체에 해당", "Applies to the whole sector"),
    "no_sector_risks": (
        "보고서에 이 분야의 진입 장벽이 적혀 있지 않거나 귀사에 해당하는 것이 없습니다.",
        "The reports state no barrier to entry for this sector, or none that applies to your firm.",
    ),
    "risk_explained_title": ("귀사 위험 수치는 이렇게 계산됩니다", "How your risk number is made"),
    "other_risks_title": ("그 밖의 위험", "Other risks"),
}
