"""Issue 20, item 5: values accepted that should not be — weights that overflow, ``--min-score`` outside 0–1, fact
rows breaking docs/DATA.md's rules, search words in the terminal's legacy encoding. Each case failed before."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest

from features.facts import BuildError, load_facts
from recommender.cli import main
from recommender.weights import WeightsError, parse_weights
from tests.conftest import DATA, ROOT

JAYUL_CP949 = "자율주행".encode("cp949")


def test_huge_weights_keep_their_ratio_instead_of_overflowing_to_zero():
    w = parse_weights("fit=1e308,policy=1e308")
    assert (w.fit, w.policy, w.demand, w.risk) == (0.5, 0.5, 0.0, 0.0)
    w = parse_weights("fit=1.5e308,policy=5e307,risk=1e-300")
    assert w.fit == pytest.approx(0.75) and w.policy == pytest.approx(0.25) and w.risk >= 0
    assert abs(sum((w.fit, w.policy, w.demand, w.risk)) - 1) < 1e-12
    for bad in ("fit=inf", "fit=nan", "fit=-1", "fit=0,policy=0"):
        with pytest.raises(WeightsError):
            parse_weights(bad)


@pytest.mark.parametrize("value", ["nan", "5", "-0.1", "inf"])
def test_min_score_outside_0_1_is_refused_with_a_sentence(tmp_path, capsys, value):
    out = tmp_path / "s.csv"
    code = main(["shortlist", "CN-ZJ/smart_city", str(DATA / "samples/firms.csv"), "--out", str(out),
                 "--min-score", value])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "--min-score" in err and "0 to 1" in err and not out.exists()


def _search(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    return subprocess.run([sys.executable, "-m", "recommender", "search", *args], cwd=ROOT, capture_output=True,
                          env={**base, **env}, timeout=300)  # fmt: skip


def test_search_words_in_cp949_are_decoded_or_refused_with_a_sentence():
    r = _search(JAYUL_CP949, "--top", "1", env={"LC_ALL": "C.UTF-8"})
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in err and "--encoding" in err, err
    r = _search(JAYUL_CP949, "--top", "1", "--format", "json", "--encoding", "cp949", env={"LC_ALL": "C.UTF-8"})
    assert r.returncode == 0 and '"query": "자율주행"' in r.stdout.decode("utf-8"), r.stderr
    r = _search(JAYUL_CP949, "--top", "1", "--format", "json", env={"LANG": "ko_KR.CP949"})  # a Korean terminal
    assert r.returncode == 0 and '"query": "자율주행"' in r.stdout.decode("utf-8"), r.stderr


FACTS = "kiep_sectors_new.csv"


def _facts_dir(tmp_path, edit) -> tuple:
    folder = tmp_path / "facts"
    folder.mkdir()
    raw = (DATA / "facts" / FACTS).read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = edit(rows, raw)
    if isinstance(data, list):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(data)
        data = buf.getvalue().encode("utf-8")
    (folder / FACTS).write_bytes(data)
    return folder


def _set(column, value):
    def edit(rows, raw):
        rows[3][rows[0].index(column)] = value
        return rows

    return edit


def _extra(rows, raw):
    rows[3].append("surplus")
    return rows


def _bad_byte(rows, raw):
    lines = raw.split(b"\n")
    lines[3] = lines[3].replace(b",", b",\xff", 1)
    return b"\n".join(lines)


@pytest.mark.parametrize("edit,needles", [
    (_set("check", ""), ["row 4", "check is empty"]),
    (_set("value", "inf"), ["row 4", "finite"]),
    (_extra, ["row 4", "more than the header", "surplus"]),
    (_bad_byte, ["row 4", "0xff", "UTF-8"]),
    (lambda rows, raw: rows[:1], ["no fact rows"]),
])  # fmt: skip
def test_fact_rows_breaking_the_rules_name_file_row_and_fix(tmp_path, kb, edit, needles):
    folder = _facts_dir(tmp_path, edit)
    with pytest.raises(BuildError) as err:
        load_facts(folder, kb.regions, kb.sectors, kb.docs)
    message = str(err.value)
    assert FACTS in message and all(n in message for n in needles), message


def test_profiles_rebuild_with_an_invalid_byte_is_one_sentence_not_a_traceback(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("build"))
    path = data / "facts" / FACTS
    path.write_bytes(_bad_byte(None, path.read_bytes()))
    r = subprocess.run([sys.executable, "-m", "recommender", "--data-dir", str(data), "profiles", "--rebuild"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and "row 4" in r.stderr and "UTF-8" in r.stderr
