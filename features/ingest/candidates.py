"""The candidate-facts file ``data/candidates/<doc_id>.csv``: proposals awaiting review, never used for scoring.

One row per proposed fact (DESIGN.md contract 10). Columns (UTF-8 with BOM, so Korean Excel opens it as written):

=================  ====================================================================================================
``candidate_id``   stable within the document: ``<doc_id>-c<NNNN>`` in line order
``doc_id``         the report it was proposed from
``region_id``      ISO 3166-2:CN code, or ``CN`` for a national fact (JSON output: ``null``)
``city``           the city named in the passage (Korean), if any
``sector_id``      a sector id of ``data/sectors.csv``, or ``all``
``kind``           ``policy`` | ``demand`` | ``risk`` | ``context`` (the facts' ``dimension``)
``indicator``      one of the indicators of that kind (``features.facts.INDICATORS``)
``value``/``unit``/``year``  a number the passage states, if any
``strength``       1–3, proposed by a rule of docs/DATA.md; ``strength_rule`` names the rule
``tags``           ``;``-separated strategy tags (``features.facts.TAGS``)
``evidence``       ``doc_id:START-END`` (stored text lines); ``page`` the page the lines stand on, if known
``score``          the tagger's confidence 0–1 that the row is a correct fact (sort key for review)
``reason``         the words that decided it (mentions, cue words), for the reviewer
``status``         ``pending`` | ``accepted`` | ``edited`` | ``rejected`` | ``merged``
``fact_id``        the fact it became (accepted / edited) or was merged into
=================  ====================================================================================================
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from features.atomic import write_bytes_atomic

CANDIDATE_COLUMNS = ("candidate_id", "doc_id", "region_id", "city", "sector_id", "kind", "indicator", "value", "unit",
                     "year", "strength", "strength_rule", "tags", "evidence", "page", "score", "reason", "status",
                     "fact_id")  # fmt: skip
STATUSES = ("pending", "accepted", "edited", "rejected", "merged")
NATIONAL = "CN"


class CandidateFileError(ValueError):
    """The candidates file is missing columns or has an unknown status; the message names the file and row."""


def candidates_path(data_dir: Path, doc_id: str) -> Path:
    return Path(data_dir) / "candidates" / f"{doc_id}.csv"


def read_candidates(path: Path) -> list[dict[str, str]]:
    """Every row as a dict of the columns above (strings; extra columns kept)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CANDIDATE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CandidateFileError(f"{path}: missing columns {', '.join(missing)}")
        rows = []
        for row_no, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            if row["status"] not in STATUSES:
                raise CandidateFileError(f"{path} row {row_no}: status {row['status']!r} is not one of {STATUSES}")
            rows.append(row)
        return rows


def candidates_csv_bytes(rows: list[dict]) -> bytes:
    extra = sorted({k for r in rows for k in r} - set(CANDIDATE_COLUMNS))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[*CANDIDATE_COLUMNS, *extra], lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if r.get(k) is None else r.get(k) for k in (*CANDIDATE_COLUMNS, *extra)})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_candidates(path: Path, rows: list[dict]) -> None:
    """Write the candidates file atomically (``features.atomic``): a crash leaves the previous file whole."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, candidates_csv_bytes(rows))
