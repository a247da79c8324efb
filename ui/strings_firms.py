"""Strings of issue 17 (KSIC code, products, inferred capabilities, industries the reports do not treat), Korean and
English, in a file of their own (merged into :data:`ui.strings.STRINGS` at its end)."""

FIRMS_STRINGS: dict[str, tuple[str, str]] = {
    "form_industry": ("업종·주생산품 (역량 추정)", "Industry and products (capability estimate)"),
    "f_ksic": ("업종코드 (한국표준산업분류, KSIC)", "Industry code (KSIC)"),
    "f_ksic_help": ("코드나 업종 이름을 입력해 찾으세요 (예: 26429, 반도체). 11차 개정 기준, 10차 코드도 읽습니다.",
                    "Type a code or an industry name to search (e.g. 26429, semiconductor). 11th revision; 10th-revision "
                    "codes are read too."),
    "f_ksic_placeholder": ("업종 검색…", "Search industries…"),
    "f_products": ("주생산품·사업내용", "Main products / business"),
    "f_products_help": ("회원사 명단에 쓰는 그대로 적으세요 (예: 차량용 카메라 모듈, ESS 배터리 팩).",
                        "As a member list would have it (e.g. automotive camera modules, ESS battery packs)."),
    "f_estimate": ("역량 추정하기", "Estimate capabilities"),
    "f_estimate_help": ("업종코드와 주생산품에서 역량 점수를 추정해 아래 슬라이더에 채웁니다. 추정치는 '추정'으로 표시되며, "
                        "슬라이더를 움직이면 입력값이 됩니다.",
                        "Fills the sliders below from the code and products. Estimates are labelled 'estimated'; "
                        "moving a slider makes it your own value."),
    "estimated": ("추정", "estimated"),
    "estimate_note": ("추정: 업종코드와 주생산품에서 추정한 값입니다 — 기업 사정에 맞게 확인하고 고치세요.",
                      "Estimated from the industry code and products — confirm them and correct where needed."),
    "estimate_reason": ("추정 근거: {reason}", "Why: {reason}"),
    "estimate_nothing": ("업종코드나 주생산품을 먼저 입력하세요.", "Enter an industry code or products first."),
    "scope_title": ("업종 범위", "Industry scope"),
    "capability_source_col": ("역량 출처", "Capability source"),
}
