"""Load test for `goalcheck serve`, on loopback only: N requests from C concurrent clients.

    python benchmarks/http_bench.py                     # starts its own server on 127.0.0.1
    python benchmarks/http_bench.py --url http://127.0.0.1:8765 --requests 2000 --clients 16

Each client is a thread with one keep-alive connection (standard library only), sending
POST /v1/check/goals with one goal, then every tenth request a short draft to
/v1/check/text. Prints requests per second, p50/p99 latency and the error count; exits 1
if any request failed. It refuses any address that is not loopback.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

GOALS = [
    "By the annual review, during classroom writing tasks, Rosa will copy a three-sentence passage from the board "
    "with letters sized correctly in 4 of 5 work samples.",
    "Rosa will increase grip strength to 15 lb.",
    "Devon will do his laundry with his mother on weekends.",
    "Pt will use BUE to manipulate classroom materials w/ min A.",
    "During weekly community-based instruction, Devon will buy three items from a grocery list using a debit card "
    "with no more than two prompts.",
]
DRAFT = "Age: 9\n\n## Annual goals\n1. Ava will write her name on classroom papers in 4 of 5 trials.\n2. Ava will improve her grip.\n"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_load(url: str, requests: int = 2000, clients: int = 16, token: str | None = None,
             timeout: float = 120.0) -> dict:
    """Send ``requests`` requests from ``clients`` threads; return counts and latencies (ms)."""
    parts = urlsplit(url)
    if not _loopback(parts.hostname or ""):
        raise SystemExit(f"refusing to load-test {parts.hostname}: loopback addresses only")
    counter = iter(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + timeout

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            path, body = ("/v1/check/text", {"text": DRAFT}) if i % 10 == 9 else \
                ("/v1/check/goals", {"goals": [GOALS[i % len(GOALS)]]})
            began = time.perf_counter()
            try:
                conn.request("POST", path, json.dumps(body), headers)
                response = conn.getresponse()
                data = response.read()
                ok = response.status == 200 and json.loads(data)["summary"]["goals"] >= 1
            except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                ok, data = False, repr(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(data[:200].decode(errors="replace"))
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "clients": clients,
        "errors": len(errors) + (requests - len(latencies)),
        "first_error": errors[0] if errors else None,
        "seconds": round(wall, 2),
        "requests_per_second": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(_percentile(latencies, 50), 1),
        "p99_ms": round(_percentile(latencies, 99), 1),
        "max_ms": round(latencies[-1], 1) if latencies else 0.0,
    }


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def start_server(extra_args: tuple[str, ...] = (), env: dict | None = None, log_level: str = "warning"):
    """Start `goalcheck serve --port 0`; return (process, base URL, stderr lines so far) once it listens."""
    process = subprocess.Popen([sys.executable, "-m", "goalcheck", "serve", "--port", "0", "--log-level", log_level,
                                *extra_args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})}, text=True)
    lines = []
    for line in process.stderr:
        lines.append(line)
        found = re.search(r"listening on (http://\S+?)/? ", line)
        if found:
            return process, found.group(1).rstrip("/"), lines
    process.wait(timeout=10)
    raise RuntimeError("goalcheck serve did not start:\n" + "".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--token", default=os.environ.get("GOALCHECK_TOKEN"))
    args = parser.parse_args()
    process = None
    url = args.url
    if not url:
        process, url, _ = start_server()
        threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()
    try:
        result = run_load(url, args.requests, args.clients, args.token)
    finally:
        if process:
            process.terminate()
            process.wait(timeout=10)
    print(f"{result['requests']} requests from {result['clients']} clients in {result['seconds']} s: "
          f"{result['requests_per_second']} requests/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
          f"max {result['max_ms']} ms, {result['errors']} errors")
    if result["first_error"]:
        print(f"first error: {result['first_error']}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
