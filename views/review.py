"""사실 검토 / Review facts — the candidate facts of a newly ingested report, best first: the passage with its
neighbouring lines and mentions highlighted; accept, edit (every field and a reviewer's note in Korean and English),
reject, merge into an existing fact, undo; progress; keyboard shortcuts. Accepted facts go to
``facts/<doc_id>.csv`` of the team data directory through the build's own validation (``features.ingest.review``);
then the profiles are rebuilt and the page shows what the report changed (``recommender.changes``)."""

import time

import streamlit as st

from features import versions
from features.build import input_hash
from features.facts import ALL_SECTORS, INDICATORS, NATIONAL, TAGS
from features.ingest.candidates import CandidateFileError
from features.ingest.review import ReviewError, ReviewStore, documents_with_candidates, load_context
from features.ingest.reviewlog import ReviewLogError
from features.workspace import is_bundled
from recommender.changes import changes as compute_changes
from ui import changes as changes_view
from ui import data
from ui import review as R
from ui.i18n import t
from ui.text import md_escape, num
from ui.vocab import dimension_label, doc_title, indicator_label, region_name, sector_name

kb = data.knowledge()
data_dir = data.data_dir()
state = st.session_state

st.title(t("rev_title"))
st.caption(t("rev_intro"))
if is_bundled(data_dir):
    st.info(t("rev_bundled"), icon=":material/lock:")

docs = documents_with_candidates(data_dir)
if not docs:
    st.info(t("rev_no_docs"), icon=":material/upload_file:")
    st.stop()


def doc_label(doc_id: str) -> str:
    doc = kb.docs.get(doc_id)
    return f"{doc_title(doc)} ({doc.published})" if doc else doc_id


top = st.columns([3, 2])
doc_id = top[0].selectbox(t("rev_doc"), docs, format_func=doc_label, key="rev_doc")
by = top[1].text_input(t("rev_reviewer"), key="rev_by", max_chars=60, help=t("rev_reviewer_help"))

try:
    store = ReviewStore(data_dir, doc_id)
    view = store.view()
except (ReviewError, CandidateFileError, ReviewLogError) as exc:
    st.error(R.in_language(str(exc)), icon=":material/block:")
    st.stop()

ctx = load_context(data_dir, store.facts_file)
doc = ctx.docs.get(doc_id)

# ---------------------------------------------------------------- the outcome of the last action
message = state.pop(R.MSG, None)
if message:
    kind, text = message
    {"success": st.success, "warning": st.warning, "error": st.error}[kind](text)
others = state.pop("rev_others", None)
if others:
    st.info(t("rev_others", n=others), icon=":material/group:")

# ---------------------------------------------------------------- progress and the list
counts = view.counts()
st.progress(view.reviewed / max(view.total, 1), text=t("rev_progress", n=view.reviewed, m=view.total))
st.caption(t("rev_counts", **counts))
show = st.radio(t("rev_filter"), ("pending", "all"), format_func=lambda x: t(f"rev_filter_{x}"), horizontal=True,
                key="rev_filter")  # fmt: skip
full = view.candidates  # by score, best first
order = [c for c in full if show == "all" or c.status == "pending"]


def status_text(status: str) -> str:
    return t(f"status_{status}")


def pick_label(cid: str) -> str:
    c = next(x for x in full if x.candidate_id == cid)
    r = c.row
    return (f"{cid.rsplit('-', 1)[-1]} · {num(c.score, 2)} · {status_text(c.status)} · "
            f"{region_name(kb, r.get('region_id') or NATIONAL)} · {sector_name(kb, r.get('sector_id') or '')} · "
            f"{indicator_label(r.get('indicator') or '')}")  # fmt: skip


def go(cid: str | None) -> None:
    if cid is not None:
        state["rev_pick"] = cid
        state.setdefault(R.POS, {})[doc_id] = cid


def neighbour(cid: str, step: int, pending_only: bool) -> str | None:
    """The next (or previous) candidate in score order after ``cid``, pending ones only if asked."""
    ids = [c.candidate_id for c in full]
    i = ids.index(cid) if cid in ids else -1
    for k in range(1, len(ids) + 1):
        j = i + step * k
        if not 0 <= j < len(ids):
            break
        if not pending_only or full[j].status == "pending":
            return ids[j]
    return None


if not order:
    st.success(t("rev_all_done"), icon=":material/task_alt:")
    current = None
