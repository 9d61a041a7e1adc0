"""--jobs N: the same results in the same order for any N, on worker processes; progress only on a terminal."""

from __future__ import annotations

import io
import json

import pytest

from conftest import ROOT, run_cli
from goalcheck import batch

DATA = ROOT / "models" / "data" / "goals"


def _goal_texts(n: int) -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return (texts * (n // len(texts) + 1))[:n]


@pytest.fixture
def inputs(tmp_path):
    jsonl = tmp_path / "bank.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"g{i}", "text": t, "age": 8}) + "\n"
                             for i, t in enumerate(_goal_texts(37))), encoding="utf-8")
    bad = tmp_path / "partly.jsonl"
    bad.write_text('{"text": "Kai will zip his coat before recess."}\nnot json\n', encoding="utf-8")
    table = tmp_path / "bank.csv"
    table.write_text('id,goal\nc1,"Ava will open her lunch containers, in the cafeteria."\nc2,Ava will improve FMC.\n',
                     encoding="utf-8")
    missing = tmp_path / "missing.md"
    return [str(ROOT / "examples" / "iep-draft.md"), str(jsonl), str(bad), str(table), str(missing)]


def test_worker_pool_gives_the_same_results_in_the_same_order(inputs, checker, monkeypatch):
    monkeypatch.setattr(batch, "MIN_POOL_GOALS", 0)  # use the pool even for this small input
    monkeypatch.setattr(batch, "CHUNK", 5)  # many chunks, finishing out of order
    serial = batch.check_paths(inputs, plugins=checker.plugins, jobs=1)
    pooled = batch.check_paths(inputs, plugins=checker.plugins, jobs=2)
    assert (serial.processes, pooled.processes) == (1, 2)
    assert [r.to_dict() for r in pooled.results] == [r.to_dict() for r in serial.results]
    # ... and the same as the Checker used without --jobs.
    assert [r.to_dict() for r in serial.results] == [checker.check_path(p).to_dict() for p in inputs]
    assert pooled.model == serial.model == checker.describe_model()
    counts = [len(r.goals) for r in pooled.results]
    assert counts[1:] == [37, 1, 2, 0] and counts[0] > 0
    assert [r.error is not None for r in pooled.results] == [False, False, True, False, True]


def test_small_inputs_stay_in_this_process(inputs, checker):
    run = batch.check_paths(inputs[:1], plugins=checker.plugins, jobs=4)
    assert run.processes == 1 and len(run.results[0].goals) == 8


def test_model_error_is_reported_per_file_from_the_workers(inputs, checker, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "MIN_POOL_GOALS", 0)
    not_a_model = tmp_path / "no-model"
    not_a_model.mkdir()
    run = batch.check_paths(inputs[:2], plugins=checker.plugins, model_path=str(not_a_model), jobs=2)
    assert run.processes == 2
    for r in run.results:
        assert r.goals == () and r.error.startswith("model error: ") and "model file not found" in r.error


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_for_long_work(inputs, checker, monkeypatch):
    monkeypatch.setattr(batch, "PROGRESS_GOALS", 40)
    terminal, pipe, short = _Terminal(), io.StringIO(), _Terminal()
    batch.check_paths(inputs, plugins=checker.plugins, progress_file=terminal)
    batch.check_paths(inputs, plugins=checker.plugins, progress_file=pipe)
    batch.check_paths(inputs[:1], plugins=checker.plugins, progress_file=short)  # 8 goals: not long
    assert "checking goals" in terminal.getvalue() and "48/48" in terminal.getvalue()
    assert pipe.getvalue() == "" and short.getvalue() == ""


def test_cli_jobs_output_does_not_depend_on_n(tmp_path):
    # Above MIN_POOL_GOALS, so --jobs 2 really starts two workers.
    path = tmp_path / "year.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(_goal_texts(700))),
                    encoding="utf-8")
    one = run_cli("check", "--format", "json", "--fail-on", "never", "--jobs", "1", str(path))
    two = run_cli("check", "--format", "json", "--fail-on", "never", "--jobs", "2", str(path))
    assert one.returncode == two.returncode == 0, two.stderr.decode()
    assert one.stdout == two.stdout
    assert len(json.loads(two.stdout)["files"][0]["goals"]) == 700
    assert two.stderr == b""  # standard error is not a terminal: no progress bar
