"""Issue 19: the first result's detail tabs draw only the tab in view (they were 137 of a full rerun's ≈ 180
elements); every tab stays reachable, and the tab a person chose stays chosen when the language or the preset
changes (Streamlit keys a tab by its label, which the language changes — ``ui.lazytabs`` keeps its position)."""

from __future__ import annotations

from tests.result_tabs import open_tab
from tests.test_app import assert_clean, fill_form, new_app, s
from ui.results import DETAIL_TABS

FIRM = {"firm_id": "LAZY-1", "name": "㈜탭테스트", "employees": 40, "risk_tolerance": "low",
        "capabilities": {"medical_devices": 5, "ai_software": 3}}  # fmt: skip


def _texts(at) -> str:
    return "\n".join(m.value.replace("\\", "") for m in at.markdown)


def test_only_the_tab_in_view_is_drawn_and_the_choice_survives_a_language_switch() -> None:
    at = fill_form(new_app("ko"), FIRM)
    assert_clean(at)
    labels = [x.label for x in at.tabs][: len(DETAIL_TABS)]
    assert labels[:6] == [s(k, "ko") for k in DETAIL_TABS[:6]], labels  # all seven tabs are offered
    # the score tab is in view; the risks tab's content is not built
    assert s("reasons", "ko") in _texts(at)
    assert s("strategy_risks", "ko") not in _texts(at)

    at = open_tab(at, "tab_risks")
    assert_clean(at)
    assert s("strategy_risks", "ko") in _texts(at), "the risks tab is drawn once selected"
    assert s("reasons", "ko") not in _texts(at), "and the score tab no longer is"

    at.toggle(key="lang_en").set_value(True).run()  # the sidebar's language switch
    assert_clean(at)
    assert at.session_state["rec_tabs_1"] == s("tab_risks", "en"), "the risks tab stays chosen in English"
    assert s("strategy_risks", "en") in _texts(at)
    assert s("reasons", "en") not in _texts(at)

    at.toggle(key="lang_en").set_value(False).run()
    assert_clean(at)
    assert at.session_state["rec_tabs_1"] == s("tab_risks", "ko")
    assert s("strategy_risks", "ko") in _texts(at)


def test_the_evidence_tab_in_english_glosses_each_korean_quote() -> None:
    """Panel 9: "an English-only reader cannot check the evidence" — in English the evidence tab gives, under each
    Korean quote, our own summary of its lines (a reason's note_en; ``recommender.present.quote_gist``)."""
    at = fill_form(new_app("en"), FIRM)
    at = open_tab(at, "tab_evidence")
    assert_clean(at)
    text = _texts(at)
    assert "In short (our summary of these lines): " in text
    at.toggle(key="lang_en").set_value(False).run()
    assert_clean(at)
    assert "In short" not in _texts(at)
