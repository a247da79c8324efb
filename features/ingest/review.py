"""The review store: a person accepts, edits, rejects or merges the candidate facts of one report, and the accepted
ones become facts (DESIGN.md contract 10; issue 16).

Files (in the data directory, never the bundled ``data/``: ``features.workspace``):

* ``review/<doc_id>.jsonl`` — the append-only log of every action (``features.ingest.reviewlog``): **the truth**;
* ``facts/<doc_id>.csv`` — the facts the log has accepted, *derived* from it: the fact columns of docs/DATA.md plus
  ``merged_into`` (a restatement of an existing fact, ``features.facts.fold_restatements``) and ``candidate_id``;
  removed when no fact is left (so undoing every action gives back the data version from before);
* ``candidates/<doc_id>.csv`` — the ingest's proposals; the review sets ``status`` and ``fact_id``.

What an accepted candidate becomes (its fact id, notes, check string, a restatement) is ``features.ingest.factrow``.

**Order of writing** (nothing lost, nothing half-written). Under the document's exclusive lock
(``features.atomic.exclusive_lock`` on the log, waited for up to :data:`LOCK_WAIT` seconds — other writers hold it
for milliseconds): read the log afresh; validate the action — the fact row through ``features.facts.validate_fact``,
the very code the build runs on hand-written facts, and the compare-and-swap below — then append it to the log
(fsync), then replace the facts file and the candidates file atomically (temporary file, fsync, rename). A crash
after the log append leaves a facts file one action behind; every later open finds the difference and replays the
log onto it (:meth:`ReviewStore.sync`).

**Two reviewers at once** (two tabs, two people, a script). Each action names the revision of the candidate its
reviewer saw (``expect``: the ``seq`` of the log entry that decided the candidate's state, 0 for pending). If
another reviewer has changed that candidate since, the action is refused with :class:`ConflictError`, which says
who changed it and when; the slower tab shows the new state and nothing is overwritten. Actions on *other*
candidates are never in conflict: both are kept (the lock serialises the writes). Undo takes back one's own last
action, only while it is still the candidate's current state.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from features.atomic import LockedError, exclusive_lock, write_bytes_atomic
from features.facts import FACT_COLUMNS, INDICATORS, FactError, check_supersedes, validate_fact
from features.ingest.candidates import candidates_path, read_candidates, write_candidates
from features.ingest.factrow import (  # noqa: F401 - re-exported: the review page and the tests use them from here
    EDITABLE,
    REVIEW_FACT_COLUMNS,
    Context,
    default_notes,
    fact_from_candidate,
    fact_id_for,
    facts_csv_bytes,
    load_context,
    merged_fact,
    suggest_check,
)
from features.ingest.reviewlog import Entry, ReviewLog
from features.workspace import writable_data_dir

STATUS_OF = {"accept": "accepted", "edit": "edited", "reject": "rejected", "merge": "merged"}
STATUS_KO = {"pending": "검토 전", "accepted": "채택", "edited": "수정 후 채택", "rejected": "기각",
             "merged": "기존 사실에 합침"}  # fmt: skip
LOCK_WAIT = 5.0  # seconds a writer waits for another one's few-millisecond write


class ReviewError(ValueError):
    """A review action that cannot be taken; the message (Korean / English) says why and what to do."""


class ConflictError(ReviewError):
    """Another reviewer changed the candidate since this one saw it: nothing was written."""


def facts_path(data_dir: Path, doc_id: str) -> Path:
    return Path(data_dir) / "facts" / f"{doc_id}.csv"


def log_path(data_dir: Path, doc_id: str) -> Path:
    return Path(data_dir) / "review" / f"{doc_id}.jsonl"


def documents_with_candidates(data_dir: Path) -> list[str]:
    """Doc ids that have a candidates file, in name order."""
    folder = Path(data_dir) / "candidates"
    return sorted(p.stem for p in folder.glob("*.csv") if not p.name.startswith(".~")) if folder.is_dir() else []


# ---------------------------------------------------------------------------------------------- what the log says


@dataclass
class CandidateState:
    """One candidate as the review sees it: the ingest's proposal and the decision the log holds."""

    row: dict  # the candidates-file row
    status: str = "pending"
    revision: int = 0  # seq of the log entry that decided the state (0 = pending): the compare-and-swap token
    entry: Entry | None = None  # that entry (action, by, at, fact)

    @property
    def candidate_id(self) -> str:
        return self.row["candidate_id"]

    @property
    def fact(self) -> dict | None:
        return self.entry.fact if self.entry is not None else None

    @property
    def score(self) -> float:
        try:
            return float(self.row.get("score") or 0)
        except ValueError:
            return 0.0


