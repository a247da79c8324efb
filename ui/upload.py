"""Firm files from users: reading (CSV in UTF-8/BOM/CP949, XLSX, JSON), column mapping with Korean aliases
pre-filled, validation, and the validation report (accepted/rejected, row numbers, reasons, what to fix)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import streamlit as st

import features.firms as firm_io  # its readers and validator (pandas) load on first use (PEP 562), not with the form
from features.facts import CAPABILITY_KEYS
from features.firms import (
    CAPABILITY_LABELS_KO,
    FIELD_LABELS_KO,
    FIELDS,
    PROBLEM,
    FirmBatch,
    FirmInputError,
    canonical_field,
)
from ui import session_memory
from ui.i18n import lang, t
from ui.notes import note_text
from ui.text import md_escape
from ui.vocab import field_label

if TYPE_CHECKING:  # pandas and the exporters load with the first upload or error table, not the form (issue 19)
    import pandas as pd

UNUSED = "__unused__"
TARGETS = (UNUSED, *FIELDS, *CAPABILITY_KEYS)
MEMO = "_upload_memo"
INTEGER_FIELDS = ("employees", "chinese_speaking_staff")
NUMBER_FIELDS = ("revenue_krw_100m", "china_experience_years", "investment_capacity_krw_100m", "horizon_years")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


READ_MEMO = "_upload_read"


def _read(file_digest: str, name: str, _data: bytes) -> tuple[pd.DataFrame, bool]:
    """The raw frame of an upload, kept once per session (:mod:`ui.session_memory`: given back when the session
    closes; a process-wide cache of up to 8 frames of 200 MB uploads used to stay after every session ended)."""
    memo = session_memory.memo(READ_MEMO)
    key = (file_digest, name)
    if key not in memo:
        memo.clear()
        memo[key] = _read_frame(name, _data)
    return memo[key]


def _read_frame(name: str, _data: bytes) -> tuple[pd.DataFrame, bool]:
    try:
        return firm_io.read_firm_frame(name, data=_data), False
    except FirmInputError as first:
        try:  # no recognised id column: take the first row as the header and let the user map the id column
            frame = firm_io.read_firm_frame(name, data=_data, header_row=0)
        except (FirmInputError, ValueError, IndexError):
            raise first from None
        if frame.empty or len(frame.columns) < 2:
            raise first from None
        return frame, True


def read_frame(name: str, data: bytes) -> tuple[pd.DataFrame, bool]:
    """Raw cells with ``__row__`` (source row numbers), and whether the header was taken as the first row because
    no id column was recognised. Raises :class:`FirmInputError` for an unusable file."""
    return _read(digest(data), name, data)


def show_unusable(exc: FirmInputError) -> None:
    st.error(t("upload_unusable", msg=md_escape(exc)), icon=":material/block:")
    st.info(t("upload_unusable_fix"))


def target_label(field: str) -> str:
    return t("mapping_unused") if field == UNUSED else field_label(field)


def column_mapping(raw: pd.DataFrame, file_key: str, expanded: bool = False) -> dict[str, str]:
    """Widgets to map each column to a firm field (pre-filled from the header aliases); returns column → field."""
    columns = [c for c in raw.columns if c not in ("__row__", PROBLEM)]
    guesses = {c: canonical_field(c) or UNUSED for c in columns}
    mapped = sum(g != UNUSED for g in guesses.values())
    with st.expander(f"{t('mapping_title')} — {t('mapping_summary', mapped=mapped, ignored=len(columns) - mapped)}",
                     expanded=expanded or "firm_id" not in guesses.values()):  # fmt: skip
        st.caption(t("mapping_help"))
        grid = st.columns(3)
        out = {}
        for i, c in enumerate(columns):
            key = f"map_{file_key}_{i}"
            st.session_state.setdefault(key, guesses[c])
            out[c] = grid[i % 3].selectbox(md_escape(c), TARGETS, format_func=target_label, key=key)
    note = ignored_columns_note(out)
    if note:
        st.caption(note)
    return out


def ignored_columns_note(mapping: dict[str, str], show: int = 8) -> str:
    """Which columns are not read (a header in a language or spelling the aliases do not know, or the agency's own
    column), by name, and what to do — in the UI's language; ``""`` when every column is read."""
    cols = [str(c) for c, f in mapping.items() if f == UNUSED]
    if not cols:
        return ""
    shown = ", ".join(f"‘{md_escape(c)}’" for c in cols[:show]) + (t("rows_more_cols", n=len(cols) - show)
                                                                  if len(cols) > show else "")  # fmt: skip
    return t("mapping_ignored", cols=shown)


