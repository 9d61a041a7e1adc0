"""Configuration found from the checked file, inline suppression comments."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from goalcheck.config import ConfigError, config_from_dict, resolve

GOAL = "Goal: Ben will write his name on his worksheet.\n"


def _rules(result):
    doc = json.loads(result.stdout)
    return sorted({f["rule"] for g in doc["files"][0]["goals"] for f in g["findings"]})


def test_config_in_a_parent_folder_of_the_checked_file_changes_the_result(tmp_path):
    bank = tmp_path / "district" / "goals" / "grade3"
    bank.mkdir(parents=True)
    goal_file = bank / "ben.md"
    goal_file.write_text(GOAL, encoding="utf-8")
    before = _rules(run_cli("check", "--format", "json", str(goal_file)))
    assert "GC201" in before
    (tmp_path / "district" / ".goalcheck.toml").write_text('ignore = ["GC2"]\n[severity]\nGC102 = "error"\n', encoding="utf-8")
    # Run from elsewhere: the config is found from the file, not the working directory.
    after = _rules(run_cli("check", "--format", "json", str(goal_file), cwd=tmp_path))
    assert not [r for r in after if r.startswith("GC2")]
    shown = run_cli("config", str(goal_file))
    assert shown.returncode == 0
    data = json.loads(shown.stdout)
    assert data["path"].endswith(".goalcheck.toml") and data["ignore"] == ["GC2"]
    assert data["sources"]["ignore"] == data["path"]


def test_pyproject_tool_section_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.goalcheck]\nselect = ["no-timeframe"]\n', encoding="utf-8")
    (tmp_path / "g.md").write_text(GOAL, encoding="utf-8")
    assert _rules(run_cli("check", "--format", "json", str(tmp_path / "g.md"))) == ["GC201"]


def test_district_vocabulary_counts_as_a_school_setting(tmp_path):
    (tmp_path / ".goalcheck.toml").write_text('[vocabulary]\nschool_setting = ["Bridges room"]\n', encoding="utf-8")
    (tmp_path / "g.md").write_text("Goal: Tom will wipe the tables in the Bridges room.\n", encoding="utf-8")
    doc = json.loads(run_cli("check", "--format", "json", str(tmp_path / "g.md")).stdout)
    goal = doc["files"][0]["goals"][0]
    assert all(f["rule"] != "GC202" for f in goal["findings"])  # the place is a condition now


@pytest.mark.parametrize("content, words", [
    ("select = [", "not valid TOML"),
    ("colour = 1", "unknown key 'colour'"),
    ("select = 3", "'select' must be a list of strings"),
    ("[severity]\nGC201 = 'loud'", "severity.GC201"),
    ("[vocabulary]\nplaces = ['x']", "vocabulary category 'places'"),
])
def test_a_malformed_config_is_one_line_naming_file_and_key_and_exit_2(tmp_path, content, words):
    (tmp_path / ".goalcheck.toml").write_text(content, encoding="utf-8")
    (tmp_path / "g.md").write_text(GOAL, encoding="utf-8")
    for args in (("check", str(tmp_path / "g.md")), ("config", str(tmp_path / "g.md"))):
        result = run_cli(*args)
        out = (result.stdout + result.stderr).decode()
        assert result.returncode == 2
        assert "Traceback" not in out
        (line,) = [l for l in out.splitlines() if words in l]
        assert ".goalcheck.toml" in line


def test_overrides_apply_by_file_pattern(tmp_path):
    config = config_from_dict({"overrides": [{"files": ["clinic/*.md"], "ignore": ["GC1"]}]}, str(tmp_path / "x.toml"))
    assert config.for_file(str(tmp_path / "clinic" / "a.md")).ignore == ("GC1",)
    assert config.for_file(str(tmp_path / "school" / "a.md")).ignore == ()


def test_resolve_without_a_file_gives_defaults(tmp_path):
    (tmp_path / "g.md").write_text(GOAL, encoding="utf-8")
    assert resolve(str(tmp_path / "g.md")).path is None or "goalcheck" in resolve(str(tmp_path / "g.md")).path


def test_inline_suppression_comments(checker):
    text = ("## Goals\n<!-- goalcheck: ignore GC201 no-condition -->\n1. Sam will cut a circle in 4/5 trials.\n"
            "2. Sam will cut a circle in 4/5 trials.\n<!-- goalcheck: disable GC2 -->\n3. Sam will zip.\n"
            "<!-- goalcheck: enable -->\n4. Sam will zip.\n")
    result = checker.check_text(text)
    rules = [sorted({f.rule for f in g.findings}) for g in result.goals]
    assert "GC201" not in rules[0] and "GC202" not in rules[0] and result.goals[0].suppressed == 2
    assert "GC201" in rules[1] and "GC202" in rules[1]
    assert not [r for r in rules[2] if r.startswith("GC2")]
    assert "GC201" in rules[3]


def test_config_error_type():
    with pytest.raises(ConfigError):
        config_from_dict({"ignore": [1]}, "x.toml")