def effective(entries: list[Entry]) -> dict[str, Entry]:
    """candidate id → the entry that decides its state (undone entries taken back); candidates without one are
    pending."""
    stacks: dict[str, list[Entry]] = {}
    by_seq = {e.seq: e for e in entries}
    for e in entries:
        if e.action == "undo":
            target = by_seq.get(e.undoes or 0)
            stack = stacks.get(target.candidate_id, []) if target else []
            if target in stack:
                stack.remove(target)
        else:
            stacks.setdefault(e.candidate_id, []).append(e)
    return {cid: stack[-1] for cid, stack in stacks.items() if stack}


def facts_rows(entries: list[Entry], order: list[str]) -> list[dict]:
    """The fact rows the log holds, in candidate order (``order``: candidate ids as in the candidates file)."""
    eff = effective(entries)
    pos = {cid: i for i, cid in enumerate(order)}
    rows = [e.fact for cid, e in eff.items() if e.action in ("accept", "edit", "merge") and e.fact]
    return sorted(rows, key=lambda r: (pos.get(r.get("candidate_id", ""), len(pos)), r.get("candidate_id", "")))


# ---------------------------------------------------------------------------------------------- the store


@dataclass
class ReviewView:
    """A read-only snapshot of one document's review."""

    doc_id: str
    candidates: list[CandidateState]  # by score, best first (then candidate id)
    log_length: int
    entries: list[Entry]

    @property
    def total(self) -> int:
        return len(self.candidates)

    @property
    def reviewed(self) -> int:
        return sum(c.status != "pending" for c in self.candidates)

    def get(self, candidate_id: str) -> CandidateState:
        for c in self.candidates:
            if c.candidate_id == candidate_id:
                return c
        raise ReviewError(f"후보 {candidate_id}이(가) 이 보고서에 없습니다 / no candidate {candidate_id!r} in {self.doc_id}")

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in ("pending", "accepted", "edited", "rejected", "merged")}
        for c in self.candidates:
            out[c.status] = out.get(c.status, 0) + 1
        return out

    def last_undoable(self, action_ids: list[str] | None = None) -> Entry | None:
        """The newest action still in effect — among ``action_ids`` (one reviewer's own) when given."""
        current = {c.entry.seq for c in self.candidates if c.entry is not None}
        wanted = set(action_ids) if action_ids is not None else None
        for e in reversed(self.entries):
            if e.action != "undo" and e.seq in current and (wanted is None or e.id in wanted):
                return e
        return None


@dataclass
class Outcome:
    entries: list[Entry]
    others: int  # actions by others written since the caller's view (0 when it did not say)
    facts_file: Path


