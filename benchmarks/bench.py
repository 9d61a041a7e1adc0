"""goalcheck's engine benchmark: a script that measures, not a test that checks.

    python benchmarks/bench.py [--runs 7]

Prints: goals per second for a batch of 5,000 goals (one process), median and
p99 latency of checking one goal in a warm Checker, model load time, peak
memory, and the wall time of a cold `goalcheck check` on a 20-goal file next to
a bare `python -c "import spacy"` measured in the same run (medians of
interleaved repeats, because the machine is noisy). Targets from the engine
issue are printed beside each figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sample_goals(n: int) -> list[str]:
    texts = []
    for f in sorted((ROOT / "models" / "data" / "goals").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [texts[i % len(texts)] for i in range(n)]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="repeats of the cold-start comparison")
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()

    from goalcheck import Checker
    from goalcheck.classifier import Model

    t0 = time.perf_counter()
    checker = Checker()
    build = time.perf_counter() - t0
    loads = []
    for _ in range(5):
        t = time.perf_counter()
        Model.load()
        loads.append(time.perf_counter() - t)

    goals = sample_goals(args.batch)
    checker.check_goals(goals[:200])  # warm caches
    t = time.perf_counter()
    checker.check_goals(goals)
    batch = time.perf_counter() - t

    latencies = []
    for text in goals[:1000]:
        t = time.perf_counter()
        checker.check_goals([text])
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]

    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "twenty.md"
        doc.write_text("## Goals\n" + "".join(f"{i + 1}. {g}\n" for i, g in enumerate(sample_goals(20))), encoding="utf-8")
        check_cmd = [sys.executable, "-m", "goalcheck", "check", str(doc)]
        spacy_cmd = [sys.executable, "-c", "import spacy"]
        wall(check_cmd)  # fill the OS file cache once
        checks, spacys = [], []
        for _ in range(args.runs):
            checks.append(wall(check_cmd))
            spacys.append(wall(spacy_cmd))
    cold, bare = statistics.median(checks), statistics.median(spacys)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("Checker build (spaCy pipeline, model, rules)", f"{build:.2f} s", ""),
        ("model load (median of 5)", f"{statistics.median(loads) * 1000:.1f} ms", "target <= 100 ms"),
        (f"batch of {len(goals)} goals", f"{len(goals) / batch:,.0f} goals/s", "target >= 5,000 goals/s"),
        ("one goal, warm: median", f"{statistics.median(latencies):.2f} ms", ""),
        ("one goal, warm: p99", f"{p99:.2f} ms", "target <= 5 ms"),
        ("peak memory (this process)", f"{peak:.0f} MB", ""),
        ("cold `goalcheck check` on 20 goals (median)", f"{cold:.2f} s", ""),
        ("bare `import spacy` (median)", f"{bare:.2f} s", ""),
        ("cold check / bare spaCy import", f"{cold / bare:.2f}x", "target <= 1.5x"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>14}  {target}")


if __name__ == "__main__":
    main()