def apply_mapping(raw: pd.DataFrame, mapping: dict[str, str]) -> tuple[pd.DataFrame | None, list[str]]:
    """The frame with canonical column names (unused columns dropped), or the problems that stop validation."""
    problems = []
    by_field: dict[str, list[str]] = {}
    for col, field in mapping.items():
        if field != UNUSED:
            by_field.setdefault(field, []).append(str(col))
    if "firm_id" not in by_field:
        problems.append(t("mapping_no_id"))
    for field, cols in by_field.items():
        if len(cols) > 1:
            problems.append(t("mapping_dup", field=field_label(field), cols=md_escape(", ".join(cols))))
    if problems:
        return None, problems
    keep = [c for c, f in mapping.items() if f != UNUSED]
    marks = [PROBLEM] if PROBLEM in raw.columns else []  # rows the reader rejected (short rows, formulas) stay marked
    frame = raw[keep + ["__row__", *marks]].rename(columns={c: mapping[c] for c in keep})
    frame.attrs = {k: list(v) for k, v in raw.attrs.items()}  # the reader's notes and warnings
    return frame, []


def validate(file_key: str, mapping: dict[str, str], frame: pd.DataFrame, kb, source: str) -> FirmBatch:
    """``validate_frame`` once per (file, mapping, data version); memoised for the session."""
    key = (file_key, tuple(sorted(mapping.items())), kb.data_version)
    memo = session_memory.memo(MEMO)
    if key not in memo:
        memo.clear()
        memo[key] = firm_io.validate_frame(frame, kb.regions, source=source)
    return memo[key]


def fix_hint(field: str | None, reason: str) -> str:
    """What to do about one rejected cell, in the current language."""
    if field == "firm_id":
        return t("fix_firm_id_dup") if "duplicate" in reason else t("fix_firm_id_empty")
    if field in INTEGER_FIELDS:
        return t("fix_integer")
    if field in NUMBER_FIELDS:
        return t("fix_number")
    if field in CAPABILITY_KEYS:
        return t("fix_capability")
    if field == "has_china_entity":
        return t("fix_bool")
    if field == "risk_tolerance":
        return t("fix_risk")
    if field in ("preferred_regions", "excluded_regions"):
        return t("fix_regions")
    return t("fix_other")


def errors_frame(batch: FirmBatch, original: dict[str, str] | None = None) -> pd.DataFrame:
    """Rejected cells with row number, firm id, column (as in the file), reason and the fix, translated headers."""
    original = original or {}
    rows = []
    for e in batch.rejected:
        field = canonical_field(e.column) or e.column
        col = original.get(field, e.column)
        shown = col if col == field_label(field) else f"{col} ({field_label(field)})"
        rows.append({t("err_row"): e.row, t("firm_id"): e.firm_id, t("err_column"): shown,
                     t("err_fix"): fix_hint(field, e.reason), t("err_reason"): e.text(lang())})  # fmt: skip
    import pandas as pd

    return pd.DataFrame(rows, columns=[t("err_row"), t("firm_id"), t("err_column"), t("err_fix"), t("err_reason")])


