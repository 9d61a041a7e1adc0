"""Shared fixtures: one warm Checker for the whole session (building it is the slow part)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"

# Tests see only the built-in plugins plus what they register themselves.
os.environ.setdefault("GOALCHECK_DISABLE_PLUGIN_AUTOLOAD", "")


@pytest.fixture(scope="session")
def checker():
    from goalcheck import Checker

    return Checker()


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run the real `goalcheck` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "goalcheck", *args],
        input=stdin, capture_output=True, cwd=cwd or ROOT, env={**os.environ, **(env or {})}, timeout=120,
    )
