"""Helpers of the review page (``views/review.py``): the passage with its neighbouring lines and mentions
highlighted, the choices the edit and merge forms offer, and the actions taken through the review store
(``features.ingest.review``) with their outcome kept for the next run."""

from __future__ import annotations

import logging
import time

import streamlit as st

from features.atomic import LockedError
from features.facts import FACT_COLUMNS, FactError
from features.ingest.review import ConflictError, Context, ReviewError, ReviewStore, ReviewView
from features.search import highlight_spans
from features.vintage import published_key
from features.workspace import WorkspaceError
from ui.i18n import lang, t
from ui.text import md_escape

MSG = "rev_msg"  # (kind, text) shown once after the action's run
ERR = "rev_err"  # {"candidate_id", "field", "msg"}: a refused fact, shown beside its field
MINE = "rev_mine"  # action ids taken in this session (undo takes back the newest still in effect)
POS = "rev_pos"  # doc id → the candidate on screen
CONTEXT_LINES = 3
log = logging.getLogger("kocn.app")


def in_language(message: str) -> str:
    """The part of a ``한국어 / English`` message in the UI language (the store says both)."""
    head, sep, tail = str(message).partition(" / ")
    if not sep:
        return str(message)
    if lang() == "ko":
        return head
    cid = head.split(":", 1)[0] if ":" in head and " " not in head.split(":", 1)[0] else ""
    return f"{cid}: {tail}" if cid and not tail.startswith(cid) else tail


# ---------------------------------------------------------------------------------------------- the passage


def highlight_terms(row: dict, ctx: Context) -> list[str]:
    """Words to bold in the passage: the region's names and aliases, the city, the sector's keywords, the value and
    the tagger's cue words."""
    terms: list[str] = []
    region = ctx.regions.get(row.get("region_id") or "")
    if region:
        terms += [region.name_ko, region.main_city_ko, *region.aliases, *region.ambiguous_aliases]
    sector = ctx.sectors.get(row.get("sector_id") or "")
    if sector:
        terms += list(sector.keywords)
    terms += [row.get("city") or ""]
    value = (row.get("value") or "").strip()
    if value:
        try:
            number = float(value.replace(",", ""))
            terms += [f"{int(number):,}" if number == int(number) else value]
        except ValueError:
            terms.append(value)
    for cue in (row.get("reason") or "").replace(",", ";").split(";"):
        cue = cue.strip()
        if 2 <= len(cue) <= 30:
            terms.append(cue)
    return sorted({x for x in terms if x and len(x) >= 2}, key=len, reverse=True)


def _marked(text: str, terms: list[str]) -> str:
    out, pos = [], 0
    for a, b in highlight_spans(text, terms):
        out.append(md_escape(text[pos:a]))
        out.append(f"**{md_escape(text[a:b])}**")
        pos = b
    out.append(md_escape(text[pos:]))
    return "".join(out)


def passage_markdown(doc, start: int, end: int, terms: list[str], context: int = CONTEXT_LINES) -> str:
    """The cited lines (shaded) with ``context`` non-blank lines before and after, each with its line number."""
    lines = doc.lines
    before, after = [], []
    i = start - 1
    while i >= 1 and len(before) < context:
        if lines[i - 1].strip():
            before.append(i)
        i -= 1
    i = end + 1
    while i <= len(lines) and len(after) < context:
        if lines[i - 1].strip():
            after.append(i)
        i += 1
    out = []
    for n in [*reversed(before), *range(start, end + 1), *after]:
        text = lines[n - 1].strip()
        if not text:
            continue
        body = _marked(text, terms)
        out.append(f"`{n:>5}` " + (f":blue-background[{body}]" if start <= n <= end else f":gray[{body}]"))
    return "  \n".join(out)


def where_label(doc, start: int, end: int) -> str:
    page = doc.page_of(start) if doc is not None else None
    return t("rev_where", page=t("rev_page", page=page) if page else "", lines_label=t("lines"), start=start, end=end)


# ---------------------------------------------------------------------------------------------- form choices


