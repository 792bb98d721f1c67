import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from .corpus import SUGGESTIONS

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "ideabox.clustering", *map(str, args), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def feedback_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "feedback.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "body", "group", "votes"])
        for i, title, body, group in SUGGESTIONS:
            writer.writerow([f"S-{i}", title, body, group, 3])
    return path


def test_neighbors_jsonl(feedback_csv):
    done = run_cli("neighbors", feedback_csv, "--k", 3, "--backend", "tfidf")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == [f"S-{i}" for i, *_ in SUGGESTIONS]
    for row in rows:
        assert len(row["neighbors"]) == 3
        assert row["id"] not in [n["id"] for n in row["neighbors"]]
        scores = [n["score"] for n in row["neighbors"]]
        assert scores == sorted(scores, reverse=True)
    assert rows[0]["neighbors"][0]["id"] in ("S-2", "S-3")


def test_themes_csv_every_id_once(feedback_csv):
    done = run_cli("themes", feedback_csv)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0].keys()) == ["id", "theme", "label"]
    assert sorted(r["id"] for r in rows) == sorted(f"S-{i}" for i, *_ in SUGGESTIONS)
    theme = {r["id"]: r["theme"] for r in rows}
    assert theme["S-11"] == theme["S-12"] and theme["S-13"] != theme["S-14"]


def test_evaluate_json(feedback_csv):
    done = run_cli("evaluate", feedback_csv, "--backend", "hybrid")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for key in ("recall@1", "recall@5", "recall@10", "map"):
        assert 0 <= result[key] <= 1
    assert set(result["themes"]) >= {"precision", "recall", "f1", "ari"}
    assert result["recall@10"] == 1.0


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"id,title\n1,Dark mode\n", "body"),
    (b"id,title,body\n1,Dark mode,x\n1,Night mode,y\n", "duplicate id"),
    ("id,title,body\n1,Caf\u00e9 au lait,x\n".encode("latin-1"), "UTF-8"),
    (b"id,title,body\n", "no rows"),
    # a quote left open used to swallow every later record into one title, silently
    (b'id,title,body\n1,"Dark mode,please\n2,Export,csv\n', "record starting on line 2"),
    (b'id,title,body\n1,Dark mode,x\n2,"Export" to CSV,y\n', "record starting on line 3"),
    (b'id,"title,body\n1,a,b\n', "header row"),
    # the last id column used to win, and the error spoke of the wrong ids
    (b"id,title,body,id\n1,Dark mode,,9\n2,Night mode,,9\n", "column(s) id more than once"),
])
def test_bad_input_exits_2_with_reason(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    done = run_cli("themes", path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_missing_file_and_missing_group(tmp_path, feedback_csv):
    assert run_cli("neighbors", tmp_path / "nope.csv").returncode == 2
    plain = tmp_path / "plain.csv"
    plain.write_text("id,title,body\n1,Dark mode,\n2,Night mode,\n", encoding="utf-8")
    done = run_cli("evaluate", plain)
    assert done.returncode == 2 and "group" in done.stderr


def test_evaluate_without_any_duplicate_group_says_there_is_nothing_to_measure(tmp_path):
    # scores of 0.0 over zero queries would read as a measured failure
    labelled = tmp_path / "singletons.csv"
    labelled.write_text("id,title,body,group\n1,Dark mode,,a\n2,Export to CSV,,b\n3,SSO login,,\n",
                        encoding="utf-8")
    done = run_cli("evaluate", labelled, "--backend", "tfidf")
    assert done.returncode == 2 and done.stdout == ""
    assert "no group has 2 or more items" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("titles", [["Why not?", "Why not?", "How?"], ["Only one"], ["???", "123"], ["", ""]])
def test_texts_of_stop_words_digits_or_nothing_still_get_themes(tmp_path, titles):
    path = tmp_path / "odd.csv"
    path.write_text("id,title,body\n" + "".join(f"{i},{t},\n" for i, t in enumerate(titles)), encoding="utf-8")
    for command in ("themes", "neighbors"):
        done = run_cli(command, path, "--backend", "tfidf")
        assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(run_cli("themes", path, "--backend", "tfidf").stdout)))
    assert sorted(r["id"] for r in rows) == [str(i) for i in range(len(titles))]


