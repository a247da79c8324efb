"""Every label, message and chart title the app shows, in Korean (default) and English: ``key: (ko, en)``.

Placeholders use ``str.format`` names; both languages must use the same ones (tested).
"""

STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- app shell
    "app_title": ("한·중 협력 기회 추천", "Korea–China cooperation opportunities"),
    "nav_recommend": ("기업 맞춤 추천", "Recommendations for my firm"),
    "nav_screening": ("일괄 스크리닝", "Batch screening"),
    "nav_explore": ("기회 탐색", "Explore opportunities"),
    "nav_implications": ("보고서 시사점", "Report implications"),
    "nav_search": ("보고서 검색", "Report search"),
    "nav_method": ("방법·데이터", "Method & data"),
    "lang_toggle": ("English", "English"),
    "lang_help": ("화면의 모든 글을 영어로 바꿉니다.", "Switch every label, message and chart to English."),
    "sidebar_weights": ("가중치", "Weights"),
    "preset": ("가중치 프리셋", "Weight preset"),
    "preset_help": (
        "안정형은 역량 적합과 낮은 위험, 성장형은 시장 수요를 중시합니다. 아래 슬라이더로 직접 조정할 수도 있습니다.",
        "Conservative favours capability fit and low risk, growth favours market demand. "
        "You can also set the sliders below yourself.",
    ),
    "preset_conservative": ("안정형", "Conservative"),
    "preset_balanced": ("균형형", "Balanced"),
    "preset_growth": ("성장형", "Growth"),
    "preset_custom": ("사용자 정의", "Custom"),
    "w_fit": ("역량 적합", "Capability fit"),
    "w_policy": ("정책 지원", "Policy support"),
    "w_demand": ("시장 수요", "Market demand"),
    "w_risk": ("낮은 위험", "Low risk"),
    "w_fit_help": ("기업 역량이 그 분야에 필요한 역량을 얼마나 채우는지", "How far your capabilities cover what the sector needs"),
    "w_policy_help": ("지역 정부의 계획·시범지구·자금 지원의 강도", "Strength of the region's plans, pilot zones and funding"),
    "w_demand_help": ("시장 규모, 선도 기업, 프로젝트, 협력 수요", "Market size, anchor firms, projects, demand for cooperation"),
    "w_risk_help": (
        "진입 장벽·규제 위험이 낮을수록 점수가 오릅니다 (기업의 중국 경험과 위험 성향으로 조정)",
        "Lower barriers and regulatory risk raise the score (adjusted for your China experience and risk appetite)",
    ),
    "weights_normalised": ("합계 1로 환산: {weights}", "Normalised to sum 1: {weights}"),
    "weights_all_zero": (
        "가중치가 모두 0입니다. 하나 이상을 0보다 크게 하세요. 지금은 균형형 가중치를 씁니다.",
        "All weights are zero. Give at least one a positive value; the balanced preset is used for now.",
    ),
    "method": ("집계 방법", "Aggregation method"),
    "method_help": (
        "가중합(WSM)이 기본입니다. TOPSIS는 이상적인 기회와의 거리로 순위를 매깁니다.",
        "The weighted sum (WSM) is the default. TOPSIS ranks by distance to the ideal opportunity.",
    ),
    "method_wsm": ("가중합 (WSM)", "Weighted sum (WSM)"),
    "method_topsis": ("TOPSIS", "TOPSIS"),
    "sidebar_data": ("데이터 {version} · {period}년 보고서 기준", "Data {version} · from {period} reports"),
    "vintage_short": (
        "점수는 {period}년 발간 보고서에 근거합니다 (기준연도 {vintage}). 현재 상황과 다를 수 있습니다.",
        "Scores rest on reports published in {period} (vintage {vintage}); conditions may have changed since.",
    ),
    "vintage_warning": (
        "이 결과는 **{period}년에 발간된 보고서**(기준연도 {vintage})에 근거합니다. 정책·시장·규제는 그 뒤 바뀌었을 수 있으니 "
        "최신 정보로 확인한 뒤 활용하세요. 데이터 버전 `{version}`.",
        "These results rest on **reports published in {period}** (vintage {vintage}). Policy, markets and rules may have "
        "changed since: check current sources before acting. Data version `{version}`.",
    ),
    "data_error": (
        "데이터를 불러오지 못했습니다. 데이터 파일을 고친 뒤 페이지를 새로 고치세요. 원인: {msg}",
        "The data could not be loaded. Fix the data files and reload the page. Cause: {msg}",
    ),
    "unexpected_error": (
        "죄송합니다. 이 부분을 표시하는 중 문제가 생겼습니다 ({kind}). 입력을 바꾸거나 페이지를 새로 고쳐 보세요. "
        "문제가 계속되면 관리자에게 이 시각과 함께 알려 주세요.",
        "Sorry, something went wrong while showing this part ({kind}). Change the input or reload the page; "
        "if it persists, tell the maintainers when it happened.",
    ),
    # ---------------------------------------------------------------- common labels
    "rank": ("순위", "Rank"),
    "region": ("지역", "Region"),
    "sector": ("분야", "Sector"),
    "strategy": ("진입 전략", "Entry strategy"),
    "score": ("점수", "Score"),
    "fit": ("역량 적합", "Fit"),
    "policy": ("정책", "Policy"),
    "demand": ("수요", "Demand"),
    "risk": ("위험", "Risk"),
    "confidence": ("신뢰도", "Confidence"),
    "robustness": ("강건성", "Robustness"),
    "vintage": ("기준연도", "Vintage"),
    "firm_id": ("기업ID", "Firm ID"),
    "firm_name": ("기업명", "Firm name"),
    "firms": ("기업 수", "Firms"),
    "evidence": ("근거", "Evidence"),
    "implications": ("시사점", "Implications"),
    "value": ("값", "Value"),
    "weight": ("가중치", "Weight"),
    "all": ("전체", "All"),
    "choose": ("선택하세요", "Choose"),
    "in_use": ("사용 중", "in use"),
    "lines": ("행", "lines"),
    "help_confidence": (
        "프로필 뒤에 근거가 얼마나 있는지 (지역 고유 사실이 많을수록 높음)",
        "How much evidence stands behind the profile (more region-specific facts, higher)",
    ),
    "help_robustness": (
        "가중치와 데이터를 조금씩 바꿔 200번 다시 계산했을 때 이 기회가 상위 추천 목록(요청한 개수)에 남은 비율",
        "Share of 200 small perturbations of the weights and the data under which this opportunity stays in the top "
        "list (the number you asked for)",
    ),
    "help_score": ("0–1, 높을수록 유망 ({period}년 보고서 기준)", "0–1, higher is more promising ({period} reports)"),
    # ---------------------------------------------------------------- page 1: recommend
    "rec_title": ("기업 맞춤 추천", "Recommendations for my firm"),
    "rec_intro": (
        "기업의 역량과 여건을 입력하면 어느 지역에서(where), 어떤 분야로(what), 어떤 방식으로(how) 중국에 진출할지 "
        "추천하고, 근거가 된 보고서 문장을 함께 보여 줍니다.",
        "Describe your firm and get where (Chinese region), in which sector (what) and how (entry strategy) to enter "
        "China, with the report passages behind every recommendation.",
    ),
    "input_mode": ("입력 방식", "Input"),
    "mode_form": ("직접 입력", "Fill in a form"),
    "mode_upload": ("파일 업로드", "Upload a firm file"),
    "form_basics": ("기본 정보", "Basics"),
    "form_china": ("중국 경험과 투자 여건", "China experience and means"),
    "form_prefs": ("성향과 지역", "Appetite and regions"),
    "form_caps": ("역량", "Capabilities"),
    "f_firm_id": ("기업ID", "Firm ID"),
    "f_firm_id_help": ("결과와 내려받기 파일에 표시될 식별자입니다. 비워 둘 수 없습니다.", "An identifier shown on results and downloads; required."),
    "f_name": ("기업명", "Firm name"),
    "f_employees": ("종업원 수 (명)", "Employees"),
    "f_revenue": ("매출액 (억원)", "Revenue (KRW 100m, 억원)"),
    "f_china_years": ("중국 사업 경험 (년)", "Years of business in China"),
    "f_china_entity": ("중국 현지 법인이 있음", "Has a legal entity in China"),
    "form_entity": ("중국 현지 법인", "Legal entity in China"),
    "f_entity_region": ("법인이 있는 지역", "Where the entity is"),
    "f_entity_region_help": ("답이 법인을 언급할 때 이 지역을 밝히고, 답의 지역과 다르면 그렇게 말합니다. 점수는 바뀌지 않습니다.",
                             "The answer names this region where it cites the entity, and says so when the answer's "
                             "region is elsewhere. Scores do not change."),
    "f_chinese_staff": ("중국어 가능 인력 (명)", "Chinese-speaking staff"),
    "f_investment": ("투자 여력 (억원)", "Investment capacity (KRW 100m, 억원)"),
    "f_investment_help": ("중국 사업에 쓸 수 있는 자금 규모", "Funds you could commit to a China venture"),
    "f_certs": ("보유 인증 (쉼표나 ;로 구분)", "Certifications (separate with , or ;)"),
    "f_certs_help": ("예: ISO9001; CE; NMPA. 일부 진입 전략은 특정 인증이 필요합니다.",
                     "e.g. ISO9001; CE; NMPA. Some entry strategies require a certification."),
    "f_risk": ("위험 성향", "Risk appetite"),
    "f_risk_help": ("위험을 더 감수할수록 위험한 기회의 점수가 덜 깎입니다.", "The more risk you accept, the less risky opportunities are penalised."),
    "risk_low": ("낮음 (안정 추구)", "Low (play safe)"),
    "risk_medium": ("보통", "Medium"),
    "risk_high": ("높음 (기회 추구)", "High (seek opportunity)"),
    "f_horizon": ("투자 기간 (년)", "Investment horizon (years)"),
    "f_horizon_help": ("성과를 기다릴 수 있는 기간. 정부 프로젝트처럼 긴 호흡의 전략은 긴 기간이 필요합니다.",
                       "How long you can wait for results; long-haul strategies such as government projects need more."),
    "f_preferred": ("선호 지역 (선택)", "Preferred regions (optional)"),
    "f_preferred_help": ("선호 지역에는 작은 가산점(5%)이 붙습니다.", "Preferred regions get a small bonus (5%)."),
    "f_excluded": ("제외 지역 (선택)", "Excluded regions (optional)"),
    "f_excluded_help": ("제외한 지역은 추천하지 않습니다.", "Excluded regions are never recommended."),
    "submit": ("추천 받기", "Get recommendations"),
    "load_sample": ("예시 기업 불러오기", "Load an example firm"),
    "load_sample_help": ("data/samples/firm.json의 예시 AI 기업으로 양식을 채웁니다.", "Fill the form with the example AI firm (data/samples/firm.json)."),
    "reset_form": ("양식 비우기", "Clear the form"),
    "rec_fill_form": ("양식을 채우고 **추천 받기**를 누르세요.", "Fill in the form and press **Get recommendations**."),
    "rec_upload": ("기업 파일 (JSON, CSV, XLSX)", "Firm file (JSON, CSV, XLSX)"),
    "rec_upload_help": (
        "한 행(또는 JSON 객체)이 한 기업입니다. 한글 열 이름(기업ID, 종업원수 …)도 인식합니다.",
        "One row (or JSON object) per firm. Korean headers (기업ID, 종업원수 …) are recognised.",
    ),
    "rec_upload_prompt": ("기업 파일을 올리면 그 기업에 대한 추천을 보여 줍니다.", "Upload a firm file to see recommendations for it."),
    "rec_pick_firm": ("추천할 기업", "Firm to recommend for"),
    "to_form": ("이 기업을 양식으로 가져와 고치기", "Edit this firm in the form"),
    "top_n": ("추천 개수", "Number of recommendations"),
    "form_invalid": ("입력값을 확인하세요.", "Please check the input."),
    "results_title": ("추천 결과: {firm}", "Recommendations for {firm}"),
    "results_weights": ("가중치 {weights} · 방법 {method} · 프리셋 {preset}", "Weights {weights} · method {method} · preset {preset}"),
    "readiness": ("중국 진출 준비도 {value}", "China readiness {value}"),
    "readiness_help": (
        "중국 경험·현지 법인·중국어 인력·투자 여력으로 계산한 0–1 값. 높을수록 체감 위험이 줄어듭니다.",
        "0–1 from China experience, local entity, Chinese-speaking staff and investment capacity; higher lowers the risk you face.",
    ),
    "no_results": (
        "추천할 기회가 없습니다. 제외 지역을 줄여 보세요.",
        "No opportunity left to recommend: exclude fewer regions.",
    ),
    "downloads": ("내려받기", "Downloads"),
    "dl_xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "dl_csv": ("CSV (UTF-8)", "CSV (UTF-8)"),
    "dl_md": ("보고서 (Markdown)", "Report (Markdown)"),
    "dl_html": ("보고서 (HTML)", "Report (HTML)"),
    "dl_help": ("가중치, 데이터 버전, 근거 인용이 함께 들어 있습니다.", "Includes the weights, data version and cited evidence."),
    "tab_score": ("점수 구성", "Score"),
    "tab_caps": ("역량 비교", "Capabilities"),
    "tab_strategy": ("왜 이 전략인가", "Why this strategy"),
    "tab_risks": ("위험", "Risks"),
    "tab_impl": ("시사점", "Implications"),
    "tab_evidence": ("근거 인용", "Evidence"),
    "chart_contrib": ("점수 구성: 요소별 가중 기여 ({period}년 보고서 기준)", "Score build-up: weighted contribution per component ({period} reports)"),
    "chart_components": ("요소 값 (TOPSIS, {period}년 보고서 기준)", "Component values (TOPSIS, {period} reports)"),
    "contribution": ("기여", "Contribution"),
    "component": ("요소", "Component"),
    "component_value": ("요소 값", "Component value"),
    "risk_as_low": ("낮은 위험 (1 − 위험)", "Low risk (1 − risk)"),
    "reasons": ("이 지역·분야를 뒷받침하는 사실", "Facts behind this region and sector"),
    "chart_caps": ("보유 역량과 분야가 요구하는 역량", "Your capabilities against what the sector needs"),
    "capability": ("역량", "Capability"),
    "have": ("보유", "You have"),
    "need": ("요구", "Sector needs"),
    "status": ("상태", "Status"),
    "status_matched": ("충족", "Matched"),
    "status_partial": ("일부 충족", "Partly"),
    "status_gap": ("없음", "Gap"),
    "caps_note": (
        "막대는 보유 역량, 검은 눈금은 분야가 요구하는 수준(1–5)입니다. 적합도 {fit}.",
        "Bars show your level, black ticks what the sector needs (1–5). Fit {fit}.",
    ),
    "strategy_rule_score": ("규칙 점수 {value}", "Rule score {value}"),
    "strategy_rule_help": (
        "충족한 조건의 가중치 합 ÷ 전체 조건 가중치. 자격을 갖춘 전략 중 가장 높은 것을 고릅니다.",
        "Weight of the conditions met ÷ weight of all conditions; the highest eligible strategy is chosen.",
    ),
    "conditions_met": ("충족한 조건", "Conditions met"),
    "conditions_unmet": ("충족하지 못한 조건", "Conditions not met"),
    "cond_firm": ("기업", "firm"),
    "cond_profile": ("지역·분야", "region & sector"),
    "cond_partial": ("(전국 단위 근거로 절반 반영)", "(half: national evidence only)"),
    "runner_ups": ("차선의 전략", "Runner-up strategies"),
    "not_eligible": ("자격 요건을 채우지 못한 전략", "Strategies you are not yet eligible for"),
    "strategy_evidence": ("이 전략의 근거", "Evidence for this strategy"),
    "strategy_risks": ("이 진입 방식의 위험", "Risks of this entry mode"),
    "profile_risks": ("이 지역·분야의 위험 요인 (보고서)", "Risk factors of this region and sector (reports)"),
    "risk_levels": ("위험(프로필) {profile} → 기업에 적용한 위험 {eff}", "Risk (profile) {profile} → risk for your firm {eff}"),
    "risk_levels_help": (
        "기업의 준비도와 위험 성향을 반영하면 체감 위험이 달라집니다.",
        "Your readiness and risk appetite change the risk you face.",
    ),
    "no_profile_risks": ("보고서에 이 지역·분야의 위험 사실이 없습니다.", "The reports state no risk fact for this region and sector."),
    "level": ("수준", "Level"),
    "no_implications": ("이 기회에 해당하는 시사점이 없습니다.", "No implication applies to this opportunity."),
    "audience_firms": ("기업", "Firms"),
    "audience_government": ("정부", "Government"),
    "audience": ("대상", "Audience"),
    "quote_source": ("{title} · {publisher} · {published} · {lines_label} {start}–{end}",
                     "{title} · {publisher} · {published} · {lines_label} {start}–{end}"),
    "more_evidence": ("근거 {n}건 더 보기", "Show {n} more citations"),
    "quotes_note": (
        "인용문은 저장된 보고서 파일의 해당 행에서 그대로 읽어 온 것입니다.",
        "Quotes are read from the cited lines of the stored report files.",
    ),
    "open_profile": ("프로필 자세히 보기", "Open the profile"),
    # ---------------------------------------------------------------- uploads and validation
    "upload_unusable": ("파일을 쓸 수 없습니다: {msg}", "The file cannot be used: {msg}"),
    "upload_unusable_fix": (
        "고치는 방법: 첫 행에 열 이름(적어도 기업ID 또는 firm_id)을 두고, 한 행에 한 기업씩 적어 CSV(UTF-8 또는 CP949)나 "
        "XLSX로 저장하세요. **양식 내려받기**로 받은 파일을 채워도 됩니다.",
        "How to fix: put column names in the first row (at least firm_id or 기업ID), one firm per row, and save as CSV "
        "(UTF-8 or CP949) or XLSX. You can also fill in the **template**.",
    ),
    "validation_title": ("검증 결과", "Validation report"),
    "received": ("받은 행", "Rows received"),
    "accepted": ("통과", "Accepted"),
    "rejected": ("거부된 행", "Rejected rows"),
    "all_accepted": ("모든 행이 통과했습니다.", "Every row was accepted."),
    "some_rejected": (
        "{n}개 행이 거부되었습니다. 아래 표의 행 번호와 열을 보고 고친 뒤 다시 올리세요. 나머지 행은 그대로 분석합니다.",
        "{n} rows were rejected. Fix them using the row numbers and columns below and upload again; the other rows "
        "are analysed as they are.",
    ),
    "none_accepted": ("통과한 행이 없습니다. 검증 결과를 보고 파일을 고치세요.", "No row was accepted: fix the file using the report."),
    "err_row": ("행 번호", "Row"),
    "err_column": ("열", "Column"),
    "err_reason": ("사유", "Reason"),
    "err_fix": ("고치는 방법", "How to fix"),
    "dl_errors": ("거부된 행 내려받기 (CSV)", "Download rejected rows (CSV)"),
    "file_warnings": ("참고: {msg}", "Note: {msg}"),
    "fix_firm_id_empty": ("기업ID를 채우세요.", "Fill in the firm ID."),
    "fix_firm_id_dup": ("기업ID가 다른 행과 겹칩니다. 고유한 ID로 바꾸세요.", "The firm ID repeats another row: make it unique."),
    "fix_number": ("0 이상의 숫자를 적으세요 (천 단위 쉼표 허용).", "Write a number of 0 or more (thousands commas allowed)."),
    "fix_integer": ("0 이상의 정수를 적으세요.", "Write a whole number of 0 or more."),
    "fix_capability": ("0–5 사이의 정수를 적으세요 (빈칸은 0).", "Write a whole number from 0 to 5 (blank means 0)."),
    "fix_bool": ("예/아니오 또는 true/false로 적으세요.", "Write yes/no (예/아니오) or true/false."),
    "fix_risk": ("낮음/보통/높음 또는 low/medium/high로 적으세요.", "Write low, medium or high (낮음/보통/높음)."),
    "fix_regions": ("CN-BJ 같은 지역 코드나 베이징 같은 이름을 ;로 구분해 적으세요.",
                    "Write region ids such as CN-BJ or names such as Beijing, separated by ;."),
    "fix_other": ("사유를 보고 값을 고치세요.", "Correct the value as the reason says."),
    # ---------------------------------------------------------------- page 2: screening
    "scr_title": ("일괄 스크리닝", "Batch screening"),
    "scr_intro": (
        "회원사 목록을 올리면 기업마다 상위 기회를, 기회마다 맞는 기업을, 그리고 전체 분포(코호트)를 보여 줍니다.",
        "Upload a list of member firms to get each firm's top opportunities, the firms that fit each opportunity, "
        "and a cohort overview.",
    ),
    "scr_upload": ("기업 목록 (CSV: UTF-8·BOM·CP949, XLSX, JSON)", "Firm list (CSV: UTF-8, BOM or CP949; XLSX; JSON)"),
    "scr_upload_prompt": ("기업 목록 파일을 올리세요. 양식이 필요하면 위의 「양식 내려받기」를 누르세요.",
                          "Upload a firm list. Use “Download the template” above if you need one."),
    "dl_template": ("양식 내려받기 (CSV, 한글 열 이름)", "Download the template (CSV, Korean headers)"),
    "mapping_title": ("열 매핑", "Column mapping"),
    "mapping_help": (
        "파일의 열이 어떤 항목인지 자동으로 맞췄습니다 (한글 별칭 포함). 틀린 곳만 고치세요. '사용 안 함'인 열은 무시합니다.",
        "Each column was matched to a field automatically (Korean aliases included). Fix only what is wrong; "
        "columns set to 'not used' are ignored.",
    ),
    "mapping_unused": ("사용 안 함", "not used"),
    "mapping_summary": ("{mapped}개 열 인식 · {ignored}개 열 무시", "{mapped} columns mapped · {ignored} ignored"),
    "header_guessed": (
        "기업ID 열을 알아보지 못해 첫 행을 열 이름으로 읽었습니다. 아래 열 매핑에서 기업ID 열을 골라 주세요.",
        "No firm ID column was recognised, so the first row was read as the header. Pick the firm ID column in the "
        "mapping below.",
    ),
    "mapping_no_id": ("기업ID(firm_id) 열을 지정하세요. 매핑에서 한 열을 '기업ID'로 고르면 됩니다.",
                      "Choose the firm ID column: set one column to 'Firm ID' in the mapping."),
    "mapping_dup": ("'{field}' 항목에 여러 열이 지정되었습니다: {cols}. 하나만 남기세요.",
                    "Several columns are mapped to '{field}': {cols}. Keep only one."),
    "scr_top": ("기업당 추천 개수", "Opportunities per firm"),
    "scr_run": ("스크리닝 실행", "Run the screening"),
    "scr_press_run": ("설정을 확인하고 **스크리닝 실행**을 누르세요.", "Check the settings and press **Run the screening**."),
    "scr_progress": ("기업 {done:,} / {total:,} 처리 중…", "Scoring firms {done:,} / {total:,}…"),
    "scr_done": ("{firms:,}개 기업을 분석했습니다 ({seconds:.1f}초).", "Screened {firms:,} firms ({seconds:.1f} s)."),
    "tab_per_firm": ("기업별 추천", "Per firm"),
    "tab_per_opp": ("기회별 적합 기업", "Per opportunity"),
    "tab_cohort": ("코호트 히트맵", "Cohort heatmap"),
    "firm_filter": ("기업ID 또는 기업명으로 찾기", "Find by firm ID or name"),
    "rows_shown": ("{shown:,}행 표시 (전체 {total:,}행은 내려받기로)", "Showing {shown:,} rows (all {total:,} in the downloads)"),
    "opp_summary": ("기회별로 상위 목록에 이 기회가 든 기업 수", "For each opportunity: how many firms have it in their top list"),
    "opp_shortlist": ("{opp}에 맞는 기업 (모든 기업 중 상위 {n})", "Firms that fit {opp} (top {n} of all firms)"),
    "best_score": ("최고 점수", "Best score"),
    "mean_score": ("평균 점수", "Mean score"),
    "example_firms": ("예시 기업", "Example firms"),
    "chart_cohort": ("코호트: 기회가 상위 목록에 든 기업 수 ({period}년 보고서 기준)",
                     "Cohort: firms with the opportunity in their top list ({period} reports)"),
    "dl_results_xlsx": ("결과 Excel (XLSX)", "Results (XLSX)"),
    "dl_results_csv": ("결과 CSV (UTF-8)", "Results (CSV, UTF-8)"),
    "dl_prepare_xlsx": ("결과 Excel 만들기", "Prepare the Excel file"),
    "dl_preparing": ("Excel 파일 작성 중… {done:,}/{total:,}행", "Writing the Excel file… {done:,}/{total:,} rows"),
    "dl_shortlist_csv": ("이 기회의 기업 목록 CSV", "This opportunity's firms (CSV)"),
    "dl_shortlist_xlsx": ("이 기회의 기업 목록 Excel", "This opportunity's firms (Excel)"),
    # ---------------------------------------------------------------- page 3: explore
    "exp_title": ("기회 탐색", "Explore opportunities"),
    "exp_intro": (
        "지역 × 분야마다 보고서에서 뽑은 정책 지원, 시장 수요, 위험을 비교합니다. 값은 0–1이며 근거가 된 사실과 문장을 "
        "프로필에서 볼 수 있습니다.",
        "Compare policy support, market demand and risk for every region × sector, scored 0–1 from the reports. "
        "The profile shows the facts and passages behind each value.",
    ),
    "tab_heatmap": ("히트맵", "Heatmaps"),
    "tab_map": ("지도", "Map"),
    "tab_profile": ("프로필", "Profile"),
    "heat_metric": ("지표", "Measure"),
    "chart_heat": ("{metric}: 지역 × 분야 (0–1, {period}년 보고서 기준)", "{metric}: region × sector (0–1, {period} reports)"),
    "heat_note_risk": ("위험은 높을수록 진입이 어렵다는 뜻입니다.", "Higher risk means a harder entry."),
    "heat_note_conf": ("신뢰도가 낮은 칸은 근거가 적어 값이 불확실합니다.", "Cells with low confidence rest on little evidence."),
    "map_sector": ("분야", "Sector"),
    "map_all_sectors": ("모든 분야 (가장 높은 값)", "All sectors (highest value)"),
    "map_metric": ("표시할 값", "Value shown"),
    "map_my_score": ("우리 기업의 점수", "My firm's score"),
    "chart_map": ("{metric} · {sector} (성·직할시·자치구별, {period}년 보고서 기준)",
                  "{metric} · {sector} by province ({period} reports)"),
    "map_note": (
        "성 경계는 Apache ECharts 4.9.0의 중국 지도(Apache-2.0)를 앱에 담아 오프라인으로 그립니다. 회색은 보고서에 "
        "프로필이 없는 지역, 옅은 색은 지역 고유 사실 없이 전국 자료만으로 계산한 값, ◆는 서울(참고)입니다. "
        "지역이나 오른쪽 순위 막대를 클릭하거나 아래 목록에서 고르면 그 지역의 프로필이 열립니다.",
        "Province outlines come from Apache ECharts 4.9.0's China map (Apache-2.0), shipped with the app and drawn "
        "offline. Grey: no profile in the reports; washed-out colour: national data only, no region-specific fact; "
        "◆: Seoul for reference. Click a province or a bar of the ranking, or choose one in the list below, to open "
        "its profile.",
    ),
    "map_no_profile": ("프로필 없음", "No profile"),
    "map_ranked": ("지역 순위", "Ranking"),
    "map_open": ("지역 프로필 열기", "Open a region's profile"),
    "map_open_placeholder": ("지역을 고르세요", "Choose a region"),
    "name_ko": ("한국어 이름", "Korean name"),
    "name_en": ("영어 이름", "English name"),
    "evidence_scope": ("근거", "Evidence"),
    "scope_region_specific": ("지역 고유 사실 있음", "region-specific facts"),
    "scope_national_only": ("전국 자료만", "national data only"),
    "heat_national_legend": ("전국 자료만 (지역 고유 사실 없음)", "National data only (no region-specific fact)"),
    "heat_note_national": (
        "회색으로 덮인 칸은 그 지역에 관한 고유 사실 없이 전국 단위 자료만으로 계산한 값입니다. 지역 간 차이를 "
        "보여 주지 않으며 신뢰도가 낮습니다.",
        "Greyed cells rest on national facts only, with no fact about the region itself: they show no regional "
        "difference and carry low confidence.",
    ),
    "map_no_firm": ("'우리 기업의 점수'는 기업 맞춤 추천에서 기업을 입력한 뒤 쓸 수 있습니다.",
                    "'My firm's score' is available after you enter a firm under Recommendations."),
    "seoul": ("서울 (참고)", "Seoul (reference)"),
    "main_city": ("중심 도시", "Main city"),
    "profile_region": ("지역", "Region"),
    "profile_sector": ("분야", "Sector"),
    "profile_header": ("{region} · {sector}", "{region} · {sector}"),
    "profile_national_only": (
        "이 지역·분야에는 지역 고유 사실이 없어 전국 단위 사실로만 계산했습니다. 신뢰도가 낮습니다.",
        "No region-specific fact: computed from national facts only, so confidence is low.",
    ),
    "chart_indicators": ("지표별 점수 (0–1)", "Indicator scores (0–1)"),
    "indicator": ("지표", "Indicator"),
    "dimension": ("차원", "Dimension"),
    "normalised": ("점수", "Score"),
    "raw": ("근거량", "Evidence mass"),
    "facts_title": ("근거가 된 사실 ({n}건)", "Facts behind the profile ({n})"),
    "fact_id": ("사실ID", "Fact ID"),
    "scope": ("범위", "Scope"),
    "scope_regional": ("지역", "regional"),
    "scope_national": ("전국", "national"),
    "strength": ("강도", "Strength"),
    "note": ("내용", "Statement"),
    "year": ("연도", "Year"),
    "fact_value": ("수치", "Figure"),
    "citation": ("인용 위치", "Citation"),
    "fact_quotes": ("사실의 원문 인용 보기", "Show the quotes behind the facts"),
    "passages_title": ("이 지역과 분야를 함께 언급한 보고서 문단", "Report passages naming this region and sector"),
    "no_passages": ("해당하는 문단이 없습니다.", "No matching passage."),
    # ---------------------------------------------------------------- page 4: implications
    "imp_title": ("보고서 시사점", "Report implications"),
    "imp_intro": (
        "보고서가 한국 기업과 정부에 권고한 내용을 분야·대상별로 정리했습니다.",
        "What the reports advise Korean firms and government, by sector and audience.",
    ),
    "imp_sector_filter": ("분야 (비우면 전체)", "Sectors (empty = all)"),
    "imp_text_filter": ("시사점 안에서 찾기", "Filter implications by text"),
    "imp_count": ("시사점 {n}건", "{n} implications"),
    "imp_matrix": ("분야 × 대상별 시사점 수", "Implications per sector and audience"),
    "imp_sectors": ("관련 분야", "Sectors"),
    "imp_regions": ("관련 지역", "Regions"),
    "imp_strategies": ("관련 진입 전략", "Entry strategies"),
    "imp_all_sectors": ("모든 분야", "all sectors"),
    "search_link": ("보고서 본문 검색 →", "Search the report text →"),
    # ---------------------------------------------------------------- page: report search
    "search_title": ("보고서 검색", "Report search"),
    "search_intro": (
        "{docs_period}년 보고서 {n_docs}건의 본문에서 문단을 찾습니다. 한국어 검색어가 가장 잘 맞고, 영어·중국어 검색어도 분야·지역 "
        "이름을 통해 한국어 문단을 찾습니다. 제목·그림 설명·각주는 뒤로 밀립니다.",
        "Finds passages in the text of the {n_docs} {docs_period} reports. Korean queries work best; English and Chinese queries "
        "also reach Korean passages through sector and region names. Headings, figure captions and footnotes are "
        "ranked lower.",
    ),
    "search_query": ("검색어 (예: 자율주행 시범구역, 항저우 시티브레인, 인터넷병원)",
                     "Query (e.g. 자율주행 시범구역, smart city Hangzhou, 互联网医院)"),
    "search_doc": ("문서", "Document"),
    "search_all_docs": ("모든 문서", "All documents"),
    "search_top": ("결과 수", "Results"),
    "search_hint": ("검색어를 입력하세요. 예: 외국인 투자 제한 · 바이두 아폴로 · 5G 상용화",
                    "Type a query, e.g. 외국인 투자 제한 · Baidu Apollo · 5G 상용화"),
    "search_none": ("일치하는 문단이 없습니다. 다른 낱말로 찾아보세요.", "No matching passage: try other words."),
    "search_hits": ("{n}개 문단 (관련도 순)", "{n} passages (by relevance)"),
    "search_result": ("{rank}. {title} ({published})", "{rank}. {title} ({published})"),
    "search_lines": ("{doc_id} · {lines_label} {start}–{end} · 관련도 {score}",
                     "{doc_id} · {lines_label} {start}–{end} · relevance {score}"),
    # ---------------------------------------------------------------- page 5: method
    "met_title": ("방법·데이터", "Method & data"),
    "met_vintage_title": ("데이터 기준 시점", "How old the data is"),
    "met_method_title": ("추천은 이렇게 계산합니다", "How recommendations are computed"),
    "met_method": (
        "1. **보고서 → 사실.** {period}년에 발간된 보고서 {n_reports}건에서 지역·분야별 정책, 수요, 위험에 관한 사실을 골라, 보고서의 "
        "줄 번호와 함께 정리했습니다. 화면의 인용문은 그 줄에서 그대로 읽어 옵니다.\n"
        "2. **사실 → 지역 × 분야 프로필.** 사실을 지표(계획, 시범지구, 시장 규모, 선도 기업, 규제 …)별로 모아 정책 지원, "
        "시장 수요, 위험을 0–1 점수로 만듭니다. 전국 단위 사실은 모든 지역에 조금씩만 반영되므로, 지역을 구별하는 것은 "
        "그 지역에 관한 사실입니다. 근거가 많을수록 **신뢰도**가 높습니다.\n"
        "3. **역량 적합.** 분야마다 필요한 역량(중요도 1–5)과 기업의 역량(0–5)을 비교해 필요한 만큼 갖춘 비율을 "
        "계산합니다. 역량이 높아져서 적합도가 낮아지는 일은 없습니다.\n"
        "4. **위험 조정.** 프로필의 위험을 기업의 준비도(중국 경험, 현지 법인, 중국어 인력, 투자 여력)와 위험 성향으로 "
        "조정합니다. 경험이 많을수록, 위험을 감수할수록 체감 위험은 작아집니다.\n"
        "5. **종합 점수.** 점수 = 가중치 × 역량 적합 + 역량 적합 × (가중치 × 정책 + 가중치 × 수요 + 가중치 × (1 − 위험)). "
        "정책·수요·안전성은 기업이 그 분야를 감당할 수 있는 만큼만 의미가 있으므로 역량 적합에 비례해 반영됩니다. "
        "가중치는 사이드바에서 프리셋으로 고르거나 직접 바꿀 수 있으며, 바꾸면 바로 순위가 다시 매겨집니다. "
        "이상점과의 거리로 순위를 매기는 TOPSIS 방식도 고를 수 있습니다.\n"
        "6. **진입 전략.** 기업 조건(규모, 경험, 투자 여력, 인증 …)과 지역 조건(개방형 플랫폼, 정부 프로젝트, 클러스터 …)에 "
        "대한 명시적인 규칙으로 전략을 고릅니다. 각 규칙에는 근거가 된 보고서 구절이 있고, 왜 다른 전략이 아닌지도 보여 줍니다.\n"
        "7. **강건성.** 가중치를 조금씩 흔들어 200번 다시 계산했을 때 그 기회가 상위 목록에 남는 비율입니다.",
        "1. **Reports → facts.** Facts about policy, demand and risk per region and sector were taken from {n_reports} reports "
        "published in {period}, each with the report's line numbers. Quotes on screen are read from those lines.\n"
        "2. **Facts → region × sector profiles.** Facts are grouped by indicator (plans, pilot zones, market size, "
        "anchor firms, regulation …) into 0–1 scores for policy support, market demand and risk. National facts lift "
        "every region a little, so what separates regions are the facts about them. More evidence, higher "
        "**confidence**.\n"
        "3. **Capability fit.** What each sector needs (importance 1–5) is compared with your capabilities (0–5): the "
        "share of the need you cover. A higher capability never lowers the fit.\n"
        "4. **Risk adjustment.** The profile's risk is adjusted by your readiness (China experience, local entity, "
        "Chinese-speaking staff, investment capacity) and your risk appetite: more experience, less risk.\n"
        "5. **Overall score.** score = weight × fit + fit × (weight × policy + weight × demand + weight × (1 − risk)): "
        "policy, demand and safety count only as far as you can serve the sector. Pick a "
        "preset or set the weights in the sidebar: the ranking updates at once. TOPSIS (distance to the ideal) is "
        "available as an alternative.\n"
        "6. **Entry strategy.** Explicit rules over the firm (size, experience, means, certifications …) and the "
        "region (open platforms, government projects, clusters …) pick the strategy; each rule cites the passage behind "
        "it, and the app shows why not another.\n"
        "7. **Robustness.** The share of 200 slightly perturbed weightings under which the opportunity stays in the top list.",
    ),
    "met_weights_title": ("가중치", "Weights"),
    "met_weights_current": ("지금 쓰는 가중치 ({preset}, {method})", "Weights in use ({preset}, {method})"),
    "met_sources_title": ("출처 보고서", "Source reports"),
    "publisher": ("발행", "Publisher"),
    "published": ("발간일", "Published"),
    "doc_lines": ("행 수", "Lines"),
    "doc_id": ("문서ID", "Document ID"),
    "count_regions": ("지역", "Regions"),
    "count_sectors": ("분야", "Sectors"),
    "count_facts": ("사실", "Facts"),
    "count_profiles": ("프로필", "Profiles"),
    "count_passages": ("문단", "Passages"),
    "count_strategies": ("진입 전략", "Entry strategies"),
    "count_implications": ("시사점", "Implications"),
    "met_version": ("데이터 버전 `{version}` · 기준연도 {vintage}", "Data version `{version}` · vintage {vintage}"),
    "met_version_help": (
        "데이터 버전은 모든 입력 파일의 해시입니다. 내려받은 파일에도 같은 값이 기록되어 어떤 데이터로 계산했는지 알 수 있습니다.",
        "The data version is a hash of every input file; downloads record it too, so you know which data produced them.",
    ),
    "met_strategies_title": ("진입 전략", "Entry strategies"),
    "description": ("설명", "Description"),
    "reload_data": ("데이터 다시 불러오기", "Reload the data"),
    "reload_help": ("데이터 파일이 바뀌었을 때 눌러 새 버전을 불러옵니다.", "Load a new version after the data files changed."),
    "reloaded": ("데이터를 다시 불러왔습니다: {version}", "Data reloaded: {version}"),
}

