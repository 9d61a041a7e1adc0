"""`goalcheck evaluate`: the scores a user reads, on labelled files, the dev split, the holdout and CV."""

from __future__ import annotations

import json

from conftest import ROOT, run_cli

GOALS = ROOT / "models" / "data" / "goals"


def _small_data(tmp_path, n=120):
    """A training-data folder with the first ``n`` goals of the real data (fast to cross-validate)."""
    lines = (GOALS / "round6_motor.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    (tmp_path / "goals").mkdir()
    (tmp_path / "goals" / "part.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path, [json.loads(line) for line in lines]


def test_labelled_file_gets_per_class_scores_and_a_confusion_matrix(tmp_path):
    rows = [{"text": "Given a slant board, Ana will copy a sentence from the board in class.", "label": "educational"},
            {"text": "Pt will increase R grip strength to 20 lb.", "label": "medical"},
            {"text": "Will button three buttons.", "label": "ambiguous"},
            {"text": "Ben will brush his teeth at bedtime at home.", "label": "educational"}]  # labelled wrong on purpose
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run_cli("evaluate", str(path))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "4 goals; macro-F1" in out and "accuracy 0.750" in out
    assert "| educational | 1 | 1 | 0 |" in out  # the bedtime goal, called medical: a row of the confusion matrix


def test_cross_validation_prints_a_table_not_a_repr(tmp_path):
    data, _ = _small_data(tmp_path)
    result = run_cli("evaluate", "--cv", "3", "--data", str(data))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert out.startswith("### 3-fold cross-validation on the training split")
    assert "| label | precision | recall | F1 | support |" in out and "Scores(" not in out


def test_dev_split_and_holdout_come_from_the_data_folder(tmp_path):
    data, rows = _small_data(tmp_path)
    (data / "holdout").mkdir()
    (data / "holdout" / "h.jsonl").write_text(json.dumps({"text": "Improve grip strength to 15 lb.", "label": "medical"}) + "\n")
    result = run_cli("evaluate", "--dev", "--holdout", "--data", str(data))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "### dev split" in out and "### independent holdout" in out
    assert "1 goals; macro-F1" in out  # the holdout's one goal
    assert f"{len(rows)} goals" not in out  # the dev split is a fifth, not all of it


def test_bad_labelled_file_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "maybe"}\n', encoding="utf-8")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path in (bad, binary):
        result = run_cli("evaluate", str(path))
        err = result.stderr.decode().strip()
        assert result.returncode == 2 and len(err.splitlines()) == 1 and str(path) in err, err
        assert "Traceback" not in err


def test_cv_needs_two_folds_and_enough_groups(tmp_path):
    data, _ = _small_data(tmp_path, n=3)
    assert run_cli("evaluate", "--cv", "1").returncode == 2
    result = run_cli("evaluate", "--cv", "5", "--data", str(data))
    assert result.returncode == 2 and "needs at least 5 groups" in result.stderr.decode()
