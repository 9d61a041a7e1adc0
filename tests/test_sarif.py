"""--format sarif: valid SARIF 2.1.0 (the official schema), rules described, exact regions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import run_cli

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# A wrapped goal with jargon on its second line, a whole-goal finding, and CRLF line ends elsewhere.
DRAFT = """# IEP draft

Age: 9

## Annual goals
1. Maya will improve FMC
   for written work w/ min A.
2. Rosa will increase grip strength to 15 lb.
"""
CRLF = "Goals\r\n\r\n- Kai will tie shoes w/ min A at home.\r\n"
CSV = 'id,goal\nc1,"Ava will copy the ""tall""\n letters w/ min A."\n'
JSONL = '{"id": "j1", "text": "Ava will improve FMC w/ min A."}\n'


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("sarif")
    (root / "draft.md").write_text(DRAFT, encoding="utf-8")
    (root / "crlf.md").write_bytes(CRLF.encode("utf-8"))
    (root / "bank.csv").write_text(CSV, encoding="utf-8")
    (root / "goals.jsonl").write_text(JSONL, encoding="utf-8")
    (root / "empty.md").write_text("", encoding="utf-8")
    files = ["draft.md", "crlf.md", "bank.csv", "goals.jsonl", "empty.md"]
    sarif = run_cli("check", "--format", "sarif", *files, cwd=root)
    assert sarif.returncode == 2, sarif.stderr.decode()  # empty.md cannot be read
    as_json = run_cli("check", "--format", "json", *files, cwd=root)
    rules = run_cli("rules", "--format", "json")
    return root, json.loads(sarif.stdout), json.loads(as_json.stdout), json.loads(rules.stdout)


def test_valid_against_the_official_schema(outputs):
    _, sarif, _, _ = outputs
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator.check_schema(SCHEMA)
    errors = sorted(validator(SCHEMA).iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1


def test_schema_validation_can_fail(outputs):
    # The validator is not vacuous: a region with a line 0 and a bad level are rejected.
    _, sarif, _, _ = outputs
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    assert len(list(validator.iter_errors(broken))) >= 2


def test_every_rule_described_in_the_tool_component(outputs):
    _, sarif, _, rules = outputs
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "goalcheck"
    described = {r["id"]: r for r in driver["rules"]}
    assert set(described) == {r["id"] for r in rules}
    level = {"error": "error", "warning": "warning", "info": "note"}
    for rule in rules:
        d = described[rule["id"]]
        assert d["name"] == rule["name"]
        assert d["shortDescription"]["text"] == rule["summary"]
        assert d["fullDescription"]["text"] == rule["explanation"]["What it flags"]
        assert rule["explanation"]["Why it matters"] in d["help"]["text"]
        assert rule["explanation"]["A better version"] in d["help"]["markdown"]
        assert d["defaultConfiguration"]["level"] == level[rule["severity"]]
    for result in sarif["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:line - 1]) + column - 1


def _region_text(root: Path, result: dict) -> str:
    physical = result["locations"][0]["physicalLocation"]
    uri = physical["artifactLocation"]["uri"]
    text = (root / uri).read_bytes().decode("utf-8").replace("\r\n", "\n")
    r = physical["region"]
    return text[_offset(text, r["startLine"], r["startColumn"]):_offset(text, r["endLine"], r["endColumn"])]


def _pairs(sarif: dict, doc: dict):
    """(SARIF result, the same finding in the JSON output, its goal, its file): both list them in order."""
    findings = [(f, g, file) for file in doc["files"] for g in file["goals"] for f in g["findings"]]
    results = sarif["runs"][0]["results"]
    assert len(results) == len(findings)
    return [(r, *found) for r, found in zip(results, findings)]


def test_regions_point_at_the_finding_in_the_source(outputs):
    root, sarif, doc, _ = outputs
    checked = set()
    for result, finding, goal, file in _pairs(sarif, doc):
        assert result["ruleId"] == finding["rule"] and result["message"]["text"] == finding["message"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": file["path"], "uriBaseId": "%SRCROOT%"}
        region = physical["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        got = " ".join(_region_text(root, result).split())
        if file["path"] == "goals.jsonl":
            # Offsets inside a JSON string do not map onto the line: the region is the whole line.
            assert got == JSONL.strip()
        elif finding["start"] == finding["end"] == 0:
            assert got.replace('""', '"') == goal["text"]
        else:
            assert got.replace('""', '"') == goal["text"][finding["start"]:finding["end"]]
            checked.add((file["path"], got))
    # Jargon on the second line of a wrapped goal, in a CRLF file, and after a "" and a line break in a CSV cell.
    assert {("draft.md", "FMC"), ("draft.md", "w/"), ("draft.md", "min A"), ("crlf.md", "min A"),
            ("bank.csv", "w/"), ("bank.csv", "min A")} <= checked
    wrapped = [r for r, f, g, file in _pairs(sarif, doc) if file["path"] == "draft.md" and f["message"].startswith('"w/"')]
    assert wrapped[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7, "startColumn": 21, "endLine": 7, "endColumn": 23}


def test_levels_and_properties(outputs):
    _, sarif, doc, _ = outputs
    level = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding, goal, _ in _pairs(sarif, doc):
        assert result["level"] == level[finding["severity"]]
        assert result["properties"]["label"] == goal["label"]
        if goal["id"]:
            assert result["properties"]["goalId"] == goal["id"]
    assert {r["level"] for r in sarif["runs"][0]["results"]} >= {"warning", "note"}


def test_unreadable_file_is_a_notification(outputs):
    _, sarif, _, _ = outputs
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == "empty.md: file is empty"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "empty.md"


def test_standard_input_and_python_api(checker):
    from goalcheck.formatters import FormatOptions
    from goalcheck.formatters import sarif

    result = checker.check_text("1. Rosa will increase grip strength to 15 lb.", path="-")
    doc = sarif.document([result], FormatOptions(version="9.9"))
    run = doc["runs"][0]
    assert run["tool"]["driver"]["version"] == "9.9"
    location = run["results"][0]["locations"][0]["physicalLocation"]
    # No source to read again: the region is where the goal starts.
    assert location["artifactLocation"] == {"uri": "stdin"}
    assert location["region"] == {"startLine": 1, "startColumn": 4}
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(doc)