def inferred_nothing(batch: FirmBatch, original: dict[str, str] | None = None, show: int = 8) -> str:
    """The warning for firms that gave no capability score and whose industry code and products named none of the
    17 capabilities (e.g. an English or very short product line the lexicon does not know, or an industry the
    reports do not cover): they can match nothing, so the user is told which rows and which column to fix, in the
    UI's language. ``""`` when there are none."""
    import numpy as np

    firms = batch.firms
    if not len(firms) or firms.capability_source is None:
        return ""
    hit = np.flatnonzero((np.asarray(firms.capability_source) == 1) & (np.asarray(firms.capabilities).sum(axis=1) == 0))
    if not len(hit):
        return ""
    rows = [int(firms.row[i]) for i in hit[:show]]
    more = len(hit) - len(rows)
    rows_text = ", ".join(map(str, rows)) + (t("rows_more", n=more) if more > 0 else "")
    original = original or {}
    column = original.get("products") or field_label("products")
    examples = "; ".join(f"‘{md_escape(str(firms.products[i])[:40])}’" for i in hit[:3] if str(firms.products[i]))
    return t("inferred_nothing", n=len(hit), rows=rows_text, column=md_escape(column),
             examples=examples or "–")  # fmt: skip


def validation_report(batch: FirmBatch, original: dict[str, str] | None = None, key: str = "val") -> None:
    st.markdown(f"#### {t('validation_title')}")
    a, b, c = st.columns(3)
    a.metric(t("received"), f"{batch.received:,}")
    b.metric(t("accepted"), f"{batch.accepted:,}")
    c.metric(t("rejected"), f"{batch.rejected_rows:,}")
    for n in batch.notes:
        st.caption(t("file_warnings", msg=md_escape(note_text(n, lang()))))
    for w in batch.warnings:
        st.warning(t("file_warnings", msg=md_escape(note_text(w, lang()))), icon=":material/info:")
    nothing = inferred_nothing(batch, original)
    if nothing:
        st.warning(nothing, icon=":material/help:")
    if not batch.rejected:
        st.success(t("all_accepted"), icon=":material/check_circle:")
        return
    from recommender.exporting import csv_bytes

    frame = errors_frame(batch, original)
    (st.error if batch.accepted == 0 else st.warning)(t("some_rejected", n=batch.rejected_rows), icon=":material/warning:")
    st.dataframe(frame, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(frame)))
    st.download_button(t("dl_errors"), csv_bytes(frame), "rejected_rows.csv", "text/csv", key=f"{key}_dl_errors",
                       on_click="ignore", icon=":material/download:")  # fmt: skip


def template_csv() -> bytes:
    """An empty firm list with Korean headers and one example row (what the aliases accept)."""
    example = {"firm_id": "KR-0001", "name": "예시기업", "employees": 45, "revenue_krw_100m": 62,
               "china_experience_years": 1, "has_china_entity": "아니오", "chinese_speaking_staff": 2,
               "investment_capacity_krw_100m": 15, "certifications": "ISO9001", "risk_tolerance": "높음",
               "horizon_years": 5, "preferred_regions": "", "excluded_regions": "",
               "ai_software": 5, "semiconductors_sensors": 2, "cloud_big_data": 3}  # fmt: skip
    header = [FIELD_LABELS_KO[f] for f in FIELDS] + [CAPABILITY_LABELS_KO[k] for k in CAPABILITY_KEYS]
    row = [example.get(f, "") for f in FIELDS] + [example.get(k, 0) for k in CAPABILITY_KEYS]
    import pandas as pd

    from recommender.exporting import csv_bytes

    return csv_bytes(pd.DataFrame([row], columns=header))


def localise_uploader(key: str, types: list[str]) -> None:
    """Streamlit's own uploader words ("Upload", "200MB per file • CSV, …") in Korean: its dropzone text cannot be
    set (streamlit/streamlit#13500), so in the Korean UI a style scoped to this uploader (``.st-key-<key>``) hides
    the English and shows ``파일 선택`` and ``파일당 최대 200MB · CSV, XLSX`` in its place. The limit is the server's
    ``server.maxUploadSize``. Nothing changes in the English UI."""
    if lang() != "ko":
        return
    limit = int(st.get_option("server.maxUploadSize"))
    note = f"파일당 최대 {limit}MB · " + ", ".join(x.upper() for x in types)
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    st.html(
        "<style>"
        f"{scope} button [data-testid='stMarkdownContainer'] p{{font-size:0}}"
        f"{scope} button [data-testid='stMarkdownContainer'] p::after{{content:'파일 선택';font-size:0.875rem}}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span{{font-size:0}}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after{{content:'{note}';font-size:0.875rem}}"
        "</style>"
    )  # fmt: skip