def merge_targets(row: dict, ctx: Context, view: ReviewView, limit: int = 40) -> list[tuple[str, str]]:
    """(fact id, label) of existing facts a candidate may restate: same region, sector and indicator first, then
    same region and sector, then same region and indicator, then the region's other facts."""
    own = {c.fact["fact_id"]: c.fact for c in view.candidates if c.fact and c.candidate_id != row["candidate_id"]}
    facts = {**ctx.other_facts, **own}
    region, sector, indicator = row.get("region_id") or "CN", row.get("sector_id"), row.get("indicator")
    ranked = []
    for fid, f in facts.items():
        if f.get("merged_into") or f.get("region_id") != region:
            continue
        rank = (0 if f.get("sector_id") == sector and f.get("indicator") == indicator else
                1 if f.get("sector_id") == sector else 2 if f.get("indicator") == indicator else 3)  # fmt: skip
        ranked.append((rank, fid))
    out = []
    for _, fid in sorted(ranked)[:limit]:
        f = facts[fid]
        note = f.get("note_en" if lang() == "en" else "note_ko", "")
        out.append((fid, f"{fid} · {f.get('sector_id')} · {f.get('indicator')} — {note[:70]}"))
    return out


def supersede_options(fact_row: dict, ctx: Context, doc_published: str) -> list[tuple[str, str]]:
    """(fact id, label) of older facts of the same region, sector and indicator; those with a figure in the same
    unit first (docs/METHOD.md § Evidence age: the reviewer declares what a newer fact replaces)."""
    out = []
    for fid, f in ctx.other_facts.items():
        if (f.get("region_id"), f.get("sector_id"), f.get("indicator")) != \
                (fact_row.get("region_id"), fact_row.get("sector_id"), fact_row.get("indicator")) or f.get("merged_into"):  # fmt: skip
            continue
        docs = [ctx.docs.get(r.split(":")[0]) for r in f.get("evidence", "").split(";") if r.strip()]
        dates = [d.published for d in docs if d is not None]
        try:
            if not dates or max(published_key(d) for d in dates) >= published_key(doc_published):
                continue
        except ValueError:
            continue
        same_unit = bool(f.get("value")) and f.get("unit") == fact_row.get("unit")
        figure = f" {f.get('value')}{f.get('unit')}" if f.get("value") else ""
        out.append(((not same_unit, fid), fid, f"{fid}{figure} ({max(dates)}) — {f.get('note_ko' if lang() == 'ko' else 'note_en', '')[:60]}"))
    return [(fid, label) for _, fid, label in sorted(out)]


# ---------------------------------------------------------------------------------------------- actions


def act(store: ReviewStore, action: dict, by: str, seen: int, what: str) -> bool:
    """Take one action through the store; keep its outcome (saved, refused with the field, clash, busy) for the
    page to show. True when it was saved."""
    state = st.session_state
    state.pop(ERR, None)
    started = time.perf_counter()
    try:
        out = store.apply([action], by=by, seen=seen)
    except FactError as exc:
        state[ERR] = {"candidate_id": action.get("candidate_id"), "field": exc.field, "msg": str(exc)}
        state[MSG] = ("error", t("rev_refused", msg=str(exc)))
        return False
    except ConflictError as exc:
        state[MSG] = ("warning", in_language(str(exc)))
        return False
    except LockedError:
        state[MSG] = ("warning", t("rev_busy"))
        return False
    except (ReviewError, WorkspaceError, OSError) as exc:
        state[MSG] = ("error", in_language(str(exc)))
        return False
    except Exception as exc:  # noqa: BLE001 - a callback's error would reach the user as a traceback
        log.exception("review action failed")
        state[MSG] = ("error", t("unexpected_error", kind=type(exc).__name__))
        return False
    seconds = f"{time.perf_counter() - started:.2f}"
    entry = out.entries[0]
    state.setdefault(MINE, []).append(entry.id)
    if entry.action == "undo":
        state[MSG] = ("success", t("rev_undone", cid=entry.candidate_id, seconds=seconds))
    else:
        state[MSG] = ("success", t("rev_saved", what=what, seconds=seconds))
    if out.others:
        state["rev_others"] = out.others
    state["rev_last_seconds"] = float(seconds)
    return True


def fact_defaults(cand_row: dict, current: dict | None, ctx: Context, doc_id: str) -> dict:
    """The edit form's starting values: the fact as accepted (when it was), else what accepting would write."""
    from features.ingest.review import fact_from_candidate

    if current:
        return {k: current.get(k, "") for k in (*FACT_COLUMNS, "supersedes")}
    try:
        return fact_from_candidate(cand_row, ctx, doc_id)
    except (ReviewError, FactError):
        return {k: "" for k in FACT_COLUMNS}
