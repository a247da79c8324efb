"""The review page (views/review.py) driven headless with AppTest, in Korean and English, on a team data directory
with one ingested report: candidates by score, the passage with its page, accept / edit / reject / merge / undo,
a refused fact shown beside its field, a stale tab told who changed the candidate, rebuild and what changed."""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from review_fixtures import DOC_ID, candidate_rows, make_data_dir  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from features.build import load_knowledge  # noqa: E402
from features.ingest.review import ReviewStore  # noqa: E402
from tests.result_tabs import open_explore_tab  # noqa: E402 - the explore page draws only the tab in view (issue 19)
from ui.strings import STRINGS  # noqa: E402

APP = ROOT / "app.py"
PAGE = "views/review.py"
C = [r["candidate_id"] for r in candidate_rows()]
BY_SCORE = [r["candidate_id"] for r in sorted(candidate_rows(), key=lambda r: -float(r["score"]))]


def s(key: str, lang: str = "ko") -> str:
    return STRINGS[key][1 if lang == "en" else 0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A team directory built once (the app then loads its build in about a second)."""
    team = make_data_dir(Path(tmp_path_factory.mktemp("app")) / "team")
    load_knowledge(team)
    return team


@pytest.fixture
def team(built, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the built team directory per test (its build folder included), served by the app."""
    import shutil

    copy = tmp_path / "team"
    shutil.copytree(built, copy)
    monkeypatch.setenv("KOCN_DATA_DIR", str(copy))
    return copy


def open_page(lang: str = "ko") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    if lang == "en":
        at.session_state["lang_en"] = True
    return at.run().switch_page(PAGE).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    caught = at.session_state["_app_errors"] if "_app_errors" in at.session_state else []
    assert not caught, caught


def facts(team: Path) -> dict[str, dict]:
    path = team / "facts" / f"{DOC_ID}.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {r["candidate_id"]: r for r in csv.DictReader(fh)}


@pytest.mark.parametrize("lang", ("ko", "en"))
def test_the_page_shows_the_best_candidate_its_passage_and_page(team, lang):
    at = open_page(lang)
    assert_clean(at)
    assert at.title[0].value == s("rev_title", lang)
    assert at.session_state["rev_pick"] == BY_SCORE[0]
    texts = " ".join(m.value for m in at.markdown)
    assert s("rev_passage", lang).split("(")[0].strip() in texts
    assert ("11쪽" if lang == "ko" else "p. 11") in texts  # the page the cited line stands on
    plain = texts.replace("\\", "")
    assert "스마트농업 발전 3년 행동계획" in plain.replace("**", "")  # the cited line, shaded, with its neighbours
    assert ":blue-background[**후난성** **창사시**는" in plain and "`    1` :gray[" in plain  # mentions in bold
    labels = {b.label for b in at.button}
    assert {s("rev_accept", lang), s("rev_reject", lang), s("rev_undo", lang), s("rev_next", lang)} <= labels
    assert at.button(key="rev_accept").proto.shortcut.lower() == "a"
    assert any(s("rev_progress", lang).format(n=0, m=8) in str(p.proto) for p in at.get("progress"))


def test_accept_edit_reject_merge_undo_through_the_page(team):
    at = open_page()
    started = time.perf_counter()
    at.button(key="rev_accept").click().run()
    accept_seconds = time.perf_counter() - started
    assert_clean(at)
    assert set(facts(team)) == {BY_SCORE[0]}
    assert any(s("status_accepted") in m.value for m in at.success)
    assert at.session_state["rev_pick"] == BY_SCORE[1], "the next pending candidate comes up"
    # edit the second: strength and a reviewer's note in both languages
    cid = BY_SCORE[1]
    at.selectbox(key=f"rev_f_strength_{cid}").set_value("3")
    at.text_area(key=f"rev_f_note_ko_{cid}").input("후난성 스마트농업 전용 기금 30억 위안")
    at.text_area(key=f"rev_f_note_en_{cid}").input("Hunan's dedicated smart-farming fund of CNY 3 bn")
    at.button(key=f"FormSubmitter:rev_form_{cid}-{s('rev_edit_submit')}").click().run()
    assert_clean(at)
    row = facts(team)[cid]
    assert row["strength"] == "3" and row["note_en"] == "Hunan's dedicated smart-farming fund of CNY 3 bn"
    # reject the next one, then undo it
    nxt = at.session_state["rev_pick"]
    at.button(key="rev_reject").click().run()
    assert ReviewStore(team, DOC_ID).view().get(nxt).status == "rejected"
    at.button(key="rev_undo").click().run()
    assert_clean(at)
    assert ReviewStore(team, DOC_ID).view().get(nxt).status == "pending"
    assert at.session_state["rev_pick"] == nxt
    # merge the Apollo restatement into A031
    at.radio(key="rev_filter").set_value("all").run()
    at.selectbox(key="rev_pick").set_value(C[6]).run()
    at.text_input(key=f"rev_m_other_{C[6]}").input("A031")
    at.button(key="rev_merge").click().run()
    assert_clean(at)
    assert facts(team)[C[6]]["merged_into"] == "A031"
    view = ReviewStore(team, DOC_ID).view()
    assert view.reviewed == 3
    assert any(s("rev_progress").format(n=3, m=8) in str(p.proto) for p in at.get("progress"))
    print(f"\n[timing/AppTest] accept on the review page, whole run: {accept_seconds:.3f} s")


@pytest.mark.parametrize("lang", ("ko", "en"))
def test_a_refused_edit_is_shown_beside_its_field_and_nothing_is_written(team, lang):
    at = open_page(lang)
    cid = at.session_state["rev_pick"]
    at.text_input(key=f"rev_f_check_{cid}").input("보고서에없는문구")
    at.button(key=f"FormSubmitter:rev_form_{cid}-{s('rev_edit_submit', lang)}").click().run()
    assert_clean(at)
    assert facts(team) == {} and not (team / "review" / f"{DOC_ID}.jsonl").exists()
    fix = s("rev_fix_field", lang).split("{")[0]
    errors = [e.value for e in at.error if e.value.startswith(fix)]
    assert errors and "does not occur in the cited lines" in errors[0]
    assert at.session_state["rev_err"]["field"] == "check"


def test_a_stale_tab_is_told_who_changed_the_candidate(team):
    tab = open_page()
    cid = tab.session_state["rev_pick"]
    ReviewStore(team, DOC_ID).reject(cid, by="lee")  # another reviewer, meanwhile
    tab.button(key="rev_accept").click().run()
    assert_clean(tab)
    assert any("lee" in w.value and "덮어쓰지" in w.value for w in tab.warning)
    assert ReviewStore(team, DOC_ID).view().get(cid).status == "rejected" and facts(team) == {}


def test_rebuild_shows_what_the_report_changed(team):
    at = open_page()
    for _ in range(4):  # the four Hunan smart-farming candidates are the best four
        at.button(key="rev_accept").click().run()
    assert set(facts(team)) == set(BY_SCORE[:4])
    assert any(s("rev_stale").split("(")[0] in w.value for w in at.warning)
    at.button(key="rev_rebuild").click().run()
    assert_clean(at)
    assert any(s("rev_rebuilt").split("`")[0] in m.value for m in at.success)
    texts = " ".join(m.value for m in at.markdown)
    assert s("chg_title") in " ".join(h.value for h in at.subheader)
    frames = [d.value for d in at.dataframe]
    profiles = next(f for f in frames if s("chg_period") in f.columns)
    assert list(profiles[s("region")]) == ["후난성"] and list(profiles[s("chg_period")]) == ["2018 → 2018–2025"]
    firms = next(f for f in frames if s("chg_after") in f.columns)
    assert any("AR-12" in x for x in firms[s("chg_firm")]) and any("후난성" in x for x in firms[s("chg_after")])
    assert "2018–2025" in texts or any("2018–2025" in c.value for c in at.caption + at.sidebar.caption)


def test_switching_language_keeps_the_candidate_and_raises_nothing(team):
    at = open_page("ko")
    at.radio(key="rev_filter").set_value("all").run()
    at.selectbox(key="rev_pick").set_value(C[5]).run()
    at.sidebar.toggle(key="lang_en").set_value(True).run()
    assert_clean(at)
    assert at.title[0].value == s("rev_title", "en") and at.session_state["rev_pick"] == C[5]
    assert at.radio(key="rev_filter").value == "all"


def test_a_rebuild_that_fails_on_bad_data_says_so_without_a_traceback(team):
    at = open_page()
    at.button(key="rev_accept").click().run()
    bad = team / "facts" / "zz_hand_edited.csv"  # someone edits a fact file by hand and breaks it
    bad.write_text((team / "facts" / f"{DOC_ID}.csv").read_text(encoding="utf-8").replace("CN-HN", "CN-XX"),
                   encoding="utf-8")  # fmt: skip
    at.button(key="rev_rebuild").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert s("data_error").split("{")[0][:20] in shown and "zz_hand_edited.csv" in shown and "CN-XX" in shown


def test_after_the_rebuild_the_profile_shows_its_evidence_period_and_fact_dates(team):
    at = open_page()
    for _ in range(4):
        at.button(key="rev_accept").click().run()
    at.button(key="rev_rebuild").click().run()
    at.session_state["exp_region"] = "CN-HN"
    at.session_state["exp_sector"] = "smart_agriculture"
    at.switch_page("views/explore.py").run()
    at = open_explore_tab(at, "tab_profile")
    assert (at.selectbox(key="exp_region").value, at.selectbox(key="exp_sector").value) == ("CN-HN", "smart_agriculture")
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "근거 2018–2025" in captions and "2018–2025년 발간 보고서" in captions
    table = next(d.value for d in at.dataframe if s("published") in d.value.columns)
    assert "2025-03" in set(table[s("published")]) and "2018-12" in set(table[s("published")])
