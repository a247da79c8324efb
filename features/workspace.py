"""Where reviewed data lives: a team's data directory, never the bundled ``data/`` of the checkout.

The app and the CLI read the data directory named by ``--data-dir`` or ``KOCN_DATA_DIR`` (``features.build``),
else the bundled ``data/``. Everything a review writes — facts accepted from a report (``facts/<doc_id>.csv``), the
candidates' statuses, the append-only review log (``review/<doc_id>.jsonl``) — goes to that directory, and a review
refuses to write into the bundled data (:func:`writable_data_dir`): an upgrade of the app replaces the bundled data,
and a team's work must not be lost with it, nor the shipped data silently changed.

``python -m recommender init-data DIR`` makes a team directory: a copy of the bundled data (reports, facts, tables,
samples; not ``build/``), after which ``KOCN_DATA_DIR=DIR`` points the app and the CLI at it. Backing it up is
copying that one directory (``build/`` may be left out: it is regenerated; keep it to keep ``changes --from`` for
older versions).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = PROJECT_ROOT / "data"


class WorkspaceError(ValueError):
    """The data directory cannot take a review (it is the bundled data, or not a data directory)."""


def is_bundled(data_dir: Path | str) -> bool:
    """Whether ``data_dir`` is the checkout's bundled ``data/`` (by identity of the folder, links resolved)."""
    path = Path(data_dir)
    try:
        return os.path.samefile(path, BUNDLED_DATA)
    except OSError:
        return path.resolve() == BUNDLED_DATA.resolve()


def writable_data_dir(data_dir: Path | str) -> Path:
    """``data_dir`` when a review may write there; :class:`WorkspaceError` for the bundled data or a folder that is
    not a data directory (no ``reports/catalog.csv``)."""
    path = Path(data_dir)
    if is_bundled(path):
        raise WorkspaceError(
            "번들 데이터(data/)에는 검토 결과를 쓰지 않습니다 — 팀 데이터 디렉터리를 KOCN_DATA_DIR 또는 --data-dir로 "
            "지정하세요 (python -m recommender init-data DIR 로 만듭니다) / the bundled data is never written by a "
            "review: set KOCN_DATA_DIR or --data-dir to your team's data directory (create one with "
            "`python -m recommender init-data DIR`)"
        )
    if not (path / "reports" / "catalog.csv").is_file():
        raise WorkspaceError(f"{path}: 데이터 디렉터리가 아닙니다 (reports/catalog.csv 없음) / not a data directory "
                             "(no reports/catalog.csv): create one with `python -m recommender init-data DIR`")  # fmt: skip
    return path


def init_data_dir(target: Path | str, source: Path | str = BUNDLED_DATA) -> Path:
    """Create a team data directory at ``target`` from ``source`` (the bundled data): every file but ``build/``.
    Refuses a ``target`` that exists and is not empty, so nothing there is overwritten."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(f"{target}: 이미 있고 비어 있지 않습니다 — 새 폴더 이름을 주세요 (exists and is not empty: "
                             "give a new folder; nothing was changed)")  # fmt: skip
    tmp = target.with_name(f".~{target.name}.init")
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(source, tmp, ignore=shutil.ignore_patterns("build", ".~*"))
    if target.exists():
        target.rmdir()
    os.replace(tmp, target)  # the folder appears whole or not at all
    return target