class ReviewStore:
    """Review of one document's candidates in ``data_dir`` (rules in the module docstring)."""

    def __init__(self, data_dir: Path | str, doc_id: str):
        self.data_dir = Path(data_dir)
        self.doc_id = doc_id
        self.candidates_file = candidates_path(self.data_dir, doc_id)
        self.facts_file = facts_path(self.data_dir, doc_id)
        self.log = ReviewLog(log_path(self.data_dir, doc_id))
        if not self.candidates_file.is_file():
            raise ReviewError(f"{doc_id}: 후보 파일이 없습니다 ({self.candidates_file}) — 먼저 ingest로 보고서를 넣으세요 / "
                              f"no candidates file for {doc_id!r}: run `ingest` on the report first")  # fmt: skip

    # ------------------------------------------------------------------ reading
    def _candidates(self) -> list[dict]:
        return read_candidates(self.candidates_file)

    def view(self, repair: bool = True) -> ReviewView:
        """The candidates with their decisions; with ``repair``, a facts or candidates file behind the log (a crash
        after the log append) is brought up to date first (:meth:`sync`, skipped while another writer holds the
        lock)."""
        entries = self.log.entries()
        rows = self._candidates()
        if repair and self._behind(entries, rows):
            with contextlib.suppress(LockedError, OSError, ReviewError):
                self.sync(wait=0.0)
                entries, rows = self.log.entries(), self._candidates()
        eff = effective(entries)
        states = []
        for row in rows:
            e = eff.get(row["candidate_id"])
            states.append(CandidateState(row, STATUS_OF[e.action] if e else "pending", e.seq if e else 0, e))
        states.sort(key=lambda c: (-c.score, c.candidate_id))
        return ReviewView(self.doc_id, states, len(entries), entries)

    def _behind(self, entries: list[Entry], rows: list[dict]) -> bool:
        want = self._derived_facts_bytes(entries, rows)
        have = self.facts_file.read_bytes() if self.facts_file.is_file() else None
        if want != have:
            return True
        eff = effective(entries)
        return any(self._status(eff.get(r["candidate_id"])) != (r.get("status", "pending"), r.get("fact_id", ""))
                   for r in rows)  # fmt: skip

    def _derived_facts_bytes(self, entries: list[Entry], rows: list[dict]) -> bytes | None:
        facts = facts_rows(entries, [r["candidate_id"] for r in rows])
        return facts_csv_bytes(facts) if facts else None

    @staticmethod
    def _status(e: Entry | None) -> tuple[str, str]:
        if e is None:
            return "pending", ""
        if e.action == "merge":
            return "merged", (e.fact or {}).get("merged_into", "")
        if e.action == "reject":
            return "rejected", ""
        return STATUS_OF[e.action], (e.fact or {}).get("fact_id", "")

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def _locked(self, wait: float = LOCK_WAIT) -> Iterator[None]:
        writable_data_dir(self.data_dir)
        self.log.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait
        stack = contextlib.ExitStack()
        while True:
            try:
                stack.enter_context(exclusive_lock(self.log.path, what=f"the review of {self.doc_id}"))
                break
            except LockedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)
        with stack:
            yield

    def sync(self, wait: float = LOCK_WAIT) -> bool:
        """Bring the facts and candidates files up to the log (the replay after a crash). True when a file changed."""
        with self._locked(wait):
            return self._write_derived(self.log.entries())

    def _write_derived(self, entries: list[Entry]) -> bool:
        rows = self._candidates()
        changed = False
        want = self._derived_facts_bytes(entries, rows)
        have = self.facts_file.read_bytes() if self.facts_file.is_file() else None
        if want != have:
            if want is None:
                self.facts_file.unlink()
            else:
                self.facts_file.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(self.facts_file, want)
            changed = True
        eff = effective(entries)
        new_rows = []
        for r in rows:
            status, fid = self._status(eff.get(r["candidate_id"]))
            new_rows.append({**r, "status": status, "fact_id": fid})
        if new_rows != rows:
            write_candidates(self.candidates_file, new_rows)
            changed = True
        return changed

    def apply(self, actions: list[dict], by: str = "", seen: int | None = None) -> Outcome:
        """Take ``actions`` — each ``{"action": accept|edit|reject|merge, "candidate_id", "expect"?, "fields"?,
        "target"?}`` or ``{"action": "undo", "undo": ACTION_ID}`` — all or none: every one is validated against
        the current log before the first is written. ``expect`` (the candidate's revision the reviewer saw) makes
        the write conditional on it (:class:`ConflictError` otherwise). ``seen``: the log length the reviewer's view
        had, to report how many actions of others came in between."""
        if not actions:
            raise ReviewError("할 일이 없습니다 / no action given")
        with self._locked():
            entries = self.log.entries()
            rows = self._candidates()
            by_id = {r["candidate_id"]: r for r in rows}
            ctx = load_context(self.data_dir, self.facts_file)
            eff = effective(entries)
            pending: list[dict] = []
            for a in actions:
                pending.append(self._prepare(a, entries, eff, by_id, ctx))
                if pending[-1]["action"] != "undo":  # later actions of the batch see this one's effect
                    fake = Entry(len(entries) + len(pending), "", "", by, pending[-1]["action"],
                                 pending[-1]["candidate_id"], pending[-1].get("fact"))  # fmt: skip
                    eff[fake.candidate_id] = fake
            new = self.log.append(pending, by=by)
            all_entries = entries + new
            self._write_derived(all_entries)
        others = max(0, len(entries) - seen) if seen is not None else 0
        return Outcome(new, others, self.facts_file)

    def _prepare(self, a: dict, entries: list[Entry], eff: dict[str, Entry], by_id: dict, ctx: Context) -> dict:
        kind = a.get("action")
        if kind == "undo":
            return self._prepare_undo(a, entries, eff)
        if kind not in ("accept", "edit", "reject", "merge"):
            raise ReviewError(f"알 수 없는 작업 {kind!r} / unknown action {kind!r}: accept, edit, reject, merge or undo")
        cid = a.get("candidate_id", "")
        cand = by_id.get(cid)
        if cand is None:
            raise ReviewError(f"후보 {cid}이(가) 이 보고서에 없습니다 / no candidate {cid!r} in {self.doc_id}")
        current = eff.get(cid)
        if "expect" in a and a["expect"] is not None and int(a["expect"]) != (current.seq if current else 0):
            raise ConflictError(_conflict_message(cid, current))
        if current is not None and current.action in ("accept", "edit") and kind in ("reject", "merge"):
            self._check_not_a_target(current, eff, cid)  # its fact would disappear (or become a restatement)
        where = f"{self.facts_file.name}, {cid}"
        if kind == "reject":
            return {"action": "reject", "candidate_id": cid}
        if kind == "merge":
            target_id = (a.get("target") or "").strip()
            target = self._target(target_id, eff, ctx, cid)
            row = merged_fact(cand, target, ctx, self.doc_id)
        else:
            row = fact_from_candidate(cand, ctx, self.doc_id, a.get("fields") if kind == "edit" else None)
        if row["fact_id"] in ctx.other_facts:
            raise FactError(f"{where}: fact_id {row['fact_id']} already used in {ctx.other_facts[row['fact_id']]['_file']}",
                            "fact_id")  # fmt: skip
        fact = validate_fact(row, ctx.regions, ctx.sectors, ctx.docs, where=where)
        if row["dimension"] not in INDICATORS:
            raise FactError(f"{where}: dimension {row['dimension']!r} is unknown", "dimension")
        if fact.supersedes:
            check_supersedes(fact, self._named_facts(fact.supersedes, ctx, eff), where)
        return {"action": kind, "candidate_id": cid, "fact": row}

    def _named_facts(self, ids: tuple[str, ...], ctx: Context, eff: dict[str, Entry]) -> dict:
        """The facts ``ids`` name (other files, or this document's accepted ones), as ``Fact`` objects."""
        own = {e.fact["fact_id"]: e.fact for e in eff.values() if e.fact}
        out = {}
        for fid in ids:
            row = ctx.other_facts.get(fid) or own.get(fid)
            if row is not None:
                with contextlib.suppress(FactError, KeyError):
                    out[fid] = validate_fact({k: row.get(k, "") for k in FACT_COLUMNS}, ctx.regions, ctx.sectors,
                                             ctx.docs, where=fid)  # fmt: skip
        return out

    def _target(self, target_id: str, eff: dict[str, Entry], ctx: Context, cid: str) -> dict:
        if not target_id:
            raise FactError(f"{cid}: 합칠 사실을 고르세요 / choose the fact to merge into", "merged_into")
        own = {e.fact["fact_id"]: e.fact for e in eff.values() if e.fact}
        target = ctx.other_facts.get(target_id) or own.get(target_id)
        if target is None:
            raise FactError(f"{cid}: 사실 {target_id}이(가) 없습니다 / no fact {target_id!r} to merge into", "merged_into")
        if target.get("merged_into"):
            raise FactError(f"{cid}: {target_id}은(는) 이미 {target['merged_into']}의 재확인입니다 — 그 사실에 합치세요 / "
                            f"{target_id} restates {target['merged_into']}: merge into that one", "merged_into")  # fmt: skip
        if target_id == fact_id_for(self.doc_id, cid):
            raise FactError(f"{cid}: 자기 자신에 합칠 수 없습니다 / a candidate cannot be merged into itself", "merged_into")
        return target

    def _check_not_a_target(self, current: Entry, eff: dict[str, Entry], cid: str) -> None:
        """A fact another candidate was merged into cannot disappear (the restatement would point at nothing)."""
        fid = (current.fact or {}).get("fact_id")
        users = sorted(c for c, e in eff.items() if c != cid and e.action == "merge" and e.fact
                       and e.fact.get("merged_into") == fid)  # fmt: skip
        if fid and users:
            raise ConflictError(f"{cid}: 이 사실({fid})에 합쳐진 후보가 있습니다 ({', '.join(users)}) — 그 합치기를 먼저 "
                                f"되돌리세요 / {fid} has candidates merged into it ({', '.join(users)}): undo those "
                                "merges first")  # fmt: skip

    def _prepare_undo(self, a: dict, entries: list[Entry], eff: dict[str, Entry]) -> dict:
        action_id = a.get("undo") or ""
        target = next((e for e in entries if e.id == action_id), None)
        if target is None or target.action == "undo":
            raise ReviewError(f"되돌릴 작업이 없습니다 / no action {action_id!r} to undo")
        current = eff.get(target.candidate_id)
        if current is None or current.seq != target.seq:
            raise ConflictError(_conflict_message(target.candidate_id, current, undo=True))
        if target.action in ("accept", "edit"):
            self._check_not_a_target(target, eff, target.candidate_id)
        return {"action": "undo", "candidate_id": target.candidate_id, "undoes": target.seq}

    # ------------------------------------------------------------------ conveniences (CLI, tests)
    def accept(self, candidate_id: str, by: str = "", expect: int | None = None) -> Outcome:
        return self.apply([{"action": "accept", "candidate_id": candidate_id, "expect": expect}], by)

    def edit(self, candidate_id: str, fields: dict, by: str = "", expect: int | None = None) -> Outcome:
        return self.apply([{"action": "edit", "candidate_id": candidate_id, "fields": fields, "expect": expect}], by)

    def reject(self, candidate_id: str, by: str = "", expect: int | None = None) -> Outcome:
        return self.apply([{"action": "reject", "candidate_id": candidate_id, "expect": expect}], by)

    def merge(self, candidate_id: str, target: str, by: str = "", expect: int | None = None) -> Outcome:
        return self.apply([{"action": "merge", "candidate_id": candidate_id, "target": target, "expect": expect}], by)

    def undo(self, action_id: str, by: str = "") -> Outcome:
        return self.apply([{"action": "undo", "undo": action_id}], by)


def _conflict_message(cid: str, current: Entry | None, undo: bool = False) -> str:
    if current is None:
        now_ko, now_en = "검토 전 상태로 되돌렸습니다", "set it back to pending"
    else:
        now_ko = f"‘{STATUS_KO[STATUS_OF[current.action]]}’(으)로 바꿨습니다"
        now_en = f"made it {STATUS_OF[current.action]}"
    who = f"{current.by or '다른 검토자'}" if current else "다른 검토자"
    who_en = f"{current.by or 'another reviewer'}" if current else "another reviewer"
    when = f" ({current.at})" if current else ""
    head_ko = "되돌리려던 작업은 이미 바뀌었습니다: " if undo else ""
    head_en = "the action you wanted to undo is no longer current: " if undo else ""
    return (f"{cid}: {head_ko}{who}이(가) 방금 이 후보를 {now_ko}{when}. 화면을 새 상태로 바꿨으니 확인 후 다시 하세요 "
            f"(아무것도 덮어쓰지 않았습니다) / {head_en}{who_en} {now_en}{when} while you were looking at it; the page now "
            "shows the current state — nothing was overwritten, decide again")  # fmt: skip
