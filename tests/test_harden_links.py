"""Issue 20, item 6: share links and loaded profiles read within bounds, every bad value named, never "loaded" for
what was dropped. The parsing layer (``ui.linkparse``) directly, then the page through Streamlit's AppTest."""

from __future__ import annotations

import base64
import json
import sys
import time
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_app_flow import assert_clean, new_app, s, sample_record  # noqa: E402

from ui import linkparse  # noqa: E402
from ui.share import encode_firm  # noqa: E402


def _pack(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def test_deep_nesting_is_refused_before_the_parser_recurses():
    link = _pack(b"[" * 990 + b"]" * 990)
    assert len(link) < 60
    with pytest.raises(linkparse.LinkError, match="nested"):
        linkparse.decode_firm(link)


def test_decompression_stops_at_the_byte_limit():
    bomb = _pack(json.dumps({"firm_id": "X", "name": "가" * 1_900_000}, ensure_ascii=False).encode())
    assert len(bomb) <= linkparse.MAX_PARAM
    t0 = time.perf_counter()
    with pytest.raises(linkparse.LinkError, match="expands past"):
        linkparse.decode_firm(bomb)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("record,needle", [
    ({"firm_id": "A", "name": "n" * 121}, "name is 121 characters; the form allows 120"),
    ({"firm_id": "A" * 61}, "firm_id is 61"),
    ({"firm_id": "A", "certifications": ["ISO" * 30] * 5}, "certifications"),
    ({"firm_id": "A", "preferred_regions": ["CN-BJ"] * 40}, "preferred_regions"),
    ({"firm_id": "A", "name": "a\x1bb"}, "control characters"),
])  # fmt: skip
def test_fields_are_capped_as_the_form_caps_them(record, needle):
    with pytest.raises(linkparse.LinkError, match=needle.replace("(", r"\(")):
        linkparse.decode_firm(encode_firm(record))


def test_duplicate_keys_are_refused():
    link = _pack(b'{"firm_id":"A","firm_id":"B"}')
    with pytest.raises(linkparse.LinkError, match="appears twice"):
        linkparse.decode_firm(link)


def test_each_bad_value_is_named_and_only_what_is_applied_counts_as_loaded():
    p = linkparse.parse_query({"preset": "aggressive", "method": "magic", "lang": "fr"})
    assert p.loaded == [] and [x.code for x in p.problems] == ["lang", "method", "preset"]
    assert [x.value for x in p.problems] == ["fr", "magic", "aggressive"]
    p = linkparse.parse_query({"lang": "en"})
    assert p.loaded == ["lang"] and not p.problems
    p = linkparse.parse_query({"preset": "custom"})
    assert p.loaded == [] and p.problems[0].code == "w_missing"
    p = linkparse.parse_query({"preset": "custom", "w": "0.01,0,0,0"})
    assert p.preset == "custom" and p.weights == [1.0, 0.0, 0.0, 0.0] and not p.problems
    p = linkparse.parse_query({"preset": "custom", "w": "0.10,0.20,0.60,0.10"})
    assert p.weights == [0.1, 0.2, 0.6, 0.1]
    for bad in ("nan,0,0,0", "1,2", "0,0,0,0", "x,1,1,1", "2,0,0,0"):
        p = linkparse.parse_query({"preset": "custom", "w": bad})
        assert p.preset is None and p.problems[0].code == "w", bad


def test_shown_escapes_control_format_and_surrogate_characters():
    assert linkparse.shown("a\u202eb\x1bc\x00d\ud800") == "a\\u202eb\\x1bc\\x00d\\ud800"


# ---------------------------------------------------------------- the page (AppTest)


def _warnings(at) -> str:
    return " | ".join(w.value for w in at.warning)


def test_a_hostile_link_is_a_warning_naming_the_firm_not_an_error_page():
    at = new_app(query={"firm": _pack(b"[" * 990 + b"]" * 990), "lang": "en", "method": "magic"})
    assert_clean(at)
    text = _warnings(at)
    assert "nested" in text and "magic" in text and s("link_part_lang", "en") in text, text
    assert not any(s("shared_loaded", "en") == x.value for x in at.success)


def test_tiny_custom_weights_are_kept_not_switched_to_balanced():
    at = new_app(query={"preset": "custom", "w": "0.01,0,0,0", "lang": "en"})
    assert_clean(at)
    assert at.session_state["preset"] == "custom"
    assert [at.session_state[f"w_{c}"] for c in ("fit", "policy", "demand", "risk")] == [1.0, 0.0, 0.0, 0.0]
    assert not at.warning


def test_a_link_with_only_lang_does_not_claim_the_firm_and_weights():
    at = new_app(query={"lang": "en"})
    assert_clean(at)
    assert not any(s("shared_loaded", "en") == x.value for x in at.success)
    assert any(s("link_loaded_parts", "en", parts=s("link_part_lang", "en")) == x.value for x in at.success)


def test_a_huge_saved_profile_is_refused_with_a_sentence():
    rec = sample_record()
    rec["name"] = "가" * 3_000_000
    payload = json.dumps(rec, ensure_ascii=False).encode("utf-8")
    at = new_app()
    at.file_uploader(key="share_profile_up").set_value(("firm.json", payload, "application/json")).run()
    assert_clean(at)
    assert any(s("profile_bad", "ko", msg="")[:10] in e.value and "at most" in e.value for e in at.error)
    assert at.text_input(key="ff_name").value != rec["name"]
