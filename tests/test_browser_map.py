"""The province map in a real browser: ``streamlit run app.py`` on a free localhost port, driven by Playwright for
Python with Debian's Chromium (as in ``tests/test_browser.py``). Opens the explore page's map in Korean and English,
clicks a province on the drawn map (a point where the province's own SVG path is the topmost element, found with
``document.elementFromPoint``) and checks that its profile opens; clicks a bar of the ranking beside the map; checks
the heatmap's national-only legend. Screenshots of every step go to ``test-artifacts/map-*.png`` (look at them).

Skipped (with the reason) only when /usr/bin/chromium is absent; ``scripts/setup.sh --browser`` installs it.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser_harness import ARTIFACTS, NEEDS_CHROMIUM, chromium_page, running_app  # noqa: E402

TIMEOUT_MS = 90_000
TAB = {"ko": {"heat": "히트맵", "map": "지도", "profile": "프로필"},
       "en": {"heat": "Heatmaps", "map": "Map", "profile": "Profile"}}  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.fixture(scope="module")
def server():
    """``streamlit run app.py`` headless on a free port; stopped (its process group) afterwards."""
    with running_app("streamlit-map-server.log") as url:
        yield url


@pytest.fixture()
def page():
    with chromium_page(TIMEOUT_MS) as pg:
        yield pg


def _wait_idle(pg) -> None:
    """Wait until Streamlit has finished the current run (no 'Running…' status widget)."""
    pg.wait_for_timeout(400)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)
    pg.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=TIMEOUT_MS)
    pg.wait_for_timeout(600)


def _shot(pg, name: str) -> None:
    """The visible tab panel (Streamlit scrolls inside its own container, so a page screenshot would be cut)."""
    pg.locator('[role="tabpanel"]:visible').first.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _wait_tab_selected(pg, label: str) -> None:
    pg.wait_for_function(
        """(label) => Array.from(document.querySelectorAll('[role="tab"]')).some(
            t => t.innerText.trim() === label && t.getAttribute('aria-selected') === 'true')""",
        arg=label, timeout=TIMEOUT_MS)  # fmt: skip


def _open_tab(pg, label: str) -> None:
    pg.get_by_role("tab", name=label, exact=True).click()
    _wait_idle(pg)


def _point_on(pg, aria_part: str, role: str) -> dict:
    """A viewport point where the SVG mark whose aria-label contains ``aria_part`` is the topmost element."""
    pg.wait_for_selector(f'[data-testid="stVegaLiteChart"] svg path[aria-roledescription="{role}"]')
    found = pg.evaluate(
        """([part, role]) => {
            const marks = Array.from(document.querySelectorAll(
                `[data-testid="stVegaLiteChart"] svg path[aria-roledescription="${role}"]`));
            const mark = marks.find(p => (p.getAttribute('aria-label') || '').includes(part));
            if (!mark) return null;
            mark.scrollIntoView({block: 'center'});
            const r = mark.getBoundingClientRect();
            for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
                const x = r.left + r.width * i / 24, y = r.top + r.height * j / 24;
                if (document.elementFromPoint(x, y) === mark) return {x, y};
            }
            return null;
        }""",
        [aria_part, role],
    )  # fmt: skip
    assert found, f"no clickable point on the {role} labelled {aria_part!r}"
    return found


def _expected_best_sector(region_id: str, metric: str = "demand") -> str:
    """The sector the map shows for a province under "all sectors": highest ``metric``, ties by sector id."""
    from features.build import load_knowledge
    from recommender.profiles_view import profiles_frame

    frame = profiles_frame(load_knowledge())
    rows = frame[frame["region_id"] == region_id].sort_values([metric, "sector_id"], ascending=[False, True])
    return str(rows.iloc[0]["sector_id"])


def _heading(region_id: str, sector_id: str, lang: str) -> str:
    from features.build import load_knowledge

    kb = load_knowledge()
    region, sector = kb.regions[region_id], kb.sectors[sector_id]
    return f"{region.name_en} · {sector.name_en}" if lang == "en" else f"{region.name_ko} · {sector.name_ko}"


@pytest.mark.parametrize(("lang", "region_id", "en_name"), [("ko", "CN-GD", "Guangdong"), ("en", "CN-ZJ", "Zhejiang")])
def test_click_a_province_opens_its_profile(server, page, lang: str, region_id: str, en_name: str) -> None:
    pg = page
    try:
        t0 = time.monotonic()
        pg.goto(f"{server}/explore")
        pg.wait_for_selector("h1")
        _wait_idle(pg)
        if lang == "en":
            pg.locator('[data-testid="stSidebar"] label:has-text("English")').click()
            pg.get_by_role("tab", name=TAB["en"]["map"], exact=True).wait_for()
            _wait_idle(pg)
        _open_tab(pg, TAB[lang]["map"])
        pg.wait_for_selector('[data-testid="stVegaLiteChart"] svg path[aria-roledescription="geoshape"]')
        print(f"\n[{lang}] map drawn {time.monotonic() - t0:.1f} s after opening the page")
        shapes = pg.locator('[data-testid="stVegaLiteChart"] svg path[aria-roledescription="geoshape"]')
        assert shapes.count() == 34, "every province, municipality, autonomous region and SAR is drawn"
        _shot(pg, f"map-{lang}")

        boxes = [s.strip() for s in pg.locator('[data-testid="stSelectbox"] input').evaluate_all(
            "els => els.map(e => e.value)")]  # fmt: skip
        assert ("All sectors (highest value)" in boxes) == (lang == "en"), boxes

        point = _point_on(pg, en_name, "geoshape")
        t1 = time.monotonic()
        pg.mouse.click(point["x"], point["y"])
        want = _heading(region_id, _expected_best_sector(region_id), lang)
        pg.get_by_role("heading", name=want).wait_for()
        print(f"[{lang}] click → profile heading {time.monotonic() - t1:.1f} s")
        _wait_idle(pg)
        selected = pg.get_by_role("tab", name=TAB[lang]["profile"], exact=True)
        assert selected.get_attribute("aria-selected") == "true", "the click switched to the profile tab"
        _shot(pg, f"map-{lang}-profile")

        # back to the map: the ranking beside it is clickable too (here: its first bar, the top region)
        _open_tab(pg, TAB[lang]["map"])
        bars = pg.locator('[data-testid="stVegaLiteChart"] svg path[aria-roledescription="bar"]')
        bars.first.wait_for()
        label = bars.first.get_attribute("aria-label") or ""
        bars.first.scroll_into_view_if_needed()
        box = bars.first.bounding_box()
        pg.mouse.click(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
        _wait_tab_selected(pg, TAB[lang]["profile"])  # raises on timeout
        _wait_idle(pg)
        region_title = "Region" if lang == "en" else "지역"
        name = re.search(rf"(?:^|; ){region_title}: ([^;]+)", label).group(1)  # the bar's region, from its tooltip
        pg.get_by_role("heading", name=re.compile(rf"^{re.escape(name)} · ")).wait_for()
        _shot(pg, f"map-{lang}-ranking-profile")

        _open_tab(pg, TAB[lang]["heat"])
        legend = "전국 자료만" if lang == "ko" else "National data only"
        assert pg.locator(f'[data-testid="stVegaLiteChart"] svg text:has-text("{legend}")').count() >= 1
        _shot(pg, f"map-{lang}-heatmap")
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(ARTIFACTS / f"map-{lang}-failure.png"))
        raise
