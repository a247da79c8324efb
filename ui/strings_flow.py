"""Strings for the decision display, save/share/compare/print and the flow fixes (issue 10, items 1, 6, 7):
``key: (ko, en)``, merged into :data:`ui.strings.STRINGS`. Same placeholders in both languages (tested)."""

FLOW_STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- empty firm, form box
    "empty_firm": (
        "역량이 모두 0이라 추천할 수 없습니다. **보유 역량**에서 귀사가 잘하는 분야를 1~5로 표시하세요 — 적어도 한 "
        "분야는 **3(경쟁력 있음) 이상**이어야 그 분야의 기회가 열립니다. 예: AI 소프트웨어 기업이면 ‘AI·소프트웨어’를 4로.",
        "All capabilities are 0, so nothing can be recommended. Under **Capabilities**, rate what your firm does well "
        "from 1 to 5 — at least one at **3 (competitive) or more** opens that sector's opportunities. E.g. an AI "
        "software firm sets 'AI & software' to 4.",
    ),
    "form_box_new": ("기업 정보 입력", "Enter your firm"),
    "form_box_done": ("기업 정보: {firm} — 수정하려면 펼치세요", "Firm: {firm} — open to edit"),
    # ---------------------------------------------------------------- coverage, ties, national-only
    "coverage_none_title": ("맞는 기회 없음", "No matching opportunity"),
    "coverage_weak_title": ("근거 약함 — 주의해서 읽으세요", "Weak evidence — read with care"),
    "near_misses": ("가장 가까운 기회와 부족한 점", "Closest opportunities and what is missing"),
    "nm_region": ("지역", "Region"),
    "nm_sector": ("분야", "Sector"),
    "nm_missing": ("필요한 것", "What it takes"),
    "nm_caps": ("핵심 역량 중 하나를 {level} 이상으로: {caps}", "one core capability at level {level} or more: {caps}"),
    "nm_route": (
        "역량은 맞지만, 귀사에 열린 진입 방식이 이 지역에 기록되어 있지 않음 (규모·경험·투자 여력 조건)",
        "The capabilities fit, but no entry mode open to your firm is documented there (size, experience, investment)",
    ),
    "national_only": ("전국 자료만", "national data only"),
    "national_only_help": (
        "이 지역·분야에 대한 지역 자료가 없어 중국 전국 자료로 점수를 매겼습니다. 다른 지역과 구별되지 않습니다.",
        "The reports say nothing specific about this region in this sector: the score rests on national data and "
        "does not tell this region apart from others.",
    ),
    "data_scope": ("자료 범위", "Data scope"),
    "scope_region": ("지역 자료", "regional data"),
    # ---------------------------------------------------------------- precedents
    "tab_precedents": ("비슷한 사례 ({n})", "Similar cases ({n})"),
    "precedents_intro": (
        "보고서가 기록한 실제 진출·협력 사례입니다. 같은 분야·지역이나 같은 진입 방식의 사례를 보여 줍니다.",
        "Real entries and partnerships the reports describe, in the same sector, region or entry mode.",
    ),
    "no_precedents": ("보고서에 기록된 비슷한 사례가 없습니다.", "The reports describe no similar case."),
    "precedent_korean": ("한국 기업·기관", "Korean firm or institution"),
    "precedent_where": ("{region} · {sector} · {strategy}", "{region} · {sector} · {strategy}"),
    "all_china": ("중국 전역", "China (no one region)"),
    # ---------------------------------------------------------------- strategy tab
    "strategy_scores": (
        "규칙 점수 {rule} · 순위 점수 {ranking} (규칙 점수에 보고서가 밝힌 우선순위를 더한 값)",
        "rule score {rule} · ranking score {ranking} (the rule score plus the reports' stated preference)",
    ),
    "open_here_because": ("이 지역에서 가능한 이유", "Open here because"),
    # ◇ (risk31, panel 34 F04): a dated 2018 reading of an opening, shown but not counted in the score
    "conditions_title": ("조건 (✔ 충족 · ½ 일부 · ✗ 미충족 · ○ 대안 · ⚠ 보고된 제약 · ◇ 점수에 넣지 않은 2018년 판단)",
                         "Conditions (✔ met · ½ partly · ✗ not met · ○ alternative · ⚠ reported restriction · "
                         "◇ a 2018 judgement shown, not scored)"),
    "cond_alternative": (
        "역량 조건은 하나만 충족하면 됩니다 — 다른 역량 조건이 충족되어 점수에서 빠지지 않습니다",
        "capability conditions are alternatives — another one is met, so this costs no points",
    ),
    "cond_threshold": ("{name} {op} {value}, 보유 {have}", "{name} {op} {value}, you have {have}"),
    "cond_found_sector": ("이 지역·분야 자료에서 확인", "found in this region's sector facts"),
    "cond_found_indirect": ("전국·지역 전반 자료에서 간접 확인 (절반 반영)", "found indirectly in national or region-wide facts (half weight)"),
    "cond_component": ("이 기회의 {name} {op} {value}, 실제 {have}", "this opportunity's {name} {op} {value}, actual {have}"),
    "cond_not_found": ("자료에서 확인되지 않음", "not found in the data"),
    "cond_risk_note": (
        "보고된 제약입니다. 이 전략이 제약을 피해 가는 길이라 점수에는 유리하게 반영되지만, 위험으로 읽으세요.",
        "A reported restriction: this strategy routes around it, so it counts in the strategy's favour — but read it "
        "as a risk.",
    ),
    "runner_ups_scored": ("다른 후보 전략 (순위를 정한 점수)", "Runner-up strategies (the score that ranked them)"),
    "runner_up_line": ("{name}: 순위 점수 {ranking} (규칙 점수 {rule})", "{name}: ranking score {ranking} (rule score {rule})"),
    "not_available_here": ("이 지역에서는 불가능한 전략", "Strategies not available in this region"),
    "not_eligible_firm": ("귀사 조건으로는 어려운 전략", "Strategies your firm does not qualify for"),
    "yes": ("있음", "yes"),
    "no": ("없음", "no"),
    # ---------------------------------------------------------------- risks tab
    "risk_parts_title": ("위험 점수의 구성", "What the risk score is made of"),
    "risk_part_stated": ("보고서에 적힌 위험", "Risk the reports state"),
    "risk_part_national": ("전국 수준 위험", "National-level risk"),
    "risk_part_information": ("정보 부족 위험", "Information risk"),
    "risk_part_total": ("정보 위험을 더한 위험", "Risk with information risk"),
    "risk_parts_help": (
        "0~1, 높을수록 위험. 정보 위험은 보고서가 이 기회를 적게 다룰수록 커집니다: 모르는 것은 안전하지 않습니다.",
        "0–1, higher is riskier. Information risk grows the less the reports cover this opportunity: what is not "
        "known is not safe.",
    ),
    # ---------------------------------------------------------------- save, share, compare, print
    "save_share": ("저장·공유", "Save & share"),
    "dl_profile": ("기업 프로필 저장 (JSON)", "Save firm profile (JSON)"),
    "load_profile": ("저장한 프로필 불러오기 (JSON)", "Load a saved profile (JSON)"),
    "load_profile_help": ("불러오면 양식이 채워지고 바로 추천을 계산합니다.", "Loading fills the form and recommends at once."),
    "profile_loaded": ("프로필을 불러왔습니다: {firm}", "Profile loaded: {firm}"),
    "profile_bad": ("이 파일은 기업 프로필로 읽을 수 없습니다: {msg}", "This file cannot be read as a firm profile: {msg}"),
    "share_link": ("공유 링크 만들기", "Make a share link"),
    "share_help": (
        "기업 정보와 가중치를 주소에 담습니다. 주소를 복사해 보내면 같은 기업·가중치로 열립니다. (기업 정보가 주소에 "
        "들어가므로 민감한 경우 JSON 파일로 공유하세요.)",
        "Puts the firm and the weights into the address. Copy and send it: it opens with the same firm and weights. "
        "(The firm's data is in the address — share the JSON file instead if that is sensitive.)",
    ),
    "share_ready": ("아래 주소를 복사하세요 (주소창에도 들어 있습니다):", "Copy this address (it is also in the address bar):"),
    "shared_loaded": ("공유 링크의 기업과 가중치를 불러왔습니다.", "The firm and weights from the shared link are loaded."),
    "shared_bad": ("공유 링크를 읽을 수 없어 무시했습니다: {msg}", "The shared link could not be read and was ignored: {msg}"),
    "compare": ("두 기회 비교", "Compare two opportunities"),
    "compare_pick": ("비교할 기회", "Opportunity"),
    "compare_same": ("서로 다른 두 기회를 고르세요.", "Pick two different opportunities."),
    "compare_components": ("점수 구성", "Score components"),
    "compare_strategy": ("진입 전략", "Entry strategy"),
    "compare_risks": ("위험", "Risks"),
    "compare_evidence": ("근거", "Evidence"),
    "print_view": ("인쇄용 보기", "Print view"),
    "print_help": (
        "사이드바와 입력 위젯을 숨기고 모든 추천의 내용을 펼쳐 보여 줍니다. 브라우저의 인쇄(Ctrl+P)로 PDF를 만드세요.",
        "Hides the sidebar and the input widgets and lays every recommendation out in full. Use the browser's print "
        "(Ctrl+P) to make a PDF.",
    ),
    "print_title": ("한·중 협력 기회 추천 보고서: {firm}", "Korea–China cooperation opportunities report: {firm}"),
    "print_firm": ("기업 정보", "The firm"),
    "print_settings": ("가중치·방법·데이터", "Weights, method, data"),
    "print_value": ("입력값", "Value"),
    # ---------------------------------------------------------------- screening, method, TOPSIS
    "scr_min_score": ("최소 점수 (이 점수 미만은 목록에서 제외)", "Minimum score (firms below it are left out)"),
    "scr_min_score_help": (
        "0이면 모든 적합 기업을 보여 줍니다. 가중합(WSM) 점수는 0~1입니다.",
        "0 shows every qualifying firm. Weighted-sum (WSM) scores run 0–1.",
    ),
    "scr_not_covered": (
        "이 기회의 핵심 역량이나 진입 방식이 맞지 않는 기업 {n}곳, 이 지역을 제외한 기업 {excluded}곳은 목록에 없습니다.",
        "{n} firms lacking the sector's core capability or an open entry mode and {excluded} firms excluding the "
        "region are not listed.",
    ),
    "topsis_scale": (
        "TOPSIS 점수는 가중합과 눈금이 다릅니다: 이상적인 기회와 최악의 기회 사이에서 얼마나 이상에 가까운지(0~1)를 "
        "나타내므로, 같은 기회도 가중합보다 높게(예: 0.53 → 0.93) 나올 수 있습니다. 순위를 비교하고, 점수를 방법 "
        "사이에서 비교하지 마세요.",
        "TOPSIS scores are on a different scale from the weighted sum: they say how close an opportunity is to the "
        "ideal one relative to the worst (0–1), so the same opportunity can score much higher (e.g. 0.53 → 0.93). "
        "Compare ranks, not scores across methods.",
    ),
    "admin_box": ("관리자용: 데이터 다시 불러오기", "For administrators: reload the data"),
}
FLOW_STRINGS.update({
    "coverage_col": ("맞는 정도", "Coverage"),
    "coverage_ok": ("역량이 맞는 기회 있음", "matching opportunities found"),
    "coverage_weak": ("근거 약함", "weak evidence"),
    "coverage_none": ("맞는 기회 없음", "no match"),
})
FLOW_STRINGS.update({  # issue 20: what a shared link loaded, and each value it did not (ui/linkparse.py codes)
    "link_loaded_parts": ("공유 링크에서 불러왔습니다: {parts}.", "Loaded from the shared link: {parts}."),
    "link_partial": ("공유 링크에서 {parts}만 불러왔습니다. 불러오지 못한 것: {problems}",
                     "Only {parts} were loaded from the shared link. Not loaded: {problems}"),
    "link_part_firm": ("기업", "the firm"),
    "link_part_weights": ("가중치", "the weights"),
    "link_part_method": ("계산 방법", "the method"),
    "link_part_lang": ("언어", "the language"),
    "link_problem_firm": ("기업 ({reason})", "the firm ({reason})"),
    "link_problem_firm_damaged": ("기업 (링크가 잘렸거나 손상되었습니다)", "the firm (the link is cut short or damaged)"),
    "link_problem_preset": ("프리셋 '{value}' (conservative, balanced, growth, custom 중 하나여야 합니다)",
                            "the preset '{value}' (use conservative, balanced, growth or custom)"),
    "link_problem_w": ("가중치 w='{value}' ({reason})", "the weights w='{value}' ({reason})"),
    "link_problem_w_missing": ("가중치 (preset=custom인데 w가 없습니다)", "the weights (preset=custom but no w)"),
    "link_problem_method": ("계산 방법 '{value}' (wsm 또는 topsis)", "the method '{value}' (use wsm or topsis)"),
    "link_problem_lang": ("언어 '{value}' (ko 또는 en)", "the language '{value}' (use ko or en)"),
    "link_problem_link": ("링크 ({reason})", "the link ({reason})"),
    # issue 18 panel 9: the answer in three lines before the numbers; a weak row flagged in words
    "answer_summary": ("한눈에 보기 — 결론 · 이유 · 주의", "At a glance — answer · why · caveat"),
    "weak_mark": ("약한 근거 — 참고용", "weak — for reference only"),
    "runner_ups_after_first_step": ("이 첫 단계 다음에 택할, 보고서가 이 분야에 기록한 진입 방식 (순위를 정한 점수)",
                                    "After this first step: the entry modes the reports document for this sector "
                                    "(the score that ranked them)"),
})
