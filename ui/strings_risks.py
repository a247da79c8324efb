"""Strings of the sector risks and the risk explanation (issue 18: barriers to entry named, the firm's risk number
explained) — in a file of their own, added at the end of ``ui.strings`` (fewer merge conflicts)."""

RISKS_STRINGS = {
    "sector_risks_title": ("이 분야의 진입 장벽 (2018년 보고서 기준 — 현재 규정으로 확인하세요)",
                           "Barriers to entry in this sector (2018 reports — check today's rules)"),
    "sector_risks_help": (
        "보고서가 적은 분야별 규제·시장 장벽 중 귀사의 역량이나 추천된 진입 방식에 해당하는 것입니다. 점수에는 들어가지 "
        "않으며(점수의 위험은 지역·분야의 위험 사실로 계산), 진출 전에 확인할 항목입니다. '추천 도구의 안내, 보고서 밖 "
        "내용'이라고 적힌 항목은 보고서가 다루지 않는 확인 사항입니다(제품의 의료기기 등록, 유전자 정보 규정, 2018년 이후 "
        "반도체 수출통제 등). 출처: data/sector_risks.csv.",
        "The sector's regulatory and market barriers the reports state that apply to your firm's capabilities or to the "
        "entry mode recommended. They are not part of the score (its risk comes from the region and sector's risk "
        "facts); they are what to check before entering. Items marked 'the tool's note, not from the reports' are checks "
        "the reports do not treat (a product's device registration, genetic-data rules, chip export controls since "
        "2018). Source: data/sector_risks.csv.",
    ),
    "sector_risk_applies": ("귀사 해당: {why}", "Applies to you: {why}"),
    "sector_risk_whole_sector": ("이 분야 전체에 해당", "Applies to the whole sector"),
    "no_sector_risks": (
        "보고서에 이 분야의 진입 장벽이 적혀 있지 않거나 귀사에 해당하는 것이 없습니다.",
        "The reports state no barrier to entry for this sector, or none that applies to your firm.",
    ),
    "risk_explained_title": ("귀사 위험 수치는 이렇게 계산됩니다", "How your risk number is made"),
    "other_risks_title": ("그 밖의 위험", "Other risks"),
    "risk_firm_adjusted_help": (
        "위험은 기업마다 다릅니다: 기회 자체 위험 × 귀사 조정, 조정 = (1 − 0.5 × 중국 진출 준비도) × 위험 감내도 계수"
        "(낮음 1.0 · 보통 0.7 · 높음 0.4). 준비도는 중국 경험·현지 법인·중국어 인력·투자 여력으로 계산합니다. 그래서 같은 "
        "기회라도 기업에 따라 기회 자체 위험의 0.2배에서 1배까지입니다.",
        "Risk differs between firms: the opportunity's own risk × the firm's adjustment, adjustment = (1 − 0.5 × China "
        "readiness) × a risk-tolerance factor (low 1.0 · medium 0.7 · high 0.4). Readiness comes from China experience, "
        "a local entity, Chinese-speaking staff and investment capacity. So the same opportunity carries 0.2 to 1 times "
        "its own risk depending on the firm.",
    ),
}