else:
    wanted = state.get(R.POS, {}).get(doc_id)
    if state.get("rev_pick") not in [c.candidate_id for c in order]:
        state["rev_pick"] = wanted if wanted in [c.candidate_id for c in order] else order[0].candidate_id
    st.selectbox(t("rev_pick"), [c.candidate_id for c in order], format_func=pick_label, key="rev_pick",
                 on_change=lambda: go(state["rev_pick"]))  # fmt: skip
    current = next(c for c in order if c.candidate_id == state["rev_pick"])

# ---------------------------------------------------------------- one candidate
if current is not None:
    cid, row, rev = current.candidate_id, current.row, current.revision
    position = [c.candidate_id for c in full].index(cid) + 1

    def after_action() -> None:
        go(neighbour(cid, 1, show == "pending") or neighbour(cid, -1, show == "pending") or cid)

    def do(action: dict, what: str) -> None:
        if R.act(store, {**action, "expect": rev} if action["action"] != "undo" else action, by, view.log_length, what):
            after_action()

    def accept() -> None:
        do({"action": "accept", "candidate_id": cid}, f"{cid} → {t('status_accepted')}")

    def reject() -> None:
        do({"action": "reject", "candidate_id": cid}, f"{cid} → {t('status_rejected')}")

    def undo() -> None:
        fresh = store.view()
        last = fresh.last_undoable(state.get(R.MINE, []))
        if last is None:
            state[R.MSG] = ("warning", t("rev_nothing_to_undo"))
            return
        if R.act(store, {"action": "undo", "undo": last.id}, by, fresh.log_length, last.candidate_id):
            go(last.candidate_id)

    def merge() -> None:
        target = (state.get(f"rev_m_other_{cid}") or "").strip() or state.get(f"rev_m_target_{cid}") or ""
        do({"action": "merge", "candidate_id": cid, "target": target}, f"{cid} → {target}")

    with st.container(border=True):
        st.subheader(t("rev_candidate", i=position, m=view.total, cid=cid))
        decided = ""
        if current.entry is not None:
            decided = " · " + md_escape(t("rev_decided_by", status=status_text(current.status),
                                          by=current.entry.by or "—", at=current.entry.at))  # fmt: skip
        st.markdown(f"{t('rev_score')} **{num(current.score, 2)}** · {t('rev_status')} "
                    f"**{status_text(current.status)}**{decided}", help=t("rev_score_help"))  # fmt: skip
        shown = current.fact or row
        figure = f"{shown.get('value')} {shown.get('unit') or ''}".strip() if shown.get("value") else "—"
        kind = shown.get("dimension") or row.get("kind") or ""
        st.markdown(
            f"**{md_escape(region_name(kb, shown.get('region_id') or NATIONAL))}**"
            + (f" · {md_escape(shown.get('city'))}" if shown.get("city") else "")
            + f" · **{md_escape(sector_name(kb, shown.get('sector_id') or ''))}** · {md_escape(dimension_label(kind))}"
            f" › {md_escape(indicator_label(shown.get('indicator') or ''))} · {t('f_value')} {md_escape(figure)}"
            f" · {md_escape(shown.get('year') or '')} · {t('f_strength').split(' ')[0]} {md_escape(shown.get('strength'))}"
            + (f" · {t('f_tags').split(' ')[0]} {md_escape(shown.get('tags'))}" if shown.get("tags") else "")
        )  # fmt: skip
        if row.get("reason"):
            st.caption(t("rev_reason", reason=md_escape(row["reason"])))
        refs = [x for x in (row.get("evidence") or "").split(";") if ":" in x]
        if doc is not None and refs:
            span = refs[0].split(":", 1)[1]
            a, _, b = span.partition("-")
            start, end = int(a), int(b or a)
            st.markdown(f"**{t('rev_passage', where=R.where_label(doc, start, end))}**", help=t("rev_passage_help"))
            terms = R.highlight_terms({**row, **shown, "reason": row.get("reason", "")}, ctx)
            with st.container(border=True, key="rev_passage_box"):
                st.markdown(R.passage_markdown(doc, start, end, terms))
        b = st.columns(5)
        b[0].button(t("rev_accept"), on_click=accept, key="rev_accept", type="primary", shortcut="A",
                    icon=":material/check:", width="stretch")  # fmt: skip
        b[1].button(t("rev_reject"), on_click=reject, key="rev_reject", shortcut="X", icon=":material/close:",
                    width="stretch")  # fmt: skip
        b[2].button(t("rev_undo"), on_click=undo, key="rev_undo", shortcut="U", icon=":material/undo:", width="stretch")
        b[3].button(t("rev_prev"), on_click=lambda: go(neighbour(cid, -1, show == "pending")), key="rev_prev",
                    shortcut="K", icon=":material/arrow_back:", width="stretch")  # fmt: skip
        b[4].button(t("rev_next"), on_click=lambda: go(neighbour(cid, 1, show == "pending")), key="rev_next",
                    shortcut="J", icon=":material/arrow_forward:", width="stretch")  # fmt: skip
        st.caption(t("rev_keys"))

    # ------------------------------------------------------------ edit
    err = state.get(R.ERR) if (state.get(R.ERR) or {}).get("candidate_id") == cid else None

    def field_error(field: str) -> None:
        if err and err.get("field") == field:
            st.error(t("rev_fix_field", msg=err["msg"]), icon=":material/error:")

    defaults = R.fact_defaults({**row}, current.fact, ctx, doc_id)
    regions = [NATIONAL, *sorted(kb.regions)]
    sectors = [ALL_SECTORS, *sorted(kb.sectors)]
    indicators = [i for dim in INDICATORS.values() for i in dim]

    def key(field: str) -> str:
        return f"rev_f_{field}_{cid}"

    def submit_edit() -> None:
        fields = {f: state.get(key(f)) for f in ("region_id", "city", "sector_id", "dimension", "indicator", "value",
                                                 "unit", "year", "strength", "check", "note_ko", "note_en")}  # fmt: skip
        fields["tags"] = ";".join(state.get(key("tags")) or [])
        fields["supersedes"] = ";".join(state.get(key("supersedes")) or [])
        do({"action": "edit", "candidate_id": cid, "fields": fields}, f"{cid} → {t('status_edited')}")

    with st.expander(t("rev_edit"), expanded=bool(err), icon=":material/edit:"):
        with st.form(f"rev_form_{cid}", border=False):
            c1, c2, c3 = st.columns(3)
            with c1:
                st.selectbox(t("f_region_id"), regions, key=key("region_id"),
                             index=regions.index(defaults.get("region_id")) if defaults.get("region_id") in regions else 0,
                             format_func=lambda r: t("f_national") if r == NATIONAL else region_name(kb, r))  # fmt: skip
                field_error("region_id")
            with c2:
                st.text_input(t("f_city"), value=defaults.get("city", ""), key=key("city"), max_chars=60)
            with c3:
                st.selectbox(t("f_sector_id"), sectors, key=key("sector_id"),
                             index=sectors.index(defaults.get("sector_id")) if defaults.get("sector_id") in sectors else 0,
                             format_func=lambda s: t("f_all_sectors") if s == ALL_SECTORS else sector_name(kb, s))  # fmt: skip
                field_error("sector_id")
            c1, c2, c3 = st.columns(3)
            with c1:
                dims = list(INDICATORS)
                st.selectbox(t("f_dimension"), dims, key=key("dimension"), format_func=dimension_label,
                             index=dims.index(defaults.get("dimension")) if defaults.get("dimension") in dims else 0)  # fmt: skip
                field_error("dimension")
            with c2:
                st.selectbox(t("f_indicator"), indicators, key=key("indicator"),
                             index=indicators.index(defaults.get("indicator")) if defaults.get("indicator") in indicators else 0,
                             format_func=lambda i: f"{dimension_label(next(d for d, v in INDICATORS.items() if i in v))} › "
                                                   f"{indicator_label(i)}")  # fmt: skip
                field_error("indicator")
            with c3:
                strengths = ["1", "2", "3"]
                st.selectbox(t("f_strength"), strengths, key=key("strength"),
                             index=strengths.index(str(defaults.get("strength"))) if str(defaults.get("strength")) in strengths else 0)  # fmt: skip
                field_error("strength")
            c1, c2, c3 = st.columns(3)
            with c1:
                st.text_input(t("f_value"), value=defaults.get("value", ""), key=key("value"), max_chars=40)
                field_error("value")
            with c2:
                st.text_input(t("f_unit"), value=defaults.get("unit", ""), key=key("unit"), max_chars=20)
            with c3:
                st.text_input(t("f_year"), value=str(defaults.get("year", "")), key=key("year"), max_chars=4)
                field_error("year")
            tag_options = sorted(TAGS)
            st.multiselect(t("f_tags"), tag_options, key=key("tags"), placeholder=t("choose"),
                           default=[x for x in (defaults.get("tags") or "").split(";") if x in tag_options])  # fmt: skip
            field_error("tags")
            st.text_input(t("f_check"), value=defaults.get("check", ""), key=key("check"), max_chars=60)
            field_error("check")
            st.text_area(t("f_note_ko"), value=defaults.get("note_ko", ""), key=key("note_ko"), max_chars=400, height=70)
            field_error("note_ko")
            st.text_area(t("f_note_en"), value=defaults.get("note_en", ""), key=key("note_en"), max_chars=400, height=70)
            field_error("note_en")
            options = R.supersede_options(defaults, ctx, doc.published if doc else "")
            labels = dict(options)
            st.multiselect(t("f_supersedes"), list(labels), key=key("supersedes"), format_func=lambda x: labels.get(x, x),
                           placeholder=t("choose"),
                           default=[x for x in (defaults.get("supersedes") or "").split(";") if x in labels],
                           help=t("f_supersedes_help"))  # fmt: skip
            field_error("supersedes")
            field_error("evidence")
            field_error("fact_id")
            st.form_submit_button(t("rev_edit_submit"), on_click=submit_edit, type="primary", icon=":material/save:")

    # ------------------------------------------------------------ merge
    with st.expander(t("rev_merge"), icon=":material/merge:", expanded=bool(err and err.get("field") == "merged_into")):
        st.caption(t("rev_merge_help"))
        targets = R.merge_targets({**row, **(current.fact or {})}, ctx, view)
        target_labels = dict(targets)
        if targets:
            st.selectbox(t("rev_merge_target"), list(target_labels), format_func=lambda x: target_labels.get(x, x),
                         key=f"rev_m_target_{cid}")  # fmt: skip
        else:
            st.caption(t("rev_no_targets"))
        st.text_input(t("rev_merge_other"), key=f"rev_m_other_{cid}", max_chars=40)
        field_error("merged_into")
        st.button(t("rev_merge_button"), on_click=merge, key="rev_merge", shortcut="M", icon=":material/merge:")

