"""The pre-commit hook, run for real with `pre-commit try-repo` on a scratch goal bank.

pre-commit installs a `language: python` hook with `pip install .` from a git
checkout of this project, in a fresh virtualenv. To keep the test offline and
quick (about 10 s), pip is given no index, builds goalcheck without build
isolation, and finds the dependencies (spaCy, numpy, hatchling...) through
PYTHONPATH on a folder of links to this interpreter's site-packages, with
goalcheck itself left out: the `goalcheck` command the hook runs exists only
because pip installed it, from the committed copy, into the hook's virtualenv.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GIT = ("git", "-c", "user.name=goalcheck tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main")
BAD = "## Annual goals\n1. Rosa will increase grip strength to 15 lb.\n"
GOOD = ('{"id": "r1", "text": "By the annual review, during classroom writing tasks, Rosa will copy a three-sentence '
        'passage from the board with letters sized correctly in 4 of 5 work samples."}\n')


def test_hook_definition():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "goalcheck" and hook["language"] == "python"
    assert hook["entry"] == "goalcheck check --fail-on warning"
    assert hook["files"] == r"\.(md|txt|jsonl|csv)$"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _dependencies(into: Path) -> str:
    """A folder of links to every installed distribution except goalcheck and its plugins."""
    into.mkdir()
    dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    for folder in sorted(Path(d) for d in dirs if Path(d).is_dir()):
        for entry in folder.iterdir():
            name = entry.name
            if name.startswith(("goalcheck", "_editable_impl_goalcheck", "__editable__", "__pycache__")) \
                    or name.endswith(".pth") or (into / name).exists():
                continue
            (into / name).symlink_to(entry)
    return str(into)


@pytest.fixture(scope="module")
def hook_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("precommit")
    project = tmp / "goalcheck"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".pytest_cache",
                                                                  ".venv", "node_modules"))
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-q", "-m", "goalcheck", cwd=project)
    bank = tmp / "bank"
    bank.mkdir()
    _git("init", "-q", cwd=bank)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp / "cache"),
        "PIP_NO_INDEX": "1",
        # pip reads PIP_NO_BUILD_ISOLATION as the value of "build isolation": 0 turns it off.
        "PIP_NO_BUILD_ISOLATION": "0",
        "PYTHONPATH": _dependencies(tmp / "deps"),
        "GOALCHECK_DISABLE_PLUGIN_AUTOLOAD": "1",
    }

    def run(files: dict[str, str]):
        for name in list(p.name for p in bank.iterdir() if p.name != ".git"):
            (bank / name).unlink()
        for name, text in files.items():
            (bank / name).write_text(text, encoding="utf-8")
        _git("add", "-A", cwd=bank)
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(project), "goalcheck", "--all-files"],
                              cwd=bank, env=env, capture_output=True, timeout=300)

    return run, tmp


def test_try_repo_fails_on_a_flagged_goal_bank(hook_run):
    run, _ = hook_run
    result = run({"goals.md": BAD, "notes.rst": BAD})
    out = result.stdout.decode()
    assert result.returncode == 1, out + result.stderr.decode()
    assert "goalcheck" in out and "Failed" in out
    assert "goals.md:2:4: GC101 [medical" in out
    assert "notes.rst" not in out  # not a file the hook claims


def test_try_repo_passes_a_clean_goal_bank(hook_run):
    run, _ = hook_run
    result = run({"bank.jsonl": GOOD, "bank.csv": "id,goal\nk1,\"By the annual review, during classroom writing tasks, "
                                                  "Kai will copy a sentence from the board in 4 of 5 work samples.\"\n"})
    out = result.stdout.decode()
    assert result.returncode == 0, out + result.stderr.decode()
    assert "goalcheck" in out and "Passed" in out
