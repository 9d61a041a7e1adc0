"""Throughput of `goalcheck check --jobs N` on a year of goals (default 50,000).

    python benchmarks/batch_bench.py                 # 50,000 goals, --jobs 1 and 2
    python benchmarks/batch_bench.py --goals 5000 --jobs 1 2 4

The goals are the project's own training goals, repeated, written as JSON Lines
files of 5,000 goals each (a district's yearly export, in parts). Each run goes
through goalcheck.batch exactly as the CLI does, and the time includes starting
the worker processes. The runs must agree goal for goal, in the same order.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_FILE = 5000


def goal_texts(n: int) -> list[str]:
    texts = []
    for path in sorted((ROOT / "models" / "data" / "goals").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return (texts * (n // len(texts) + 1))[:n]


def write_inputs(folder: Path, n: int) -> list[str]:
    texts = goal_texts(n)
    paths = []
    for part, start in enumerate(range(0, n, PER_FILE)):
        path = folder / f"goals-{part:02d}.jsonl"
        path.write_text("".join(json.dumps({"id": f"{part}-{i}", "text": t, "grade": 3}) + "\n"
                                for i, t in enumerate(texts[start:start + PER_FILE])), encoding="utf-8")
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=50_000, help="how many goals (default 50,000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="values of --jobs to time (default 1 2)")
    args = parser.parse_args()

    from goalcheck import batch
    from goalcheck.plugins import load_plugins

    plugins = load_plugins()
    print(f"{args.goals:,} goals, {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), args.goals)
        reference = None
        base = None
        for jobs in args.jobs:
            start = time.perf_counter()
            run = batch.check_paths(paths, plugins=plugins, jobs=jobs, progress=False)
            seconds = time.perf_counter() - start
            errors = [f"{r.path}: {r.error}" for r in run.results if r.error]
            assert not errors, errors[:3]
            labels = [(g.goal.id, g.verdict.label, len(g.findings)) for r in run.results for g in r.goals]
            assert len(labels) == args.goals, (len(labels), args.goals)
            if reference is None:
                reference = labels
            if labels != reference:
                diff = [(a, b) for a, b in zip(reference, labels) if a != b]
                sys.exit(f"--jobs {jobs} differs from --jobs {args.jobs[0]} on {len(diff)} goal(s), e.g. {diff[:3]}")
            rate = args.goals / seconds
            base = base or rate
            print(f"--jobs {jobs}: {seconds:7.1f} s  {rate:8.1f} goals/s  ({rate / base:.2f}x, "
                  f"{run.processes} process(es))")


if __name__ == "__main__":
    main()
