"""UI strings of issue 18's second advisor round (answer notes, sector-level near misses) in a file of their own."""

from __future__ import annotations

ADVISOR_STRINGS: dict[str, tuple[str, str]] = {
    "any_region_plain": ("어느 지역이든 (지역 구분 없음)", "any region (not told apart)"),
}
