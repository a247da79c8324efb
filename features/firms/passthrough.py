"""An agency's own columns (담당자, 메모): carried through to the outputs, never interpreted."""

from __future__ import annotations

import pandas as pd

from features.firms.schema import HEADER_ALIASES, FirmTable, _norm_header


def unknown_columns(columns) -> list:
    """Columns that name no firm field or capability (``담당자``, ``메모``): carried through, never interpreted."""
    return [c for c in columns if c != "__row__" and HEADER_ALIASES.get(_norm_header(c)) is None]


def extra_columns(raw: pd.DataFrame, columns: list, firms: FirmTable) -> pd.DataFrame | None:
    """``columns`` of ``raw`` (which has ``__row__``, the source row numbers) for the accepted ``firms``, as a frame
    with ``firm_id`` first and the values exactly as read; None when there are no such columns."""
    columns = [c for c in columns if c in raw.columns and c != "__row__"]
    if not columns or "__row__" not in raw.columns:
        return None
    ids = dict(zip(firms.row.tolist(), firms.firm_id.tolist()))
    sub = raw.loc[raw["__row__"].isin(list(ids)), ["__row__", *columns]]
    out = sub.drop(columns="__row__").reset_index(drop=True)
    out.insert(0, "firm_id", sub["__row__"].map(ids).to_numpy())
    return out
