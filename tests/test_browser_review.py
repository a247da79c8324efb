"""The review page in a real browser (``streamlit run app.py`` + Debian Chromium via Playwright), on a team data
directory with one ingested report (KOCN_DATA_DIR): the keyboard alone accepts, rejects and undoes; a refused edit
shows its reason beside the field; the rebuild shows what the report changed. Screenshots in Korean and English are
saved as test-artifacts/review_*.png for a person to look at."""

from __future__ import annotations

import contextlib
import csv
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_fixtures import DOC_ID, candidate_rows, make_data_dir  # noqa: E402

from features.build import load_knowledge  # noqa: E402
from features.ingest.review import ReviewStore  # noqa: E402
from tests.browser_harness import ARTIFACTS, NEEDS_CHROMIUM, chromium_page, running_app  # noqa: E402

TIMEOUT_MS = 90_000
pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
BY_SCORE = [r["candidate_id"] for r in sorted(candidate_rows(), key=lambda r: -float(r["score"]))]


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    team = make_data_dir(Path(tmp_path_factory.mktemp("browser")) / "team")
    load_knowledge(team)  # built before the server starts, so the page opens in seconds
    return team


@pytest.fixture(scope="module")
def server(team):
    mp = pytest.MonkeyPatch()
    mp.setenv("KOCN_DATA_DIR", str(team))  # the server process inherits it
    try:
        with running_app("streamlit-review.log") as url:
            yield url
    finally:
        mp.undo()


def shot(pg, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"review_{name}.png"), full_page=full)


def wait_idle(pg) -> None:
    pg.wait_for_timeout(300)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)


@contextlib.contextmanager
def kept_on_failure(pg, name: str):
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            shot(pg, f"failure_{name}", full=True)
        raise


def facts(team: Path) -> dict[str, dict]:
    path = team / "facts" / f"{DOC_ID}.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {r["candidate_id"]: r for r in csv.DictReader(fh)}


def status(team: Path, cid: str) -> str:
    return ReviewStore(team, DOC_ID).view().get(cid).status


def test_review_by_keyboard_refused_edit_and_what_changed(server, team):
    with chromium_page(TIMEOUT_MS) as pg, kept_on_failure(pg, "flow"):
        pg.goto(server + "/review")
        pg.get_by_role("heading", name="새 보고서의 사실 검토").wait_for()
        pg.get_by_text("11쪽 · 행 3–3").wait_for()
        pg.get_by_role("button", name=re.compile(r"^채택")).wait_for()
        wait_idle(pg)
        pg.wait_for_timeout(1500)  # let every widget paint before the screenshot
        shot(pg, "ko")
        # ---- the keyboard alone: A accepts, X rejects, U undoes (focus on the page, not in a field)
        pg.get_by_role("heading", name="새 보고서의 사실 검토").click()
        pg.keyboard.press("a")
        pg.get_by_text("저장했습니다").first.wait_for()
        wait_idle(pg)
        assert set(facts(team)) == {BY_SCORE[0]}
        second = BY_SCORE[1]
        pg.get_by_role("heading", name="새 보고서의 사실 검토").click()
        pg.keyboard.press("x")
        pg.get_by_text(f"{second} → 기각").wait_for()
        wait_idle(pg)
        assert status(team, second) == "rejected"
        pg.get_by_role("heading", name="새 보고서의 사실 검토").click()
        pg.keyboard.press("u")
        pg.get_by_text(f"되돌렸습니다: {second}").wait_for()
        wait_idle(pg)
        assert status(team, second) == "pending"
        # ---- a refused edit: the reason appears beside the field, nothing is written
        pg.get_by_text("수정해서 채택").first.click()
        box = pg.locator('input[aria-label="확인 문구 (인용 줄에 그대로 있는 3–30자)"]')
        box.fill("보고서에없는문구")
        box.press("Tab")
        pg.get_by_role("button", name="수정해 채택").click()
        pg.get_by_text("이 값을 고치세요").first.wait_for()
        wait_idle(pg)
        assert second not in facts(team) and status(team, second) == "pending"
        pg.get_by_text("이 값을 고치세요").first.scroll_into_view_if_needed()
        pg.wait_for_timeout(1000)
        shot(pg, "refused_ko")
        # ---- accept the other Hunan candidates with the button, rebuild, see what changed
        for _ in range(3):
            pg.get_by_role("button", name=re.compile(r"^채택")).click()
            pg.get_by_text("저장했습니다").first.wait_for()
            wait_idle(pg)
        assert set(facts(team)) == set(BY_SCORE[:4])  # the refused one stayed on screen and is accepted as proposed
        pg.get_by_role("button", name="프로필 다시 계산하고 변경 보기").click()
        pg.get_by_text("이 보고서가 바꾼 것").wait_for(timeout=TIMEOUT_MS)
        wait_idle(pg)
        pg.get_by_text("이 보고서가 바꾼 것").scroll_into_view_if_needed()
        pg.wait_for_timeout(2000)  # the tables paint on a canvas after the run
        shot(pg, "changes_ko")
        assert pg.get_by_text("처음으로 지역 근거가 생긴 곳: 후난성").is_visible()
        # ---- English, one toggle away: the same page and comparison
        pg.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        pg.get_by_role("heading", name="Review the facts of a new report").wait_for()
        wait_idle(pg)
        pg.get_by_role("heading", name="Review the facts of a new report").scroll_into_view_if_needed()
        pg.get_by_role("button", name=re.compile(r"^Accept")).wait_for()
        pg.wait_for_timeout(1500)
        assert not pg.get_by_text("Sorry, something went wrong").count()
        shot(pg, "en")
        pg.get_by_text("What this report changed").scroll_into_view_if_needed()
        wait_idle(pg)
        pg.wait_for_timeout(2000)
        shot(pg, "changes_en")
        assert pg.get_by_text("First regional evidence: Hunan").is_visible()
