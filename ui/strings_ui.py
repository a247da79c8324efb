"""Strings of issue 18, item 7 (what the user reads): readable citations, Korean notes on uploaded files, plain
messages for broken links, strategy wording, layout hints. Same ``key: (ko, en)`` pattern as ``ui/strings.py``."""

UI_STRINGS: dict[str, tuple[str, str]] = {
    "and_more": (" 외 {n}건", " and {n} more"),
    "weights_elsewhere": (
        "가중치({preset})는 이 화면의 내용을 바꾸지 않습니다. 기업 맞춤 추천·일괄 스크리닝·기회 탐색 화면에서 조정하세요.",
        "The weights ({preset}) change nothing on this page; set them on the recommendation, screening or explore pages.",
    ),
    "unavailable_needed_one": (
        "열리려면 다음 조건이 이 지역·분야 자료에 있어야 하지만 확인되지 않았습니다 — {conditions}",
        "it opens only where this condition holds, and the reports do not show it for this region and sector — "
        "{conditions}",
    ),
    "unavailable_needed_any": (
        "열리려면 다음 조건 중 하나가 이 지역·분야 자료에 있어야 하지만 어느 것도 확인되지 않았습니다 — {conditions}",
        "it opens only where one of these conditions holds, and the reports show none of them for this region and "
        "sector — {conditions}",
    ),
    "runner_tie_specific": (
        "동점: 「{chosen}」 전략과 규칙 점수가 같고, 이 분야를 위해 정해진 「{chosen}」 전략이 순위 점수에서 앞섰습니다",
        "a tie on the rule score with “{chosen}”; “{chosen}” ranks first as the strategy written for this sector",
    ),
    "runner_tie_preference": (
        "동점: 「{chosen}」 전략과 규칙 점수가 같아, 보고서가 밝힌 전략 우선순위에 따라 뒤에 놓였습니다",
        "a tie: same rule score as “{chosen}”; placed second by the reports' stated order of strategies",
    ),
    "runner_tie_full": (
        "동점: 「{chosen}」 전략과 규칙 점수·우선순위가 모두 같아 두 전략이 똑같이 맞습니다",
        "a tie: same rule score and preference as “{chosen}”; both strategies fit equally",
    ),
    "profile_loading": ("{region} · {sector} 프로필을 불러오는 중…", "Loading the {region} · {sector} profile…"),
    "rows_all_shown": ("전체 {total:,}행 표시", "All {total:,} rows shown"),
    "search_where": ("{where} · 관련도 {score}", "{where} · relevance {score}"),
    "profile_waiting": ("프로필을 준비하는 중입니다… 잠시만 기다려 주세요.", "Preparing the profile… one moment."),
    "shared_bad_plain": (
        "공유 링크가 잘렸거나 손상되어 열 수 없으니, 보낸 사람에게 링크 전체를 다시 받아 열어 주세요.",
        "This share link is cut short or damaged and cannot be opened — ask the sender for the whole link again.",
    ),
    "equivalent_regions_note": (
        "**분야 수준의 답**: 보고서가 이 분야에서 다음 지역들을 서로 구분하지 않으므로(어느 곳이든 근거가 같습니다) "
        "지역 하나를 고르지 않았습니다 — {regions}",
        "**A sector-level answer**: the reports do not tell these regions apart for this sector (the evidence is the "
        "same for each), so no single region is picked — {regions}",
    ),
    # the summary table's column labels (issue 18 item 7, ui2): short in English so the table fits 1,100 px; the
    # full name opens the column's help
    "col_confidence": ("신뢰도", "Conf."),
    "col_robustness": ("강건성", "Robust"),
    "col_data_scope": ("자료 범위", "Scope"),
    "col_confidence_help": (
        "신뢰도: 프로필 뒤에 근거가 얼마나 있는지 (지역 고유 사실이 많을수록 높음)",
        "Confidence: how much evidence stands behind the profile (more region-specific facts, higher)",
    ),
    "col_robustness_help": (
        "강건성: 가중치를 조금씩 바꿔 200번 다시 계산했을 때 이 기회가 상위 목록에 남은 비율",
        "Robustness: the share of 200 slightly perturbed weightings under which this opportunity stays in the top "
        "list",
    ),
    "col_data_scope_help": (
        "자료 범위: ‘전국 자료만’이면 이 지역·분야에 대한 지역 자료가 없어 중국 전국 자료로 점수를 매겼고, 다른 지역과 "
        "구별되지 않습니다.",
        "Data scope: 'national data only' means the reports say nothing specific about this region in this sector, "
        "so the score rests on national data and does not tell this region apart from others.",
    ),
    # a firm file's firms whose capabilities could not be estimated at all (issue 18 item 7, ui2)
    "inferred_nothing": (
        "역량을 추정하지 못한 기업 {n}곳 ({rows}행): 역량 점수가 없고, 업종코드와 ‘{column}’ 열({examples})에서 17개 "
        "역량 중 어느 것도 찾지 못해 추천이 나오지 않습니다. 고치려면 이 행에 역량 점수(0–5)를 직접 넣거나, "
        "‘{column}’에 주요 제품·서비스를 구체적으로(예: ‘온라인 쇼핑몰 운영’, ‘e-commerce platform’) 적으세요. "
        "보고서가 다루지 않는 업종(섬유 등)이라면 그대로 두어도 됩니다.",
        "{n} firm(s) with no capability estimate (rows {rows}): they give no capability score, and neither the "
        "industry code nor the '{column}' column ({examples}) names any of the 17 capabilities, so they can match "
        "nothing. To fix: give capability scores (0–5) on these rows, or describe the main products or services "
        "more concretely in '{column}' (e.g. '온라인 쇼핑몰 운영', 'e-commerce platform'). For an industry the reports "
        "do not cover (textiles, say) you can leave it as it is.",
    ),
    "rows_more": (" 외 {n}행", " and {n} more"),
    "mapping_ignored": (
        "읽지 않은 열: {cols} — 기업 항목(예: 역량 점수)이라면 위 ‘열 매핑’에서 항목을 고르세요. 그대로 두면 결과 파일에 "
        "원래 값 그대로 붙습니다.",
        "Columns not read: {cols} — if one is a firm field (a capability score, say), pick it under 'Column mapping' "
        "above; left as they are, they are carried into the result files unchanged.",
    ),
    "rows_more_cols": (" 외 {n}개", " and {n} more"),
    "scope_sector_level": ("분야 수준", "sector level"),
}
