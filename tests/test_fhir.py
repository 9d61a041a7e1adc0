"""The fhir reader: FHIR R4 Goal resources from a Goal, a Bundle or NDJSON, with per-resource errors."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import ROOT, run_cli
from goalcheck.readers import Metadata, ReadError, Source
from goalcheck_http import fhir
from goalcheck_http.reader import read

FIXTURES = ROOT / "tests" / "fhir"


def _age(born: str) -> int:
    return fhir.age_on(date.fromisoformat(born), date.today())


def _read(name: str, path: str | None = None, metadata: Metadata | None = None):
    data = (FIXTURES / name).read_bytes()
    try:
        return read(Source(path or name, data, metadata or Metadata())), None
    except ReadError as exc:
        return exc.goals, exc.reason


def test_school_age_bundle_reads_goals_with_the_patients_age_and_reports_each_bad_resource():
    goals, error = _read("school-age.bundle.json")
    assert [g.id for g in goals] == ["leo-writing", "leo-fmc"]
    assert {g.age for g in goals} == {_age("2015-09-14")}  # subject by fullUrl and by Patient/id
    assert goals[1].text == "Leo will improve FMC and use a tripod grasp w/ min A during art class."
    assert goals[0].location.to_dict() == {"resource": "Goal/leo-writing", "entry": 1}
    assert error == ("Goal/leo-no-text: no description.text: goalcheck checks the goal's wording; "
                     "Goal/leo-bad-status: lifecycleStatus 'draft' is not an R4 code (proposed, planned, accepted, "
                     "active, on-hold, completed, cancelled, entered-in-error, rejected); "
                     "Gaol/typo-1: unknown resourceType 'Gaol' (not a FHIR R4 resource type)")


def test_pediatric_outpatient_bundle_reads_goals_contained_in_a_careplan():
    goals, error = _read("pediatric-outpatient.bundle.json")
    assert error is None
    assert [(g.id, g.location.extra["resource"]) for g in goals] == [
        ("mia-grip", "Goal/mia-grip"), ("g1", "CarePlan/mia-ot#g1"), ("g2", "CarePlan/mia-ot#g2")]
    # Absolute subject reference, and relative ones: all resolve to the one Patient.
    assert {g.age for g in goals} == {_age("2019-03-02")}


def test_adult_rehab_ndjson_reports_bad_lines_and_checks_the_rest():
    goals, error = _read("adult-rehab.ndjson")
    assert [(g.id, g.location.line) for g in goals] == [("walt-shirt", 2), ("walt-meal", 3), ("walt-bathe", 6)]
    assert {g.age for g in goals} == {_age("1961-11-30")}
    assert error.startswith("line 4: not valid JSON (")
    assert "at column" in error and "at line" not in error.split(";")[0][len("line 4"):]
    assert "Goal/walt-empty: description.text is empty" in error


def test_a_single_goal_resource_and_cli_metadata():
    goal = {"resourceType": "Goal", "id": "g-7", "lifecycleStatus": "proposed",
            "description": {"text": "Sam will write his name on classroom papers."}}
    goals = read(Source("g.fhir.json", json.dumps(goal).encode(), Metadata(age=9, grade=3)))
    assert [(g.text, g.id, g.age, g.grade) for g in goals] == [("Sam will write his name on classroom papers.", "g-7", 9, 3)]


@pytest.mark.parametrize("content,message", [
    (b'{"resourceType": "Bundle", "entry": {"resource": {}}}', "Bundle: entry must be a list"),
    (b'{"resourceType": "Bundle", "type": "pile", "entry": []}', "Bundle: type 'pile' is not an R4 Bundle type"),
    (b'{"resourceType": "Bundle", "type": "collection", "entry": [5, {"fullUrl": "x"}]}',
     "entry 0: expected a FHIR resource (a JSON object), got a number; entry 1: no resource"),
    (b'[{"resourceType": "Goal"}]', "expected a FHIR resource or Bundle, got a JSON list"),
    (b'{"resourceType": "Goal", "id": "g1"', "not valid JSON (Expecting ',' delimiter at line 1 column 36)"),
    (b'{"resourceType": "Observation", "id": "o1"}', "no Goal resources (found Observation x1)"),
    (b'{"resourceType": "Goal", "id": "has space", "lifecycleStatus": "active"}',
     "Goal/has space: id must be 1-64 letters, digits, '-' or '.'"),
    (b'{"resourceType": "Goal", "id": "g1", "description": {"text": "x"}}', "Goal/g1: no lifecycleStatus (required in R4)"),
    (b'{"resourceType": "Goal", "id": "g1", "lifecycleStatus": "active", "description": "Ava will write"}',
     "Goal/g1: description must be a CodeableConcept (a JSON object)"),
    (b'{"resourceType": "Goal", "id": "g1", "lifecycleStatus": "active"}', "Goal/g1: no description (required in R4)"),
    (b'{"resourceType": "Goal", "lifecycleStatus": "active", "description": {"text": "x"}, "target": {}}',
     "Goal (resource): target must be a list"),
    (b'{"resourceType": "CarePlan", "id": "cp", "status": "drafted"}', "CarePlan/cp: status 'drafted' is not an R4 CarePlan code"),
    (b'{"resourceType": "Patient", "id": "p", "birthDate": "2019-02-30"}', "Patient/p: birthDate is not a FHIR date"),
])
def test_malformed_resources_are_clear_one_line_errors(content, message):
    with pytest.raises(ReadError) as caught:
        read(Source("x.fhir.json", content))
    assert caught.value.reason.startswith(message)
    assert "\n" not in caught.value.reason


def test_partial_birth_dates_and_absolute_references():
    assert fhir.parse_birth_date("2010") == date(2010, 1, 1)
    assert fhir.parse_birth_date("2010-06") == date(2010, 6, 1)
    assert fhir.parse_birth_date("2010-13") is None
    assert fhir.age_on(date(2010, 6, 15), date(2020, 6, 14)) == 9
    assert fhir.age_on(date(2010, 6, 15), date(2020, 6, 15)) == 10


def test_the_reader_is_registered_and_checks_through_the_cli(tmp_path):
    result = run_cli("check", "--format", "json", str(FIXTURES / "adult-rehab.ndjson"))
    assert result.returncode == 2  # some lines could not be read...
    doc = json.loads(result.stdout)
    file = doc["files"][0]
    assert [g["id"] for g in file["goals"]] == ["walt-shirt", "walt-meal", "walt-bathe"]  # ...the rest were checked
    assert file["goals"][0]["location"] == {"line": 2, "column": 1, "resource": "Goal/walt-shirt"}
    assert file["error"].startswith("line 4: not valid JSON")

    bundle = run_cli("check", "--input-format", "fhir", "--format", "json", str(FIXTURES / "pediatric-outpatient.bundle.json"))
    assert bundle.returncode in (0, 1)
    labels = {g["id"]: g["label"] for g in json.loads(bundle.stdout)["files"][0]["goals"]}
    assert labels["mia-grip"] == "medical"