from ui.strings_flow import FLOW_STRINGS  # noqa: E402 - issue 10 strings live beside these (fewer merge conflicts)

STRINGS.update({k: v for k, v in FLOW_STRINGS.items() if k not in STRINGS})

from ui.strings_review import REVIEW_STRINGS  # noqa: E402 - issue 16 (review, what changed) in a file of its own

STRINGS.update({k: v for k, v in REVIEW_STRINGS.items() if k not in STRINGS})

from ui.strings_firms import FIRMS_STRINGS  # noqa: E402 - issue 17 (KSIC, products, estimates) in a file of its own

STRINGS.update({k: v for k, v in FIRMS_STRINGS.items() if k not in STRINGS})

from ui.strings_ui import UI_STRINGS  # noqa: E402 - issue 18 item 7 (what the user reads) in a file of its own

STRINGS.update({k: v for k, v in UI_STRINGS.items() if k not in STRINGS})

from ui.strings_risks import RISKS_STRINGS  # noqa: E402 - issue 18 (sector risks, the risk explained) in a file of its own

STRINGS.update({k: v for k, v in RISKS_STRINGS.items() if k not in STRINGS})

from ui.strings_advisor import ADVISOR_STRINGS  # noqa: E402 - issue 18, second advisor round

STRINGS.update({k: v for k, v in ADVISOR_STRINGS.items() if k not in STRINGS})