def test_vectors_are_stored_once_and_then_used(tmp_path, feedback_csv):
    store = tmp_path / "vectors.npz"
    assert run_cli("themes", feedback_csv, "--backend", "semantic", "--vectors", store).returncode == 0
    with np.load(store) as saved:
        assert list(saved["ids"]) == [f"S-{i}" for i, *_ in SUGGESTIONS] and saved["vectors"].shape[1] == 384
        ids, model, width = saved["ids"], saved["model"], saved["vectors"].shape[1]
    # one vector for every item: only a run that reads the file puts all of them in one theme
    same = np.zeros((len(ids), width), dtype=np.float32)
    same[:, 0] = 1.0
    np.savez(store, ids=ids, model=model, vectors=same)
    done = run_cli("themes", feedback_csv, "--backend", "semantic", "--vectors", store)
    assert done.returncode == 0, done.stderr
    assert len({row["theme"] for row in csv.DictReader(io.StringIO(done.stdout))}) == 1


@pytest.mark.parametrize("content, message", [
    (b"not a vectors file", "not a vectors file"),
    ("other", "other items"),
    ("static", "static model"),
    ("nan", "NaN"),
])
def test_a_vectors_file_that_does_not_fit_is_refused_and_kept(tmp_path, feedback_csv, content, message):
    store = tmp_path / "vectors.npz"
    ids = [f"S-{i}" for i, *_ in SUGGESTIONS]
    if content == "other":
        np.savez(store, ids=np.array(["X-1", "X-2"]), model="onnx", vectors=np.ones((2, 384), np.float32))
    elif content == "nan":
        np.savez(store, ids=np.array(ids), model="onnx", vectors=np.full((len(ids), 384), np.nan, np.float32))
    elif content == "static":
        np.savez(store, ids=np.array(ids), model="static", vectors=np.ones((len(ids), 256), np.float32))
    else:
        store.write_bytes(content)
    before = store.read_bytes()
    done = run_cli("themes", feedback_csv, "--vectors", store)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr
    assert store.read_bytes() == before


def test_a_vectors_file_in_a_missing_folder_is_refused_before_encoding(tmp_path, feedback_csv):
    done = run_cli("themes", feedback_csv, "--vectors", tmp_path / "nowhere" / "vectors.npz")
    assert done.returncode == 2 and "nowhere" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder no file can be written in")
def test_vectors_that_cannot_be_stored_still_give_the_output(feedback_csv):
    done = run_cli("themes", feedback_csv, "--vectors", "/proc/ideabox-vectors.npz")
    assert done.returncode == 0 and "could not store the vectors" in done.stderr
    assert len(list(csv.DictReader(io.StringIO(done.stdout)))) == len(SUGGESTIONS)


@pytest.mark.parametrize("backend", ["tfidf", "semantic", "hybrid"])
def test_rows_without_words_are_nobody_s_duplicates(tmp_path, backend):
    # blank rows of an export used to form one theme, scored 1.0 apart, and were every short idea's
    # nearest neighbours
    path = tmp_path / "blanks.csv"
    path.write_text("id,title,body\n1,,\n2,Dark mode please,\n3,  ,  \n4,Add a dark theme,\n5,???,!!!\n"
                    "6,,\n", encoding="utf-8")
    done = run_cli("themes", path, "--backend", backend)
    assert done.returncode == 0, done.stderr
    theme = {r["id"]: r["theme"] for r in csv.DictReader(io.StringIO(done.stdout))}
    blanks = ["1", "3", "5", "6"]
    assert len({theme[i] for i in blanks}) == 4
    assert not {theme[i] for i in blanks} & {theme["2"], theme["4"]}
    done = run_cli("neighbors", path, "--k", 5, "--backend", backend)
    assert done.returncode == 0, done.stderr
    found = {row["id"]: [n["id"] for n in row["neighbors"]] for row in map(json.loads, done.stdout.splitlines())}
    assert all(found[i] == [] for i in blanks)
    assert found["2"][:1] == ["4"] and not set(found["2"]) & set(blanks)


def test_a_field_over_the_size_limit_is_named_without_blaming_quotes(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_bytes(b"id,title,body\n1,Dark mode,x\n2,Export," + b"x" * 10_000_001 + b"\n")
    done = run_cli("themes", path, "--backend", "tfidf")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "record starting on line 3: field larger than field limit" in done.stderr
    assert "quotes" not in done.stderr
