"""``screen`` builds the engine's tables and lookups on a second thread while the firm file is read (issue 19,
perf14): a bad file or a failing engine gives the same error as before."""

from __future__ import annotations

import pytest

from recommender import cli
from tests.conftest import ROOT


def test_a_bad_file_is_reported_as_before(tmp_path, capsys):
    """The reading's errors (raised on this thread while the engine is built on the other) read as on main 8c4c781."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert cli.main(["screen", str(empty), "--out", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "the file is empty" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("firm_id,employees\nA,many\n", encoding="utf-8")
    assert cli.main(["screen", str(bad), "--out", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "no usable firm rows (1 rejected)" in err
    assert not (tmp_path / "out.csv").exists() and (tmp_path / "out.errors.csv").exists()


def test_an_engine_error_comes_first(tmp_path, monkeypatch):
    """When the engine fails while the file is read, its error is raised, as when it was built before the reading."""
    import recommender.engine as engine

    def broken(kb):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(engine, "Recommender", broken)
    args = cli.build_parser().parse_args(["screen", str(ROOT / "data/samples/firms.csv"), "--out",
                                          str(tmp_path / "o.csv")])  # fmt: skip
    from features.build import load_knowledge

    with pytest.raises(RuntimeError, match="engine broke"):
        cli._engine_beside_reading(args, load_knowledge(), None)
    missing = cli.build_parser().parse_args(["screen", str(tmp_path / "none.csv"), "--out", str(tmp_path / "o.csv")])
    with pytest.raises(RuntimeError, match="engine broke"):  # not the missing file's error
        cli._engine_beside_reading(missing, load_knowledge(), None)