# ---------------------------------------------------------------- rebuild and what changed
st.divider()
st.subheader(t("rev_rebuild_title"))


def rebuild() -> None:
    before = data.knowledge().data_version
    started = time.perf_counter()
    data.reload()
    try:
        after = data.knowledge().data_version
    except Exception as exc:  # noqa: BLE001 - bad data (a fact file edited by hand): say so, never a traceback
        R.log.exception("rebuild failed")
        state[R.MSG] = ("error", t("data_error", msg=md_escape(exc)))
        return
    state["rev_rebuilt"] = (before, after, f"{time.perf_counter() - started:.1f}")
    state["rev_compare"] = before  # show what this rebuild changed


now = input_hash(data_dir)[:12]
if now != kb.data_version:
    st.warning(t("rev_stale", version=kb.data_version), icon=":material/sync_problem:")
else:
    st.caption(t("rev_current", version=kb.data_version))
st.button(t("rev_rebuild"), on_click=rebuild, key="rev_rebuild", type="primary" if now != kb.data_version else "secondary",
          help=t("rev_rebuild_help"), icon=":material/autorenew:", shortcut="B")  # fmt: skip
done = state.pop("rev_rebuilt", None)
if done:
    st.success(t("rev_rebuilt", before=done[0], after=done[1], seconds=done[2]), icon=":material/check_circle:")

kept = [v for v in reversed(versions.kept_versions(data_dir)) if v != kb.data_version]
if kept:
    if state.get("rev_compare") not in kept:
        state["rev_compare"] = kept[0]  # the build before the current one
    history = {e["version"]: e for e in versions.history(data_dir)}

    def version_label(v: str) -> str:
        e = history.get(v, {})
        return f"{v} · {e.get('built_at', '?')[:16].replace('T', ' ')} · {sum(e.get('facts', {}).values())} facts"

    compare = st.selectbox(t("rev_compare_from"), kept, format_func=version_label, key="rev_compare")
    if compare:
        try:
            changes_view.render(compute_changes(data_dir, compare, kb=kb), kb)
        except (versions.VersionError, OSError, ValueError) as exc:
            st.error(R.in_language(str(exc)))
