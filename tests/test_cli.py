"""The command line as a user runs it: output, exit codes, bad input."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_cli

DRAFT = ROOT / "examples" / "iep-draft.md"


def test_check_text_output_one_line_per_finding():
    result = run_cli("check", str(DRAFT), "--no-color", "--fail-on", "warning")
    out = result.stdout.decode()
    assert result.returncode == 1, out  # the example has goals flagged as warnings
    lines = [l for l in out.splitlines() if l.startswith(str(DRAFT) + ":")]
    assert lines
    for line in lines:
        path, line_no, col, rest = line.split(":", 3)
        assert line_no.isdigit() and col.isdigit()
        assert "[" in rest and "]" in rest
    assert "\x1b[" not in out  # no colour when not a terminal
    assert out.rstrip().splitlines()[-1].startswith("8 goal(s) in 1 file(s)")


def test_check_json_is_the_documented_contract():
    result = run_cli("check", "--format", "json", str(DRAFT))
    doc = json.loads(result.stdout)
    assert set(doc) >= {"goalcheck", "schema", "model", "files", "summary"}
    assert doc["model"]["data_sha256"]
    (file,) = doc["files"]
    assert file["path"] == str(DRAFT) and file["error"] is None
    for goal in file["goals"]:
        assert set(goal) >= {"id", "text", "location", "label", "confidence", "evidence", "suggestion", "findings"}
        assert goal["label"] in ("educational", "medical", "ambiguous")
        assert 0.0 <= goal["confidence"] <= 1.0
        assert set(goal["location"]) >= {"line", "column", "start", "end"}
        for ev in goal["evidence"]:
            assert goal["text"][ev["start"]:ev["end"]] == ev["text"]
        if goal["label"] != "educational":
            assert goal["suggestion"]
        for f in goal["findings"]:
            assert set(f) >= {"rule", "name", "severity", "message", "start", "end", "fix"}


def test_jsonl_returns_one_goal_per_line_with_its_id(tmp_path):
    src = tmp_path / "goals.jsonl"
    src.write_text('{"id": "g-1", "text": "Ava will open her lunch containers in the cafeteria."}\n'
                   '{"id": "g-2", "text": "Ava will increase pinch strength to 6 lb."}\n', encoding="utf-8")
    doc = json.loads(run_cli("check", "--format", "json", str(src)).stdout)
    goals = doc["files"][0]["goals"]
    assert [g["id"] for g in goals] == ["g-1", "g-2"]
    assert [g["label"] for g in goals] == ["educational", "medical"]


def test_standard_input(tmp_path):
    result = run_cli("check", "--format", "json", "-", stdin=b'{"id": 7, "text": "Kai will put on his coat before recess."}\n')
    doc = json.loads(result.stdout)
    assert doc["files"][0]["path"] == "-"
    assert doc["files"][0]["goals"][0]["id"] == "7"


def _bad_files(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Goal: Zoé will cut a circle in art class.".encode("latin-1"))
    huge = tmp_path / "huge.md"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    not_object = tmp_path / "bad.jsonl"
    not_object.write_text('[1, 2]\n', encoding="utf-8")
    no_text = tmp_path / "notext.jsonl"
    no_text.write_text('{"id": 1}\n', encoding="utf-8")
    return {empty: "empty", binary: "binary", latin1: "UTF-8", huge: "too large", not_object: "JSON object", no_text: '"text"'}


def test_bad_input_is_one_line_each_exit_2_and_other_files_still_checked(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("Goal: Mia will carry her lunch tray to the table in the cafeteria.\n", encoding="utf-8")
    bad = _bad_files(tmp_path)
    result = run_cli("check", "--no-color", *map(str, bad), str(good))
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 2
    assert "Traceback" not in out + err
    for path, words in bad.items():
        (line,) = [l for l in out.splitlines() if l.startswith(f"{path}: error:")]
        assert words in line
    assert f"{good}:1:7:" in out


def test_missing_file_and_unknown_format_are_usage_errors(tmp_path):
    missing = run_cli("check", str(tmp_path / "nope.md"))
    assert missing.returncode == 2 and b"no such file" in missing.stdout
    unknown = run_cli("check", "--format", "yaml", str(DRAFT))
    assert unknown.returncode == 2 and b"unknown format" in unknown.stderr


@pytest.mark.parametrize("fail_on, code", [("never", 0), ("medical", 1), ("ambiguous", 1), ("warning", 1), ("error", 0)])
def test_fail_on(tmp_path, fail_on, code):
    src = tmp_path / "g.md"
    src.write_text("Goal: By the annual review, Ava will increase grip strength to 15 lb in 3 of 3 trials at the clinic.\n", encoding="utf-8")
    assert run_cli("check", "--fail-on", fail_on, str(src)).returncode == code


def test_clean_goal_exits_0(tmp_path):
    src = tmp_path / "g.md"
    src.write_text("Goal: By the annual review, during lunch in the cafeteria, given a model, Sam will open all of his "
                   "food containers on 4 of 5 days.\n", encoding="utf-8")
    result = run_cli("check", "--fail-on", "warning", str(src))
    assert result.returncode == 0, result.stdout.decode()


def test_rules_explain_plugins_version():
    rules = run_cli("rules").stdout.decode()
    assert "GC201  no-timeframe" in rules
    explained = run_cli("explain", "no-timeframe").stdout.decode()
    for section in ("What it flags", "Why it matters", "Example", "A better version"):
        assert f"## {section}" in explained
    assert run_cli("explain", "GC999").returncode == 2
    plugins = run_cli("plugins").stdout.decode()
    assert "goalcheck.readers.text" in plugins and "goalcheck_register_readers" in plugins
    assert run_cli("--version").stdout.decode().startswith("goalcheck, version ")


def test_diff_shows_fixes_and_fix_applies_them(tmp_path):
    bank = tmp_path / "bank.md"
    original = "# Goal bank\r\n\r\n- Pt will use BUE to carry his lunch tray w/ min A in the cafeteria.\r\n- Ben will zip his coat before recess.\r\n"
    bank.write_bytes(original.encode("utf-8"))
    diff = run_cli("check", "--diff", str(bank))
    assert diff.returncode == 0
    out = diff.stdout.decode()
    assert "-- Pt will use BUE" in out and "+- The patient will use both arms" in out
    assert bank.read_bytes() == original.encode("utf-8")  # --diff changes nothing
    fixed = run_cli("check", "--fix", str(bank))
    assert fixed.returncode == 0 and b"applied 4 fix(es)" in fixed.stderr
    text = bank.read_bytes().decode("utf-8")
    assert "\r\n" in text and "with a little help" in text  # newline style kept
    again = run_cli("check", "--format", "json", str(bank))
    rules = [f["rule"] for g in json.loads(again.stdout)["files"][0]["goals"] for f in g["findings"]]
    assert "GC302" not in rules
    assert [p.name for p in tmp_path.iterdir()] == ["bank.md"]  # no temporary files left


def test_fix_leaves_other_formats_alone(tmp_path):
    src = tmp_path / "goals.jsonl"
    src.write_text('{"text": "Pt will use BUE."}\n', encoding="utf-8")
    result = run_cli("check", "--fix", str(src))
    assert b"skipped" in result.stderr
    assert src.read_text(encoding="utf-8") == '{"text": "Pt will use BUE."}\n'
