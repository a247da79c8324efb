"""Tables that fit the screen: column widths for a 1,100 px browser window, cell text that wraps onto more lines
instead of being cut (issue 18 item 7). Streamlit's grid wraps cell text only in rows taller than 4 rem (64 px), so a
table whose longest cell needs more than one line gets rows tall enough for it — and a height that shows every row.
The widths of text are estimates for the grid's 14 px font (Hangul ≈ 13.5 px, Latin ≈ 7 px)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

_CELL_PAD = 18  # px of a grid cell's left and right padding together
_LINE_PX = 19  # px of one wrapped line in a grid cell (13–14 px text)


def text_px(text: str) -> float:
    """About how wide ``text`` is in the grid's font: Hangul and CJK ≈ 13.5 px, narrow ASCII ≈ 5 px, others 7."""
    wide = sum(1 for ch in text if ord(ch) >= 0x1100)
    narrow = sum(1 for ch in text if ch in "iljtfrI.,;:'()[]| ·")
    return 13.5 * wide + 5 * narrow + 7 * (len(text) - wide - narrow)


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` px wide, wrapped at spaces (a word longer than a line
    breaks inside)."""
    room = max(20.0, width - _CELL_PAD)
    lines, used = 1, 0.0
    for word in str(text).split():
        w = text_px(word)
        gap = text_px(" ") if used else 0.0
        if used and used + gap + w > room:
            lines, used = lines + 1, 0.0
            gap = 0.0
        used += gap + w
        while used > room:  # a word wider than the column wraps inside it
            lines, used = lines + 1, used - room
    return lines


def summary_row_height(frame: pd.DataFrame, widths: dict[str, int], max_lines: int | None = None) -> int | None:
    """The grid row height that shows every cell whole: ``None`` (the default single line) when everything fits,
    else enough lines for the longest cell. Streamlit's grid wraps cell text only in rows taller than 4 rem (64 px),
    so a wrapped row is at least 68 px."""
    lines = max((wrapped_lines(v, widths[c]) for c in frame.columns if c in widths
                 for v in frame[c].tolist() if isinstance(v, str)), default=1)  # fmt: skip
    if max_lines is not None:
        lines = min(lines, max_lines)
    if lines <= 1:
        return None
    return max(68, 14 + _LINE_PX * lines)


def grid_height(n_rows: int, row_height: int | None) -> int | str:
    """Every row in view (the grid's automatic height stops at about 400 px), or ``"auto"`` for single-line rows."""
    return "auto" if row_height is None else 38 + row_height * n_rows


def wrapped_dataframe(frame: pd.DataFrame, widths: dict[str, int], column_config: dict | None = None,
                      max_height: int | None = None, max_lines: int | None = None) -> None:
    """``st.dataframe`` of ``frame`` with the text columns in ``widths`` at those widths, wrapping; rows tall enough
    for the longest cell (at most ``max_lines`` lines: a longer cell opens whole on a click); every row in view up to
    ``max_height`` px (then the table scrolls inside)."""
    config = dict(column_config or {})
    for col, px in widths.items():
        if col in frame.columns and col not in config:
            config[col] = st.column_config.TextColumn(col, width=px)
    row_height = summary_row_height(frame, widths, max_lines)
    height = grid_height(len(frame), row_height)
    if max_height is not None and height != "auto":
        height = min(height, max_height)
    st.dataframe(frame, hide_index=True, width="stretch", row_height=row_height, height=height,
                 column_config=config)  # fmt: skip
